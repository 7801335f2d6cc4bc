// `/api/credit_card/export`: the cards of get_credit_cards's filters as CSV, in keyset batches
// as the order export (constant memory, stops when the client goes away).
import type { Deps } from '../../deps.ts'
import { BOM, csvLine, yuan } from '../../domain/csv.ts'
import { given } from '../../http/params.ts'
import { exportStarted } from '../../metrics/index.ts'
import { nowSeconds, ZoneClock } from '../../time.ts'
import { REPAY_SECONDS } from '../order/index.ts'
import type { AdminCardFilter } from './admin-repo.ts'
import type { AdminCardQuery } from './admin-service.ts'
import { cardBatch, owedOf, type CardCursor } from './export-repo.ts'

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
})

/** The CSV in chunks: BOM and header, then one chunk per batch of cards. */
export async function* cardCsv(deps: Deps, filter: AdminCardFilter): AsyncGenerator<string> {
  const clock = new ZoneClock(deps.config.shopTimeZone)
  const now = nowSeconds()
  const done = exportStarted('credit_cards')
  try {
    yield BOM + csvLine(HEADER)
    let after: CardCursor | undefined
    for (;;) {
      const cards = await cardBatch(deps.db, filter, after, BATCH)
      const owed = await owedOf(
        deps.db,
        cards.map((c) => c.user_id),
      )
      let chunk = ''
      for (const c of cards) {
        const o = owed.get(c.user_id)
        // Days past the oldest debt's due time; 0 when nothing is overdue.
        const overdue = o ? Math.max(0, Math.ceil((now - (o.firstPaid + REPAY_SECONDS)) / 86_400)) : 0
        chunk += csvLine([
          c.card_id,
          c.user_id,
          c.user_name,
          c.mobile,
          c.channel,
          yuan(c.amount),
          yuan(c.remain_amount),
          yuan(o?.principal ?? 0),
          yuan(0),
          overdue,
          clock.iso(c.update_time),
        ])
      }
      if (chunk) yield chunk
      const last = cards.at(-1)
      if (!last || cards.length < BATCH) return
      after = { updateTime: last.update_time, id: last.id }
    }
  } finally {
    done()
  }
}
