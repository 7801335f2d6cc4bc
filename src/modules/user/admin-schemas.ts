import { Type } from '@sinclair/typebox'
import { blankable, paging } from '../../http/params.ts'

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
  is_pass: Type.Integer({ minimum: 0, maximum: 1, description: '1 approves, 0 rejects' }),
  note: Type.String({
    maxLength: 500,
    default: '',
    pattern: '^[^\\u0000-\\u001f\\u007f]*$',
    description: 'shown to the customer by get_auth',
  }),
  version: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 2_000_000_000,
      description: 'the version the reviewer saw (list_auth): a submission replaced since is not decided (540)',
    }),
  ),
  submit_time: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'the submit_time the reviewer saw; two submissions in one second share it, so send version',
    }),
  ),
})
