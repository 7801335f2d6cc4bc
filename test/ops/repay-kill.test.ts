import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { after, before, test } from 'node:test'
import {
  addAddress,
  commitBody,
  type Instance,
  makeSku,
  type Shared,
  sharedDatabase,
  signUp,
  startInstance,
  until,
  type Browser,
} from './process.ts'

// kill -9 while repayments in parts land (SPEC §6.7): every repayment recorded is applied whole to
// its debt or flagged for refund, and the cards and the ledger reconcile after the restart.
let shared: Shared
before(async () => {
  shared = await sharedDatabase()
})
after(() => shared.close())

const reconcile = () =>
  spawnSync(process.execPath, ['dist/cli/reconcile.js'], {
    env: { ...process.env, DATABASE_URL: shared.databaseUrl, DATA_DIR: shared.dataDir, SFM_SECRET: 'x'.repeat(32) },
    encoding: 'utf8',
  })

/** One repayment of 100 fen as a customer makes it: the charge, then the cashier's 支付 button. */
async function repayPart(on: Instance, browser: Browser, orderId: string) {
  const charge = await browser.post(on, '/api/credit_card/pay', {
    pay_params: { order_id: orderId, channel: 'wx_pub_qr', amount: 100 },
  })
  if (charge.body.code !== 0) return charge.body
  return (await browser.post(on, '/api/sandbox/complete', { charge_id: charge.body.data.id, outcome: 'succeeded' }))
    .body
}

test('kill -9 during a burst of repayments in parts: none half applied, cards and ledger reconcile after', async () => {
  const env = { CREDIT_DEFAULT_AMOUNT: '1000000' }
  let server = await startInstance(shared, env)
  const skuId = await makeSku(shared.db, 100)
  const debtors = await Promise.all(
    Array.from({ length: 4 }, async () => {
      const c = await signUp(server)
      const addressId = await addAddress(server, c.browser)
      const orderId = String(
        (await c.browser.post(server, '/api/order/commit_order', commitBody(addressId, skuId))).body.data,
      )
      const charge = await c.browser.post(server, '/api/order/pay', {
        pay_params: { order_id: orderId, channel: 'wx_pub_qr' },
      })
      await c.browser.post(server, '/api/sandbox/complete', { charge_id: charge.body.data.id, outcome: 'succeeded' })
      return { ...c, orderId }
    }),
  )
  const repaymentsRecorded = async () =>
    Number(
      (
        await shared.db
          .selectFrom('payments')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('target_type', '=', 'card')
          .executeTakeFirstOrThrow()
      ).n,
    )
  const burst = Promise.allSettled(
    debtors.flatMap((d) => Array.from({ length: 25 }, () => repayPart(server, d.browser, d.orderId))),
  )
  await until('some repayments to land', async () => (await repaymentsRecorded()) >= 10)
  assert.equal(await server.stop('SIGKILL'), null)
  await burst
  const landed = await repaymentsRecorded()
  assert.ok(landed < 100, 'the kill came before every repayment was done')

  const after = reconcile()
  assert.equal(after.status, 0, after.stdout + after.stderr)
  assert.match(after.stdout, /the ledger reconciles/)
  // Each recorded repayment took 100 fen off its debt, nothing more or less.
  for (const d of debtors) {
    const debt = await shared.db
      .selectFrom('credit_debts')
      .selectAll()
      .where('order_id', '=', d.orderId)
      .executeTakeFirstOrThrow()
    const paid = await shared.db
      .selectFrom('payments')
      .select((eb) => eb.fn.sum<number | string>('amount').as('sum'))
      .where('order_id', '=', d.orderId)
      .where('target_type', '=', 'card')
      .executeTakeFirstOrThrow()
    assert.equal(debt.principal_repaid + debt.fee_repaid + debt.overpaid, Number(paid.sum ?? 0))
  }
  server = await startInstance(shared, env)
  try {
    const d = debtors[0]!
    const more = await repayPart(server, d.browser, d.orderId)
    assert.equal(more.code, 0, JSON.stringify(more))
    assert.equal(reconcile().status, 0)
  } finally {
    await server.stop('SIGKILL')
  }
})
