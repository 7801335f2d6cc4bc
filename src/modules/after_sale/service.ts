import type { Deps } from '../../deps.ts'
import { lockOrder } from '../../db/dialect.ts'
import type { AfterSaleKind } from '../../db/types.ts'
import { Codes } from '../../domain/codes.ts'
import { fail, ok } from '../../domain/result.ts'
import { nowSeconds } from '../../time.ts'
import { userActor, writeLog } from '../oplog/index.ts'
import { DAY_SECONDS, findOwnOrder, markAfterSaleClosed, markAfterSaleOpen, OrderState } from '../order/index.ts'
import { afterSalesOfOrder, findOwnAfterSale, insertAfterSale, setReturnLogistics } from './repo.ts'
import { afterSaleTarget, moveAfterSale } from './state.ts'
import { afterSaleView } from './view.ts'

// The customer's side of after-sale.

export interface Application {
  order_id: string
  kind: AfterSaleKind
  reason: string
  images: string[]
}

const KIND_TEXT: Record<AfterSaleKind, string> = { refund: '申请退款', return: '申请退货退款' }

/**
 * apply_refund: a refund of a paid order not shipped, or a return of a shipped one (always) or a
 * complete one within AFTER_SALE_DAYS of completion; one open request per order. The order is
 * marked by one conditional statement, so of two applications at once, or an application and a
 * shipment, a confirmation or an auto-confirm, each sees the other's outcome.
 */
export async function applyAfterSale(deps: Deps, userId: number, a: Application) {
  const order = await findOwnOrder(deps.db, userId, a.order_id)
  if (!order) return fail(Codes.ORDER_NOT_FOUND)
  const now = nowSeconds()
  const states = a.kind === 'refund' ? [OrderState.PAID] : [OrderState.SHIPPED, OrderState.COMPLETE]
  // Completed at or before this, the window has passed: in its last second it has (as every deadline in sfm).
  const completedAfter = a.kind === 'return' ? now - deps.config.afterSaleDays * DAY_SECONDS : undefined
  const id = await deps.db.transaction().execute(async (trx) => {
    // The order's lock first: the back office's refund claims under it, and this must see that claim.
    await lockOrder(trx, a.order_id)
    if (!(await markAfterSaleOpen(trx, userId, a.order_id, states, completedAfter, now))) return undefined
    const id = await insertAfterSale(trx, { orderId: a.order_id, userId, ...a }, now)
    const text = `${KIND_TEXT[a.kind]}: ${a.reason}`
    await writeLog(trx, userActor(userId), afterSaleTarget(id), text)
    await writeLog(trx, userActor(userId), { type: 'order', id: a.order_id }, `售后单${id} ${text}`)
    return id
  })
  return id === undefined ? fail(Codes.AFTER_SALE_REFUSED) : ok({ after_sale_id: id })
}

/** after_sale: the caller's order's requests, newest first. */
export async function afterSalesOf(deps: Deps, userId: number, orderId: string) {
  if (!(await findOwnOrder(deps.db, userId, orderId, true))) return fail(Codes.ORDER_NOT_FOUND)
  return ok({ after_sales: (await afterSalesOfOrder(deps.db, orderId)).map(afterSaleView) })
}

/** return_logistics: how the customer sends an approved return back; again until the goods arrive. */
export async function returnLogistics(deps: Deps, userId: number, id: number, logistics: string, logisticsId: string) {
  const request = await findOwnAfterSale(deps.db, userId, id)
  if (!request) return fail(Codes.NOT_FOUND)
  const set = await deps.db.transaction().execute(async (trx) => {
    if (!(await setReturnLogistics(trx, userId, id, logistics, logisticsId, nowSeconds()))) return false
    const text = `寄回退货: ${logistics} ${logisticsId}`
    await writeLog(trx, userActor(userId), afterSaleTarget(id), text)
    await writeLog(trx, userActor(userId), { type: 'order', id: request.order_id }, `售后单${id} ${text}`)
    return true
  })
  return set ? ok() : fail(Codes.AFTER_SALE_WRONG_STATE)
}

/** cancel_after_sale: withdrawn while requested, or approved with nothing back yet; the order is free again. */
export async function cancelAfterSale(deps: Deps, userId: number, id: number) {
  const request = await findOwnAfterSale(deps.db, userId, id)
  if (!request) return fail(Codes.NOT_FOUND)
  const moved = await deps.db.transaction().execute(async (trx) => {
    const done = await moveAfterSale(trx, id, 'withdraw', {
      actor: userActor(userId),
      orderId: request.order_id,
      userId,
    })
    if (done) await markAfterSaleClosed(trx, request.order_id, nowSeconds())
    return done
  })
  return moved ? ok() : fail(Codes.AFTER_SALE_WRONG_STATE)
}
