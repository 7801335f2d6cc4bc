import type { FastifyInstance } from 'fastify'
import { given } from '../../http/params.ts'
import { ok } from '../../domain/result.ts'
import { apiRoute, UNDOCUMENTED } from '../../http/route.ts'
import { countRefunds, listRefunds, OPEN_STATES, type RefundState } from './refund-repo.ts'
import { RefundList } from './schemas.ts'

/** The back office's view of refunds across orders, so one under way or failed is never out of sight. */
export default async function paymentAdminRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.deps

  apiRoute(app, {
    path: '/api/payment/refund_list',
    write: false,
    access: 'admin:operator',
    summary:
      'Refunds, newest first, with their state (queued, pending, succeeded, failed), attempts and last error: {refunds, pagination: {total, page, count}}',
    params: RefundList,
    response: UNDOCUMENTED,
    handler: async (p) => {
      const states: RefundState[] | undefined =
        p.state === 'all' ? undefined : p.state === 'open' ? OPEN_STATES : [p.state]
      const filter = { states, orderId: given(p.order_id) }
      const total = await countRefunds(db, filter)
      const refunds = await listRefunds(db, filter, (p.page - 1) * p.count, p.count)
      return ok({ refunds, pagination: { total, page: p.page, count: p.count } })
    },
  })
}
