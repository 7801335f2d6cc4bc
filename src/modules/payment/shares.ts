import type { Transaction } from 'kysely'
import type { Executor } from '../../db/dialect.ts'
import type { Database } from '../../db/types.ts'
import type { Refund } from '../../providers/payment/index.ts'
import { SYSTEM, writeLog } from '../oplog/index.ts'
import type { HandlerResult } from './events.ts'
import { closeShareRefund, openShareOf, openShareRefund } from './refund-repo.ts'
import { findPayment } from './repo.ts'

type Trx = Transaction<Database>

/** What of one bill payment was applied to a refunded order's debt (fee and principal), in fen. */
export interface BillShare {
  paymentId: number
  amount: number
}

/** Refund metadata that names a share refund: the refunded order's share of a bill payment. */
export const SHARE_MARK = 'bill_share'

export const isShareRefund = (refund: Refund) => String(refund.metadata?.[SHARE_MARK] ?? '') === '1'

/**
 * A refunded order gets back its share of each bill payment that paid its debt: a partial refund of
 * that payment's charge, queued in the refund's transaction for the provider (the worker follows it up
 * like any refund). Each share is opened once whoever applies the refund first, and a payment's shares
 * never add up to more than it (openShareRefund). The caller holds the order's owner.
 */
export async function refundBillShares(
  trx: Executor,
  orderId: string,
  shares: BillShare[],
  now: number,
): Promise<void> {
  for (const s of shares) {
    if (s.amount <= 0) continue
    const payment = await findPayment(trx, s.paymentId)
    const row = await openShareRefund(trx, { ...s, orderId }, '订单已退款,退回其账单还款部分', now)
    if (!row) continue
    await writeLog(
      trx,
      SYSTEM,
      { type: 'order', id: orderId },
      `订单已退款,退回其账单还款部分 ${payment.channel_water_id}`,
      [
        { label: '账单还款', fen: payment.amount },
        { label: '退回', fen: s.amount },
      ],
    )
  }
}

/**
 * A share refund the provider finished: its row is closed once, succeeded or failed, with the order's
 * history line. The bill payment itself stays paid: the rest of it still pays the other debts.
 */
export async function applyShareRefund(
  trx: Trx,
  refund: Refund,
  paymentId: number,
  now: number,
): Promise<HandlerResult> {
  const orderId = String(refund.metadata?.order_id ?? '')
  const row = await openShareOf(trx, paymentId, orderId)
  if (!row) return 'applied'
  if (row.amount !== refund.amount) return 'unmatched'
  if (refund.status === 'pending') return 'applied'
  if (refund.status !== 'succeeded' || refund.succeed !== true) {
    const why = typeof refund.failure_msg === 'string' && refund.failure_msg ? refund.failure_msg : '渠道退款失败'
    if (await closeShareRefund(trx, row.id, { state: 'failed', refundId: refund.id, error: why }, now))
      await writeLog(trx, SYSTEM, { type: 'order', id: orderId }, `账单还款部分退款失败 ${refund.id}: ${why}`, [
        { label: '金额', fen: refund.amount },
      ])
    return 'applied'
  }
  if (await closeShareRefund(trx, row.id, { state: 'succeeded', refundId: refund.id }, now))
    await writeLog(trx, SYSTEM, { type: 'order', id: orderId }, `账单还款部分退款完成 ${refund.id}`, [
      { label: '金额', fen: refund.amount },
    ])
  return 'applied'
}
