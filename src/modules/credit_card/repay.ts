import { randomBytes } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { Deps } from '../../deps.ts'
import { lockOrder, lockOrderOwner } from '../../db/dialect.ts'
import type { Database } from '../../db/types.ts'
import { Codes } from '../../domain/codes.ts'
import { type CreditTerms, lastEndedDay, repaymentInRange } from '../../domain/credit.ts'
import { fail, ok, type Result } from '../../domain/result.ts'
import type { PayChannel, PurposeHandler } from '../../providers/payment/index.ts'
import { nowSeconds } from '../../time.ts'
import {
  accrueDebt,
  type Applied,
  applyToDebt,
  findDebt,
  owedDebtsOf,
  principalDue,
  returnCredit,
  totalDue,
} from '../credit/index.ts'
import { SYSTEM, userActor, writeLog } from '../oplog/index.ts'
import { findOwnOrder, itemSummary, settleOrderDebt } from '../order/index.ts'
import { closeCharges, refundUnderway, shopReturnUrl, startCharge } from '../payment/index.ts'

/** How long a repayment charge can be paid. */
const REPAY_CHARGE_SECONDS = 3600

export interface RepayParams {
  order_id: string
  channel: PayChannel
  success_url?: string
  amount?: number
}

export interface BillPayParams {
  channel: PayChannel
  success_url?: string
  amount?: number
}

/**
 * Brings every owed debt of the customer up to date (the late fees of days that have ended), in a
 * transaction of its own under the customer's lock, so what a customer is shown or charged is what
 * they owe now, whether or not the worker ran.
 */
export async function accrueCustomer(deps: Pick<Deps, 'db' | 'config'>, userId: number, now: number): Promise<void> {
  const terms = deps.config.credit
  // Only debts with an ended day past the grace period not yet charged: most reads take no lock at all.
  const [first, ...rest] = (await owedDebtsOf(deps.db, userId)).filter(
    (d) => terms.penaltyBps > 0 && lastEndedDay(d.due_time, now) > Math.max(d.fee_day, terms.graceDays),
  )
  if (!first) return
  await deps.db.transaction().execute(async (trx) => {
    await lockOrderOwner(trx, first.order_id)
    for (const d of [first, ...rest]) await accrueDebt(trx, terms, d.order_id, now)
  })
}

/** The amount asked for, of what is owed: all of it when not given; 312 out of range. */
const amountToCharge = (asked: number | undefined, owed: number): Result<number> =>
  asked === undefined ? ok(owed) : repaymentInRange(asked, owed) ? ok(asked) : fail(Codes.REPAY_AMOUNT)

/**
 * `/api/credit_card/pay`: a repayment charge for what the order's debt owes now (late fee and
 * principal), or for `amount` fen of it. The charge gets its own order_no (Ping++ wants one per
 * charge); the order id rides in the metadata.
 */
export async function payCard(deps: Deps, userId: number, params: RepayParams, clientIp: string) {
  const { db } = deps
  const returnUrl = shopReturnUrl(deps.config, params.success_url)
  if (!returnUrl.ok) return returnUrl
  const order = await findOwnOrder(db, userId, params.order_id, true)
  if (!order) return fail(Codes.REPAY_REFUSED)
  await accrueCustomer(deps, userId, nowSeconds())
  const debt = await findDebt(db, order.order_id)
  if (!debt || totalDue(debt) === 0) return fail(Codes.REPAY_REFUSED)
  if (await refundUnderway(db, order.order_id)) return fail(Codes.REPAY_REFUSED)
  const amount = amountToCharge(params.amount, totalDue(debt))
  if (!amount.ok) return amount
  const requested = await startCharge(deps, {
    purpose: 'card_pay',
    orderId: order.order_id,
    orderNo: `${order.order_id}R${randomBytes(4).toString('hex')}`,
    amountFen: amount.value,
    channel: params.channel,
    subject: `首付买额度卡还款${order.order_id}`,
    body: await itemSummary(db, order.order_id),
    clientIp,
    timeExpire: nowSeconds() + REPAY_CHARGE_SECONDS,
    successUrl: returnUrl.value,
  })
  if (!requested.ok) return requested
  const charge = requested.value
  await writeLog(
    db,
    userActor(userId),
    { type: 'order', id: order.order_id },
    `发起额度卡还款 ${params.channel} ${charge.id}`,
    [{ label: '金额', fen: amount.value }],
  )
  return ok(charge)
}

/**
 * `/api/credit_card/pay_bill`: one charge for all the customer owes (or `amount` of it), spread
 * over the debts oldest due first when it is paid. It is recorded under the oldest debt's order.
 */
export async function payBill(deps: Deps, userId: number, params: BillPayParams, clientIp: string) {
  const { db } = deps
  const returnUrl = shopReturnUrl(deps.config, params.success_url)
  if (!returnUrl.ok) return returnUrl
  await accrueCustomer(deps, userId, nowSeconds())
  const owed = await owedDebtsOf(db, userId)
  const total = owed.reduce((sum, d) => sum + totalDue(d), 0)
  const anchor = owed[0]?.order_id
  if (total === 0 || anchor === undefined) return fail(Codes.REPAY_REFUSED)
  const amount = amountToCharge(params.amount, total)
  if (!amount.ok) return amount
  const requested = await startCharge(deps, {
    purpose: 'bill_pay',
    orderId: anchor,
    orderNo: `${anchor}B${randomBytes(4).toString('hex')}`,
    amountFen: amount.value,
    channel: params.channel,
    subject: '首付买额度卡账单还款',
    body: `${owed.length}笔欠款`,
    clientIp,
    timeExpire: nowSeconds() + REPAY_CHARGE_SECONDS,
    successUrl: returnUrl.value,
  })
  if (!requested.ok) return requested
  await writeLog(db, userActor(userId), { type: 'order', id: anchor }, `发起额度卡账单还款 ${params.channel}`, [
    { label: '金额', fen: amount.value },
  ])
  return ok(requested.value)
}

type Trx = Transaction<Database>

/**
 * What one debt does with money applied to it: the principal part goes back to the card at once, the
 * order's columns follow, and a debt that owes nothing takes no more repayment charges.
 */
async function afterApplied(trx: Trx, orderId: string, userId: number, a: Applied, now: number): Promise<void> {
  await returnCredit(trx, userId, a.principal)
  const debt = await findDebt(trx, orderId)
  await settleOrderDebt(trx, orderId, {
    principalCleared: debt !== undefined && principalDue(debt) === 0,
    repaid: a.cleared,
  })
  if (a.cleared) await closeCharges(trx, orderId, 'card_pay', now)
  await writeLog(trx, SYSTEM, { type: 'order', id: orderId }, a.cleared ? '额度卡还款成功,已还清' : '额度卡部分还款', [
    { label: '逾期费', fen: a.fee },
    { label: '本金', fen: a.principal },
    ...(a.over > 0 ? [{ label: '多付待退', fen: a.over }] : []),
  ])
}

/**
 * A repayment of one debt: its late fee first, then principal; money beyond what it owes when it
 * arrives is recorded on the debt and flagged for refund. A debt that owes nothing (repaid, its
 * order refunded or being refunded) takes none of it: the whole payment is given back.
 */
export const repayment = (terms: CreditTerms): PurposeHandler => ({
  async paid(trx, p) {
    await lockOrder(trx, p.orderId)
    const now = nowSeconds()
    if (await refundUnderway(trx, p.orderId)) return '订单正在退款'
    await accrueDebt(trx, terms, p.orderId, now)
    const debt = await findDebt(trx, p.orderId)
    if (!debt || totalDue(debt) === 0) return '该笔额度已无欠款'
    const applied = await applyToDebt(trx, p.orderId, p.amountFen, p.paymentId, now)
    if (!applied) throw new Error(`debt ${p.orderId} changed under its owner's lock`)
    await afterApplied(trx, p.orderId, debt.user_id, applied, now)
    return null
  },
})

/**
 * A bill payment: spread over the customer's owed debts oldest due first, fee before principal
 * within each; what is left after all of them is recorded on the last one as overpaid, flagged for
 * refund. With nothing owed at all, the whole payment is given back.
 */
export const billRepayment = (terms: CreditTerms): PurposeHandler => ({
  async paid(trx, p) {
    const anchor = await findDebt(trx, p.orderId)
    if (!anchor) throw new Error(`a bill payment names order ${p.orderId}, which has no debt`)
    const now = nowSeconds()
    for (const d of await owedDebtsOf(trx, anchor.user_id)) await accrueDebt(trx, terms, d.order_id, now)
    const owed = []
    for (const d of await owedDebtsOf(trx, anchor.user_id))
      if (!(await refundUnderway(trx, d.order_id)) && totalDue(d) > 0) owed.push(d)
    if (owed.length === 0) return '账单已无欠款'
    let left = p.amountFen
    for (const [i, d] of owed.entries()) {
      const last = i === owed.length - 1
      const part = last ? left : Math.min(left, totalDue(d))
      if (part === 0) break
      const applied = await applyToDebt(trx, d.order_id, part, p.paymentId, now)
      if (!applied) throw new Error(`debt ${d.order_id} changed under its owner's lock`)
      await afterApplied(trx, d.order_id, d.user_id, applied, now)
      left -= part
    }
    return null
  },
})
