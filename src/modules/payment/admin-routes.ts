import type { FastifyInstance } from 'fastify'
import { apiRoute } from '../../http/route.ts'
import { refundListForAdmin } from './admin-service.ts'
import { RefundList, RefundListAnswer } from './schemas.ts'

/** The back office's view of refunds across orders, so one under way or failed is never out of sight. */
export default async function paymentAdminRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app

  apiRoute(app, {
    path: '/api/payment/refund_list',
    write: false,
    access: 'admin:operator',
    summary:
      'Refunds, newest first, with their state (queued, pending, succeeded, failed), attempts and last error: ' +
      '{refunds, pagination: {total, page, count}}',
    params: RefundList,
    response: RefundListAnswer,
    handler: (p) => refundListForAdmin(deps, p),
  })
}
