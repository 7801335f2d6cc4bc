import { Type } from '@sinclair/typebox'

/** `pay_params` of /api/order/pay and /api/credit_card/pay alike. */
export const PayParams = Type.Object({
  pay_params: Type.Object({
    order_id: Type.String({ minLength: 1, maxLength: 20, pattern: '^[0-9]+$', description: 'the order id (digits)' }),
    channel: Type.Union([Type.Literal('alipay_pc_direct'), Type.Literal('wx_pub_qr')]),
    success_url: Type.Optional(Type.String({ maxLength: 500, description: 'alipay: where the browser goes after paying' })),
  }),
})
