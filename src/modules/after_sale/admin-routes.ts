import type { FastifyInstance } from 'fastify'
import { apiRoute } from '../../http/route.ts'
import { adminActor } from '../oplog/index.ts'
import {
  afterSaleDetail,
  listAfterSalesForAdmin,
  receiveAfterSale,
  retryAfterSaleRefund,
  reviewAfterSale,
} from './admin-service.ts'
import * as S from './schemas.ts'

/** The back office's after-sale routes: operators and admins. */
export default async function afterSaleAdminRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app

  apiRoute(app, {
    path: '/api/after_sale/list',
    write: false,
    access: 'admin:operator',
    summary: 'After-sale requests with their customer, filtered by state, order and mobile prefix, newest first',
    params: S.AfterSaleList,
    response: S.AdminAfterSaleListAnswer,
    handler: (p) => listAfterSalesForAdmin(deps, p),
  })

  apiRoute(app, {
    path: '/api/after_sale/detail',
    write: false,
    access: 'admin:operator',
    summary: 'One request with its customer and history; 404 unknown',
    params: S.ByAfterSaleId,
    response: S.AfterSaleDetailAnswer,
    handler: (p) => afterSaleDetail(deps, p.after_sale_id),
  })

  apiRoute(app, {
    path: '/api/after_sale/review',
    write: true,
    access: 'admin:operator',
    summary: 'Approve (a refund goes to the provider at once; a return waits for the goods) or reject; 551, 404',
    params: S.Review,
    response: S.StepAnswer,
    handler: (p, { admin }) => reviewAfterSale(deps, adminActor(admin), p.after_sale_id, p.approve === 1, p.note),
  })

  apiRoute(app, {
    path: '/api/after_sale/receive',
    write: true,
    access: 'admin:operator',
    summary: 'An approved return’s goods are back: stock returned, then the refund starts; 551, 404',
    params: S.ByAfterSaleId,
    response: S.StepAnswer,
    handler: (p, { admin }) => receiveAfterSale(deps, adminActor(admin), p.after_sale_id),
  })

  apiRoute(app, {
    path: '/api/after_sale/refund',
    write: true,
    access: 'admin:operator',
    summary: 'Start a request’s refund again after the provider refused it; 551 not refundable, 520 under way, 102',
    params: S.ByAfterSaleId,
    response: S.StepAnswer,
    handler: (p, { admin }) => retryAfterSaleRefund(deps, adminActor(admin), p.after_sale_id),
  })
}
