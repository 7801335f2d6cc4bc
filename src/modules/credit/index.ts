// The credit line's balance: the credit_cards table. Orders hold and return credit through it;
// the credit_card module builds the customer's and the back office's views on top.
export { CARD_CHANNEL, cardIdOf, changeLimit, findCard, holdCredit, openCard, returnCredit } from './repo.ts'
