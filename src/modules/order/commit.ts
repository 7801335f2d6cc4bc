import { createHash, randomInt } from 'node:crypto'
import type { Deps } from '../../deps.ts'
import { afterCommit, lockUser, type Executor } from '../../db/dialect.ts'
import { insertWithFreshId } from '../../db/ids.ts'
import { Codes } from '../../http/codes.ts'
import { fail, HttpError, ok, Outcome } from '../../http/envelope.ts'
import { countOrderTransition } from '../../metrics/index.ts'
import { nowSeconds } from '../../time.ts'
import { inStockLockOrder, reserveStock } from '../catalog/index.ts'
import { findAddress } from '../address/index.ts'
import { takeCartLines } from '../cart/index.ts'
import { normalizeCode, recordRedemption, redeemCoupon } from '../coupon/index.ts'
import { holdCredit } from '../credit/index.ts'
import { userActor, writeLog } from '../oplog/index.ts'
import { recordFreePayment } from '../payment/index.ts'
import { quoteOrder, withCoupon, type Quote, type QuoteInput } from './quote.ts'
import { moveOrder, OrderState } from './state.ts'

export interface CommitInput extends QuoteInput {
  address_id: number
  user_note?: string
}

/** Ends the transaction with a business answer: everything it wrote is rolled back. */
class Refusal extends Error {
  constructor(readonly outcome: Outcome) {
    super('refused')
  }
}

/** The same Idempotency-Key was committed already (possibly a moment ago, by a parallel request). */
class Replay extends Error {}

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

/** The IETF Idempotency-Key draft's answer to a key reused for a different request. */
const keyReused = () => new HttpError(422, 422, 'Idempotency-Key已用于另一个不同的请求')

/** 16 digits: the second, then six random ones. Unguessable enough to leak no order volume. */
const newOrderId = (now: number) => `${now}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`

interface NewOrder {
  quote: Quote
  couponCode: string
  address: { id: number; name: string; mobile: string; address: string }
  now: number
  expireSeconds: number
}

async function insertOrder(
  trx: Executor,
  userId: number,
  input: CommitInput,
  { quote, couponCode, address, now, expireSeconds }: NewOrder,
): Promise<string> {
  const owes = quote.creditAmount < 0
  return insertWithFreshId(
    'order id',
    () => newOrderId(now),
    async (orderId) => {
      const res = await trx
        .insertInto('orders')
        .values({
          order_id: orderId,
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
        })
        .onConflict((oc) => oc.column('order_id').doNothing())
        .executeTakeFirst()
      return Number(res.numInsertedOrUpdatedRows) === 1
    },
  )
}

/**
 * An order with nothing to pay now is paid as it is committed: a payment of channel none and
 * 0 fen, then the payment move 0→1, which starts its repayment clock.
 */
async function payNothing(trx: Executor, userId: number, orderId: string, now: number): Promise<void> {
  await recordFreePayment(trx, orderId, now)
  const paid = await moveOrder(trx, orderId, 'pay', {
    actor: userActor(userId),
    set: { pay_time: now },
    note: 'none 0分',
  })
  if (!paid) throw new Error(`order ${orderId} could not be paid at commit`)
}

/**
 * Commits an order in one transaction: the cart lines it uses taken out of the
 * cart and re-quoted, the caller's address, stock, credit and the coupon taken by conditional
 * updates, the order with its snapshots, the log; paid at once when nothing is to be paid now.
 * Any refusal rolls all of it back.
 */
export async function commitOrder(
  deps: Deps,
  userId: number,
  input: CommitInput,
  idempotencyKey?: string,
): Promise<Outcome> {
  const { db, config } = deps
  const hash = requestHash(input)
  const replayed = async (key: string) => {
    const row = await db
      .selectFrom('idempotency_keys')
      .select(['response', 'request_hash'])
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .executeTakeFirstOrThrow()
    if (row.request_hash !== '' && row.request_hash !== hash) throw keyReused()
    return ok(JSON.parse(row.response))
  }
  if (
    idempotencyKey &&
    (await db
      .selectFrom('idempotency_keys')
      .select('key')
      .where('user_id', '=', userId)
      .where('key', '=', idempotencyKey)
      .executeTakeFirst())
  ) {
    return replayed(idempotencyKey)
  }
  try {
    return await db.transaction().execute(async (trx) => {
      // The customer's row first, as the cart's changes take it: the order's foreign key to
      // users would otherwise meet a concurrent add_cart in the opposite order (deadlock).
      await lockUser(trx, userId)
      if (idempotencyKey) {
        // Claimed in the same transaction as the order: a retry with this key that waited on the
        // customer's lock finds it taken, and answers with the order this transaction made.
        const claimed = await trx
          .insertInto('idempotency_keys')
          .values({
            user_id: userId,
            key: idempotencyKey,
            response: 'null',
            request_hash: hash,
            create_time: nowSeconds(),
          })
          .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
          .executeTakeFirst()
        if (Number(claimed.numInsertedOrUpdatedRows) !== 1) throw new Replay()
      }
      const quote = await quoteOrder(trx, userId, input, config.orderShipBase, takeCartLines)
      if (quote instanceof Outcome) throw new Refusal(quote)
      const address = await findAddress(trx, userId, input.address_id)
      if (!address) throw new Refusal(fail(Codes.ADDRESS_NOT_FOUND))
      for (const line of inStockLockOrder(quote.lines)) {
        if (!(await reserveStock(trx, line.sku_id, line.sku_count))) throw new Refusal(fail(Codes.OUT_OF_STOCK))
      }
      if (!(await holdCredit(trx, userId, -quote.creditAmount))) throw new Refusal(fail(Codes.CREDIT_SHORT))
      const now = nowSeconds()
      const couponCode = normalizeCode(input.coupon_code ?? '')
      const coupon = couponCode ? await redeemCoupon(trx, userId, couponCode, quote.skuAmount, now) : null
      if (coupon instanceof Outcome) throw new Refusal(coupon)
      // Refused after the redemption was taken: the refusal rolls it back with everything else.
      const priced = coupon ? withCoupon(quote, coupon) : quote
      if (priced instanceof Outcome) throw new Refusal(priced)
      const orderId = await insertOrder(trx, userId, input, {
        quote: priced,
        couponCode,
        address,
        now,
        expireSeconds: config.orderExpireSeconds,
      })
      await trx
        .insertInto('order_items')
        .values(
          quote.lines.map((l) => ({
            order_id: orderId,
            sku_id: l.sku_id,
            sku_name: l.sku_name,
            sku_image: l.sku_image,
            real_price: l.real_price,
            first_price: l.first_price,
            sku_count: l.sku_count,
            weight: l.weight,
            postfee: l.postfee,
          })),
        )
        .execute()
      if (coupon) await recordRedemption(trx, coupon.id, userId, orderId, -priced.favourAmount, now)
      const couponText = coupon ? `,优惠券${couponCode}减${-priced.favourAmount}分` : ''
      await writeLog(
        trx,
        userActor(userId),
        { type: 'order', id: orderId },
        `提交订单,应付${priced.payAmount}分,额度${-priced.creditAmount}分${couponText}`,
      )
      afterCommit(trx, () => countOrderTransition('commit', OrderState.UNPAID))
      if (priced.payAmount === 0) await payNothing(trx, userId, orderId, now)
      if (idempotencyKey) {
        await trx
          .updateTable('idempotency_keys')
          .set({ response: JSON.stringify(orderId) })
          .where('user_id', '=', userId)
          .where('key', '=', idempotencyKey)
          .execute()
      }
      return ok(orderId)
    })
  } catch (err) {
    if (err instanceof Refusal) return err.outcome
    if (err instanceof Replay && idempotencyKey) return replayed(idempotencyKey)
    throw err
  }
}
