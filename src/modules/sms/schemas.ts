import { Type } from '@sinclair/typebox'
import { blankable, paging } from '../../http/params.ts'
import { TEMPLATE_NAMES } from '../../providers/sms/index.ts'

export const SmsList = Type.Object({
  state: Type.Union(
    [
      Type.Literal('all'),
      Type.Literal('open'),
      Type.Literal('queued'),
      Type.Literal('sending'),
      Type.Literal('sent'),
      Type.Literal('failed'),
    ],
    { default: 'all', description: 'open: queued or sending (not sent yet); failed: given up or refused' },
  ),
  u_mobile: blankable(Type.String({ maxLength: 32, description: 'the start of the mobile' })),
  template: blankable(Type.Union(TEMPLATE_NAMES.map((n) => Type.Literal(n)))),
  ...paging,
})
