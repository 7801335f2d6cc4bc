// `/api/credit_card/export`: the cards of get_credit_cards's filters as CSV, with what each
// holder owes from the debt ledger, in batches of 1 000 cards (memory stays that of one batch;
// the stream stops when the client goes away). Batches are the list's own pages: a shop has a
// card per customer, so skipping earlier pages' index entries stays cheap at 100 000 cards.
import type { Deps } from '../../deps.ts'
import { overdueDay } from '../../domain/credit.ts'
import { BOM, csvLine, yuan } from '../../domain/csv.ts'
import { given } from '../../http/params.ts'
import { exportStarted } from '../../metrics/index.ts'
import { nowSeconds, ZoneClock } from '../../time.ts'
import { listAdminCards, type AdminCardFilter } from './admin-repo.ts'
import type { AdminCardQuery } from './admin-service.ts'

const BATCH = 1000
const HEADER = [
  '额度卡号',
  '用户ID',
  '用户名',
  '手机号',
  '渠道',
  '额度',
  '可用额度',
  '欠款本金',
  '欠款逾期费',
  '最长逾期天数',
  '更新时间',
]

export const cardFilterOf = (q: Omit<AdminCardQuery, 'page' | 'count'>): AdminCardFilter => ({
  namePrefix: given(q.u_name),
  mobilePrefix: given(q.u_mobile),
  channel: given(q.channel),
  updatedFrom: given(q.update_time_st),
  updatedTo: given(q.update_time_ed) ?? given(q.update_time_dt),
  overdue: given(q.overdue),
  now: nowSeconds(),
})

/** The CSV in chunks: BOM and header, then one chunk per batch of cards. */
export async function* cardCsv(deps: Deps, filter: AdminCardFilter): AsyncGenerator<string> {
  const clock = ZoneClock.of(deps.config.shopTimeZone)
  const done = exportStarted('credit_cards')
  try {
    yield BOM + csvLine(HEADER)
    for (let offset = 0; ; offset += BATCH) {
      const cards = await listAdminCards(deps.db, filter, offset, BATCH)
      let chunk = ''
      for (const c of cards)
        chunk += csvLine([
          c.card_id,
          c.user_id,
          c.user_name,
          c.mobile,
          c.channel,
          yuan(c.amount),
          yuan(c.remain_amount),
          yuan(Number(c.owed_principal ?? 0)),
          yuan(Number(c.owed_fee ?? 0)),
          c.oldest_due === null ? 0 : overdueDay(Number(c.oldest_due), filter.now),
          clock.iso(c.update_time),
        ])
      if (chunk) yield chunk
      if (cards.length < BATCH) return
    }
  } finally {
    done()
  }
}
