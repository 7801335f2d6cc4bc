import { Type } from '@sinclair/typebox'
import { exact, flag } from '../../http/answer-schemas.ts'

export const Overview = Type.Object({
  days: Type.Integer({ minimum: 1, maximum: 90, default: 30, description: 'the last this many days, today included' }),
})

const fen = (description: string) => Type.Integer({ description: `${description} (fen)` })

const DayAnswer = exact({
  date: Type.String({ description: 'the day in SHOP_TIMEZONE, YYYY-MM-DD' }),
  orders: Type.Integer({ description: 'orders committed' }),
  paid_orders: Type.Integer({ description: 'orders paid' }),
  gmv: fen('what the orders paid that day were worth: goods, shipping, coupons and adjustments'),
  first_payments: fen('first payments received (money flagged to give back left out)'),
  credit_borrowed: fen('credit the orders paid that day borrowed'),
  repayments: fen('repayments received'),
  fees: fen('late fees received'),
  refunds: fen('refunds that reached the customer'),
})

export const OverviewAnswer = exact({
  days: Type.Array(DayAnswer, { description: 'oldest first; today so far last' }),
  now: exact({
    credit_outstanding: fen('principal owed on every card'),
    overdue_principal: exact(
      {
        M1: fen('1–30 days past due'),
        M2: fen('31–60 days past due'),
        M3: fen('61 days or more past due'),
      },
      'principal owed past its due time, by how long',
    ),
    to_ship: Type.Integer({ description: 'paid orders waiting to ship, up to 1 000' }),
    to_ship_capped: flag('1 when more orders wait than `to_ship` (1 000): the console shows "1 000+"'),
    open_after_sales: Type.Integer({ description: 'after-sale requests not finished' }),
  }),
})
