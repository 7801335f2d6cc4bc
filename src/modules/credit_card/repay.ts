import { randomBytes } from 'node:crypto'
import type { Deps } from '../../deps.ts'
import { lockOrder } from '../../db/dialect.ts'
import { Codes } from '../../domain/codes.ts'
import { fail, ok } from '../../domain/result.ts'
import type { PayChannel, PurposeHandler } from '../../providers/payment/index.ts'
import { nowSeconds } from '../../time.ts'
import { SYSTEM, userActor, writeLog } from '../oplog/index.ts'
import { findOrder, findOwnOrder, isOwedDebt, itemSummary, markDebtRepaid } from '../order/index.ts'
import { refundUnderway, shopReturnUrl, startCharge } from '../payment/index.ts'

/** How long a repayment charge can be paid. */
const REPAY_CHARGE_SECONDS = 3600

export interface RepayParams {
  order_id: string
  channel: PayChannel
  success_url?: string
}

/**
 * `/api/credit_card/pay`: a repayment charge for what the order owes on the card. The charge
 * gets its own order_no (Ping++ wants one per charge); the order id rides in the metadata.
 */
export async function payCard(deps: Deps, userId: number, params: RepayParams, clientIp: string) {
  const { db } = deps
  const returnUrl = shopReturnUrl(deps.config, params.success_url)
  if (!returnUrl.ok) return returnUrl
  const successUrl = returnUrl.value
  const order = await findOwnOrder(db, userId, params.order_id, true)
  if (!order || !isOwedDebt(order)) return fail(Codes.REPAY_REFUSED)
  if (await refundUnderway(db, order.order_id)) return fail(Codes.REPAY_REFUSED)
  const requested = await startCharge(deps, {
    purpose: 'card_pay',
    orderId: order.order_id,
    orderNo: `${order.order_id}R${randomBytes(4).toString('hex')}`,
    amountFen: -order.credit_amount,
    channel: params.channel,
    subject: `首付买额度卡还款${order.order_id}`,
    body: await itemSummary(db, order.order_id),
    clientIp,
    timeExpire: nowSeconds() + REPAY_CHARGE_SECONDS,
    successUrl,
  })
  if (!requested.ok) return requested
  const charge = requested.value
  await writeLog(
    db,
    userActor(userId),
    { type: 'order', id: order.order_id },
    `发起额度卡还款 ${params.channel} ${charge.id}`,
  )
  return ok(charge)
}

/** What a repayment does: the debt is marked repaid and its credit goes back to the card, once. */
export const repayment: PurposeHandler = {
  async paid(trx, p) {
    const order = await findOrder(trx, p.orderId)
    if (!order) throw new Error(`a repayment names order ${p.orderId}, which is not there`)
    if (p.amountFen !== -order.credit_amount) return `还款金额${p.amountFen}分与欠款${-order.credit_amount}分不符`
    await lockOrder(trx, p.orderId)
    if (!(await markDebtRepaid(trx, p.orderId))) return '该笔额度已无欠款或订单正在退款'
    await writeLog(trx, SYSTEM, { type: 'order', id: p.orderId }, `额度卡还款成功 ${p.amountFen}分`)
    return null
  },
}
