import { Type } from '@sinclair/typebox'
import { exact, Pagination, unixTime } from '../../http/answer-schemas.ts'
import { blankable, NAME_PATTERN, NOTE_PATTERN, paging } from '../../http/params.ts'
import type { AfterSaleStateCode } from '../../db/types.ts'
import { LogEntryAnswer } from '../oplog/index.ts'

// Parameters.

const OrderId = Type.String({ minLength: 1, maxLength: 20, pattern: '^[0-9]+$', description: 'the order id' })
const AfterSaleId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'the request' })
const ImageUrl = Type.String({
  minLength: 1,
  maxLength: 500,
  pattern: '^[hH][tT][tT][pP][sS]?://[^\\s/?#\\u0000-\\u001f\\u007f]+[^\\s\\u0000-\\u001f\\u007f]*$',
  description: 'an http(s) URL of a photo',
})
const shortText = (description: string) =>
  Type.String({ minLength: 1, maxLength: 64, pattern: NAME_PATTERN, description })

export const ApplyRefund = Type.Object({
  order_id: OrderId,
  kind: Type.Union([Type.Literal('refund'), Type.Literal('return')], {
    description: 'refund: a paid order not shipped (money back); return: a shipped or complete one (goods back first)',
  }),
  reason: Type.String({ minLength: 1, maxLength: 200, pattern: NOTE_PATTERN, description: 'why, 1–200 characters' }),
  images: Type.Array(ImageUrl, { maxItems: 6, default: [], description: 'at most 6 photo URLs' }),
})

export const ByOrderId = Type.Object({ order_id: OrderId })
export const ByAfterSaleId = Type.Object({ after_sale_id: AfterSaleId })

export const ReturnLogistics = Type.Object({
  after_sale_id: AfterSaleId,
  logistics: shortText('the carrier, e.g. 顺丰速运'),
  logistics_id: shortText('the tracking number'),
})

export const AfterSaleList = Type.Object({
  state: blankable(
    Type.Unsafe<AfterSaleStateCode>(
      Type.Integer({ minimum: 0, maximum: 5, description: '0–5; blank for every state' }),
    ),
  ),
  order_id: blankable(OrderId),
  u_mobile: blankable(Type.String({ maxLength: 32, description: 'the start of the customer’s mobile' })),
  ...paging,
})

export const Review = Type.Object({
  after_sale_id: AfterSaleId,
  approve: Type.Integer({ minimum: 0, maximum: 1, description: '1 approve, 0 reject' }),
  note: Type.String({ maxLength: 200, pattern: NOTE_PATTERN, default: '', description: 'shown to the customer' }),
})

// Answers.

const afterSaleProps = {
  after_sale_id: Type.Integer(),
  order_id: Type.String(),
  kind: Type.Union([Type.Literal('refund'), Type.Literal('return')]),
  state: Type.Integer({
    minimum: 0,
    maximum: 5,
    description: '0 requested, 1 approved, 2 goods received, 3 refunded, 4 rejected, 5 withdrawn',
  }),
  reason: Type.String(),
  images: Type.Array(Type.String()),
  admin_note: Type.String({ description: 'the operator’s note on the review' }),
  logistics: Type.String({ description: 'the carrier of the goods sent back' }),
  logistics_id: Type.String({ description: 'their tracking number' }),
  create_time: unixTime(),
  update_time: unixTime(),
}

export const AfterSaleAnswer = exact(afterSaleProps)
export const ApplyAnswer = exact({ after_sale_id: Type.Integer({ description: 'the new request' }) })
export const AfterSalesAnswer = exact({ after_sales: Type.Array(AfterSaleAnswer) })

export const AdminAfterSaleListAnswer = exact({
  after_sales: Type.Array(
    exact({ ...afterSaleProps, user_id: Type.Integer(), user_mobile: Type.String(), user_name: Type.String() }),
  ),
  pagination: Pagination,
})

export const AfterSaleDetailAnswer = exact({
  after_sale: exact({ ...afterSaleProps, user_id: Type.Integer(), user_mobile: Type.String() }),
  image_views: Type.Array(
    exact({
      url: Type.String(),
      inline: Type.String({ description: 'the URL to show inline (on ID_IMAGE_HOSTS), or "": a link only' }),
    }),
  ),
  log_infos: Type.Array(LogEntryAnswer, { description: 'the request’s history, oldest first, with who acted' }),
})

export const StepAnswer = exact({
  after_sale: AfterSaleAnswer,
  refund_error: Type.String({
    description: 'the provider’s refusal of the refund this step started ("" when none): retry with after_sale/refund',
  }),
})
