import { Type } from '@sinclair/typebox'
import { blankable, paging, timeBound } from '../../http/params.ts'
import { skuId } from '../catalog/index.ts'
import { OrderId } from './schemas.ts'

const note = (max: number, description: string) =>
  Type.String({ maxLength: max, pattern: '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$', description })

export const AdminOrderList = Type.Object({
  u_id: blankable(
    Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'the customer’s user id (exact)' }),
  ),
  u_mobile: blankable(Type.String({ maxLength: 32, description: 'the start of the customer’s mobile' })),
  order_id: blankable(OrderId),
  ctime_st: timeBound('created at or after (Unix seconds)'),
  ctime_ed: timeBound('created at or before (Unix seconds)'),
  order_type: Type.String({
    maxLength: 32,
    default: 'all',
    description: 'all, need_pay, need_send, need_receive, complete, cancel, overtime, refund; 201 otherwise',
  }),
  ...paging,
})

export const ByOrderId = Type.Object({ order_id: OrderId })

export const SendOut = Type.Object({
  order_id: OrderId,
  logistics_id: Type.String({
    minLength: 1,
    maxLength: 64,
    pattern: '^[^\\u0000-\\u001f\\u007f]+$',
    description: 'the tracking number',
  }),
  logistics: Type.String({
    minLength: 1,
    maxLength: 64,
    pattern: '^[^\\u0000-\\u001f\\u007f]+$',
    description: 'the carrier, e.g. 申通快递',
  }),
})

export const AddAdminNote = Type.Object({
  order_id: OrderId,
  admin_note: note(1000, 'the note (replaces the previous one; empty clears it)'),
})

export const Refund = Type.Object({
  order_id: OrderId,
  reason: Type.String({
    minLength: 1,
    maxLength: 200,
    pattern: '^[^\\u0000-\\u001f\\u007f]+$',
    description: 'why: kept in the history and sent to the channel',
  }),
})

export const DeleteSku = Type.Object({ sku_id: skuId })
