import type { FastifyInstance } from 'fastify'
import { Readable } from 'node:stream'
import type { Static } from '@sinclair/typebox'
import { downloadResponses } from '../../http/answer-schemas.ts'
import { apiRoute, envelopeFor, NoData } from '../../http/route.ts'
import { nowSeconds, ZoneClock } from '../../time.ts'
import bulkShipRoutes from './bulk-routes.ts'
import { orderCsv } from './export.ts'
import { adminActor } from '../oplog/index.ts'
import * as S from './admin-schemas.ts'
import { addAdminNote, listOrdersForAdmin, orderDetailForAdmin, orderFilterOf } from './admin-service.ts'
import { refundFlaggedPayments } from '../payment/index.ts'
import { refundOrder } from './refund.ts'
import { shipOrder } from './service.ts'
import { deleteUnorderedSku } from './sku-removal.ts'

/** The back office's order routes: operators and admins. */
export default async function orderAdminRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app
  await app.register(bulkShipRoutes)

  apiRoute(app, {
    path: '/api/order/list',
    write: false,
    access: 'admin:operator',
    summary: 'Every customer’s orders with the customer’s name and mobile, filtered, newest first',
    params: S.AdminOrderList,
    response: S.AdminOrderListAnswer,
    handler: (p) => listOrdersForAdmin(deps, p),
  })

  app.get(
    '/api/order/export',
    {
      config: { access: 'admin:operator' },
      schema: {
        summary:
          'The orders of /api/order/list’s filters as CSV (UTF-8 with a BOM, for Excel), streamed: times ISO 8601 in ' +
          'SHOP_TIMEZONE, amounts in yuan with two decimals, text cells escaped against formulas; 201 bad order_type',
        description: 'Access: admin:operator (a signed-in admin, role operator or admin). GET only.',
        tags: ['order'],
        'x-access': 'admin:operator',
        querystring: S.AdminOrderExport,
        response: downloadResponses('text/csv; charset=utf-8', 'one line per order, newest first, after a header'),
      },
    },
    async (req, reply) => {
      const filter = orderFilterOf(req.query as Static<typeof S.AdminOrderExport>)
      // A refusal is the envelope as JSON text: the route's serializer is for the CSV.
      if (!filter.ok)
        return reply.type('application/json; charset=utf-8').send(JSON.stringify(envelopeFor(reply, filter)))
      const stamp = ZoneClock.of(deps.config.shopTimeZone).iso(nowSeconds()).slice(0, 19).replace(/[-:]/g, '')
      return reply
        .headers({
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="orders-${stamp}.csv"`,
          'cache-control': 'private, no-store',
        })
        .send(Readable.from(orderCsv(deps, filter.value), { objectMode: false }))
    },
  )

  apiRoute(app, {
    path: '/api/order/detail',
    write: false,
    access: 'admin:operator',
    summary: 'One order with its customer, address, lines, payments, history and coupon; 218 unknown',
    params: S.ByOrderId,
    response: S.AdminOrderDetailAnswer,
    handler: (p) => orderDetailForAdmin(deps, p.order_id),
  })

  apiRoute(app, {
    path: '/api/order/send_out',
    write: true,
    access: 'admin:operator',
    summary:
      'Ship a paid order (1→2) with the carrier and tracking number; 510 otherwise (not paid, or its refund under way)',
    params: S.SendOut,
    response: NoData,
    handler: (p, { admin }) => shipOrder(deps, adminActor(admin), p.order_id, p.logistics_id, p.logistics),
  })

  apiRoute(app, {
    path: '/api/order/add_admin_note',
    write: true,
    access: 'admin:operator',
    summary: 'Set the order’s admin note (customers never see it); 218 unknown',
    params: S.AddAdminNote,
    response: NoData,
    handler: (p, { admin }) => addAdminNote(deps, adminActor(admin), p.order_id, p.admin_note),
  })

  apiRoute(app, {
    path: '/api/order/refund',
    write: true,
    access: 'admin:operator',
    summary:
      'Refund a paid order: 1→6 once the provider confirms, stock and credit back; 520 refused, 218 unknown, 102',
    params: S.Refund,
    response: S.RefundsAnswer,
    handler: (p, { admin }) => refundOrder(deps, adminActor(admin), p.order_id, p.reason),
  })

  apiRoute(app, {
    path: '/api/order/refund_flagged',
    write: true,
    access: 'admin:operator',
    summary:
      'Give back money the order could not take (paid after cancel or expiry, twice, repaid when refunded); 520 none',
    params: S.Refund,
    response: S.RefundsAnswer,
    handler: (p, { admin }) => refundFlaggedPayments(deps, adminActor(admin), p.order_id, p.reason),
  })

  apiRoute(app, {
    path: '/api/sku/delete',
    write: true,
    access: 'admin:admin',
    summary:
      'Delete a SKU that no order names (it leaves every cart too); 232 when one does (take it off sale instead), 230 unknown',
    params: S.DeleteSku,
    response: NoData,
    handler: (p, { admin }) => deleteUnorderedSku(deps, adminActor(admin), p.sku_id),
  })
}
