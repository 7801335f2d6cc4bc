import type { Transaction } from 'kysely'
import type { Deps } from '../../deps.ts'
import { lockOrder, lockOrderOwner } from '../../db/dialect.ts'
import type { Database, Payment, RefundRow } from '../../db/types.ts'
import { Codes } from '../../domain/codes.ts'
import { type Result, fail, ok } from '../../domain/result.ts'
import { PaymentError, type Refund } from '../../providers/payment/index.ts'
import { nowSeconds } from '../../time.ts'
import { SYSTEM, writeLog, type Actor } from '../oplog/index.ts'
import { applyRefund, refundNothing } from './apply.ts'
import {
  closeRefund,
  closeShareRefund,
  dueRefunds,
  findRefund,
  leaseRefund,
  markRefundPending,
  openRefund,
  retryRefundLater,
} from './refund-repo.ts'
import { claimRefund, findPayment, PURPOSE_OF, releaseRefundClaim, unrefunded } from './repo.ts'
import { SHARE_MARK } from './shares.ts'

/** What following refunds up needs: the worker has it too. */
export type RefundDeps = Pick<Deps, 'db' | 'payments' | 'paymentPurposes'>

/** Checked under the order's lock before a refund is claimed, e.g. "the order is still paid". */
export type RefundPrecondition = (trx: Transaction<Database>) => Promise<boolean>

/** Time between attempts: a minute after the first, doubling, at most an hour. */
export const refundBackoffSeconds = (attempts: number) => Math.min(60 * 2 ** Math.max(0, attempts - 1), 3600)
/** Attempts that got no usable answer before a refund is given up as failed. */
export const MAX_REFUND_ATTEMPTS = 20
/**
 * Longer than any one attempt (the provider times out after 10 s): a worker that died mid-attempt
 * is retried after it.
 */
const LEASE_SECONDS = 120

/**
 * Asks the provider to give each payment back. Each is claimed first under the order's lock, so
 * two operators cannot refund it twice and a shipment cannot slip in between, and recorded as a
 * refund in the same transaction; then asked for at once. What the provider does not finish now
 * (pending at the channel, or no answer) the worker follows up (advanceRefunds). A payment of
 * 0 fen is refunded in its claim, never asked of the provider (refundNothing). Answers the
 * refunds made, or 102 when the provider refused one outright (that failure stays on record).
 */
export async function refundPayments(
  deps: Deps,
  actor: Actor,
  orderId: string,
  due: Payment[],
  reason: string,
  precondition?: RefundPrecondition,
): Promise<Result<RefundRow[]>> {
  const opened: RefundRow[] = []
  for (const p of due) {
    const nothingPaid = p.amount === 0
    const row = await deps.db.transaction().execute(async (trx) => {
      // Refunded at once, this one moves the order and its stock and credit: the owner's row first,
      // as applyRefund takes it.
      if (nothingPaid) await lockOrderOwner(trx, orderId)
      await lockOrder(trx, orderId)
      if (precondition && !(await precondition(trx))) return undefined
      if (!(await claimRefund(trx, p.id))) return undefined
      await writeLog(trx, actor, { type: 'order', id: orderId }, `申请退款 ${p.channel_water_id}: ${reason}`, [
        { label: '金额', fen: p.amount },
      ])
      const opened = await openRefund(trx, p, reason, nowSeconds())
      if (nothingPaid) await refundNothing(trx, deps.paymentPurposes, p, nowSeconds())
      return opened
    })
    if (row) opened.push(row)
  }
  let refused: string | undefined
  for (const row of opened) {
    // Refunded already, in its claim: nothing to ask the provider.
    if (row.amount === 0) continue
    const refusal = await attemptRefund(deps, row, nowSeconds())
    refused ??= refusal
  }
  const rows = await Promise.all(opened.map(async (r) => (await findRefund(deps.db, r.id)) ?? r))
  return refused === undefined ? ok(rows) : fail(Codes.INTERNAL, refused)
}

/**
 * One attempt at a refund that is due: asks the provider for it (queued), or how it stands
 * (pending), and records the answer. Answers the provider's refusal when it refused to make it.
 */
async function attemptRefund(deps: RefundDeps, due: RefundRow, now: number): Promise<string | undefined> {
  const row = await leaseRefund(deps.db, due, now, LEASE_SECONDS)
  if (!row) return undefined
  const payment = await findPayment(deps.db, row.payment_id)
  let refund: Refund
  try {
    refund =
      row.refund_id === null
        ? await deps.payments.refund({
            chargeId: payment.channel_water_id,
            amountFen: row.amount,
            description: row.reason || '退款',
            metadata: {
              type: PURPOSE_OF[payment.target_type],
              order_id: row.order_id,
              ...(row.share === 1 ? { [SHARE_MARK]: '1' } : {}),
            },
          })
        : await deps.payments.retrieveRefund(payment.channel_water_id, row.refund_id)
  } catch (err) {
    if (!(err instanceof PaymentError)) throw err
    // Refused to make it: nothing was refunded, and asking again would be refused again.
    if (err.kind === 'rejected' && row.refund_id === null) {
      await failRefund(deps, row, err.customerMessage, now)
      return err.customerMessage
    }
    if (row.attempts >= MAX_REFUND_ATTEMPTS) {
      await failRefund(deps, row, `${MAX_REFUND_ATTEMPTS}次尝试均未成功: ${err.customerMessage}`, now)
      return undefined
    }
    await retryRefundLater(deps.db, row.id, err.customerMessage, now + refundBackoffSeconds(row.attempts), now)
    return undefined
  }
  if (refund.status === 'pending') {
    await markRefundPending(deps.db, row.id, refund.id, now + refundBackoffSeconds(row.attempts), now)
    return undefined
  }
  // The sandbox's webhook event (or Ping++'s, racing this) may have applied it already: it applies once.
  const applied = await deps.db.transaction().execute((trx) => applyRefund(trx, deps.paymentPurposes, refund))
  if (applied === 'unmatched') await failRefund(deps, row, `渠道答复的退款 ${refund.id} 与记录不符,请人工核对`, now)
  return undefined
}

/**
 * Failed for good: the payment may be refunded again by a person, and the failure stays on the
 * refund's record and in the order's history.
 */
async function failRefund(deps: RefundDeps, row: RefundRow, why: string, now: number): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    if (row.share === 1) {
      if (!(await closeShareRefund(trx, row.id, { state: 'failed', error: why }, now))) return
    } else {
      if (!(await closeRefund(trx, row.payment_id, { state: 'failed', error: why }, now))) return
      await releaseRefundClaim(trx, row.payment_id)
    }
    await writeLog(trx, SYSTEM, { type: 'order', id: row.order_id }, `退款失败: ${why}`, [
      { label: '金额', fen: row.amount },
    ])
  })
}

/**
 * The worker's part: every open refund whose next attempt is due (those of one order only, when
 * given) gets one attempt. Returns how many were attempted.
 */
export async function advanceRefunds(deps: RefundDeps, now: number, orderId?: string, batch = 50): Promise<number> {
  const due = await dueRefunds(deps.db, now, batch, orderId)
  for (const row of due) await attemptRefund(deps, row, now)
  return due.length
}

/**
 * Gives back the money an order could not take (paid after cancel or expiry, twice, the wrong
 * amount, or a repayment of a refunded order); the order stays as it is.
 */
export async function refundFlaggedPayments(deps: Deps, actor: Actor, orderId: string, reason: string) {
  const refunds = await refundPayments(deps, actor, orderId, await flaggedPayments(deps, orderId), reason)
  if (!refunds.ok) return refunds
  return refunds.value.length ? ok({ refunds: refunds.value }) : fail(Codes.REFUND_REFUSED)
}

export const flaggedPayments = (deps: Deps, orderId: string) =>
  unrefunded(deps.db, orderId).where('needs_refund', '=', 1).execute()

/** The money that paid the order itself (not a repayment, not money marked for refund), still with the shop. */
export const orderPayments = (deps: Deps, orderId: string) =>
  unrefunded(deps.db, orderId).where('target_type', '=', 'pay').where('needs_refund', '=', 0).execute()
