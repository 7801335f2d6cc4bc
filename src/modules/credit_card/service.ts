import type { Deps } from '../../deps.ts'
import { ok } from '../../domain/result.ts'
import { nowSeconds } from '../../time.ts'
import { findCard } from '../credit/index.ts'
import { countDebts, itemsOf, listDebts, orderView, REPAY_SECONDS, type DebtType } from '../order/index.ts'

/** The caller's card and the paid orders that borrowed on it; refund_time is each debt's due date. */
export async function cardDetail(deps: Deps, userId: number, type: DebtType, page: number, count: number) {
  const { db } = deps
  const now = nowSeconds()
  const card = await findCard(db, userId)
  if (!card) throw new Error(`customer ${userId} has no credit card`)
  const total = await countDebts(db, userId, type, now)
  const orders = await listDebts(db, userId, type, now, (page - 1) * count, count)
  const items = await itemsOf(
    db,
    orders.map((o) => o.order_id),
  )
  return ok({
    credit_card: {
      ...card,
      orders: orders.map((o) => ({
        ...orderView(o, items.get(o.order_id) ?? []),
        refund_time: (o.pay_time ?? 0) + REPAY_SECONDS,
      })),
    },
    pagination: { total, page, count },
  })
}
