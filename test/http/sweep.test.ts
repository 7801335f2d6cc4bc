import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { HttpMessages } from '../../src/http/codes.ts'
import { rawHttp, signUp, testApp, type Client, type TestApp } from '../helper.ts'

// Every route the app serves, read from its own route table, driven with every method.

let t: TestApp
let anonymous: Client
let customer: Client
let port: number
before(async () => {
  t = await testApp()
  anonymous = t.client()
  customer = (await signUp(t)).client
  await t.app.listen({ host: '127.0.0.1', port: 0 })
  port = (t.app.server.address() as { port: number }).port
})
after(() => t.close())

interface RouteEntry {
  path: string
  methods: string[]
}

/** The app's own route table (every route registered after the conventions: all of the API). */
const routeTable = (app: FastifyInstance): RouteEntry[] =>
  [...app.routeTable].map(([path, routes]) => ({
    path: path.replace(/\*/g, 'x'),
    methods: routes.map((r) => r.method),
  }))

test('the route table is read whole', () => {
  const paths = routeTable(t.app).map((r) => r.path)
  for (const p of [
    '/healthz',
    '/api/sku/get_sku',
    '/api/order/get_order_list',
    '/api/order/get_order_brief_for_pay',
    '/api/user/signup',
    '/api/static/pingpp.js',
  ])
    assert.ok(paths.includes(p), p)
  assert.ok(paths.length > 35)
})

describe('HEAD answers as GET does, without a body', () => {
  test('every route that answers GET, signed in or not, with and without parameters', async () => {
    const headRoutes = routeTable(t.app).filter((r) => r.methods.includes('HEAD'))
    assert.ok(headRoutes.length > 15)
    for (const { path } of headRoutes) {
      for (const client of [anonymous, customer]) {
        for (const url of [path, `${path}?sku_id=ad501&order_id=1&page=1`]) {
          const get = await client.send('GET', url)
          const head = await client.send('HEAD', url)
          assert.ok(get.statusCode < 500, `GET ${url} answered ${get.statusCode}`)
          assert.equal(head.statusCode, get.statusCode, `HEAD ${url}`)
          assert.equal(head.body, '', `HEAD ${url} sent a body`)
        }
      }
    }
  })

  test('HEAD of a read route gives the same status and headers as GET', async () => {
    const head = await customer.send('HEAD', '/api/sku/get_sku?sku_id=ad501')
    assert.equal(head.statusCode, 200)
    assert.match(String(head.headers['content-type']), /application\/json/)
    assert.equal(head.body, '')
  })

  test('HEAD of a POST-only route is 405 with Allow, as GET is', async () => {
    const head = await customer.send('HEAD', '/api/user/signup')
    assert.equal(head.statusCode, 405)
    assert.equal(head.headers.allow, 'POST')
  })
})

/**
 * Documents rather than API answers: the OpenAPI UI and document, the metrics, Ping++'s SDK, the two HTML pages (when
 * they answer 200/404), and the /admin console's page and files.
 */
const isDocument = (path: string, res: LightMyRequestResponse) =>
  path.startsWith('/docs') ||
  ((path === '/admin' || path.startsWith('/admin/')) && res.statusCode === 200) ||
  path === '/metrics' ||
  (path === '/api/static/pingpp.js' && res.statusCode === 200) ||
  (/^text\/html/.test(String(res.headers['content-type'])) &&
    ['/api/static/pay-pc.html', '/api/sandbox/pay'].includes(path.split('?')[0]!))

function assertEnvelope(body: string, status: number, what: string): void {
  let env: { status_code: unknown; code: unknown; msg: unknown; data: unknown }
  try {
    env = JSON.parse(body)
  } catch {
    assert.fail(`${what}: not JSON: ${body.slice(0, 200)}`)
  }
  assert.deepEqual(Object.keys(env).sort(), ['code', 'data', 'msg', 'status_code'], `${what}: ${body.slice(0, 200)}`)
  assert.equal(env.status_code, status, what)
  assert.equal(typeof env.code, 'number', what)
  assert.equal(typeof env.msg, 'string', what)
  assert.ok((env.msg as string).length > 0 && env.msg !== 'error', `${what}: msg ${JSON.stringify(env.msg)}`)
}

describe('every answer is the envelope, with a message in words', () => {
  test('every route with every method, signed in or not: no 5xx, nothing outside the envelope', async () => {
    const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'] as const
    const paths = [
      ...routeTable(t.app).map((r) => r.path),
      '/docs/json',
      '/',
      '/api',
      '/api/nope/nothing',
      '/favicon.ico',
    ]
    let seen = 0
    for (const path of paths) {
      for (const client of [anonymous, customer]) {
        for (const method of methods) {
          const token = await client.xsrf()
          const variants: Record<string, string>[] =
            method === 'POST'
              ? [
                  {},
                  { 'content-type': 'application/json', 'x-xsrftoken': token },
                  { 'content-type': 'application/xml' },
                ]
              : [{}]
          for (const headers of variants) {
            const res =
              method === 'POST' && headers['content-type']
                ? await client.raw(path, headers['content-type'] === 'application/xml' ? '<a/>' : '{}', headers)
                : await client.send(method, path, headers)
            const status = 'res' in res ? res.res.statusCode : res.statusCode
            const raw = 'res' in res ? res.res : res
            const what = `${method} ${path} ${JSON.stringify(headers)}`
            seen++
            assert.ok(status < 500, `${what} answered ${status}`)
            if (method === 'HEAD' || isDocument(path, raw)) continue
            assertEnvelope(raw.body, status, what)
          }
        }
      }
    }
    assert.ok(seen > 500)
  })

  test('415 for a body type the API does not take, in words', async () => {
    const res = await customer.raw('/api/sku/list', '<a/>', { 'content-type': 'application/xml' })
    assert.equal(res.status, 415)
    assert.deepEqual(res.body, { status_code: 415, code: 415, msg: '不支持的请求体类型', data: {} })
  })

  test('every status the server answers with has a Chinese message', () => {
    for (const status of [
      400, 401, 403, 404, 405, 406, 408, 411, 413, 414, 415, 422, 429, 431, 500, 501, 502, 503, 504, 505,
    ]) {
      assert.match(HttpMessages[status] ?? '', /[\u4e00-\u9fff]/, String(status))
    }
  })

  const malformed: [string, string, number][] = [
    ['a path that does not decode', 'GET /%ff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400],
    ['an API path that does not decode', 'GET /api/%zz/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400],
    [
      'a query that does not decode',
      'GET /api/sku/get_sku?sku_id=%ff%fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      200,
    ],
    ['a 100 KB URL', `GET /api/sku/list?${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 431],
    [
      '20 KB of headers',
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`,
      431,
    ],
    ['a garbled request line', 'GARBAGE\r\n\r\n', 400],
    [
      'a header with a bad character',
      'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\nConnection: close\r\n\r\n',
      400,
    ],
    [
      'a body longer than its length says',
      'POST /api/sku/list HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n',
      400,
    ],
  ]
  for (const [what, request, status] of malformed) {
    test(`${what}: ${status} in the envelope`, async () => {
      const res = await rawHttp(port, [request])
      assert.equal(res.status, status, res.body)
      assertEnvelope(res.body, status, what)
      assert.match(res.headers['content-type'] ?? '', /^application\/json/)
      if (status !== 200)
        assert.equal(
          JSON.parse(res.body).msg,
          status === 400 && what.includes('decode') ? '请求地址无效' : HttpMessages[status],
        )
    })
  }
})
