import type { Deps } from '../../deps.ts'
import { given } from '../../http/params.ts'
import { Codes } from '../../domain/codes.ts'
import { fail, ok } from '../../domain/result.ts'
import { invalidParam } from '../../domain/result.ts'
import { nowSeconds } from '../../time.ts'
import { changeLimit } from '../credit/index.ts'
import { historyOf, writeLog, type Actor } from '../oplog/index.ts'
import { countDebts, itemsOf, listDebts, orderView, REPAY_SECONDS } from '../order/index.ts'
import { customerSummary } from '../user/index.ts'
import { CARD_COUNT_CAP, countAdminCards, findCard, listAdminCards } from './admin-repo.ts'

export interface AdminCardQuery {
  u_name?: string
  u_mobile?: string
  channel?: string
  update_time_st?: number | ''
  update_time_ed?: number | ''
  update_time_dt?: number | ''
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
  }
  const total = await countAdminCards(deps.db, filter)
  const cards = await listAdminCards(deps.db, filter, (q.page - 1) * q.count, q.count)
  const capped = total > CARD_COUNT_CAP
  return ok({
    credit_cards: cards,
    pagination: {
      total: capped ? CARD_COUNT_CAP : total,
      page: q.page,
      count: q.count,
      capped: capped ? (1 as const) : (0 as const),
    },
  })
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
  const items = await itemsOf(
    db,
    orders.map((o) => o.order_id),
  )
  return ok({
    user_info: await customerSummary(db, userId),
    card_info: cardInfo,
    card_order_infos: orders.map((o) => ({
      ...orderView(o, items.get(o.order_id) ?? []),
      credit_held: o.credit_held,
      // When the debt is due: 60 days after payment.
      due_time: (o.pay_time ?? 0) + REPAY_SECONDS,
    })),
    card_order_pagination: { total, page, count },
    card_log_infos: await historyOf(db, cardTarget(cardId)),
  })
}
