import type { Deps } from '../../deps.ts'
import { graceEndsBefore } from '../../domain/credit.ts'
import { ok } from '../../domain/result.ts'
import { nowSeconds } from '../../time.ts'
import { debtsByOrder, feeDue, findCard, owedDebtsOf, principalDue, totalDue } from '../credit/index.ts'
import { countDebts, itemsOf, listDebts, orderView, type DebtType } from '../order/index.ts'
import { debtView, overdueDays } from './debt-view.ts'
import { accrueCustomer } from './repay.ts'

/**
 * The caller's card and the paid orders that borrowed on it; refund_time is each debt's due date,
 * with what of it is repaid, the fee owed and the days past due.
 */
export async function cardDetail(deps: Deps, userId: number, type: DebtType, page: number, count: number) {
  const { db } = deps
  const now = nowSeconds()
  await accrueCustomer(deps, userId, now)
  const card = await findCard(db, userId)
  if (!card) throw new Error(`customer ${userId} has no credit card`)
  const total = await countDebts(db, userId, type, now)
  const orders = await listDebts(db, userId, type, now, (page - 1) * count, count)
  const ids = orders.map((o) => o.order_id)
  const items = await itemsOf(db, ids)
  const debts = await debtsByOrder(db, ids)
  return ok({
    credit_card: {
      ...card,
      orders: orders.map((o) => {
        const debt = debts.get(o.order_id)
        if (!debt) throw new Error(`paid order ${o.order_id} borrowed but has no debt`)
        return {
          ...orderView(o, items.get(o.order_id) ?? []),
          refund_time: debt.due_time,
          principal_repaid: debt.principal_repaid,
          fee_due: debt.state === 'owed' ? feeDue(debt) : 0,
          overdue_days: overdueDays(debt, now),
        }
      }),
    },
    pagination: { total, page, count },
  })
}

/**
 * `/api/credit_card/bill`: all the caller owes now, and by when: the debts with something owed,
 * oldest due first, and whether borrowing is frozen by one past its grace period.
 */
export async function cardBill(deps: Deps, userId: number) {
  const now = nowSeconds()
  await accrueCustomer(deps, userId, now)
  const owed = await owedDebtsOf(deps.db, userId)
  const graceEnd = graceEndsBefore(deps.config.credit, now)
  return ok({
    total_due: owed.reduce((s, d) => s + totalDue(d), 0),
    principal_due: owed.reduce((s, d) => s + principalDue(d), 0),
    fee_due: owed.reduce((s, d) => s + feeDue(d), 0),
    next_due_time: owed[0]?.due_time ?? null,
    frozen: owed.some((d) => d.due_time < graceEnd),
    debts: owed.map((d) => debtView(d, now)),
  })
}
