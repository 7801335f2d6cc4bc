import { Type } from '@sinclair/typebox'
import { NAME_PATTERN } from '../../http/params.ts'

/** Printable text: no control characters. */
const text = (max: number, description?: string) =>
  Type.String({ minLength: 1, maxLength: max, pattern: '^[^\\u0000-\\u001f\\u007f]+$', description })
/** A name as people read it in the back office: no control or format characters (NAME_PATTERN). */
const name = (max: number, description: string) =>
  Type.String({ minLength: 1, maxLength: max, pattern: NAME_PATTERN, description })

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
  new_user_name: name(32, 'the new user name'),
  sex: Type.Optional(Type.Integer({ minimum: 0, maximum: 1, description: '0 male, 1 female' })),
})

export const SetAuth = Type.Object({
  real_name: name(60, 'the name on the id card'),
  id_code: Type.String({ minLength: 1, maxLength: 18, description: '18-character resident id number' }),
  id_card_up: text(500, 'image URL or upload id of the front'),
  id_card_down: text(500, 'image URL or upload id of the back'),
})
