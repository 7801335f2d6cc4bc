import type { FastifyInstance } from 'fastify'
import { apiRoute } from '../../http/route.ts'
import { adminActor } from '../oplog/index.ts'
import * as S from './admin-schemas.ts'
import cardExportRoutes from './export-routes.ts'
import { cardDetailForAdmin, listCardsForAdmin, setCardLimit, waiveFee } from './admin-service.ts'
import { DebtAnswer } from './schemas.ts'

/** The back office's card routes: admins only, since they decide who may borrow how much. */
export default async function creditCardAdminRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app
  await app.register(cardExportRoutes)

  apiRoute(app, {
    path: '/api/credit_card/get_credit_cards',
    write: false,
    access: 'admin:admin',
    summary: 'Cards with their holders, filtered, most recently changed first',
    params: S.AdminCardList,
    response: S.AdminCardListAnswer,
    handler: (p) => listCardsForAdmin(deps, p),
  })

  apiRoute(app, {
    path: '/api/credit_card/set_credit_cards',
    write: true,
    access: 'admin:admin',
    summary:
      'Move a card’s limit and remaining credit by inc_amount (fen, ±); 311 either would go below 0, 314 no such card',
    params: S.SetCreditCard,
    response: S.AdminCardAnswer,
    handler: (p, { admin }) => setCardLimit(deps, adminActor(admin), p.card_id, p.inc_amount),
  })

  apiRoute(app, {
    path: '/api/credit_card/get_card_detail',
    write: false,
    access: 'admin:admin',
    summary: 'One card with its holder, the orders that borrowed on it and its history; 314 no such card',
    params: S.CardDetail,
    response: S.AdminCardDetailAnswer,
    handler: (p) => cardDetailForAdmin(deps, p.card_id, p.page, p.count),
  })

  apiRoute(app, {
    path: '/api/credit_card/waive_fee',
    write: true,
    access: 'admin:admin',
    summary:
      'Waive amount fen of a debt’s outstanding late fee, with a reason; 313 more than is outstanding, 218 no such order',
    params: S.WaiveFee,
    response: DebtAnswer,
    handler: (p, { admin }) => waiveFee(deps, adminActor(admin), p.order_id, p.amount, p.reason),
  })
}
