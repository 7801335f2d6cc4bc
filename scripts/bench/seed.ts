// Seeds a migrated database for `npm run bench` through plain multi-row INSERTs in one
// transaction: customers with cards and addresses, a history of orders, and the rows the
// benchmark's scenarios start from. Cards are left balanced, so reconcile must stay clean.
import type { Insertable } from 'kysely'
import type { Db } from '../../src/db/dialect.ts'
import { flag, type OrderItemTable, type OrderTable } from '../../src/db/types.ts'
import { hashPassword } from '../../src/modules/user/password.ts'
import { nowSeconds } from '../../src/time.ts'
import { seedDebts } from './debts.ts'

export const CUSTOMERS = 10_000
export const ORDERS = 200_000
/** The customer whose order list is measured. */
export const HEAVY_ORDERS = 1_000
/** Distinct customers of the write scenarios: one per connection. */
export const WRITERS = 50
/** Unpaid orders waiting for each writer in the pay scenario. */
export const UNPAID_PER_WRITER = 100
export const BENCH_SKUS = 20
export const PASSWORD = 'bench-password'
export const CREDIT_LIMIT = 100_000_000_000

/** Each bench SKU: ¥1 000, first payment from ¥100, so every order borrows ¥900 a unit. */
export const SKU_PRICE = 100_000
export const SKU_FIRST_PAY = 10_000
export const skuIdOf = (i: number) => `bench${String(i).padStart(2, '0')}`

export interface Seeded {
  heavy: { userId: number; mobile: string }
  cartCustomer: { userId: number; mobile: string }
  writers: { userId: number; mobile: string; addressId: number }[]
  seconds: number
}

const mobileOf = (i: number) => `138${String(i).padStart(8, '0')}`

/** Insert in chunks small enough for SQLite's limit of bound parameters. */
async function insertChunked<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size))
}

const STATES = [3, 3, 3, 3, 3, 3, 4, 4, 5, 1, 2, 3, 4, 3, 3, 5, 2, 3, 3, 1] as const

export async function seed(db: Db): Promise<Seeded> {
  const started = Date.now()
  const now = nowSeconds()
  // One real hash for everyone: scrypt is slow on purpose, and sign-in checks it like any other.
  const pwdHash = await hashPassword(PASSWORD, 'bench')

  const result = await db.transaction().execute(async (trx) => {
    const skus = Array.from({ length: BENCH_SKUS }, (_, i) => ({
      sku_id: skuIdOf(i),
      name: `压测商品 ${i}`,
      real_price: SKU_PRICE,
      first_pay: JSON.stringify([SKU_FIRST_PAY, 20_000, 30_000]),
      postfee: 0,
      weight: 300,
      images: JSON.stringify([`https://img.sfm.example/sku/${skuIdOf(i)}.jpg`]),
      stock: 1_000_000_000,
      on_sale: flag(true),
      create_time: now,
      update_time: now,
    }))
    await trx.insertInto('skus').values(skus).execute()

    const users = Array.from({ length: CUSTOMERS }, (_, i) => ({
      mobile: mobileOf(i),
      user_name: mobileOf(i),
      pwd_hash: pwdHash,
      email: '',
      head_img: '',
      nick_name: '',
      signature: '',
      sex: i % 2,
      location: '',
      register_dt: now - 90 * 86400,
      lastlogin: null,
      lastloginip: '',
    }))
    const ids: number[] = []
    await insertChunked(users, 1000, async (chunk) => {
      const rows = await trx.insertInto('users').values(chunk).returning(['id', 'mobile']).execute()
      const byMobile = new Map(rows.map((r) => [r.mobile, r.id]))
      for (const u of chunk) ids.push(byMobile.get(u.mobile)!)
    })

    const addresses = ids.map((userId, i) => ({
      user_id: userId,
      name: `收货人${i}`,
      mobile: mobileOf(i),
      address: `上海市浦东新区压测路${i}号`,
      is_default: flag(true),
      create_time: now,
      update_time: now,
    }))
    const addressIds = new Map<number, number>()
    await insertChunked(addresses, 1000, async (chunk) => {
      for (const r of await trx.insertInto('addresses').values(chunk).returning(['id', 'user_id']).execute())
        addressIds.set(r.user_id, r.id)
    })

    // Who owns which order: the heavy customer 1 000, each writer its unpaid ones, everyone else the rest in turn.
    const heavyIndex = 0
    const cartIndex = 1
    const writerIndexes = Array.from({ length: WRITERS }, (_, i) => 2 + i)
    const owners: { index: number; unpaid: boolean }[] = []
    for (let k = 0; k < HEAVY_ORDERS; k++) owners.push({ index: heavyIndex, unpaid: false })
    for (const w of writerIndexes) for (let k = 0; k < UNPAID_PER_WRITER; k++) owners.push({ index: w, unpaid: true })
    for (let k = 0; owners.length < ORDERS; k++) owners.push({ index: 1 + (k % (CUSTOMERS - 1)), unpaid: false })

    const heldByUser = new Map<number, number>()
    let seq = 0
    await insertChunked(owners, 500, async (chunk) => {
      const orders: Insertable<OrderTable>[] = []
      const items: Insertable<OrderItemTable>[] = []
      for (const o of chunk) {
        seq++
        const userId = ids[o.index]!
        // Spread over the last 50 days, so no debt is overdue and the worker has no reminders to send.
        const created = now - 50 * 86400 + Math.floor((seq * 50 * 86400) / ORDERS)
        const orderId = `${created}${String(seq % 1_000_000).padStart(6, '0')}`
        const state = o.unpaid ? 0 : STATES[seq % STATES.length]!
        const lines = seq % 3 === 0 ? 2 : 1
        const credit = -(SKU_PRICE - SKU_FIRST_PAY) * lines
        const paid = state === 1 || state === 2 || state === 3
        // Unpaid orders hold their credit, paid ones owe it until repaid (complete ones here are repaid).
        const held = state === 0 || state === 1 || state === 2 ? 1 : 0
        if (held) heldByUser.set(userId, (heldByUser.get(userId) ?? 0) - credit)
        orders.push({
          order_id: orderId,
          user_id: userId,
          state,
          status: 1,
          sku_amount: SKU_PRICE * lines,
          ship_amount: 0,
          credit_amount: credit,
          favour_amount: 0,
          manual_amount: 0,
          pay_amount: SKU_FIRST_PAY * lines,
          credit_held: held,
          credit_card_state: state === 3 ? 1 : 0,
          user_note: '',
          admin_note: '',
          coupon_code: '',
          cancel_reason: state === 4 ? '不想要了' : '',
          address_id: addressIds.get(userId)!,
          address_name: `收货人${o.index}`,
          address_mobile: mobileOf(o.index),
          address_text: `上海市浦东新区压测路${o.index}号`,
          logistics_id: state === 2 || state === 3 ? `SF${seq}` : '',
          logistics: state === 2 || state === 3 ? '顺丰' : '',
          create_time: created,
          update_time: created,
          expire_time: o.unpaid ? now + 7 * 86400 : created + 1800,
          pay_time: paid ? created + 60 : null,
          send_time: state === 2 || state === 3 ? created + 3600 : null,
          confirm_time: state === 3 ? created + 86400 : null,
          cancel_time: state === 4 ? created + 600 : null,
          refund_time: null,
          repay_time: state === 3 ? created + 2 * 86400 : null,
        })
        for (let l = 0; l < lines; l++) {
          const skuId = skuIdOf((seq + l) % BENCH_SKUS)
          items.push({
            order_id: orderId,
            sku_id: skuId,
            sku_name: `压测商品 ${(seq + l) % BENCH_SKUS}`,
            sku_image: `https://img.sfm.example/sku/${skuId}.jpg`,
            real_price: SKU_PRICE,
            first_price: SKU_FIRST_PAY,
            sku_count: 1,
            weight: 300,
            postfee: 0,
          })
        }
      }
      await trx.insertInto('orders').values(orders).execute()
      await trx.insertInto('order_items').values(items).execute()
    })

    const cards = ids.map((userId, i) => ({
      card_id: `216${String(i).padStart(12, '0')}`,
      user_id: userId,
      amount: CREDIT_LIMIT,
      remain_amount: CREDIT_LIMIT - (heldByUser.get(userId) ?? 0),
      channel: 'sfm',
      create_time: now,
      update_time: now,
    }))
    await insertChunked(cards, 1000, (chunk) => trx.insertInto('credit_cards').values(chunk).execute())
    await seedDebts(trx, now)

    // The cart scenario's customer has a few lines to list.
    await trx
      .insertInto('cart_lines')
      .values(
        Array.from({ length: 5 }, (_, i) => ({
          user_id: ids[cartIndex]!,
          sku_id: skuIdOf(i),
          sku_count: 1 + i,
          first_price: SKU_FIRST_PAY,
          create_time: now,
          update_time: now,
        })),
      )
      .execute()

    return {
      heavy: { userId: ids[heavyIndex]!, mobile: mobileOf(heavyIndex) },
      cartCustomer: { userId: ids[cartIndex]!, mobile: mobileOf(cartIndex) },
      writers: writerIndexes.map((i) => ({
        userId: ids[i]!,
        mobile: mobileOf(i),
        addressId: addressIds.get(ids[i]!)!,
      })),
    }
  })
  return { ...result, seconds: (Date.now() - started) / 1000 }
}
