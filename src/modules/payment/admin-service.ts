import type { Static } from '@sinclair/typebox'
import type { Deps } from '../../deps.ts'
import { ok } from '../../domain/result.ts'
import { given } from '../../http/params.ts'
import { countRefunds, listRefunds, OPEN_STATES, type RefundState } from './refund-repo.ts'
import type { RefundList } from './schemas.ts'

/** `/api/payment/refund_list`: refunds across orders, newest first, by state and order. */
export async function refundListForAdmin(deps: Deps, q: Static<typeof RefundList>) {
  const states: RefundState[] | undefined = q.state === 'all' ? undefined : q.state === 'open' ? OPEN_STATES : [q.state]
  const filter = { states, orderId: given(q.order_id) }
  const total = await countRefunds(deps.db, filter)
  const refunds = await listRefunds(deps.db, filter, (q.page - 1) * q.count, q.count)
  return ok({ refunds, pagination: { total, page: q.page, count: q.count } })
}
