import type { FastifyInstance } from 'fastify'
import { apiRoute } from '../../http/route.ts'
import { Overview, OverviewAnswer } from './schemas.ts'
import { overview } from './service.ts'

/** The owner's view of the business: per day in the shop's time zone, and now. */
export default async function statsRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app
  apiRoute(app, {
    path: '/api/stats/overview',
    write: false,
    access: 'admin:admin',
    summary:
      'The last `days` (1–90) days in SHOP_TIMEZONE: orders, paid orders, GMV, first payments, credit borrowed, ' +
      'repayments, fees, refunds; and now: credit outstanding, overdue principal M1–M3, orders to ship, open after-sales',
    params: Overview,
    response: OverviewAnswer,
    handler: (p) => overview(deps, p.days),
  })
}
