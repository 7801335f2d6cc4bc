import type { Deps } from '../../deps.ts'
import { lockOrderOwner } from '../../db/dialect.ts'
import { given } from '../../http/params.ts'
import { Codes } from '../../domain/codes.ts'
import { overdueDay } from '../../domain/credit.ts'
import { fail, ok } from '../../domain/result.ts'
import { invalidParam } from '../../domain/result.ts'
import { nowSeconds } from '../../time.ts'
import { accrueDebt, changeLimit, debtsByOrder, entriesOf, findDebt, waiveDebtFee } from '../credit/index.ts'
import { historyOf, writeLog, type Actor } from '../oplog/index.ts'
import { countDebts, findOrder, itemsOf, listDebts, orderView, settleOrderDebt } from '../order/index.ts'
import { customerSummary } from '../user/index.ts'
import { countAdminCards, findCard, listAdminCards, type OverdueBucket } from './admin-repo.ts'
import { debtView, entryView } from './debt-view.ts'

export interface AdminCardQuery {
  u_name?: string
  u_mobile?: string
  channel?: string
  update_time_st?: number | ''
  update_time_ed?: number | ''
  update_time_dt?: number | ''
  overdue?: OverdueBucket | ''
  page: number
  count: number
}

const cardTarget = (cardId: string) => ({ type: 'credit_card', id: cardId })

const BELOW_ZERO = '额度调整失败:调整后的可用额度会低于0,已借出的额度要等用户还款后才能减少'

/** `/api/credit_card/get_credit_cards`: cards with their holders, filtered. */
export async function listCardsForAdmin(deps: Deps, q: AdminCardQuery) {
  const filter = {
    namePrefix: given(q.u_name),
    mobilePrefix: given(q.u_mobile),
    channel: given(q.channel),
    updatedFrom: given(q.update_time_st),
    updatedTo: given(q.update_time_ed) ?? given(q.update_time_dt),
    overdue: given(q.overdue),
    now: nowSeconds(),
  }
  const total = await countAdminCards(deps.db, filter)
  const rows = await listAdminCards(deps.db, filter, (q.page - 1) * q.count, q.count)
  const cards = rows.map(({ owed_principal, owed_fee, oldest_due, ...card }) => ({
    ...card,
    owed_principal: Number(owed_principal ?? 0),
    owed_fee: Number(owed_fee ?? 0),
    max_overdue_days: oldest_due === null ? 0 : overdueDay(Number(oldest_due), filter.now),
  }))
  const capped = total.atLeast ? (1 as const) : (0 as const)
  return ok({ credit_cards: cards, pagination: { total: total.n, page: q.page, count: q.count, capped } })
}

/**
 * `/api/credit_card/set_credit_cards`: the limit and the remaining credit move together; 311 if
 * either goes below 0 or the limit above ¥10 000 000 000
 */
export async function setCardLimit(deps: Deps, actor: Actor, cardId: string, incFen: number) {
  if (incFen === 0) return invalidParam('inc_amount')
  const card = await deps.db.transaction().execute(async (trx) => {
    const changed = (await changeLimit(trx, cardId, incFen)) && (await findCard(trx, cardId))
    if (!changed) return undefined
    await writeLog(trx, actor, cardTarget(cardId), '调整额度', [
      { label: incFen > 0 ? '增加' : '减少', fen: Math.abs(incFen) },
      { label: '额度', fen: changed.amount },
      { label: '剩余', fen: changed.remain_amount },
    ])
    return changed
  })
  if (card) return ok(card)
  // A card's remaining credit is what is not lent out: it (and so the limit) cannot be lowered below 0.
  return (await findCard(deps.db, cardId)) ? fail(Codes.CREDIT_CHANGE_REFUSED, BELOW_ZERO) : fail(Codes.CARD_NOT_FOUND)
}

/** `/api/credit_card/get_card_detail`: the card, its holder, the paid orders that borrowed on it, and its history. */
export async function cardDetailForAdmin(deps: Deps, cardId: string, page: number, count: number) {
  const { db } = deps
  const card = await findCard(db, cardId)
  if (!card) return fail(Codes.CARD_NOT_FOUND)
  const { user_id: userId, ...cardInfo } = card
  const now = nowSeconds()
  const total = await countDebts(db, userId, 'all', now)
  const orders = await listDebts(db, userId, 'all', now, (page - 1) * count, count)
  const ids = orders.map((o) => o.order_id)
  const items = await itemsOf(db, ids)
  const debts = await debtsByOrder(db, ids)
  const entries = await entriesOf(db, ids)
  return ok({
    user_info: await customerSummary(db, userId),
    card_info: cardInfo,
    card_order_infos: orders.map((o) => {
      const debt = debts.get(o.order_id)
      if (!debt) throw new Error(`paid order ${o.order_id} borrowed but has no debt`)
      return {
        ...orderView(o, items.get(o.order_id) ?? []),
        credit_held: o.credit_held,
        due_time: debt.due_time,
        debt: debtView(debt, now),
        entries: entries.filter((e) => e.order_id === o.order_id).map(entryView),
      }
    }),
    card_order_pagination: { total, page, count },
    card_log_infos: await historyOf(db, cardTarget(cardId)),
  })
}

/**
 * `/api/credit_card/waive_fee`: waives `amount` fen of a debt's late fee (brought up to date first),
 * never more than is outstanding (313); logged with the admin. A waiver that leaves nothing owed
 * repays the debt, and so lifts a freeze. Answers the debt as it now stands.
 */
export async function waiveFee(deps: Deps, actor: Actor, orderId: string, amountFen: number, reason: string) {
  const { db, config } = deps
  if (!(await findOrder(db, orderId))) return fail(Codes.ORDER_NOT_FOUND)
  const now = nowSeconds()
  const waived = await db.transaction().execute(async (trx) => {
    await lockOrderOwner(trx, orderId)
    await accrueDebt(trx, config.credit, orderId, now)
    const done = await waiveDebtFee(trx, orderId, amountFen, actor, reason, now)
    if (!done) return false
    if (done.cleared) await settleOrderDebt(trx, orderId, { principalCleared: true, repaid: true })
    await writeLog(trx, actor, { type: 'order', id: orderId }, `减免逾期费: ${reason}`, [
      { label: '减免', fen: amountFen },
    ])
    return true
  })
  const debt = await findDebt(db, orderId)
  if (!waived || !debt) return fail(Codes.WAIVE_AMOUNT)
  return ok(debtView(debt, now))
}
