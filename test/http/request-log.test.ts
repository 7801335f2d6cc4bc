import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import pino from 'pino'
import { lazyChildLogger, maskedUrl } from '../../src/http/request-log.ts'
import { MemoryRateLimitStore } from '../../src/ratelimit/index.ts'
import { testApp, type TestApp } from '../helper.ts'

const lines: Record<string, any>[] = []
const stream = { write: (line: string) => lines.push(JSON.parse(line)) }

let t: TestApp
before(async () => {
  t = await testApp({}, { logger: { level: 'info', stream } })
})
after(() => t.close())

test('request lines keep paging, states and ids, and mask every other query value', async () => {
  await t.client().get('/api/sku/list', { page: '2', count: '5', mobile: '13800138000', u_name: '张三' })
  const line = lines.find((l) => l.msg === 'request completed' && String(l.req?.url).startsWith('/api/sku/list'))
  assert.ok(line, JSON.stringify(lines))
  const url = String(line.req.url)
  assert.match(url, /page=2/)
  assert.match(url, /count=5/)
  assert.match(url, /mobile=\*\*\*/)
  assert.ok(!url.includes('13800138000') && !url.includes(encodeURIComponent('张三')), url)
})

test('maskedUrl: names kept, personal values starred, arrays and odd pairs handled', () => {
  assert.equal(maskedUrl('/api/x'), '/api/x')
  assert.equal(maskedUrl('/api/x?order_id=1&u_mobile=138&id_code=110'), '/api/x?order_id=1&u_mobile=***&id_code=***')
  assert.equal(maskedUrl('/api/x?sku_id[]=a&sms_verify=123456&flag'), '/api/x?sku_id[]=a&sms_verify=***&flag')
  assert.equal(maskedUrl('/api/x?%ZZ=1'), '/api/x?%ZZ=***')
})

test('/readyz says which backing service does not answer', async () => {
  assert.deepEqual((await t.client().get('/readyz')).data, { database: 'ok', redis: 'unused' })
  const limiter = t.app.deps.limiter
  const down = new MemoryRateLimitStore()
  down.ping = async () => {
    throw new Error('redis connection down')
  }
  t.app.deps.limiter = down
  try {
    const res = await t.client().get('/readyz')
    assert.equal(res.status, 503)
    assert.equal(res.body.msg, '服务暂不可用:Redis无法连接')
  } finally {
    t.app.deps.limiter = limiter
  }
  assert.equal((await t.client().get('/readyz')).status, 200)
})

test("every line a request writes names it; probes write none unless there's trouble", async () => {
  lines.length = 0
  const api = await t.client().send('GET', '/api/sku/list', { 'x-request-id': 'trace-api-1' })
  assert.equal(api.statusCode, 200)
  const probe = await t.client().send('GET', '/healthz', { 'x-request-id': 'trace-probe-1' })
  assert.equal(probe.statusCode, 200)
  const broken = await t.app.inject({
    method: 'POST',
    url: '/api/user/signin',
    payload: '{"pwd": ',
    headers: { 'content-type': 'application/json', 'x-request-id': 'trace-bad-1' },
  })
  assert.equal(broken.statusCode, 400)
  const of = (id: string) => lines.filter((l) => l.reqId === id)
  assert.deepEqual(
    of('trace-api-1').map((l) => [l.level, l.msg, l.res?.statusCode]),
    [[30, 'request completed', 200]],
  )
  assert.deepEqual(of('trace-probe-1'), [])
  assert.ok(of('trace-bad-1').length >= 1, JSON.stringify(lines))
  assert.ok(
    lines.every((l) => l.msg !== 'request completed' || typeof l.reqId === 'string'),
    JSON.stringify(lines),
  )
})

test('the lazy request logger writes what a pino child would, at the levels it would', () => {
  const out: Record<string, any>[] = []
  const parent = pino({ level: 'info' }, { write: (line: string) => out.push(JSON.parse(line)) })
  const make = (opts: { level?: string }) =>
    lazyChildLogger.call(undefined as never, parent, { reqId: 'r1' }, opts, undefined as never)
  const quiet = make({ level: 'warn' })
  quiet.info('dropped')
  quiet.warn({ a: 1 }, 'kept %s', 'too')
  const chatty = make({ level: 'debug' })
  chatty.debug('below the parent, through a child')
  const plain = make({})
  plain.error(new Error('boom'))
  plain.child({ step: 2 }).info('from a child of it')
  assert.deepEqual(
    out.map((l) => [l.level, l.reqId, l.msg, l.a, l.err?.message, l.step]),
    [
      [40, 'r1', 'kept too', 1, undefined, undefined],
      [20, 'r1', 'below the parent, through a child', undefined, undefined, undefined],
      [50, 'r1', 'boom', undefined, 'boom', undefined],
      [30, 'r1', 'from a child of it', undefined, undefined, 2],
    ],
  )
  assert.equal(quiet.level, 'warn')
  assert.equal(plain.level, 'info')
})
