import type { Deps } from '../../deps.ts'
import type { Executor } from '../../db/dialect.ts'
import { ok, type Outcome } from '../../http/envelope.ts'
import { nowSeconds } from '../../time.ts'
import { itemsOf } from '../order/repo.ts'
import { OrderState } from '../order/state.ts'
import { orderView } from '../order/view.ts'

/** A debt is due this long after the order was paid. */
export const REPAY_SECONDS = 60 * 24 * 3600

export type DetailType = 'all' | 'need_pay' | 'over_time' | 'has_pay'

/** Paid orders that borrowed on the card, narrowed to one detail type. */
function debts(ex: Executor, userId: number, type: DetailType, now: number) {
  let q = ex
    .selectFrom('orders')
    .where('user_id', '=', userId)
    .where('state', 'in', [OrderState.PAID, OrderState.SHIPPED, OrderState.COMPLETE])
    .where('credit_amount', '<', 0)
  if (type === 'need_pay' || type === 'over_time') q = q.where('credit_card_state', '=', 0)
  if (type === 'over_time') q = q.where('pay_time', '<', now - REPAY_SECONDS)
  if (type === 'has_pay') q = q.where('credit_card_state', '=', 1)
  return q
}

export class CreditCardService {
  constructor(private readonly deps: Deps) {}

  async detail(userId: number, type: DetailType, page: number, count: number): Promise<Outcome> {
    const { db } = this.deps
    const now = nowSeconds()
    const card = await db.selectFrom('credit_cards').select(['card_id', 'amount', 'remain_amount', 'channel', 'create_time', 'update_time']).where('user_id', '=', userId).executeTakeFirstOrThrow()
    const total = Number((await debts(db, userId, type, now).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    const orders = await debts(db, userId, type, now).selectAll().orderBy('pay_time', 'desc').orderBy('order_id', 'desc').offset((page - 1) * count).limit(count).execute()
    const items = await itemsOf(db, orders.map((o) => o.order_id))
    return ok({
      credit_card: {
        ...card,
        orders: orders.map((o) => ({ ...orderView(o, items.get(o.order_id) ?? []), refund_time: (o.pay_time ?? 0) + REPAY_SECONDS })),
      },
      pagination: { total, page, count },
    })
  }
}
