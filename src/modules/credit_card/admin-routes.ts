import type { FastifyInstance } from 'fastify'
import { apiRoute, UNDOCUMENTED } from '../../http/route.ts'
import { adminActor } from '../oplog/index.ts'
import * as S from './admin-schemas.ts'
import { cardDetailForAdmin, listCardsForAdmin, setCardLimit } from './admin-service.ts'

/** The back office's card routes: admins only, since they decide who may borrow how much. */
export default async function creditCardAdminRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app

  apiRoute(app, {
    path: '/api/credit_card/get_credit_cards',
    write: false,
    access: 'admin:admin',
    summary:
      'Cards with their holders, filtered, most recently changed first: {credit_cards, pagination: {total, page, count}}',
    params: S.AdminCardList,
    response: UNDOCUMENTED,
    handler: (p) => listCardsForAdmin(deps, p),
  })

  apiRoute(app, {
    path: '/api/credit_card/set_credit_cards',
    write: true,
    access: 'admin:admin',
    summary:
      'Change a card’s limit by inc_amount (fen, may be negative): the remaining credit moves with it; 311 when either would go below 0 or the card is unknown',
    params: S.SetCreditCard,
    response: UNDOCUMENTED,
    handler: (p, { admin }) => setCardLimit(deps, adminActor(admin), p.card_id, p.inc_amount),
  })

  apiRoute(app, {
    path: '/api/credit_card/get_card_detail',
    write: false,
    access: 'admin:admin',
    summary:
      'One card: {user_info, card_info, card_order_infos, card_order_pagination, card_log_infos}; 101 unknown card',
    params: S.CardDetail,
    response: UNDOCUMENTED,
    handler: (p) => cardDetailForAdmin(deps, p.card_id, p.page, p.count),
  })
}
