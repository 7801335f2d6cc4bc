import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { signUp, testApp, type Client, type TestApp } from '../helper.ts'

// Every route the app serves, read from its own route table, driven with every method.

let t: TestApp
let anonymous: Client
let customer: Client
before(async () => {
  t = await testApp()
  anonymous = t.client()
  customer = (await signUp(t)).client
})
after(() => t.close())

interface RouteEntry {
  path: string
  methods: string[]
}

/**
 * The app's routes from `printRoutes({ commonPrefix: false })`: a tree whose lines read
 * `├── /api/order/get_order (GET, HEAD, POST)`, a child's path continuing its parent's.
 */
function routeTable(app: FastifyInstance): RouteEntry[] {
  const routes: RouteEntry[] = []
  const prefixes: string[] = []
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = line.match(/^((?:│ {3}| {4})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/)
    if (!m) continue
    const depth = m[1]!.length / 4
    prefixes.length = depth
    const path = prefixes.join('') + m[2]!
    prefixes.push(m[2]!)
    if (m[3]) routes.push({ path: path.replace(/\*/g, 'x'), methods: m[3].split(', ') })
  }
  return routes
}

test('the route table is read whole', () => {
  const paths = routeTable(t.app).map((r) => r.path)
  for (const p of ['/healthz', '/api/sku/get_sku', '/api/order/get_order_list', '/api/order/get_order_brief_for_pay', '/api/user/signup', '/docs/json']) assert.ok(paths.includes(p), p)
  assert.ok(paths.length > 40)
})

describe('HEAD answers as GET does, without a body', () => {
  test('every route that answers GET, signed in or not, with and without parameters', async () => {
    const headRoutes = routeTable(t.app).filter((r) => r.methods.includes('HEAD'))
    assert.ok(headRoutes.length > 20)
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
