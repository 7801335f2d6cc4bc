import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { AjvCompiler } from '@fastify/ajv-compiler'
import { Type } from '@sinclair/typebox'
import Fastify, { type FastifyInstance } from 'fastify'
import { AJV_OPTIONS, lazyValidators } from '../../src/http/validators.ts'
import { testApp, type TestApp } from '../helper.ts'

// Validators compile on a route's first request: what Fastify would have compiled at start is
// compiled here for every route, and a lazy validator answers exactly as an eager one.

let t: TestApp
before(async () => {
  t = await testApp()
})
after(() => t.close())

const PARTS = ['body', 'querystring', 'params', 'headers'] as const

test("every route's schemas compile with Ajv and the app's options", () => {
  const compile = AjvCompiler()({}, { customOptions: AJV_OPTIONS })
  let compiled = 0
  for (const routes of t.app.routeTable.values())
    for (const { method, url, schema } of routes)
      for (const httpPart of PARTS) {
        const part = schema?.[httpPart]
        if (part === undefined || part === null) continue
        assert.doesNotThrow(() => compile({ schema: part, method, url, httpPart }), `${method} ${url} ${httpPart}`)
        compiled++
      }
  assert.ok(compiled > 100, `${compiled} schemas compiled`)
})

/** The same route on an app with Fastify's own (eager) compiler and on one with the lazy one. */
async function pair(): Promise<FastifyInstance[]> {
  const apps = [
    Fastify({ ajv: { customOptions: AJV_OPTIONS } }),
    Fastify({
      ajv: { customOptions: AJV_OPTIONS },
      schemaController: { compilersFactory: { buildValidator: lazyValidators() } },
    }),
  ]
  for (const app of apps) {
    app.post(
      '/r/:id',
      {
        schema: {
          params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
          querystring: Type.Object({ tags: Type.Array(Type.String()), page: Type.Integer({ default: 1 }) }),
          body: Type.Object({ name: Type.String({ maxLength: 4 }) }),
        },
      },
      async (req) => ({ params: req.params, query: req.query, body: req.body }),
    )
    // A root value Ajv coerces (5 → [5]) reaches the handler only through the parent Fastify hands it.
    app.post('/list', { schema: { body: Type.Array(Type.Integer()) } }, async (req) => ({ body: req.body }))
    await app.ready()
  }
  return apps
}

test('a lazy validator coerces, fills defaults, strips and refuses as the eager one does', async () => {
  const apps = await pair()
  try {
    for (const request of [
      { url: '/r/7?tags=a&extra=1', payload: { name: 'ab', extra: true } },
      { url: '/r/7?tags=a&tags=b&page=3', payload: { name: 'ab' } },
      { url: '/r/0?tags=a', payload: { name: 'ab' } },
      { url: '/r/x?tags=a', payload: { name: 'ab' } },
      { url: '/r/7', payload: { name: 'ab' } },
      { url: '/r/7?tags=a', payload: { name: 'abcde' } },
      { url: '/r/7?tags=a', payload: {} },
      { url: '/list', payload: '5', headers: { 'content-type': 'application/json' } },
      { url: '/list', payload: ['x'] },
    ]) {
      const [eager, lazy] = await Promise.all(apps.map((app) => app.inject({ method: 'POST', ...request })))
      assert.equal(lazy!.statusCode, eager!.statusCode, request.url)
      assert.deepEqual(lazy!.json(), eager!.json(), request.url)
    }
    const ok = await apps[1]!.inject({ method: 'POST', url: '/r/7?tags=a&extra=1', payload: { name: 'ab', extra: 1 } })
    assert.deepEqual(ok.json(), { params: { id: 7 }, query: { tags: ['a'], page: 1 }, body: { name: 'ab' } })
  } finally {
    await Promise.all(apps.map((app) => app.close()))
  }
})
