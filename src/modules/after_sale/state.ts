import type { Transaction } from 'kysely'
import type { AfterSaleKind, AfterSaleStateCode, Database } from '../../db/types.ts'
import { nowSeconds } from '../../time.ts'
import { writeLog, type Actor } from '../oplog/index.ts'
import { type AfterSaleColumns, type From, updateAfterSaleState } from './repo.ts'

export const AfterSaleState = {
  REQUESTED: 0,
  APPROVED: 1,
  RECEIVED: 2,
  REFUNDED: 3,
  REJECTED: 4,
  WITHDRAWN: 5,
} as const satisfies Record<string, AfterSaleStateCode>

const { REQUESTED, APPROVED, RECEIVED, REFUNDED, REJECTED, WITHDRAWN } = AfterSaleState

interface MoveRule {
  from: readonly From[]
  to: AfterSaleStateCode
  text: string
}

/**
 * The only moves a request can make. An approved refund is already with the provider, so only
 * an approved return (nothing came back yet) may still be withdrawn.
 */
export const MOVES = {
  approve: { from: [[REQUESTED]], to: APPROVED, text: '同意售后' },
  reject: { from: [[REQUESTED]], to: REJECTED, text: '拒绝售后' },
  withdraw: { from: [[REQUESTED], [APPROVED, 'return']], to: WITHDRAWN, text: '撤回售后' },
  receive: { from: [[APPROVED, 'return']], to: RECEIVED, text: '确认收到退货,库存已退回' },
  refunded: {
    from: [
      [APPROVED, 'refund'],
      [RECEIVED, 'return'],
    ],
    to: REFUNDED,
    text: '售后退款完成',
  },
} as const satisfies Record<string, MoveRule>

export type AfterSaleMove = keyof typeof MOVES

/** Where the refund of a request starts from: an approved refund, or a return whose goods are back. */
export const REFUNDABLE: readonly From[] = MOVES.refunded.from

/** Whether a request in `state` of `kind` is in one of `from`. */
export const isIn = (from: readonly From[], state: AfterSaleStateCode, kind: AfterSaleKind) =>
  from.some(([s, k]) => s === state && (k === undefined || k === kind))

/** The log's target for a request; the order's history names it too. */
export const afterSaleTarget = (id: number) => ({ type: 'after_sale', id })

export interface AfterSaleMoveOptions {
  actor: Actor
  orderId: string
  /** only the owner's request moves: someone else's answers like a missing one */
  userId?: number
  set?: AfterSaleColumns
  note?: string
}

/**
 * Moves one request with a single conditional UPDATE and writes its log rows (the request's and
 * its order's) in the caller's transaction; true when it moved.
 */
export async function moveAfterSale(
  trx: Transaction<Database>,
  id: number,
  move: AfterSaleMove,
  opts: AfterSaleMoveOptions,
): Promise<boolean> {
  const { from, to, text }: MoveRule = MOVES[move]
  const now = nowSeconds()
  const finished = to === REFUNDED || to === REJECTED || to === WITHDRAWN
  const set = { ...opts.set, ...(finished ? { finish_time: now } : {}) }
  if (!(await updateAfterSaleState(trx, id, from, to, set, opts.userId, now))) return false
  const logText = opts.note ? `${text}: ${opts.note}` : text
  await writeLog(trx, opts.actor, afterSaleTarget(id), logText)
  await writeLog(trx, opts.actor, { type: 'order', id: opts.orderId }, `售后单${id} ${logText}`)
  return true
}
