import { createHash } from 'node:crypto'
import { afterCommit, type Executor, lockUser } from '../../db/dialect.ts'
import type { Deps } from '../../deps.ts'
import { Codes } from '../../domain/codes.ts'
import { fail, ok, type Refusal, type Result } from '../../domain/result.ts'
import { countOrderTransition } from '../../metrics/index.ts'
import { nowSeconds } from '../../time.ts'
import { findAddress } from '../address/index.ts'
import { takeCartLines } from '../cart/index.ts'
import { inStockLockOrder, reserveStock } from '../catalog/index.ts'
import { recordRedemption, redeemCoupon } from '../coupon/index.ts'
import { borrowCredit, openDebt } from '../credit/index.ts'
import type { CreditTerms } from '../../domain/credit.ts'
import { userActor, writeLog } from '../oplog/index.ts'
import { recordFreePayment } from '../payment/index.ts'
import { claimIdempotencyKey, findIdempotentCommit, recordIdempotentOrder } from './idempotency-repo.ts'
import { type Priced, priceCoupon, type QuoteInput, quoteOrder, type QuoteLine } from './quote.ts'
import { insertOrder } from './repo.ts'
import { moveOrder, OrderState } from './state.ts'

export interface CommitInput extends QuoteInput {
  address_id: number
  user_note?: string
}

/** Ends the transaction with a business answer: everything it wrote is rolled back. */
class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super('refused')
  }
}

/** The same Idempotency-Key was committed already (possibly a moment ago, by a parallel request). */
class Replay extends Error {}

/** The step's value, or the transaction rolled back with its refusal. */
const orRefuse = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Refused(result)
  return result.value
}

/** Keys sorted at every level, so the same parameters always read the same. */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
        )
      : value

/** The request an Idempotency-Key stands for: its parameters as validated (a form and JSON alike), hashed. */
const requestHash = (input: CommitInput): string =>
  createHash('sha256')
    .update(JSON.stringify(canonical(input)))
    .digest('hex')

/** The order a key already made, or 422 when the key was used for another request. */
async function replayed(deps: Deps, userId: number, key: string, hash: string): Promise<Result<string> | undefined> {
  const done = await findIdempotentCommit(deps.db, userId, key)
  if (!done) return undefined
  if (done.requestHash !== '' && done.requestHash !== hash) return fail(Codes.IDEMPOTENCY_KEY_REUSED)
  if (done.orderId === null) throw new Error(`idempotency key ${key} is claimed but its commit left no order`)
  return ok(done.orderId)
}

async function reserveLines(trx: Executor, lines: QuoteLine[]): Promise<Result<void>> {
  for (const line of inStockLockOrder(lines)) {
    if (!(await reserveStock(trx, line.sku_id, line.sku_count))) return fail(Codes.OUT_OF_STOCK)
  }
  return ok(undefined)
}

const borrowingRefusals = { frozen: Codes.CARD_FROZEN, short: Codes.CREDIT_SHORT } as const

/** The order's credit taken from the card; refused while the card is frozen (an overdue debt) or short. */
async function holdOrderCredit(
  trx: Executor,
  terms: CreditTerms,
  userId: number,
  creditAmount: number,
  now: number,
): Promise<Result<void>> {
  const borrowed = await borrowCredit(trx, terms, userId, -creditAmount, now)
  return borrowed === 'lent' ? ok(undefined) : fail(borrowingRefusals[borrowed])
}

type Address = NonNullable<Awaited<ReturnType<typeof findAddress>>>

async function writeOrder(
  trx: Executor,
  userId: number,
  input: CommitInput,
  { quote, couponCode }: Priced,
  address: Address,
  now: number,
  expireSeconds: number,
): Promise<string> {
  const owes = quote.creditAmount < 0
  const order = {
    user_id: userId,
    state: OrderState.UNPAID,
    status: 1,
    sku_amount: quote.skuAmount,
    ship_amount: quote.shipAmount,
    credit_amount: quote.creditAmount,
    favour_amount: quote.favourAmount,
    manual_amount: quote.manualAmount,
    pay_amount: quote.payAmount,
    coupon_code: couponCode,
    credit_held: owes ? 1 : 0,
    credit_card_state: owes ? 0 : 1,
    user_note: input.user_note ?? '',
    admin_note: '',
    cancel_reason: '',
    address_id: address.id,
    address_name: address.name,
    address_mobile: address.mobile,
    address_text: address.address,
    logistics_id: '',
    logistics: '',
    create_time: now,
    update_time: now,
    expire_time: now + expireSeconds,
    pay_time: null,
    send_time: null,
    confirm_time: null,
    cancel_time: null,
    refund_time: null,
    repay_time: null,
  } as const
  const items = quote.lines.map((l) => ({
    sku_id: l.sku_id,
    sku_name: l.sku_name,
    sku_image: l.sku_image,
    real_price: l.real_price,
    first_price: l.first_price,
    sku_count: l.sku_count,
    weight: l.weight,
    postfee: l.postfee,
  }))
  return insertOrder(trx, order, items)
}

/**
 * An order with nothing to pay now is paid as it is committed: a payment of channel none and
 * 0 fen, then the payment move 0→1; what it borrowed becomes a debt, its repayment clock started.
 */
async function payNothing(
  trx: Executor,
  terms: CreditTerms,
  userId: number,
  orderId: string,
  principal: number,
  now: number,
): Promise<void> {
  await recordFreePayment(trx, orderId, now)
  const paid = await moveOrder(trx, orderId, 'pay', {
    actor: userActor(userId),
    set: { pay_time: now },
    note: 'none',
    amounts: [{ label: '金额', fen: 0 }],
  })
  if (!paid) throw new Error(`order ${orderId} could not be paid at commit`)
  if (principal > 0) await openDebt(trx, terms, { orderId, userId, principal, paidAt: now }, userActor(userId))
}

/**
 * Commits an order in one transaction, as its steps: claim the Idempotency-Key, quote the cart
 * lines it takes, check the address, reserve stock, hold credit, price (and redeem) the coupon,
 * write the order and its lines, log; paid at once when nothing is to be paid now. Stock,
 * credit and the coupon are taken by conditional updates, and any refusal rolls all of it back.
 */
export async function commitOrder(
  deps: Deps,
  userId: number,
  input: CommitInput,
  idempotencyKey?: string,
): Promise<Result<string>> {
  const { db, config } = deps
  const hash = requestHash(input)
  if (idempotencyKey) {
    const earlier = await replayed(deps, userId, idempotencyKey, hash)
    if (earlier) return earlier
  }
  try {
    return await db.transaction().execute(async (trx) => {
      // The customer's row first, as the cart's changes take it: the order's foreign key to
      // users would otherwise meet a concurrent add_cart in the opposite order (deadlock).
      await lockUser(trx, userId)
      // Claimed in the same transaction as the order: a retry with this key that waited on the
      // customer's lock finds it taken, and answers with the order this transaction made.
      if (idempotencyKey && !(await claimIdempotencyKey(trx, userId, idempotencyKey, hash))) throw new Replay()
      const quote = orRefuse(await quoteOrder(trx, userId, input, config.orderShipBase, takeCartLines))
      const address = await findAddress(trx, userId, input.address_id)
      if (!address) throw new Refused(fail(Codes.ADDRESS_NOT_FOUND))
      orRefuse(await reserveLines(trx, quote.lines))
      // One instant for the freeze's line, the coupon's validity and the order's times.
      const now = nowSeconds()
      // The freeze is the card's: no new borrowing while a debt is past its grace period; buying outright still goes.
      orRefuse(await holdOrderCredit(trx, config.credit, userId, quote.creditAmount, now))
      const priced = orRefuse(await priceCoupon(trx, userId, quote, input.coupon_code, now, redeemCoupon))
      const orderId = await writeOrder(trx, userId, input, priced, address, now, config.orderExpireSeconds)
      const paid = priced.quote
      if (priced.coupon) await recordRedemption(trx, priced.coupon.id, userId, orderId, -paid.favourAmount, now)
      const amounts = [
        { label: '应付', fen: paid.payAmount },
        { label: '额度', fen: -paid.creditAmount },
        ...(priced.coupon ? [{ label: '优惠', fen: -paid.favourAmount }] : []),
      ]
      const text = priced.coupon ? `提交订单,优惠券${priced.couponCode}` : '提交订单'
      await writeLog(trx, userActor(userId), { type: 'order', id: orderId }, text, amounts)
      afterCommit(trx, () => countOrderTransition('commit', OrderState.UNPAID))
      if (paid.payAmount === 0) await payNothing(trx, config.credit, userId, orderId, -paid.creditAmount, now)
      if (idempotencyKey) await recordIdempotentOrder(trx, userId, idempotencyKey, orderId)
      return ok(orderId)
    })
  } catch (err) {
    if (err instanceof Refused) return err.refusal
    if (err instanceof Replay && idempotencyKey) {
      const earlier = await replayed(deps, userId, idempotencyKey, hash)
      if (earlier) return earlier
    }
    throw err
  }
}
