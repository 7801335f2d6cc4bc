import type { FastifyInstance } from 'fastify'
import { apiRoute } from '../../http/route.ts'
import * as S from './schemas.ts'
import { CreditCardService } from './service.ts'

export default async function creditCardRoutes(app: FastifyInstance): Promise<void> {
  const cards = new CreditCardService(app.deps)

  apiRoute(app, {
    path: '/api/credit_card/detail',
    write: false,
    perm: 'U',
    summary: "The caller's card and the paid orders that borrowed on it; refund_time is the due date",
    params: S.CardDetail,
    handler: (p, { user }) => cards.detail(user.id, p.type, p.page, p.count),
  })
}
