import type { FastifyInstance } from 'fastify'
import { invalidParam } from '../../domain/result.ts'
import { PayParams } from '../payment/index.ts'
import { apiRoute, NoData } from '../../http/route.ts'
import { commitOrder } from './commit.ts'
import { payOrder } from './pay.ts'
import { prepareOrder } from './quote.ts'
import * as S from './schemas.ts'
import { briefForPay, cancelOrder, confirmOrder, deleteOrder, orderList, orderOf } from './service.ts'

export default async function orderRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app

  apiRoute(app, {
    path: '/api/order/prepare_order',
    write: false,
    access: 'customer',
    summary: 'Quote an order from the cart or from SKUs; writes nothing',
    params: S.PrepareOrder,
    response: S.QuoteAnswer,
    handler: (p, { user }) => prepareOrder(deps.db, user.id, p, deps.config.orderShipBase),
  })

  apiRoute(app, {
    path: '/api/order/commit_order',
    write: true,
    access: 'customer',
    summary: 'Commit an order: stock and credit are reserved; an Idempotency-Key header makes retries safe',
    params: S.CommitOrder,
    response: S.CommitAnswer,
    handler: async (p, { user, req }) => {
      const key = req.headers['idempotency-key']
      if (key !== undefined && (typeof key !== 'string' || key.length === 0 || key.length > 128))
        return invalidParam('Idempotency-Key')
      return commitOrder(deps, user.id, p, key)
    },
  })

  apiRoute(app, {
    path: '/api/order/get_order_list',
    write: false,
    access: 'customer',
    summary: "The caller's orders of a type, newest first",
    params: S.OrderList,
    response: S.OrderListAnswer,
    handler: (p, { user }) => orderList(deps, user.id, p.order_type, p.page, p.count),
  })

  apiRoute(app, {
    path: '/api/order/get_order_brief_for_pay',
    write: false,
    access: 'customer',
    summary: 'What the pay page shows of a payable order',
    params: S.ByOrderId,
    response: S.BriefForPayAnswer,
    handler: (p, { user }) => briefForPay(deps, user.id, p.order_id),
  })

  apiRoute(app, {
    path: '/api/order/get_order',
    write: false,
    access: 'customer',
    summary: 'One of the caller’s orders with its lines and address',
    params: S.ByOrderId,
    response: S.OrderDetailAnswer,
    handler: (p, { user }) => orderOf(deps, user.id, p.order_id),
  })

  apiRoute(app, {
    path: '/api/order/delete_order',
    write: true,
    access: 'customer',
    summary: 'Hide a finished order (states 3, 4, 5, 6)',
    params: S.ByOrderId,
    response: NoData,
    handler: (p, { user }) => deleteOrder(deps, user.id, p.order_id),
  })

  apiRoute(app, {
    path: '/api/order/confirm_order',
    write: true,
    access: 'customer',
    summary: 'Confirm receipt of a shipped order',
    params: S.ByOrderId,
    response: NoData,
    handler: (p, { user }) => confirmOrder(deps, user.id, p.order_id),
  })

  apiRoute(app, {
    path: '/api/order/cancel_order',
    write: true,
    access: 'customer',
    summary: 'Cancel an unpaid order; its stock and credit come back',
    params: S.CancelOrder,
    response: NoData,
    handler: (p, { user }) => cancelOrder(deps, user.id, p.order_id, p.reason ?? ''),
  })

  apiRoute(app, {
    path: '/api/order/pay',
    write: true,
    access: 'customer',
    summary: 'Pay an unpaid order: answers the provider’s charge object for pingpp-pc.js (or the sandbox page)',
    params: PayParams,
    response: S.ChargeAnswer,
    handler: (p, { user, req }) => payOrder(deps, user.id, p.pay_params, req.ip),
  })
}
