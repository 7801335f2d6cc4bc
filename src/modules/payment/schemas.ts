import { Type } from '@sinclair/typebox'
import { blankable, paging } from '../../http/params.ts'

/** `pay_params` of /api/order/pay and /api/credit_card/pay alike. */
export const PayParams = Type.Object({
  pay_params: Type.Object({
    order_id: Type.String({ minLength: 1, maxLength: 20, pattern: '^[0-9]+$', description: 'the order id (digits)' }),
    channel: Type.Union([Type.Literal('alipay_pc_direct'), Type.Literal('wx_pub_qr')]),
    success_url: Type.Optional(
      Type.String({ maxLength: 500, description: 'alipay: where the browser goes after paying' }),
    ),
  }),
})

export const RefundList = Type.Object({
  state: Type.Union(
    [
      Type.Literal('all'),
      Type.Literal('open'),
      Type.Literal('queued'),
      Type.Literal('pending'),
      Type.Literal('succeeded'),
      Type.Literal('failed'),
    ],
    {
      default: 'all',
      description: 'open: queued or pending (under way); failed: given up, to be looked at',
    },
  ),
  order_id: blankable(
    Type.String({ minLength: 1, maxLength: 20, pattern: '^[0-9]+$', description: 'one order’s refunds' }),
  ),
  ...paging,
})
