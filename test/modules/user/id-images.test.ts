import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ID_IMAGE_MAX_BYTES, idImageUrl } from '../../../src/modules/user/index.ts'
import { makeAdmin, type TestAdmin } from '../../admin.ts'
import { type Client, signUp, testApp, type TestApp } from '../../helper.ts'

let t: TestApp
let admin: TestAdmin
before(async () => {
  t = await testApp({ ID_IMAGE_HOSTS: 'img.shop.example' })
  admin = await makeAdmin(t)
})
after(() => t.close())

/** A tiny JPEG and PNG, as far as their content goes (what the server looks at). */
const jpeg = (size = 64) =>
  Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(size - 6, 7), Buffer.from([0xff, 0xd9])])
const png = () =>
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    Buffer.from('IHDR', 'latin1'),
    Buffer.alloc(40, 1),
  ])

async function upload(client: Client, bytes: Buffer, type = 'image/jpeg') {
  return client.raw('/api/user/upload_id_image', bytes, { 'content-type': type, 'x-xsrftoken': await client.xsrf() })
}

const validId = '110101199003074514'

describe('upload_id_image', () => {
  test('takes a JPEG or a PNG, told by its content whatever the type sent, and serves it back to its owner', async () => {
    const { client } = await signUp(t)
    for (const [bytes, sentAs, servedAs] of [
      [jpeg(), 'image/jpeg', 'image/jpeg'],
      [png(), 'application/octet-stream', 'image/png'],
      [png(), 'image/jpeg', 'image/png'],
    ] as const) {
      const res = await upload(client, bytes, sentAs)
      assert.equal(res.code, 0, JSON.stringify(res.body))
      assert.match(res.data.image_id, /^idimg_[0-9a-f]{32}$/)
      const served = await client.send('GET', idImageUrl(res.data.image_id))
      assert.equal(served.statusCode, 200)
      assert.equal(served.headers['content-type'], servedAs)
      assert.equal(served.headers['x-content-type-options'], 'nosniff')
      assert.match(String(served.headers['cache-control']), /no-store/)
      assert.deepEqual(served.rawPayload, bytes)
    }
  })

  test('refuses what is not a JPEG or PNG by its content, even sent as one', async () => {
    const { client } = await signUp(t)
    for (const bytes of [
      Buffer.from('<html><script>alert(1)</script></html>'),
      Buffer.from('GIF89a0000000000'),
      Buffer.alloc(0),
    ]) {
      const res = await upload(client, bytes, 'image/png')
      assert.equal(res.code, 101, `${bytes.toString('latin1', 0, 6)}: ${JSON.stringify(res.body)}`)
    }
    // Multipart or text are not image bodies.
    assert.equal((await upload(client, jpeg(), 'multipart/form-data; boundary=x')).status, 415)
    assert.equal((await upload(client, jpeg(), 'text/plain')).status, 400)
    assert.equal((await client.post('/api/user/upload_id_image', { image: 'x' })).code, 101)
  })

  test('takes 4 MB, and answers 413 past it', async () => {
    const { client } = await signUp(t)
    assert.equal((await upload(client, jpeg(ID_IMAGE_MAX_BYTES))).code, 0)
    const big = await upload(client, jpeg(ID_IMAGE_MAX_BYTES + 1))
    assert.deepEqual([big.status, big.code], [413, 413])
  })

  test('needs a signed-in customer and the _xsrf header', async () => {
    const anyone = t.client()
    const headers = { 'content-type': 'image/jpeg', 'x-xsrftoken': await anyone.xsrf() }
    assert.equal((await anyone.raw('/api/user/upload_id_image', jpeg(), headers)).status, 401)
    const { client } = await signUp(t)
    assert.equal((await client.raw('/api/user/upload_id_image', jpeg(), { 'content-type': 'image/jpeg' })).status, 403)
  })
})

describe('an uploaded image', () => {
  test('is served to its owner and to admins, and to nobody else: someone else’s is 404 like no image at all', async () => {
    const owner = await signUp(t)
    const { image_id } = (await upload(owner.client, jpeg())).data
    const url = idImageUrl(image_id)
    const other = await signUp(t)
    const operator = await makeAdmin(t, 'operator')
    for (const [who, client] of [
      ['another customer', other.client],
      ['anyone', t.client()],
      ['an operator', operator.client],
    ] as const) {
      const res = await client.send('GET', url)
      assert.equal(res.statusCode, 404, who)
      assert.equal(res.json().code, 404, who)
    }
    assert.equal((await admin.client.send('GET', url)).statusCode, 200)
    assert.equal((await other.client.send('GET', idImageUrl('idimg_00000000000000000000000000000000'))).statusCode, 404)
  })

  test('set_auth takes one’s own upload ids (and URLs still), never someone else’s', async () => {
    const owner = await signUp(t)
    const up = (await upload(owner.client, jpeg())).data.image_id
    const down = (await upload(owner.client, png(), 'image/png')).data.image_id
    const other = await signUp(t)
    const submit = (client: Client, id_card_up: string, id_card_down: string) =>
      client.post('/api/user/set_auth', { real_name: '张三', id_code: validId, id_card_up, id_card_down })
    const stolen = await submit(other.client, up, 'https://img.shop.example/b.jpg')
    assert.deepEqual([stolen.status, stolen.code, stolen.body.msg], [400, 101, '参数id_card_up无效'])
    assert.equal((await submit(other.client, 'https://img.shop.example/a.jpg', down)).code, 101)
    assert.equal(
      (await submit(other.client, 'https://img.shop.example/a.jpg', 'https://elsewhere.example/b.jpg')).code,
      0,
    )
    assert.equal((await submit(owner.client, up, down)).code, 0)

    // The review page: uploads and the shop's own image host inline, any other URL as a link only.
    const auths = (await admin.client.get('/api/user/list_auth', { status: 'pending', count: 100 })).data.auths
    const mine = auths.find((a: { user_id: number }) => a.user_id === owner.userId)
    assert.deepEqual([mine.id_card_up_inline, mine.id_card_down_inline], [idImageUrl(up), idImageUrl(down)])
    const theirs = auths.find((a: { user_id: number }) => a.user_id === other.userId)
    assert.deepEqual(
      [theirs.id_card_up, theirs.id_card_up_inline, theirs.id_card_down_inline],
      ['https://img.shop.example/a.jpg', 'https://img.shop.example/a.jpg', ''],
    )
  })

  test('a customer keeps at most ten uploads besides the two their submission names', async () => {
    const { client, userId } = await signUp(t)
    const first = (await upload(client, jpeg())).data.image_id
    const second = (await upload(client, jpeg())).data.image_id
    const sent = await client.post('/api/user/set_auth', {
      real_name: '李四',
      id_code: validId,
      id_card_up: first,
      id_card_down: second,
    })
    assert.equal(sent.code, 0)
    for (let i = 0; i < 12; i++) assert.equal((await upload(client, jpeg())).code, 0)
    const kept = await t.db.selectFrom('id_images').select('image_id').where('user_id', '=', userId).execute()
    assert.equal(kept.length, 12)
    assert.equal((await client.send('GET', idImageUrl(first))).statusCode, 200, 'the submitted image stays')
    assert.equal((await client.send('GET', idImageUrl(second))).statusCode, 200)
  })
})
