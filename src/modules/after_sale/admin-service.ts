import type { Deps } from '../../deps.ts'
import { lockOrderOwner } from '../../db/dialect.ts'
import type { AfterSaleRow, AfterSaleStateCode } from '../../db/types.ts'
import { Codes } from '../../domain/codes.ts'
import { fail, ok } from '../../domain/result.ts'
import { given } from '../../http/params.ts'
import { nowSeconds } from '../../time.ts'
import { historyOf, type Actor } from '../oplog/index.ts'
import { markAfterSaleClosed, returnStock } from '../order/index.ts'
import { enqueueSms } from '../sms/index.ts'
import { inlineImage } from '../user/index.ts'
import { startAfterSaleRefund } from './refund.ts'
import { countAfterSales, findAfterSale, listAfterSales, mobileOf } from './repo.ts'
import { afterSaleTarget, isIn, moveAfterSale, REFUNDABLE } from './state.ts'
import { afterSaleView } from './view.ts'

// The operator's side of after-sale.

export interface AfterSaleQuery {
  state?: AfterSaleStateCode | ''
  order_id?: string
  u_mobile?: string
  page: number
  count: number
}

export async function listAfterSalesForAdmin(deps: Deps, q: AfterSaleQuery) {
  const filter = { state: given(q.state), orderId: given(q.order_id), mobilePrefix: given(q.u_mobile) }
  const total = await countAfterSales(deps.db, filter)
  const rows = await listAfterSales(deps.db, filter, (q.page - 1) * q.count, q.count)
  return ok({
    after_sales: rows.map(({ user_mobile, user_name, ...r }) => ({
      ...afterSaleView(r),
      user_id: r.user_id,
      user_mobile,
      user_name,
    })),
    pagination: { total, page: q.page, count: q.count },
  })
}

/**
 * One request with its customer and history, as the console's detail shows it; each photo with
 * whether the console may load it (one on the shop's own image hosts, ID_IMAGE_HOSTS), else a link.
 */
export async function afterSaleDetail(deps: Deps, id: number) {
  const r = await findAfterSale(deps.db, id)
  if (!r) return fail(Codes.NOT_FOUND)
  const view = afterSaleView(r)
  return ok({
    after_sale: { ...view, user_id: r.user_id, user_mobile: await mobileOf(deps.db, r.user_id) },
    image_views: view.images.map((url) => ({ url, inline: inlineImage(deps.config, url) })),
    log_infos: await historyOf(deps.db, afterSaleTarget(id)),
  })
}

/** What an operator's step answers: the request as it now stands, and the provider's refusal of its refund, if any. */
async function outcome(deps: Deps, id: number, refundError = '') {
  const r = await findAfterSale(deps.db, id)
  if (!r) throw new Error(`after-sale request ${id} went missing`)
  return ok({ after_sale: afterSaleView(r), refund_error: refundError })
}

async function refundIfDue(deps: Deps, actor: Actor, id: number) {
  const r = await findAfterSale(deps.db, id)
  if (!r || !isIn(REFUNDABLE, r.state, r.kind)) return outcome(deps, id)
  const started = await startAfterSaleRefund(deps, actor, r)
  return outcome(deps, id, started.ok ? '' : started.msg)
}

/** review: approve (an approved refund goes straight to the provider; a return waits for the goods) or reject. */
export async function reviewAfterSale(deps: Deps, actor: Actor, id: number, approve: boolean, note: string) {
  const r = await findAfterSale(deps.db, id)
  if (!r) return fail(Codes.NOT_FOUND)
  const moved = await deps.db.transaction().execute(async (trx) => {
    const done = await moveAfterSale(trx, id, approve ? 'approve' : 'reject', {
      actor,
      orderId: r.order_id,
      set: { admin_note: note },
      note,
    })
    if (!done) return false
    if (!approve) await markAfterSaleClosed(trx, r.order_id, nowSeconds())
    await enqueueSms(trx, await mobileOf(trx, r.user_id), 'after_sale_update', {
      order_id: r.order_id,
      state: approve ? 'approved' : 'rejected',
    })
    return true
  })
  if (!moved) return fail(Codes.AFTER_SALE_WRONG_STATE)
  return refundIfDue(deps, actor, id)
}

/** receive: an approved return's goods are back: their stock returns, once, and the refund starts. */
export async function receiveAfterSale(deps: Deps, actor: Actor, id: number) {
  const r = await findAfterSale(deps.db, id)
  if (!r) return fail(Codes.NOT_FOUND)
  const moved = await deps.db.transaction().execute(async (trx) => {
    // The customer first, as every transaction that changes their orders' stock (no deadlock with a commit).
    await lockOrderOwner(trx, r.order_id)
    const now = nowSeconds()
    if (!(await moveAfterSale(trx, id, 'receive', { actor, orderId: r.order_id, set: { receive_time: now } })))
      return false
    await returnStock(trx, r.order_id)
    await enqueueSms(trx, await mobileOf(trx, r.user_id), 'after_sale_update', {
      order_id: r.order_id,
      state: 'received',
    })
    return true
  })
  if (!moved) return fail(Codes.AFTER_SALE_WRONG_STATE)
  return refundIfDue(deps, actor, id)
}

/** refund: starts a request's refund again after the provider refused it (it stays on the order's record). */
export async function retryAfterSaleRefund(deps: Deps, actor: Actor, id: number) {
  const r: AfterSaleRow | undefined = await findAfterSale(deps.db, id)
  if (!r) return fail(Codes.NOT_FOUND)
  if (!isIn(REFUNDABLE, r.state, r.kind)) return fail(Codes.AFTER_SALE_WRONG_STATE)
  const started = await startAfterSaleRefund(deps, actor, r)
  if (!started.ok) return started
  return outcome(deps, id)
}
