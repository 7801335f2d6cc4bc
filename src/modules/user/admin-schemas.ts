import { Type } from '@sinclair/typebox'
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
