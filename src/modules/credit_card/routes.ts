import type { FastifyInstance } from 'fastify'
import { apiRoute } from '../../http/route.ts'
import { ChargeAnswer } from '../order/index.ts'
import { payBill, payCard } from './repay.ts'
import * as S from './schemas.ts'
import { cardBill, cardDetail } from './service.ts'

export default async function creditCardRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app

  apiRoute(app, {
    path: '/api/credit_card/detail',
    write: false,
    access: 'customer',
    summary: "The caller's card and the paid orders that borrowed on it; refund_time is the due date",
    params: S.CardDetail,
    response: S.CardDetailAnswer,
    handler: (p, { user }) => cardDetail(deps, user.id, p.type, p.page, p.count),
  })

  apiRoute(app, {
    path: '/api/credit_card/pay',
    write: true,
    access: 'customer',
    summary:
      'Repay what a paid order owes on the card (late fee first, then principal), or amount fen of it: answers the provider’s charge object; 310 nothing owed, 312 amount out of range',
    params: S.CardPayParams,
    response: ChargeAnswer,
    handler: (p, { user, req }) => payCard(deps, user.id, p.pay_params, req.ip),
  })

  apiRoute(app, {
    path: '/api/credit_card/bill',
    write: false,
    access: 'customer',
    summary: 'All the caller owes now and by when: the debts with something owed, oldest due first',
    params: S.NoParams,
    response: S.BillAnswer,
    handler: (_p, { user }) => cardBill(deps, user.id),
  })

  apiRoute(app, {
    path: '/api/credit_card/pay_bill',
    write: true,
    access: 'customer',
    summary:
      'One charge for all the caller owes (or amount fen), spread over the debts oldest due first; 310 nothing owed, 312 amount out of range',
    params: S.BillPayParams,
    response: ChargeAnswer,
    handler: (p, { user, req }) => payBill(deps, user.id, p.pay_params, req.ip),
  })
}
