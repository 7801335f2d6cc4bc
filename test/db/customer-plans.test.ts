import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { CompiledQuery, DefaultQueryExecutor, sql } from 'kysely'
import { optimize } from '../../src/db/dialect.ts'
import { shipOrder } from '../../src/modules/order/index.ts'
import { SYSTEM } from '../../src/modules/oplog/index.ts'
import { makeCoupon } from '../coupons.ts'
import { signUp, TEST_DB, testApp, type Client, type TestApp } from '../helper.ts'
import { addAddress, makeSku, payThroughSandbox } from '../shop.ts'

// Every query a customer's request runs is bounded by that customer's own rows (or by one row's
// key): on a shop of 100 000 customers, each with an order that owes credit, no plan scans the
// shop nor searches an index that does not start with the customer (or a row's key). SQLite is
// checked before it has any statistics and again after PRAGMA optimize; PostgreSQL after ANALYZE.

const CUSTOMERS = 100_000
/** How many of them also have an order line, a payment, a charge and a redemption: enough to make those large. */
const SOME = 20_000
/** What bounds a search to the caller's rows: an equality on their id, or on the key of one row. */
const BOUNDED = new Set([
  'user_id',
  'id',
  'rowid',
  'order_id',
  'mobile',
  'user_name',
  'card_id',
  'sku_id',
  'code',
  'channel_water_id',
  'charge_id',
  'event_id',
  'payment_id',
])
/** Tables holding a row per customer or more, which no customer's request may scan. */
const BIG = new Set([
  'users',
  'credit_cards',
  'orders',
  'order_items',
  'payments',
  'order_charges',
  'coupon_redemptions',
  'credit_debts',
  'credit_entries',
])
/** The columns an index search pins with `=`, as the plan names them. */
const pinned = (constraint: string) =>
  [...constraint.matchAll(/(\w+)\)?(?:::\w+)? = |(\w+)=\?/g)].map((m) => m[1] ?? m[2])

let t: TestApp
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '10000000' })
  await fillShop()
})
after(() => t.close())

/**
 * 100 000 customers, each with a card and a paid order (owing ¥900 unless complete and repaid) and its debt; a
 * fifth of them with the order's line, payment and charge and a coupon redeemed: a few INSERT … SELECTs.
 */
async function fillShop(): Promise<void> {
  const now = Math.floor(Date.now() / 1000)
  await sql`
    insert into users (mobile, user_name, pwd_hash, register_dt)
    with recursive n(i) as (select 1 union all select i + 1 from n where i < ${sql.lit(CUSTOMERS)})
    select cast(13000000000 + i as varchar(32)), cast(13000000000 + i as varchar(64)), 'x', ${now} from n
  `.execute(t.db)
  await sql`
    insert into credit_cards (card_id, user_id, amount, remain_amount, channel, create_time, update_time)
    select cast(216000000000000 + id as varchar(15)), id, 1000000, 910000, 'sfm', ${now}, ${now} from users
  `.execute(t.db)
  await sql`
    insert into orders (order_id, user_id, state, sku_amount, ship_amount, credit_amount, pay_amount, credit_held,
      credit_card_state, address_id, address_name, address_mobile, address_text, create_time, update_time,
      expire_time, pay_time)
    select cast(1000000000000000 + id as varchar(20)), id, 1 + id % 3, 100000, 0, -90000, 10000, 1 - id % 3 / 2,
      id % 3 / 2, 0, '收货人',
      '13800000000', '上海', ${now - 86400}, ${now - 86400}, ${now - 84600}, ${now - 86000} from users
  `.execute(t.db)
  await sql`
    insert into order_items (order_id, sku_id, sku_name, sku_image, real_price, first_price, sku_count, weight, postfee)
    select order_id, 'ad501', '商品', '', 100000, 10000, 1, 300, 0 from orders where user_id <= ${sql.lit(SOME)}
  `.execute(t.db)
  await sql`
    insert into payments
      (order_id, target_type, water_id, channel_id, channel, channel_water_id, amount, event_id, time)
    select order_id, 'pay', '', 1, 'alipay_pc_direct', 'ch_' || order_id, 10000, '', ${now - 86000} from orders
    where user_id <= ${sql.lit(SOME)}
  `.execute(t.db)
  await sql`
    insert into order_charges (charge_id, order_id, purpose, channel, amount, create_time)
    select 'ch_' || order_id, order_id, 'order_pay', 'alipay_pc_direct', 10000, ${now - 86400} from orders
    where user_id <= ${sql.lit(SOME)}
  `.execute(t.db)
  // Each paid order's debt with its borrow entry, as payment makes them.
  await sql`
    insert into credit_debts (order_id, user_id, principal, principal_repaid, state, borrow_time, due_time,
      next_remind_time, update_time)
    select order_id, user_id, 90000, 90000 * credit_card_state,
      case when credit_card_state = 1 then 'repaid' else 'owed' end,
      pay_time, pay_time + 60 * 86400, pay_time + 57 * 86400, ${now} from orders
  `.execute(t.db)
  await sql`
    insert into credit_entries (order_id, user_id, kind, amount, actor_type, time)
    select order_id, user_id, 'borrow', principal, 'system', borrow_time from credit_debts
  `.execute(t.db)
  // A coupon every customer used once.
  await sql`
    insert into coupons (code, kind, value, start_time, end_time, create_time, update_time)
    values ('EVERYONE', 'amount', 1000, 0, ${now + 86400}, ${now}, ${now})
  `.execute(t.db)
  await sql`
    insert into coupon_redemptions (coupon_id, user_id, order_id, discount, create_time)
    select (select id from coupons where code = 'EVERYONE'), user_id, order_id, 1000, ${now - 86400} from orders
    where user_id <= ${sql.lit(SOME)}
  `.execute(t.db)
  if (TEST_DB === 'postgres') await sql`analyze`.execute(t.db)
}

interface Statement {
  sql: string
  parameters: readonly unknown[]
}

/** Every statement the app runs while `work` runs, by text (the first parameters seen). */
async function statementsOf(work: () => Promise<void>): Promise<Statement[]> {
  const seen = new Map<string, Statement>()
  const proto = DefaultQueryExecutor.prototype as unknown as {
    executeQuery: (q: CompiledQuery, ...rest: unknown[]) => Promise<unknown>
  }
  const real = proto.executeQuery
  proto.executeQuery = function (this: unknown, q: CompiledQuery, ...rest: unknown[]) {
    if (!seen.has(q.sql)) seen.set(q.sql, { sql: q.sql, parameters: q.parameters })
    return real.call(this, q, ...rest)
  }
  try {
    await work()
  } finally {
    proto.executeQuery = real
  }
  return [...seen.values()].filter((s) => /^\s*(select|update|delete|with)\b/i.test(s.sql))
}

/** Everything a customer does, on every customer route. */
async function customerTour(): Promise<void> {
  const c = await signUp(t)
  const client: Client = c.client
  const ok = async (path: string, body: Record<string, unknown> = {}) => {
    const res = await client.post(path, body)
    assert.equal(res.code, 0, `${path}: ${JSON.stringify(res.body)}`)
    return res.data
  }
  await ok('/api/user/get_user_info')
  await ok('/api/user/modify_user_info', { new_user_name: `客人${c.userId}`, sex: 1 })
  await ok('/api/user/set_auth', {
    real_name: '苏源',
    id_code: '11010519491231002X',
    id_card_up: 'https://img/up.jpg',
    id_card_down: 'https://img/down.jpg',
  })
  await ok('/api/user/get_auth')
  const addressId = await addAddress(client)
  const second = await ok('/api/order/add_address', {
    address_info: { name: '苏源', mobile: '13636672480', address: '江苏省南京市' },
  })
  await ok('/api/order/get_address')
  await ok('/api/order/update_address', {
    id: second,
    address_info: { name: '苏', mobile: '13636672480', address: '南京' },
  })
  await ok('/api/order/set_default', { id: second })
  await ok('/api/order/set_default', { id: addressId })
  await ok('/api/order/delete_address', { id: second })

  const sku = await makeSku(t, { stock: 50 })
  await ok('/api/cart/add_cart', { sku_id: sku, sku_inc_count: 2, first_price: 10000 })
  await ok('/api/cart/cart_count')
  const lines = await ok('/api/cart/cart_list')
  await ok('/api/cart/update_cart', { sku_id: sku, sku_count: 3, first_price: 10000 })
  const { code } = await makeCoupon(t, { value: 1000 })
  const fromCart = { order_type: 'cart', cart_list: [{ cart_id: lines[0].id, first_price: 10000 }], coupon_code: code }
  await ok('/api/order/prepare_order', fromCart)
  const cartOrder = await ok('/api/order/commit_order', { ...fromCart, address_id: addressId, user_note: '尽快' })
  await ok('/api/cart/add_cart', { sku_id: sku, sku_inc_count: 1, first_price: 10000 })
  await ok('/api/cart/del_cart', { sku_ids: [sku] })

  const line = { order_type: 'sku', sku_list: [{ sku_id: sku, sku_count: 1, first_price: 10000 }] }
  const toCancel = await ok('/api/order/commit_order', { ...line, address_id: addressId })
  await ok('/api/order/get_order_brief_for_pay', { order_id: toCancel })
  await ok('/api/order/cancel_order', { order_id: toCancel, reason: '不要了' })
  await ok('/api/order/delete_order', { order_id: toCancel })

  await payThroughSandbox(client, cartOrder)
  await shipOrder(t.app.deps, SYSTEM, cartOrder, 'SF1', '顺丰')
  await ok('/api/order/confirm_order', { order_id: cartOrder })
  const owing = await ok('/api/order/commit_order', { ...line, address_id: addressId })
  await payThroughSandbox(client, owing)
  for (const order_type of ['all', 'need_pay', 'need_send', 'need_receive', 'complete', 'cancel', 'overtime', 'refund'])
    await ok('/api/order/get_order_list', { order_type })
  await ok('/api/order/get_order', { order_id: owing })
  for (const type of ['all', 'need_pay', 'over_time', 'has_pay']) await ok('/api/credit_card/detail', { type })
  const repay = await ok('/api/credit_card/pay', { pay_params: { order_id: cartOrder, channel: 'alipay_pc_direct' } })
  await ok('/api/sandbox/complete', { charge_id: repay.id, outcome: 'succeeded' })
  for (const type of ['need_pay', 'has_pay']) await ok('/api/credit_card/detail', { type })
  await ok('/api/credit_card/bill')
  const part = await ok('/api/credit_card/pay', {
    pay_params: { order_id: owing, channel: 'alipay_pc_direct', amount: 1000 },
  })
  await ok('/api/sandbox/complete', { charge_id: part.id, outcome: 'succeeded' })
  const whole = await ok('/api/credit_card/pay_bill', { pay_params: { channel: 'wx_pub_qr' } })
  await ok('/api/sandbox/complete', { charge_id: whole.id, outcome: 'succeeded' })
  await ok('/api/user/signout')
  assert.equal((await client.post('/api/user/signin', { mobile_uer_name: c.mobile, pwd: c.pwd })).code, 0)
}

/** The plan's lines that search more than the caller's rows, for each statement. */
async function unboundedSearches(statements: Statement[]): Promise<string[]> {
  const found: string[] = []
  for (const s of statements) {
    for (const problem of TEST_DB === 'postgres' ? await postgresProblems(s) : await sqliteProblems(s))
      found.push(`${problem}\n    in ${s.sql}`)
  }
  return found
}

async function sqliteProblems(s: Statement): Promise<string[]> {
  const plan = await t.db.executeQuery<{ detail: string }>(
    CompiledQuery.raw(`explain query plan ${s.sql}`, [...s.parameters]),
  )
  return plan.rows
    .map((r) => r.detail)
    .filter((detail) => {
      const m = /^(SCAN|SEARCH) (\w+)/.exec(detail)
      if (!m || m[2] === 'skus' || m[2] === 'coupons') return false
      if (m[1] === 'SCAN') return true
      return !pinned(detail).some((column) => BOUNDED.has(column!))
    })
}

async function postgresProblems(s: Statement): Promise<string[]> {
  const res = await t.db.executeQuery<{ 'QUERY PLAN': unknown }>(
    CompiledQuery.raw(`explain (format json) ${s.sql}`, [...s.parameters]),
  )
  const problems: string[] = []
  const visit = async (node: Record<string, unknown>) => {
    const relation = node['Relation Name'] as string | undefined
    if (node['Node Type'] === 'Seq Scan' && relation && BIG.has(relation)) problems.push(`Seq Scan on ${relation}`)
    const index = node['Index Name'] as string | undefined
    const cond = String(node['Index Cond'] ?? '')
    if (index && !pinned(cond).some((column) => BOUNDED.has(column!)))
      problems.push(`${node['Node Type']} using ${index} (${cond})`)
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) await visit(child)
  }
  const [root] = res.rows[0]!['QUERY PLAN'] as { Plan: Record<string, unknown> }[]
  await visit(root!.Plan)
  return problems
}

test('on 100 000 customers, each customer route searches only its caller’s rows, with statistics or none', async () => {
  const statements = await statementsOf(customerTour)
  assert.ok(statements.length > 50, `${statements.length} statements`)
  assert.deepEqual(await unboundedSearches(statements), [])
  if (TEST_DB === 'sqlite') {
    await optimize(t.db)
    assert.deepEqual(await unboundedSearches(statements), [])
  }
})
