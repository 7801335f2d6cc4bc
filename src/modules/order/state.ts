import { afterCommit, type Executor } from '../../db/dialect.ts'
import type { OrderTable } from '../../db/types.ts'
import { countOrderTransition } from '../../metrics/index.ts'
import { nowSeconds } from '../../time.ts'
import { writeLog, type Actor } from '../oplog/index.ts'
import type { PaymentPurpose } from '../../providers/payment/index.ts'
import { closeCharges, noRefundUnderway } from '../payment/index.ts'

export const OrderState = {
  UNPAID: 0,
  PAYING: 99,
  PAID: 1,
  SHIPPED: 2,
  COMPLETE: 3,
  CANCELLED: 4,
  EXPIRED: 5,
  REFUNDED: 6,
} as const

const { UNPAID, PAYING, PAID, SHIPPED, COMPLETE, CANCELLED, EXPIRED, REFUNDED } = OrderState

interface MoveRule {
  from: readonly number[]
  to: number
  text: string
  closes?: PaymentPurpose
}

/**
 * The only moves an order can make, and the one place that changes `state`. `closes`: the charges
 * that can take no more money once it moved (the order's own, or its debt's repayments).
 */
export const MOVES = {
  startPayment: { from: [UNPAID, PAYING], to: PAYING, text: '发起支付' },
  pay: { from: [UNPAID, PAYING], to: PAID, text: '支付成功', closes: 'order_pay' },
  cancel: { from: [UNPAID, PAYING], to: CANCELLED, text: '取消订单', closes: 'order_pay' },
  expire: { from: [UNPAID, PAYING], to: EXPIRED, text: '订单过期', closes: 'order_pay' },
  ship: { from: [PAID], to: SHIPPED, text: '发货' },
  confirm: { from: [SHIPPED], to: COMPLETE, text: '确认收货' },
  refund: { from: [PAID], to: REFUNDED, text: '退款', closes: 'card_pay' },
} as const satisfies Record<string, MoveRule>

export type Move = keyof typeof MOVES

/** States in which the customer may delete (hide) the order. */
export const TERMINAL_STATES = [COMPLETE, CANCELLED, EXPIRED, REFUNDED]
export const PAYABLE_STATES = [UNPAID, PAYING]
/** Paid and not refunded: the states in which an order's borrowed credit is owed. */
export const OWING_STATES = [PAID, SHIPPED, COMPLETE]

type Extra = Partial<Omit<OrderTable, 'order_id' | 'state' | 'user_id'>>

export interface MoveOptions {
  actor: Actor
  /** other columns the move sets (times, reasons, logistics) */
  set?: Extra
  /** only the owner's order moves: someone else's answers like a missing one */
  userId?: number
  /** refuse when the order's expiry has passed (moves that need a still-payable order) */
  notExpiredAt?: number
  /** appended to the log text */
  note?: string
  /** refuse while a refund of the order's payment is under way */
  noRefundUnderway?: boolean
}

/**
 * Moves one order with a single conditional UPDATE; true when it moved. The caller's
 * transaction also gets the operate-log row, so a move and its record stand or fall together.
 */
export async function moveOrder(trx: Executor, orderId: string, move: Move, opts: MoveOptions): Promise<boolean> {
  const { from, to, text, closes }: MoveRule = MOVES[move]
  const now = nowSeconds()
  let q = trx
    .updateTable('orders')
    .set({ ...opts.set, state: to, update_time: now })
    .where('order_id', '=', orderId)
    .where('state', 'in', [...from])
  if (opts.userId !== undefined) q = q.where('user_id', '=', opts.userId)
  if (opts.notExpiredAt !== undefined) q = q.where('expire_time', '>', opts.notExpiredAt) // not hasExpired
  if (opts.noRefundUnderway) q = q.where(noRefundUnderway)
  const res = await q.executeTakeFirst()
  if (Number(res.numUpdatedRows) !== 1) return false
  if (closes) await closeCharges(trx, orderId, closes, now)
  await writeLog(trx, opts.actor, { type: 'order', id: orderId }, opts.note ? `${text}: ${opts.note}` : text)
  afterCommit(trx, () => countOrderTransition(move, to))
  return true
}
