import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { signUp, testApp, type Client, type TestApp } from '../../helper.ts'
import { addAddress, makeSku } from '../../shop.ts'

// A name or note holding a format character (U+202E reverses what follows it) would change how an
// operator reads the mobile, id number and times beside it: refused with 101 wherever a customer writes one.

let t: TestApp
let client: Client
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000' })
  client = (await signUp(t)).client
})
after(() => t.close())

/** Right-to-left override, its isolate cousins, zero-width and invisible marks: Unicode's format characters (Cf). */
const FORMAT = ['\u202e', '\u202d', '\u2067', '\u2068', '\u200f', '\u200b', '\u2060', '\ufeff', '\u061c', '\u{e0041}']

test('user names, real names, receivers and addresses: refused with a format character, accepted without', async () => {
  const auth = (real_name: string) =>
    client.post('/api/user/set_auth', {
      real_name,
      id_code: '11010519491231002X',
      id_card_up: 'https://img/up.jpg',
      id_card_down: 'https://img/down.jpg',
    })
  const address = (name: string, text = '江苏省扬州市') =>
    client.post('/api/order/add_address', { address_info: { name, mobile: '13636672480', address: text } })
  for (const f of FORMAT) {
    const rename = await client.post('/api/user/modify_user_info', { new_user_name: `苏${f}源1380013` })
    assert.deepEqual([rename.status, rename.code], [400, 101], JSON.stringify(f))
    assert.equal((await auth(`苏${f}源`)).code, 101)
    assert.equal((await address(`苏${f}源`)).code, 101)
    assert.equal((await address('苏源', `江苏省${f}扬州市`)).code, 101)
  }
  assert.equal((await client.post('/api/user/modify_user_info', { new_user_name: 'سارا 苏源' })).code, 0)
  assert.equal((await auth('苏源')).code, 0)
  assert.equal((await address('苏源')).code, 0)
})

test('order notes and cancel reasons: refused with a format character; several lines are fine', async () => {
  const sku = await makeSku(t)
  const addressId = await addAddress(client)
  const commit = (user_note: string) =>
    client.post('/api/order/commit_order', {
      address_id: addressId,
      order_type: 'sku',
      sku_list: [{ sku_id: sku, sku_count: 1, first_price: 10000 }],
      user_note,
    })
  for (const f of FORMAT) assert.equal((await commit(`请尽快发货${f}13800138000`)).code, 101, JSON.stringify(f))
  const ok = await commit('请尽快发货\n周末不在家\t谢谢')
  assert.equal(ok.code, 0, JSON.stringify(ok.body))
  const cancel = (reason: string) => client.post('/api/order/cancel_order', { order_id: ok.data, reason })
  assert.equal((await cancel('不想要了\u202e')).code, 101)
  assert.equal((await cancel('不想要了')).code, 0)
})
