import { Readable } from 'node:stream'
import type { Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { downloadResponses } from '../../http/answer-schemas.ts'
import { nowSeconds, ZoneClock } from '../../time.ts'
import { AdminCardExport } from './admin-schemas.ts'
import { cardCsv, cardFilterOf } from './export.ts'

/** `/api/credit_card/export`: admins only, as the card list. */
export default async function cardExportRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app
  app.get(
    '/api/credit_card/export',
    {
      config: { access: 'admin:admin' },
      schema: {
        summary:
          'The cards of get_credit_cards’s filters as CSV (UTF-8 with a BOM), streamed: holder, limit, remaining, owed ' +
          'principal and fee, max overdue days; yuan with two decimals, times in SHOP_TIMEZONE',
        description: 'Access: admin:admin (a signed-in admin, role admin). GET only.',
        tags: ['credit_card'],
        'x-access': 'admin:admin',
        querystring: AdminCardExport,
        response: downloadResponses('text/csv; charset=utf-8', 'one line per card, most recently changed first'),
      },
    },
    async (req, reply) => {
      const filter = cardFilterOf(req.query as Static<typeof AdminCardExport>)
      const stamp = ZoneClock.of(deps.config.shopTimeZone).iso(nowSeconds()).slice(0, 19).replace(/[-:]/g, '')
      return reply
        .headers({
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="credit-cards-${stamp}.csv"`,
          'cache-control': 'private, no-store',
        })
        .send(Readable.from(cardCsv(deps, filter), { objectMode: false }))
    },
  )
}
