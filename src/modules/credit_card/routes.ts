import type { FastifyInstance } from 'fastify'
import { apiRoute } from '../../http/route.ts'
import { ChargeAnswer } from '../order/index.ts'
import { PayParams } from '../payment/index.ts'
import { payCard } from './repay.ts'
import * as S from './schemas.ts'
import { cardDetail } from './service.ts'

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
    summary: 'Repay what a paid order owes on the card: answers the provider’s charge object',
    params: PayParams,
    response: ChargeAnswer,
    handler: (p, { user, req }) => payCard(deps, user.id, p.pay_params, req.ip),
  })
}
