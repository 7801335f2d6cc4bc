import { Type } from '@sinclair/typebox'
import { exact, flag, orNull, Pagination, unixTime } from '../../http/answer-schemas.ts'
import { blankable, flagParam, paging } from '../../http/params.ts'

export const ListAuth = Type.Object({
  status: Type.Union([Type.Literal('pending'), Type.Literal('passed'), Type.Literal('rejected'), Type.Literal('all')], {
    default: 'pending',
    description: 'which submissions; pending by default',
  }),
  u_mobile: blankable(Type.String({ maxLength: 32, description: 'the start of the customer’s mobile' })),
  ...paging,
})

export const ReviewAuth = Type.Object({
  user_id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  is_pass: flagParam('1 approves, 0 rejects'),
  note: Type.String({
    maxLength: 500,
    default: '',
    pattern: '^[^\\u0000-\\u001f\\u007f]*$',
    description: 'shown to the customer by get_auth',
  }),
  submit_time: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'the submit_time the reviewer saw: a submission replaced since is not decided (540)',
    }),
  ),
})

// Answers (the envelope's `data` on success).

const AuthForReview = exact({
  user_id: Type.Integer(),
  user_name: Type.String(),
  mobile: Type.String(),
  real_name: Type.String(),
  id_code: Type.String({ description: 'the id number in full, for the reviewer to compare with the images' }),
  id_card_up: Type.String({ description: 'image URL or upload id of the front' }),
  id_card_down: Type.String({ description: 'image URL or upload id of the back' }),
  pass: flag('1 once approved'),
  status: Type.Union([Type.Literal('pending'), Type.Literal('passed'), Type.Literal('rejected')]),
  note: Type.String({ description: 'the reviewer’s note, shown to the customer' }),
  submit_time: unixTime('submitted (or last resubmitted) at, Unix seconds'),
  review_time: orNull(unixTime(), 'when decided; null while pending'),
})

export const AuthList = exact({ auths: Type.Array(AuthForReview), pagination: Pagination })
