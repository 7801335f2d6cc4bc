// Seeds a migrated database with a year of a shop's back office for scripts/bench-backoffice.ts:
// 100 000 customers (card, address), 1 000 000 orders and their lines and payments. Rows are made
// by the database itself (INSERT … SELECT over a numbers table), not sent one by one: a million
// rows take seconds this way instead of minutes. The numbers table is the only part that differs
// between the two databases.
//
// The history is shaped so the in-process worker has nothing to do while the bench runs: no
// unpaid order (nothing expires), nothing shipped more than 8 days ago (nothing auto-confirms),
// no debt due for a reminder; the debts past due (one complete order in 50 older than 60 days,
// never repaid: overdue M1 to M3) have accrued their late fee to the cap already. One order in 200
// shipped or complete has an after-sale request.
import { sql } from 'kysely'
import { dialectOf, type Db } from '../../src/db/dialect.ts'
import { hashPassword } from '../../src/modules/user/password.ts'
import { nowSeconds } from '../../src/time.ts'
import { seedDebts } from './debts.ts'

export const BO_CUSTOMERS = 100_000
export const BO_ORDERS = 1_000_000
export const BO_PASSWORD = 'bench-password'
const YEAR = 365 * 86400
const PRICE = 100_000
const FIRST_PAY = 10_000

export const boMobileOf = (i: number) => `139${String(i).padStart(8, '0')}`

export interface BackofficeSeeded {
  seconds: number
  now: number
  /** a customer with orders, and one of them */
  userId: number
  orderId: string
  /** the `after` cursor of the order 800 000 newest ones in: a page that deep by keyset */
  deepCursor: string
}

export async function seedBackoffice(db: Db, orders = BO_ORDERS, customers = BO_CUSTOMERS): Promise<BackofficeSeeded> {
  const started = Date.now()
  const now = nowSeconds()
  const pg = dialectOf(db) === 'postgres'
  // Numbers are written into the SQL: better-sqlite3 binds a JS number as REAL, and '1.0' || … is no id.
  const pwd = await hashPassword(BO_PASSWORD, 'bench')
  // n(i) for i in 1..count: a table function on PostgreSQL, a recursive view on SQLite.
  const numbers = (count: number) =>
    pg
      ? sql`(select generate_series(cast(1 as bigint), ${sql.lit(count)}) as i) n`
      : sql`(with recursive s(i) as (select 1 union all select i + 1 from s where i < ${sql.lit(count)}) select i from s) n`
  const pad = (expr: ReturnType<typeof sql>, width: number) =>
    pg
      ? sql`lpad(cast(${expr} as text), ${sql.lit(width)}, '0')`
      : sql`substr(${sql.lit('0'.repeat(width))} || (${expr}), ${sql.lit(-width)})`
  const mobile = sql`'139' || ${pad(sql`n.i - 1`, 8)}`

  // A million rows go in faster without the secondary indexes, built once afterwards from their
  // own definitions (unique ones stay: they are constraints).
  const tables = sql`('orders', 'order_items', 'payments')`
  const indexes = (
    pg
      ? await sql<{ name: string; def: string }>`select indexname as name, indexdef as def from pg_indexes
          where tablename in ${tables} and indexdef not like 'CREATE UNIQUE%'`.execute(db)
      : await sql<{ name: string; def: string }>`select name, sql as def from sqlite_master
          where type = 'index' and tbl_name in ${tables} and sql is not null and sql not like 'CREATE UNIQUE%'`.execute(
          db,
        )
  ).rows
  for (const i of indexes) await sql`drop index ${sql.id(i.name)}`.execute(db)
  await db.transaction().execute(async (trx) => {
    await sql`insert into skus (sku_id, name, real_price, first_pay, postfee, weight, images, stock, on_sale, create_time, update_time)
      select 'bo' || ${pad(sql`n.i`, 2)}, '后台压测商品 ' || n.i, ${sql.lit(PRICE)}, '[10000,20000]', 0, 300, '[]', 1000000000, 1, ${sql.lit(now)}, ${sql.lit(now)}
      from ${numbers(20)}`.execute(trx)
    await sql`insert into users (mobile, user_name, pwd_hash, email, head_img, nick_name, signature, sex, location, register_dt, lastloginip)
      select ${mobile}, 'u' || ${mobile}, ${pwd}, '', '', '', '', n.i % 2, '', ${sql.lit(now - YEAR - 86400)}, ''
      from ${numbers(customers)}`.execute(trx)
    await sql`insert into addresses (user_id, name, mobile, address, is_default, create_time, update_time)
      select id, '收货人' || id, mobile, '上海市浦东新区压测路' || id || '号', 1, ${sql.lit(now)}, ${sql.lit(now)} from users
      where mobile like '139%'`.execute(trx)
    await sql`insert into credit_cards (card_id, user_id, amount, remain_amount, channel, create_time, update_time)
      select '219' || ${pad(sql`id`, 12)}, id, 100000000000, 100000000000, 'sfm', ${sql.lit(now - YEAR)}, ${sql.lit(now - YEAR)} + (id * 7919) % ${sql.lit(YEAR)}
      from users where mobile like '139%'`.execute(trx)

    // Order i: created evenly over the last year; its customer i × 7919 mod 100 000, so that each
    // one's orders are spread over the year as a shop's are; its state by its age.
    const created = sql`(${sql.lit(now - YEAR)} + (n.i * ${sql.lit(Math.floor(YEAR / 1000))}) / ${sql.lit(orders / 1000)})`
    const age = sql`(${sql.lit(now)} - ${created})`
    // One complete order in 250 older than 60 days was never repaid: overdue. A customer's orders
    // are i0 + 100 000 k, so (i + i / 100 000) % 250 is (i0 + k) % 250: at most one of each
    // customer's orders, at any age, and the customers fall in every overdue bucket.
    const unpaid = sql`((n.i + n.i / ${sql.lit(customers)}) % 250 = 3 and ${age} > ${sql.lit(60 * 86400)})`
    const state = sql`case
      when n.i % 10 = 4 then 4
      when n.i % 10 = 7 then 5
      when ${age} < ${sql.lit(8 * 86400)} and n.i % 3 = 0 then 1
      when ${age} < ${sql.lit(8 * 86400)} and n.i % 3 = 1 then 2
      when ${age} < ${sql.lit(50 * 86400)} and n.i % 5 = 0 then 1
      else 3 end`
    await sql`insert into orders (order_id, user_id, state, status, sku_amount, ship_amount, credit_amount, favour_amount,
        manual_amount, pay_amount, credit_held, credit_card_state, user_note, admin_note, cancel_reason, address_id,
        address_name, address_mobile, address_text, logistics_id, logistics, create_time, update_time, expire_time,
        pay_time, send_time, confirm_time, cancel_time, refund_time, repay_time)
      select o.created || ${pad(sql`o.i % 1000000`, 6)}, a.user_id, o.state, 1, ${sql.lit(PRICE)}, 0, ${sql.lit(-(PRICE - FIRST_PAY))}, 0,
        0, ${sql.lit(FIRST_PAY)}, case when o.state in (1, 2) or o.unpaid = 1 then 1 else 0 end,
        case when o.state = 3 and o.unpaid = 0 then 1 else 0 end,
        '', '', case when o.state = 4 then '不想要了' else '' end, a.id, a.name, a.mobile, a.address,
        case when o.state in (2, 3) then 'SF' || o.i else '' end, case when o.state in (2, 3) then '顺丰速运' else '' end,
        o.created, o.created, o.created + 1800,
        case when o.state in (1, 2, 3) then o.created + 60 end, case when o.state in (2, 3) then o.created + 3600 end,
        case when o.state = 3 then o.created + 86400 end, case when o.state = 4 then o.created + 600 end, null,
        case when o.state = 3 and o.unpaid = 0 then o.created + 2 * 86400 end
      from (select n.i, ${created} as created, ${state} as state, case when ${unpaid} then 1 else 0 end as unpaid
        from ${numbers(orders)}) o
      join addresses a on a.mobile = '139' || ${pad(sql`(o.i * 7919) % ${sql.lit(customers)}`, 8)}`.execute(trx)
    await sql`insert into order_items (order_id, sku_id, sku_name, sku_image, real_price, first_price, sku_count, weight, postfee)
      select order_id, 'bo' || ${pad(sql`(create_time % 20) + 1`, 2)}, '后台压测商品 ' || ((create_time % 20) + 1), '',
        ${sql.lit(PRICE)}, ${sql.lit(FIRST_PAY)}, 1, 300, 0 from orders`.execute(trx)
    await sql`insert into payments (order_id, target_type, water_id, channel_id, channel_water_id, amount, event_id, time)
      select order_id, 'pay', 'w' || order_id, 1, 'ch_' || order_id, pay_amount, 'evt_' || order_id, pay_time
      from orders where pay_time is not null`.execute(trx)
    // Complete orders here were repaid in full two days after payment.
    await sql`insert into payments (order_id, target_type, water_id, channel_id, channel_water_id, amount, event_id, time)
      select order_id, 'card', 'wr' || order_id, 1, 'chr_' || order_id, -credit_amount, 'evr_' || order_id, repay_time
      from orders where repay_time is not null`.execute(trx)
    // After-sale requests: settled ones (refused, withdrawn) on complete orders, open ones on shipped orders.
    await sql`insert into after_sales (order_id, user_id, kind, state, reason, images, create_time, update_time, finish_time)
      select order_id, user_id, 'return', case when create_time % 2 = 0 then 4 else 5 end, '尺码不合适', '[]',
        confirm_time + 3600, confirm_time + 7200, confirm_time + 7200
      from orders where state = 3 and create_time % 200 = 7`.execute(trx)
    await sql`insert into after_sales (order_id, user_id, kind, state, reason, images, create_time, update_time)
      select order_id, user_id, 'refund', 0, '不想要了', '[]', send_time + 600, send_time + 600
      from orders where state = 2 and create_time % 50 = 7`.execute(trx)
    await sql`update orders set after_sale_open = 1 where state = 2 and create_time % 50 = 7`.execute(trx)
  })
  for (const i of indexes) await sql.raw(i.def).execute(db)
  await seedDebts(db, now)
  // After the indexes: it looks up each customer's orders.
  // What is owed is taken from each card, as the shop would have it: reconcile stays clean.
  await sql`update credit_cards set remain_amount = amount - coalesce((select sum(-credit_amount) from orders
      where orders.user_id = credit_cards.user_id and orders.credit_held = 1), 0)`.execute(db)
  const one = await db
    .selectFrom('orders')
    .select(['order_id', 'user_id'])
    .where('state', '=', 1)
    .orderBy('create_time', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow()
  const deep = await db
    .selectFrom('orders')
    .select(['order_id', 'create_time'])
    .orderBy('create_time', 'desc')
    .orderBy('order_id', 'desc')
    .offset(Math.floor(orders * 0.8))
    .limit(1)
    .executeTakeFirst()
  const deepCursor = deep ? `${deep.create_time}_${deep.order_id}` : ''
  return { seconds: (Date.now() - started) / 1000, now, userId: one.user_id, orderId: one.order_id, deepCursor }
}
