// A client that goes away stops the export: no next batch is read once the stream is destroyed.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { seedBackoffice } from '../../../scripts/bench/seed-backoffice.ts'
import { exportsRunningNow } from '../../../src/metrics/index.ts'
import { makeAdmin, type TestAdmin } from '../../admin.ts'
import { testApp, type TestApp } from '../../helper.ts'

let t: TestApp
let op: TestAdmin
before(async () => {
  t = await testApp()
  op = await makeAdmin(t, 'operator')
  // About 12 MB of CSV: more than the sockets between the two ends hold, so the export must wait for the reader.
  await seedBackoffice(t.db, 40_000, 1_000)
  await t.app.listen({ port: 0, host: '127.0.0.1' })
})
after(() => t.close())

test('a client that goes away stops the export', async () => {
  const { port } = t.app.server.address() as { port: number }
  const cookie = [...op.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  const aborter = new AbortController()
  const res = await fetch(`http://127.0.0.1:${port}/api/order/export`, { headers: { cookie }, signal: aborter.signal })
  assert.equal(res.status, 200)
  const reader = res.body!.getReader()
  await reader.read()
  // The export waits for the reader, in the middle of its batches.
  await new Promise((r) => setTimeout(r, 200))
  assert.equal(await exportsRunningNow(), 1)
  aborter.abort()
  for (let i = 0; i < 100 && (await exportsRunningNow()) > 0; i++) await new Promise((r) => setTimeout(r, 20))
  assert.equal(await exportsRunningNow(), 0)
})
