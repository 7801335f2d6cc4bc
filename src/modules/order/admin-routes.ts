import type { FastifyInstance } from 'fastify'
import { apiRoute, NoData } from '../../http/route.ts'
import { adminActor } from '../oplog/index.ts'
import * as S from './admin-schemas.ts'
import { addAdminNote, listOrdersForAdmin, orderDetailForAdmin } from './admin-service.ts'
import { refundFlaggedPayments } from '../payment/index.ts'
import { refundOrder } from './refund.ts'
import { shipOrder } from './service.ts'

/** The back office's order routes: operators and admins. */
export default async function orderAdminRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app

  apiRoute(app, {
    path: '/api/order/list',
    write: false,
    access: 'admin:operator',
    summary: 'Every customer’s orders with the customer’s name and mobile, filtered, newest first',
    params: S.AdminOrderList,
    response: S.AdminOrderListAnswer,
    handler: (p) => listOrdersForAdmin(deps, p),
  })

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
}
