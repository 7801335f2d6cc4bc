import type { Executor } from '../../db/dialect.ts'
import type { Coupon, OrderItem } from '../../db/types.ts'
import { Codes } from '../../domain/codes.ts'
import { type Result, fail, ok } from '../../domain/result.ts'
import { nowSeconds } from '../../time.ts'
import { cartLinesByIds, type CartLineWithSku } from '../cart/index.ts'
import { findSkus, firstPriceAllowed, type Sku } from '../catalog/index.ts'
import { checkCoupon, discountOf, normalizeCode } from '../coupon/index.ts'
import { findCard } from '../credit/index.ts'
import { lineAmounts } from './view.ts'

export interface QuoteInput {
  order_type: 'cart' | 'sku'
  cart_list?: { cart_id: number; first_price?: number }[]
  sku_list?: { sku_id: string; sku_count: number; first_price: number }[]
  coupon_code?: string
}

/** A line as it will be snapshotted into the order, with the cart line it came from and its amounts. */
export type QuoteLine = Omit<OrderItem, 'id' | 'order_id'> & ReturnType<typeof lineAmounts> & { cart_id: number | null }

export interface Quote {
  lines: QuoteLine[]
  skuCount: number
  skuAmount: number
  shipAmount: number
  /** ≤ 0 */
  creditAmount: number
  favourAmount: number
  manualAmount: number
  payAmount: number
}

interface Wanted {
  cartId: number | null
  skuId: string
  count: number
  firstPrice: number
  /** the SKU as it is now; undefined when it does not exist */
  sku: Sku | undefined
}

const abnormal = () => fail(Codes.ABNORMAL_ORDER_DATA)

/** How a quote reads the customer's cart lines: a commit takes them (see takeCartLines), a preview only looks. */
export type CartLineSource = (ex: Executor, userId: number, cartIds: number[]) => Promise<CartLineWithSku[]>

/** The lines the customer asked for: their own cart lines, or SKUs straight from a product page. */
async function wantedLines(
  ex: Executor,
  userId: number,
  input: QuoteInput,
  cartLines: CartLineSource,
): Promise<Result<Wanted[]>> {
  if (input.order_type === 'sku') {
    const lines = input.sku_list ?? []
    const skus = await findSkus(
      ex,
      lines.map((l) => l.sku_id),
    )
    return ok(
      lines.map((l) => ({
        cartId: null,
        skuId: l.sku_id,
        count: l.sku_count,
        firstPrice: l.first_price,
        sku: skus.get(l.sku_id),
      })),
    )
  }
  const asked = input.cart_list ?? []
  const lines = new Map(
    (
      await cartLines(
        ex,
        userId,
        asked.map((c) => c.cart_id),
      )
    ).map((l) => [l.id, l]),
  )
  const wanted: Wanted[] = []
  for (const a of asked) {
    const line = lines.get(a.cart_id)
    // Someone else's cart id is as unknown as a missing one.
    if (!line) return abnormal()
    wanted.push({
      cartId: line.id,
      skuId: line.sku_id,
      count: line.sku_count,
      firstPrice: a.first_price ?? line.first_price,
      sku: line.sku,
    })
  }
  return ok(wanted)
}

function priceLine(w: Wanted, sku: Sku): QuoteLine {
  return {
    cart_id: w.cartId,
    sku_id: sku.sku_id,
    sku_name: sku.name,
    sku_image: sku.images[0] ?? '',
    real_price: sku.real_price,
    first_price: w.firstPrice,
    sku_count: w.count,
    weight: sku.weight,
    postfee: sku.postfee,
    ...lineAmounts(w.count, sku.real_price, w.firstPrice),
  }
}

/**
 * Prices an order from the catalog alone: the client's only say is which first
 * payment it chose, and that must lie between the SKU's smallest first payment and its price.
 */
export async function quoteOrder(
  ex: Executor,
  userId: number,
  input: QuoteInput,
  shipBaseFen: number,
  cartLines: CartLineSource = cartLinesByIds,
): Promise<Result<Quote>> {
  const asked = await wantedLines(ex, userId, input, cartLines)
  if (!asked.ok) return asked
  const wanted = asked.value
  if (wanted.length === 0) return abnormal()
  if (new Set(wanted.map((w) => w.skuId)).size !== wanted.length) return abnormal()
  const lines: QuoteLine[] = []
  for (const w of wanted) {
    if (!w.sku?.on_sale || !firstPriceAllowed(w.sku, w.firstPrice)) return abnormal()
    lines.push(priceLine(w, w.sku))
  }
  const sum = (f: (l: QuoteLine) => number) => lines.reduce((acc, l) => acc + f(l), 0)
  const skuAmount = sum((l) => l.sku_amount)
  const shipAmount = shipBaseFen + sum((l) => l.postfee)
  const creditAmount = 0 - sum((l) => l.credit)
  // A coupon is applied by withDiscount; admins adjust only after commit.
  const favourAmount = 0
  const manualAmount = 0
  return ok({
    lines,
    skuCount: sum((l) => l.sku_count),
    skuAmount,
    shipAmount,
    creditAmount,
    favourAmount,
    manualAmount,
    payAmount: skuAmount + creditAmount + shipAmount + favourAmount + manualAmount,
  })
}

/**
 * The quote with a coupon's discount taken off what is paid now, never below 0
 * (favour_amount ≤ 0); what the order borrows does not change.
 */
export function withDiscount(quote: Quote, discountFen: number): Quote {
  const favourAmount = 0 - Math.min(discountFen, quote.skuAmount + quote.creditAmount + quote.shipAmount)
  return {
    ...quote,
    favourAmount,
    payAmount: quote.skuAmount + quote.creditAmount + quote.shipAmount + favourAmount + quote.manualAmount,
  }
}

/** How a coupon is looked at: a preview checks it (checkCoupon), a commit redeems one of its uses (redeemCoupon). */
export type CouponSource = (
  ex: Executor,
  userId: number,
  code: string,
  skuAmountFen: number,
  now: number,
) => Promise<Result<Coupon>>

export interface Priced {
  quote: Quote
  /** the normalised code, '' for none */
  couponCode: string
  coupon: Coupon | null
}

/** The quote with the customer's coupon (if any) priced in: the one place a coupon's discount is worked out. */
export async function priceCoupon(
  ex: Executor,
  userId: number,
  quote: Quote,
  rawCode: string | undefined,
  now: number,
  coupons: CouponSource = checkCoupon,
): Promise<Result<Priced>> {
  const couponCode = normalizeCode(rawCode ?? '')
  if (!couponCode) return ok({ quote, couponCode, coupon: null })
  const found = await coupons(ex, userId, couponCode, quote.skuAmount, now)
  if (!found.ok) return found
  const coupon = found.value
  return ok({ quote: withDiscount(quote, discountOf(coupon, quote.skuAmount)), couponCode, coupon })
}

/** prepare_order: the quote as the page shows it, with the coupon's discount and the card's credit left. No writes. */
export async function prepareOrder(ex: Executor, userId: number, input: QuoteInput, shipBaseFen: number) {
  const quoted = await quoteOrder(ex, userId, input, shipBaseFen)
  if (!quoted.ok) return quoted
  const priced = await priceCoupon(ex, userId, quoted.value, input.coupon_code, nowSeconds())
  if (!priced.ok) return priced
  const { quote, couponCode } = priced.value
  const card = await findCard(ex, userId)
  return ok({
    order_sku_infos: quote.lines,
    order_sku_count: quote.skuCount,
    order_sku_amount: quote.skuAmount,
    credit_amount: quote.creditAmount,
    ship_amount: quote.shipAmount,
    favour_amount: quote.favourAmount,
    pay_amount: quote.payAmount,
    coupon_code: couponCode,
    credit_remain: card?.remain_amount ?? 0,
  })
}
