import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { rawHttp, testApp, type TestApp } from '../helper.ts'

// A slow client cannot hold a connection open (issue 8, F9): short deadlines here, on a real socket.

let t: TestApp
let port: number
before(async () => {
  t = await testApp({ REQUEST_TIMEOUT_MS: '1000', HEADERS_TIMEOUT_MS: '600', KEEP_ALIVE_TIMEOUT_MS: '500' })
  await t.app.listen({ host: '127.0.0.1', port: 0 })
  port = (t.app.server.address() as { port: number }).port
})
after(() => t.close())

/** A byte every `everyMs`, for longer than any deadline here. */
const trickle = (text: string, everyMs: number) => [...text].map((data) => ({ after: everyMs, data }))

test('a body that trickles in a byte at a time is cut off with 408 in the envelope', async () => {
  const body = JSON.stringify({ mobile_uer_name: '13000000000', pwd: 'x'.repeat(40) })
  const res = await rawHttp(port, [
    `POST /api/user/signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    ...trickle(body, 200),
  ])
  assert.equal(res.status, 408)
  assert.deepEqual(JSON.parse(res.body), { status_code: 408, code: 408, msg: '请求超时', data: {} })
  assert.ok(res.closedAfterMs < 3000, `closed after ${res.closedAfterMs} ms`)
})

test('headers that trickle in are cut off at the header deadline', async () => {
  const res = await rawHttp(port, [
    'GET /healthz HTTP/1.1\r\nHost: x\r\n',
    ...trickle('X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n', 100),
  ])
  assert.equal(res.status, 408)
  assert.ok(res.closedAfterMs < 2500, `closed after ${res.closedAfterMs} ms`)
})

test('an idle keep-alive connection is closed after its timeout; a prompt request is answered', async () => {
  const res = await rawHttp(port, ['GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'])
  assert.equal(res.status, 200)
  assert.ok(res.closedAfterMs < 2500, `closed after ${res.closedAfterMs} ms`)
})
