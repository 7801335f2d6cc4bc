import { Type } from '@sinclair/typebox'
import { exact, flag, orNull, unixTime } from '../../http/answer-schemas.ts'

/** Printable text: no control characters. */
const text = (max: number, description?: string) =>
  Type.String({ minLength: 1, maxLength: max, pattern: '^[^\\u0000-\\u001f\\u007f]+$', description })

const mobile = Type.String({
  minLength: 1,
  maxLength: 32,
  description: 'mobile number, 11 digits starting with 1 by default',
})
const newPwd = Type.String({ minLength: 6, maxLength: 128, description: 'new password, 6–128 characters' })
const anyPwd = Type.String({ minLength: 1, maxLength: 128 })
const smsCode = Type.String({ minLength: 1, maxLength: 10, description: 'the 6-digit SMS verification code' })

export const SendVerifyCode = Type.Object({
  mobile,
  purpose: Type.Optional(Type.Union([Type.Literal('signup'), Type.Literal('reset_pwd')], { default: 'signup' })),
})

export const Signup = Type.Object({ mobile, pwd: newPwd, sms_verify: smsCode })

export const Signin = Type.Object({
  mobile_uer_name: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: 'mobile or user name (the original spelling)' }),
  ),
  mobile_user_name: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'accepted as well' })),
  pwd: anyPwd,
})

export const NoParams = Type.Object({})

export const ModifyPwd = Type.Object({
  old_pwd: anyPwd,
  new_pwd: newPwd,
  mobile: Type.Optional(Type.String({ maxLength: 32, description: 'accepted and ignored: the session decides' })),
})

export const ResetPwd = Type.Object({ mobile, sms_verify: smsCode, new_pwd: newPwd })

export const ModifyUserInfo = Type.Object({
  new_user_name: text(32, 'the new user name'),
  sex: Type.Optional(Type.Integer({ minimum: 0, maximum: 1, description: '0 male, 1 female' })),
})

export const SetAuth = Type.Object({
  real_name: text(60),
  id_code: Type.String({ minLength: 1, maxLength: 18, description: '18-character resident id number' }),
  id_card_up: text(500, 'image URL or upload id of the front'),
  id_card_down: text(500, 'image URL or upload id of the back'),
})

// Answers (the envelope's `data` on success).

export const SignedInAnswer = exact(
  {
    user_id: Type.Integer(),
    user_name: Type.String(),
    card_id: Type.String({ description: 'the credit card number (15 digits, starting 216)' }),
  },
  'the account now signed in; its cookies are set too',
)

export const UserInfo = exact({
  id: Type.Integer({ description: 'the user id' }),
  mobile: Type.String(),
  user_name: Type.String(),
  email: Type.String(),
  head_img: Type.String(),
  nick_name: Type.String(),
  signature: Type.String(),
  sex: Type.Integer({ minimum: 0, maximum: 1, description: '0 male, 1 female' }),
  location: Type.String(),
  register_dt: unixTime('signed up at, Unix seconds'),
  lastlogin: orNull(unixTime(), 'last sign-in, Unix seconds; null before the first'),
  lastloginip: Type.String({ description: 'the client address of the last sign-in' }),
})

const AuthRecord = exact(
  {
    user_id: Type.Integer(),
    real_name: Type.String(),
    id_code: Type.String({ description: 'the id number masked: region and last four shown, birth date as *' }),
    id_card_up: Type.String(),
    id_card_down: Type.String(),
    pass: flag('1 once approved'),
    status: Type.Union([Type.Literal('pending'), Type.Literal('passed'), Type.Literal('rejected')]),
    note: Type.String({ description: 'the reviewer’s note' }),
    submit_time: unixTime(),
    review_time: orNull(unixTime(), 'when reviewed; null while pending'),
  },
  'the last submission',
)

const NoAuth = exact(
  { status: Type.Literal('none'), pass: Type.Literal(0), note: Type.Literal('') },
  'nothing submitted yet: only these three fields',
)

export const AuthAnswer = Type.Union([AuthRecord, NoAuth])
