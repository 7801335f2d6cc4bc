import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { maskedUrl } from '../../src/http/request-log.ts'
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
