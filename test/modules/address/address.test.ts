import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { findAddress } from '../../../src/modules/address/repo.ts'
import { signUp, testApp, type Client, type TestApp } from '../../helper.ts'

let t: TestApp
before(async () => {
  t = await testApp()
})
after(() => t.close())

interface AddressView {
  id: number
  name: string
  mobile: string
  address: string
  is_default: number
}

let seq = 0
const info = (extra: Record<string, unknown> = {}) => ({
  name: `收件人${++seq}`,
  mobile: '13636672480',
  address: '江苏省扬州市邗江区文昌西路1号',
  ...extra,
})

async function addAddress(c: Client, extra: Record<string, unknown> = {}): Promise<number> {
  const res = await c.post('/api/order/add_address', { address_info: info(extra) })
  assert.equal(res.code, 0, JSON.stringify(res.body))
  return res.data
}

async function book(c: Client): Promise<AddressView[]> {
  const res = await c.get('/api/order/get_address')
  assert.equal(res.code, 0)
  return res.data
}

const defaults = (list: AddressView[]) => list.filter((a) => a.is_default === 1).map((a) => a.id)

describe('add_address and get_address', () => {
  test('the first address becomes the default; data is the new id', async () => {
    const { client } = await signUp(t)
    assert.deepEqual(await book(client), [])
    const res = await client.post('/api/order/add_address', {
      address_info: { name: 'suyuan', mobile: '13636672480', address: '江苏省扬州市', is_default: 0 },
    })
    assert.equal(res.status, 200)
    assert.equal(res.code, 0)
    assert.ok(Number.isInteger(res.data) && res.data > 0)
    assert.deepEqual(await book(client), [
      { id: res.data, name: 'suyuan', mobile: '13636672480', address: '江苏省扬州市', is_default: 1 },
    ])
  })

  test('lists the default first, then the newest, by GET and POST', async () => {
    const { client } = await signUp(t)
    const a = await addAddress(client)
    const b = await addAddress(client)
    const c = await addAddress(client)
    assert.deepEqual(
      (await book(client)).map((x) => x.id),
      [a, c, b],
    )
    const byPost = await client.post('/api/order/get_address')
    assert.deepEqual(
      byPost.data.map((x: AddressView) => x.id),
      [a, c, b],
    )
  })

  test('is_default 1 moves the default to the new address', async () => {
    const { client } = await signUp(t)
    await addAddress(client)
    const b = await addAddress(client, { is_default: 1 })
    assert.deepEqual(defaults(await book(client)), [b])
  })

  test('a form post with nested address_info[...] fields works', async () => {
    const { client } = await signUp(t)
    await addAddress(client)
    const form = [
      `address_info[name]=${encodeURIComponent('苏 远')}`,
      'address_info[mobile]=13636672480',
      `address_info[address]=${encodeURIComponent('扬州市 & 南京市')}`,
      'address_info[is_default]=1',
    ].join('&')
    const res = await client.postForm('/api/order/add_address', form)
    assert.equal(res.code, 0, JSON.stringify(res.body))
    const first = (await book(client))[0]!
    assert.deepEqual(first, {
      id: res.data,
      name: '苏 远',
      mobile: '13636672480',
      address: '扬州市 & 南京市',
      is_default: 1,
    })
  })

  test('SQL metacharacters are stored and returned verbatim', async () => {
    const { client } = await signUp(t)
    const name = `O'Brien"; --`
    const address = `'); DROP TABLE addresses; -- 100% _x_ \\ 路`
    const id = await addAddress(client, { name, address })
    const got = (await book(client)).find((a) => a.id === id)!
    assert.equal(got.name, name)
    assert.equal(got.address, address)
  })

  test('at most 20 addresses: the 21st is 221 and is not stored', async () => {
    const { client } = await signUp(t)
    for (let i = 0; i < 20; i++) await addAddress(client)
    const res = await client.post('/api/order/add_address', { address_info: info({ is_default: 1 }) })
    assert.equal(res.status, 200)
    assert.equal(res.code, 221)
    const list = await book(client)
    assert.equal(list.length, 20)
    assert.equal(defaults(list).length, 1)
  })

  test('parallel adds past the limit stop at exactly 20, with one default', async () => {
    const { client } = await signUp(t)
    const results = await Promise.all(
      Array.from({ length: 26 }, (_, i) =>
        client.post('/api/order/add_address', { address_info: info({ is_default: i % 2 }) }),
      ),
    )
    assert.equal(results.filter((r) => r.code === 0).length, 20)
    assert.ok(results.every((r) => r.code === 0 || r.code === 221))
    const list = await book(client)
    assert.equal(list.length, 20)
    assert.equal(defaults(list).length, 1)
  })
})

describe('update_address', () => {
  test('changes the fields; is_default 1 makes it the default', async () => {
    const { client } = await signUp(t)
    const a = await addAddress(client)
    const b = await addAddress(client)
    const res = await client.post('/api/order/update_address', {
      id: b,
      address_info: { name: '新名字', mobile: '13900000000', address: '新地址', is_default: 1 },
    })
    assert.equal(res.code, 0)
    const list = await book(client)
    assert.deepEqual(list[0], { id: b, name: '新名字', mobile: '13900000000', address: '新地址', is_default: 1 })
    assert.deepEqual(defaults(list), [b])
    assert.ok(list.some((x) => x.id === a))
  })

  test('is_default 0 on the default keeps it the default: the user is never left without one', async () => {
    const { client } = await signUp(t)
    const a = await addAddress(client)
    await addAddress(client)
    assert.equal(
      (await client.post('/api/order/update_address', { id: a, address_info: info({ is_default: 0 }) })).code,
      0,
    )
    assert.deepEqual(defaults(await book(client)), [a])
  })

  test('works by form post', async () => {
    const { client } = await signUp(t)
    const a = await addAddress(client)
    const res = await client.postForm(
      '/api/order/update_address',
      `id=${a}&address_info[name]=form&address_info[mobile]=13636672480&address_info[address]=addr`,
    )
    assert.equal(res.code, 0, JSON.stringify(res.body))
    assert.equal((await book(client))[0]!.name, 'form')
  })

  test('a missing id is 220', async () => {
    const { client } = await signUp(t)
    const res = await client.post('/api/order/update_address', { id: 999999999, address_info: info() })
    assert.equal(res.status, 200)
    assert.equal(res.code, 220)
  })
})

describe('delete_address', () => {
  test('deleting the default promotes the newest other address', async () => {
    const { client } = await signUp(t)
    const a = await addAddress(client)
    const b = await addAddress(client)
    const c = await addAddress(client)
    await client.post('/api/order/set_default', { id: b })
    assert.equal((await client.post('/api/order/delete_address', { id: b })).code, 0)
    assert.deepEqual(
      (await book(client)).map((x) => [x.id, x.is_default]),
      [
        [c, 1],
        [a, 0],
      ],
    )
  })

  test('deleting another address leaves the default alone; deleting the last empties the book', async () => {
    const { client } = await signUp(t)
    const a = await addAddress(client)
    const b = await addAddress(client)
    assert.equal((await client.post('/api/order/delete_address', { id: b })).code, 0)
    assert.deepEqual(defaults(await book(client)), [a])
    assert.equal((await client.postForm('/api/order/delete_address', `id=${a}`)).code, 0)
    assert.deepEqual(await book(client), [])
    assert.equal((await client.post('/api/order/delete_address', { id: a })).code, 220)
  })
})

describe('set_default', () => {
  test('moves the default; the others are cleared', async () => {
    const { client } = await signUp(t)
    const a = await addAddress(client)
    const b = await addAddress(client)
    assert.equal((await client.post('/api/order/set_default', { id: b })).code, 0)
    assert.deepEqual(defaults(await book(client)), [b])
    assert.equal((await client.post('/api/order/set_default', { id: b })).code, 0)
    assert.equal((await client.post('/api/order/set_default', { id: a })).code, 0)
    assert.deepEqual(defaults(await book(client)), [a])
  })

  test('a missing id is 220 and the default stays', async () => {
    const { client } = await signUp(t)
    const a = await addAddress(client)
    assert.equal((await client.post('/api/order/set_default', { id: 999999999 })).code, 220)
    assert.deepEqual(defaults(await book(client)), [a])
  })

  test('concurrent default moves, adds and deletes end with exactly one default', async () => {
    const { client } = await signUp(t)
    const ids: number[] = []
    for (let i = 0; i < 6; i++) ids.push(await addAddress(client))
    const requests = [
      ...ids.flatMap((id) => [
        client.post('/api/order/set_default', { id }),
        client.post('/api/order/set_default', { id }),
      ]),
      ...Array.from({ length: 6 }, (_, i) =>
        client.post('/api/order/add_address', { address_info: info({ is_default: i % 2 }) }),
      ),
      client.post('/api/order/delete_address', { id: ids[0] }),
      client.post('/api/order/delete_address', { id: ids[3] }),
      client.post('/api/order/update_address', { id: ids[4], address_info: info({ is_default: 1 }) }),
    ]
    const results = await Promise.all(requests)
    assert.ok(
      results.every((r) => r.status === 200),
      JSON.stringify(results.map((r) => r.body)),
    )
    const list = await book(client)
    assert.equal(list.length, 6 + 6 - 2)
    assert.equal(defaults(list).length, 1)
    assert.equal(list[0]!.is_default, 1)
  })
})

describe("someone else's address", () => {
  test('cannot be read, changed, deleted or made default: 220 exactly like a missing id', async () => {
    const owner = await signUp(t)
    const other = await signUp(t)
    const id = await addAddress(owner.client, { name: 'owner' })
    await addAddress(other.client)
    const before = await book(owner.client)

    assert.ok(!(await book(other.client)).some((a) => a.id === id))
    const missing = await other.client.post('/api/order/set_default', { id: 999999999 })
    for (const [url, body] of [
      ['/api/order/update_address', { id, address_info: info({ name: 'stolen', is_default: 1 }) }],
      ['/api/order/delete_address', { id }],
      ['/api/order/set_default', { id }],
    ] as const) {
      const res = await other.client.post(url, body)
      assert.equal(res.status, 200)
      assert.equal(res.code, 220)
      assert.deepEqual(res.body, missing.body)
    }
    assert.deepEqual(await book(owner.client), before)
    assert.equal((await book(other.client)).length, 1)
    assert.equal(defaults(await book(other.client)).length, 1)
  })

  test('findAddress answers only the owner', async () => {
    const owner = await signUp(t)
    const other = await signUp(t)
    const id = await addAddress(owner.client)
    assert.equal((await findAddress(t.db, owner.userId, id))?.id, id)
    assert.equal(await findAddress(t.db, other.userId, id), undefined)
    assert.equal(await findAddress(t.db, owner.userId, 999999999), undefined)
  })
})

describe('bad input', () => {
  test('missing, empty, mistyped, over-long and malformed parameters are 400 and write nothing', async () => {
    const { client } = await signUp(t)
    const id = await addAddress(client)
    const before = await book(client)
    const cases: [string, unknown, number][] = [
      ['/api/order/add_address', {}, 100],
      ['/api/order/add_address', { address_info: 'x' }, 101],
      ['/api/order/add_address', { address_info: { mobile: '13636672480', address: 'a' } }, 100],
      ['/api/order/add_address', { address_info: info({ name: '' }) }, 100],
      ['/api/order/add_address', { address_info: info({ name: '   ' }) }, 101],
      ['/api/order/add_address', { address_info: info({ name: 'x'.repeat(61) }) }, 101],
      ['/api/order/add_address', { address_info: info({ name: 'a\nb' }) }, 101],
      ['/api/order/add_address', { address_info: info({ mobile: '1'.repeat(33) }) }, 101],
      ['/api/order/add_address', { address_info: info({ mobile: '12345' }) }, 101],
      ['/api/order/add_address', { address_info: info({ mobile: "1363667248'" }) }, 101],
      ['/api/order/add_address', { address_info: info({ address: 'x'.repeat(501) }) }, 101],
      ['/api/order/add_address', { address_info: info({ address: ['a', 'b'] }) }, 101],
      ['/api/order/add_address', { address_info: info({ is_default: 2 }) }, 101],
      ['/api/order/add_address', { address_info: info({ is_default: 'yes' }) }, 101],
      ['/api/order/update_address', { address_info: info() }, 100],
      ['/api/order/update_address', { id, address_info: info({ mobile: 'abc' }) }, 101],
      ['/api/order/update_address', { id: 'abc', address_info: info() }, 101],
      ['/api/order/delete_address', {}, 100],
      ['/api/order/delete_address', { id: -1 }, 101],
      ['/api/order/delete_address', { id: 0 }, 101],
      ['/api/order/delete_address', { id: 1.5 }, 101],
      ['/api/order/delete_address', { id: 'Infinity' }, 101],
      ['/api/order/delete_address', { id: '1e30' }, 101],
      ['/api/order/set_default', { id: '' }, 101],
      ['/api/order/set_default', { id: '1 OR 1=1' }, 101],
    ]
    for (const [url, body, code] of cases) {
      const res = await client.post(url, body as Record<string, unknown>)
      assert.equal(res.status, 400, `${url} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`)
      assert.equal(res.code, code, `${url} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`)
    }
    const token = await client.xsrf()
    const malformed = await client.raw('/api/order/add_address', '{"address_info": {', {
      'content-type': 'application/json',
      'x-xsrftoken': token,
    })
    assert.equal(malformed.status, 400)
    assert.deepEqual(await book(client), before)
  })

  test('a GET on a POST-only route is 405', async () => {
    const { client } = await signUp(t)
    for (const url of [
      '/api/order/add_address',
      '/api/order/update_address',
      '/api/order/delete_address',
      '/api/order/set_default',
    ]) {
      const res = await client.get(url)
      assert.equal(res.status, 405, url)
      assert.equal(res.body.status_code, 405)
    }
  })

  test('a POST without _xsrf is 403 and writes nothing', async () => {
    const { client } = await signUp(t)
    const res = await client.raw('/api/order/add_address', JSON.stringify({ address_info: info() }), {
      'content-type': 'application/json',
    })
    assert.equal(res.status, 403)
    assert.deepEqual(await book(client), [])
  })

  test('not signed in is 401', async () => {
    const c = t.client()
    assert.equal((await c.get('/api/order/get_address')).status, 401)
    for (const url of [
      '/api/order/add_address',
      '/api/order/update_address',
      '/api/order/delete_address',
      '/api/order/set_default',
    ]) {
      assert.equal((await c.post(url, { id: 1, address_info: info() })).status, 401, url)
    }
  })
})
