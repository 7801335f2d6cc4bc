import type { FastifyInstance } from 'fastify'
import { apiRoute, NoData } from '../../http/route.ts'
import * as S from './schemas.ts'
import { afterSalesOf, applyAfterSale, cancelAfterSale, returnLogistics } from './service.ts'

/** The customer's after-sale routes, under /api/order/ as the original's apply_refund. */
export default async function afterSaleRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app

  apiRoute(app, {
    path: '/api/order/apply_refund',
    write: true,
    access: 'customer',
    summary:
      'Ask for a refund (paid, not shipped) or a return (shipped, or complete within AFTER_SALE_DAYS); 550 refused, 218',
    params: S.ApplyRefund,
    response: S.ApplyAnswer,
    handler: (p, { user }) => applyAfterSale(deps, user.id, p),
  })

  apiRoute(app, {
    path: '/api/order/after_sale',
    write: false,
    access: 'customer',
    summary: 'The after-sale requests of one of the caller’s orders, newest first; 218 unknown',
    params: S.ByOrderId,
    response: S.AfterSalesAnswer,
    handler: (p, { user }) => afterSalesOf(deps, user.id, p.order_id),
  })

  apiRoute(app, {
    path: '/api/order/return_logistics',
    write: true,
    access: 'customer',
    summary: 'How the goods of an approved return are sent back; 551 in another state, 404 unknown',
    params: S.ReturnLogistics,
    response: NoData,
    handler: (p, { user }) => returnLogistics(deps, user.id, p.after_sale_id, p.logistics, p.logistics_id),
  })

  apiRoute(app, {
    path: '/api/order/cancel_after_sale',
    write: true,
    access: 'customer',
    summary: 'Withdraw a request while requested, or approved with nothing back yet; 551 otherwise, 404 unknown',
    params: S.ByAfterSaleId,
    response: NoData,
    handler: (p, { user }) => cancelAfterSale(deps, user.id, p.after_sale_id),
  })
}
