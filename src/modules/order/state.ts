import { afterCommit, type Executor } from '../../db/dialect.ts'
import type { OrderStateCode } from '../../db/types.ts'
import { countOrderTransition } from '../../metrics/index.ts'
import { nowSeconds } from '../../time.ts'
import { writeLog, type Actor, type LogAmount } from '../oplog/index.ts'
import type { PaymentPurpose } from '../../providers/payment/index.ts'
import { closeCharges } from '../payment/index.ts'
import { type MoveColumns, type MoveGuards, updateOrderState } from './state-repo.ts'

export const OrderState = {
  UNPAID: 0,
  PAYING: 99,
  PAID: 1,
  SHIPPED: 2,
  COMPLETE: 3,
  CANCELLED: 4,
  EXPIRED: 5,
  REFUNDED: 6,
} as const satisfies Record<string, OrderStateCode>

const { UNPAID, PAYING, PAID, SHIPPED, COMPLETE, CANCELLED, EXPIRED, REFUNDED } = OrderState

interface MoveRule {
  from: readonly OrderStateCode[]
  to: OrderStateCode
  text: string
  /** the charges that take no more money once it moved: the order's own, or its debt's repayments */
  closes?: PaymentPurpose
}

/** The only moves an order can make, and the one place that changes `state`. */
export const MOVES = {
  startPayment: { from: [UNPAID, PAYING], to: PAYING, text: '发起支付' },
  pay: { from: [UNPAID, PAYING], to: PAID, text: '支付成功', closes: 'order_pay' },
  cancel: { from: [UNPAID, PAYING], to: CANCELLED, text: '取消订单', closes: 'order_pay' },
  expire: { from: [UNPAID, PAYING], to: EXPIRED, text: '订单过期', closes: 'order_pay' },
  ship: { from: [PAID], to: SHIPPED, text: '发货' },
  confirm: { from: [SHIPPED], to: COMPLETE, text: '确认收货' },
  autoConfirm: { from: [SHIPPED], to: COMPLETE, text: '自动确认收货' },
  refund: { from: [PAID], to: REFUNDED, text: '退款', closes: 'card_pay' },
  /** only for an after-sale return whose goods came back (guarded by afterSale: 'open') */
  refundReturn: { from: [SHIPPED, COMPLETE], to: REFUNDED, text: '退货退款', closes: 'card_pay' },
} as const satisfies Record<string, MoveRule>

export type Move = keyof typeof MOVES

/** The original API's words for each state, as the console and exports show them. */
export const STATE_NAMES: Record<number, string> = {
  [UNPAID]: '未支付',
  [PAYING]: '支付中',
  [PAID]: '已付款待发货',
  [SHIPPED]: '已发货',
  [COMPLETE]: '已收货',
  [CANCELLED]: '已取消',
  [EXPIRED]: '已过期',
  [REFUNDED]: '已退款',
}

/** get_order_list's (and the back office's) order_type values, and the states each shows. */
export const ORDER_LIST_TYPES = {
  all: undefined,
  need_pay: [UNPAID, PAYING],
  need_send: [PAID],
  need_receive: [SHIPPED],
  complete: [COMPLETE],
  cancel: [CANCELLED],
  overtime: [EXPIRED],
  refund: [REFUNDED],
} as const satisfies Record<string, readonly OrderStateCode[] | undefined>

export type OrderListType = keyof typeof ORDER_LIST_TYPES

export const isOrderListType = (value: string): value is OrderListType => Object.hasOwn(ORDER_LIST_TYPES, value)

/** States in which the customer may delete (hide) the order. */
export const TERMINAL_STATES: readonly OrderStateCode[] = [COMPLETE, CANCELLED, EXPIRED, REFUNDED]
export const PAYABLE_STATES: readonly OrderStateCode[] = [UNPAID, PAYING]
/** Paid and not refunded: the states in which an order's borrowed credit is owed. */
export const OWING_STATES: readonly OrderStateCode[] = [PAID, SHIPPED, COMPLETE]

export interface MoveOptions extends MoveGuards {
  actor: Actor
  /** other columns the move sets (times, reasons, logistics) */
  set?: MoveColumns
  /** appended to the log text */
  note?: string
  /** the log row's money */
  amounts?: LogAmount[]
}

/**
 * Moves one order with a single conditional UPDATE; true when it moved. The caller's
 * transaction also gets the operate-log row, so a move and its record stand or fall together.
 */
export async function moveOrder(trx: Executor, orderId: string, move: Move, opts: MoveOptions): Promise<boolean> {
  const { from, to, text, closes }: MoveRule = MOVES[move]
  const now = nowSeconds()
  if (!(await updateOrderState(trx, orderId, from, to, opts.set ?? {}, opts, now))) return false
  if (closes) await closeCharges(trx, orderId, closes, now)
  const logText = opts.note ? `${text}: ${opts.note}` : text
  await writeLog(trx, opts.actor, { type: 'order', id: orderId }, logText, opts.amounts)
  afterCommit(trx, () => countOrderTransition(move, to))
  return true
}
