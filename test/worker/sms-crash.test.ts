import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { after, before, describe, test } from 'node:test'
import { enqueueSms } from '../../src/modules/sms/index.ts'
import { nowSeconds } from '../../src/time.ts'
import { newMobile, testApp, type TestApp } from '../helper.ts'
import { until } from '../ops/process.ts'
import type { FakeOutcome, FakeProvider } from '../providers/sms/fake-server.ts'
import { FAKES, settingsFor } from '../providers/sms/setup.ts'

// The standalone worker (dist/, as production runs it) killed with SIGKILL while a message is
// in flight, then started again: the message reaches the phone once, never twice, never not.

for (const [name, start] of FAKES) {
  describe(`the outbox through ${name}, its worker killed mid-send`, () => {
    let fake: FakeProvider
    let t: TestApp
    before(async () => {
      fake = await start()
      t = await testApp(settingsFor(fake))
    })
    after(async () => {
      await t.close()
      await fake.close()
    })

    const startWorker = (): ChildProcess =>
      spawn(process.execPath, ['dist/cli/worker.js'], {
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: t.config.databaseUrl,
          DATA_DIR: t.config.dataDir,
          SFM_SECRET: t.config.secret,
          WORKER_INTERVAL_MS: '100',
          LOG_LEVEL: 'warn',
          ...settingsFor(fake),
        },
        stdio: 'ignore',
      })
    const exited = (child: ChildProcess) =>
      child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve()
        : new Promise<void>((resolve) => child.once('exit', () => resolve()))
    const rowOf = (id: number) =>
      t.db.selectFrom('sms_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

    async function killMidSend(outcome: FakeOutcome): Promise<{ mobile: string; id: number }> {
      const mobile = newMobile()
      fake.plan(mobile, outcome)
      const id = await t.db.transaction().execute((trx) =>
        enqueueSms(trx, mobile, 'order_shipped', {
          order_id: '2026120600000077',
          logistics: '顺丰',
          logistics_id: 'SF7',
        }),
      )
      const requests = fake.requests
      const worker = startWorker()
      try {
        // The worker claimed it and its request is at the provider, unanswered.
        await until('the worker to call the provider', () => fake.requests > requests, 15_000)
        assert.equal((await rowOf(id)).state, 'sending')
      } finally {
        worker.kill('SIGKILL')
        await exited(worker)
      }
      // Time passes beyond the dead worker's lease.
      await t.db.updateTable('sms_outbox').set({ next_attempt_at: nowSeconds() }).where('id', '=', id).execute()
      const again = startWorker()
      try {
        await until(
          'the restarted worker to finish the message',
          async () => (await rowOf(id)).state === 'sent',
          15_000,
        )
      } finally {
        again.kill('SIGTERM')
        await exited(again)
      }
      return { mobile, id }
    }

    test('killed before the provider took the message: sent once after restart', async () => {
      const { mobile, id } = await killMidSend('timeout')
      assert.equal(fake.sentTo(mobile).length, 1)
      assert.equal(fake.sentTo(mobile)[0]!.text, '您的订单2026120600000077已发货,顺丰运单号SF7。')
      assert.equal((await rowOf(id)).attempts, 2)
    })

    if (name === 'aliyun')
      test('killed after the provider took it, before the answer: found at Aliyun, not sent again', async () => {
        const { mobile, id } = await killMidSend('accept_then_hang')
        assert.equal(fake.sentTo(mobile).length, 1)
        const row = await rowOf(id)
        assert.equal(row.attempts, 2)
        assert.equal(row.maybe_sent, 0)
      })
  })
}
