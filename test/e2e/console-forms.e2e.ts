import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { Locator, Page } from 'playwright-core'
import { signUp } from '../helper.ts'
import { addAddress, buySku, cardOf, customerOrder, makeSku } from '../shop.ts'
import { BOSS, type ConsoleRun, signedIn, startConsole } from './console.ts'

// Every console form through a refused and then an accepted submit, in Chromium: what the person
// typed stays exactly as typed after the refusal (the console's own check, the server's, or the
// network's), and the second submit sends it.
let run: ConsoleRun
before(async () => {
  run = await startConsole()
})
after(() => run?.close())

/** What each named field of a form holds now, as the browser has it. */
async function fieldsOf(form: Locator): Promise<Record<string, string | boolean>> {
  return form.evaluate((el) => {
    const out: Record<string, string | boolean> = {}
    for (const input of Array.from(el.querySelectorAll('input[name], select[name], textarea[name]'))) {
      const field = input as HTMLInputElement
      out[field.name] = field.type === 'checkbox' ? field.checked : field.value
    }
    return out
  })
}

/** The next call to `path` fails as a dropped connection would; later ones reach the server. */
async function dropNext(page: Page, path: string): Promise<void> {
  let dropped = false
  await page.route(`**${path}`, (route) => {
    if (dropped) return route.continue()
    dropped = true
    return route.abort('internetdisconnected')
  })
}

const adminRow = (name: string) =>
  run.t.db.selectFrom('admins').select(['role', 'disabled']).where('name', '=', name).executeTakeFirstOrThrow()

test('new accounts: the role reads 运营 before every create, and a refusal keeps name, role and passwords', async () => {
  const page = await signedIn(run, BOSS)
  await page.getByRole('link', { name: '管理员账号' }).click()
  const form = page.getByRole('form', { name: '新建管理员' })
  const [first, second, third] = ['a', 'b', 'c'].map((s) => `op${s}${process.pid}`)

  await form.getByLabel('账号').fill(first!)
  await form.getByLabel('初始密码').fill('operator-pass-1')
  await form.getByLabel('再输一次').fill('operator-pass-2')
  await form.getByRole('button', { name: '创建' }).click()
  await form.getByRole('alert').filter({ hasText: '两次输入的密码不一致' }).waitFor()
  assert.deepEqual(await fieldsOf(form), {
    name: first,
    role: 'operator',
    pwd: 'operator-pass-1',
    pwd2: 'operator-pass-2',
  })
  await form.getByLabel('再输一次').fill('operator-pass-1')
  await form.getByRole('button', { name: '创建' }).click()
  await page.locator('.notice.ok', { hasText: `已创建运营账号 ${first}` }).waitFor()
  assert.equal((await adminRow(first!)).role, 'operator')
  assert.deepEqual(await fieldsOf(form), { name: '', role: 'operator', pwd: '', pwd2: '' }, 'a fresh form, still 运营')

  // The second account, the role left alone: an operator again, never an admin by accident.
  await form.getByLabel('账号').fill(second!)
  await form.getByLabel('初始密码').fill('operator-pass-1')
  await form.getByLabel('再输一次').fill('operator-pass-1')
  await form.getByRole('button', { name: '创建' }).click()
  await page.locator('.notice.ok', { hasText: `已创建运营账号 ${second}` }).waitFor()
  assert.equal((await adminRow(second!)).role, 'operator')

  // The server refuses a name that is taken; everything typed (an admin role too) stays for the fix.
  await form.getByLabel('账号').fill(second!)
  await form.getByLabel('角色').selectOption('admin')
  await form.getByLabel('初始密码').fill('admin-pass-123')
  await form.getByLabel('再输一次').fill('admin-pass-123')
  await form.getByRole('button', { name: '创建' }).click()
  await form.getByRole('alert').waitFor()
  assert.deepEqual(await fieldsOf(form), { name: second, role: 'admin', pwd: 'admin-pass-123', pwd2: 'admin-pass-123' })
  await form.getByLabel('账号').fill(third!)
  await form.getByRole('button', { name: '创建' }).click()
  await page.locator('.notice.ok', { hasText: `已创建管理员账号 ${third}` }).waitFor()
  assert.equal((await adminRow(third!)).role, 'admin')
  await page.context().close()
})

test('changing a role asks first, says what the role may do, and then shows the result', async () => {
  const name = `role${process.pid}`
  const boss = run.t.client()
  assert.equal((await boss.post('/api/admin/signin', BOSS)).code, 0)
  assert.equal((await boss.post('/api/admin/create', { name, pwd: 'operator-pass-1', role: 'operator' })).code, 0)
  const page = await signedIn(run, BOSS)
  await page.getByRole('link', { name: '管理员账号' }).click()
  const select = page.getByRole('combobox', { name: `${name} 的角色` })
  await select.selectOption('admin')
  const dialog = page.getByRole('dialog', { name: '确认修改角色' })
  assert.match((await dialog.textContent()) ?? '', new RegExp(`把 ${name} 的角色从运营改为管理员.*调整额度`))
  await dialog.getByRole('button', { name: '取消' }).click()
  assert.equal(await select.inputValue(), 'operator', 'the drop-down shows the stored role again')
  assert.equal((await adminRow(name)).role, 'operator', 'nothing changed without the confirmation')

  await select.selectOption('admin')
  // The network drops the first try: the question stays, with the refusal, and is asked again.
  await dropNext(page, '/api/admin/set_role')
  await dialog.getByRole('button', { name: '确定' }).click()
  await dialog.getByRole('alert').filter({ hasText: '无法连接服务器' }).waitFor()
  await dialog.getByRole('button', { name: '确定' }).click()
  await page.locator('.notice.ok', { hasText: `${name} 的角色已改为管理员` }).waitFor()
  assert.equal(await select.inputValue(), 'admin')
  assert.equal((await adminRow(name)).role, 'admin')
  await page.context().close()
})

test('reset password: a short one is refused and kept; the fixed one is set', async () => {
  const name = `pwd${process.pid}`
  const boss = run.t.client()
  assert.equal((await boss.post('/api/admin/signin', BOSS)).code, 0)
  assert.equal((await boss.post('/api/admin/create', { name, pwd: 'operator-pass-1', role: 'operator' })).code, 0)
  const page = await signedIn(run, BOSS)
  await page.getByRole('link', { name: '管理员账号' }).click()
  await page.locator('tr', { hasText: name }).getByRole('button', { name: '重置密码' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('新密码').fill('short')
  await dialog.getByRole('button', { name: '确定' }).click()
  await dialog.getByRole('alert').filter({ hasText: '密码至少8位' }).waitFor()
  assert.equal(await dialog.getByLabel('新密码').inputValue(), 'short')
  await dialog.getByLabel('新密码').fill('short-but-long-enough')
  await dialog.getByRole('button', { name: '确定' }).click()
  await page.locator('.notice.ok', { hasText: `${name} 的密码已重置` }).waitFor()
  assert.equal((await run.t.client().post('/api/admin/signin', { name, pwd: 'short-but-long-enough' })).code, 0)
  await page.context().close()
})

test('a new SKU keeps its stock (and every field) through a bad first-payment list; "，" separates first payments', async () => {
  const skuId = `form${process.pid}`
  const page = await signedIn(run, BOSS)
  await page.getByRole('link', { name: '商品' }).click()
  await page.getByRole('button', { name: '新建商品' }).click()
  const form = page.getByRole('form', { name: '新建商品' })
  await form.getByLabel('商品编号').fill(skuId)
  await form.getByLabel('名称').fill('小米 14 Ultra')
  await form.getByLabel('价格(元)').fill('6499')
  await form.getByLabel('首付选项(元,逗号分开)').fill('六百')
  await form.getByLabel('运费(元)').fill('10')
  await form.getByLabel('重量(克)').fill('229')
  await form.getByLabel('初始库存').fill('50')
  await form.getByLabel('图片地址(每行一个)').fill('/img/xiaomi14.jpg')
  await form.getByRole('button', { name: '创建' }).click()
  await form.getByRole('alert').filter({ hasText: '首付选项须为金额' }).waitFor()
  const typed = {
    sku_id: skuId,
    name: '小米 14 Ultra',
    real_price: '6499',
    first_pay: '六百',
    postfee: '10',
    weight: '229',
    stock: '50',
    images: '/img/xiaomi14.jpg',
    on_sale: true,
  }
  assert.deepEqual(await fieldsOf(form), typed)
  // A Chinese keyboard's comma, as a person types it there.
  await form.getByLabel('首付选项(元,逗号分开)').fill('600，1200、1800')
  await form.getByRole('button', { name: '创建' }).click()
  await page.locator('.notice.ok', { hasText: `商品 ${skuId} 已创建` }).waitFor()
  const sku = await run.t.db.selectFrom('skus').selectAll().where('sku_id', '=', skuId).executeTakeFirstOrThrow()
  assert.equal(sku.stock, 50)
  assert.equal(sku.real_price, 649900)
  assert.deepEqual(JSON.parse(sku.first_pay), [60000, 120000, 180000])
  assert.equal(sku.on_sale, 1)

  // Editing: the server refuses a first payment above the price; the fix is saved.
  await page.locator('tr', { hasText: skuId }).getByRole('button', { name: '编辑' }).click()
  const edit = page.getByRole('form', { name: '编辑商品' })
  await edit.getByLabel('价格(元)').fill('5999')
  await edit.getByLabel('首付选项(元,逗号分开)').fill('600, 6000')
  await edit.getByRole('checkbox', { name: '上架销售' }).uncheck()
  await edit.getByRole('button', { name: '保存' }).click()
  await edit.getByRole('alert').filter({ hasText: '首付不能高于价格' }).waitFor()
  const { stock: _notEditable, ...editable } = typed
  assert.deepEqual(await fieldsOf(edit), {
    ...editable,
    real_price: '5999',
    first_pay: '600, 6000',
    postfee: '10.00',
    on_sale: false,
  })
  await edit.getByLabel('首付选项(元,逗号分开)').fill('600, 1200')
  await dropNext(page, '/api/sku/save')
  await edit.getByRole('button', { name: '保存' }).click()
  await edit.getByRole('alert').filter({ hasText: '无法连接服务器' }).waitFor()
  assert.equal((await fieldsOf(edit)).first_pay, '600, 1200')
  await edit.getByRole('button', { name: '保存' }).click()
  await page.locator('.notice.ok', { hasText: `商品 ${skuId} 已保存` }).waitFor()
  const saved = await run.t.db.selectFrom('skus').selectAll().where('sku_id', '=', skuId).executeTakeFirstOrThrow()
  assert.deepEqual(
    [saved.real_price, JSON.parse(saved.first_pay), saved.on_sale, saved.stock],
    [599900, [60000, 120000], 0, 50],
  )

  // The stock dialog likewise.
  await page.locator('tr', { hasText: skuId }).getByRole('button', { name: '库存' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('库存(件)').fill('-3')
  await dialog.getByRole('button', { name: '确定' }).click()
  await dialog.getByRole('alert').filter({ hasText: '库存须为不小于0的整数' }).waitFor()
  assert.equal(await dialog.getByLabel('库存(件)').inputValue(), '-3')
  await dialog.getByLabel('库存(件)').fill('3')
  await dialog.getByRole('button', { name: '确定' }).click()
  await page.locator('.notice.ok', { hasText: `商品 ${skuId} 的库存已设为 3` }).waitFor()
  await page.context().close()
})

test('a coupon keeps what was typed through a refusal, the value of each kind included', async () => {
  const code = `FORM${process.pid}`
  const page = await signedIn(run, BOSS)
  await page.getByRole('link', { name: '优惠券' }).click()
  await page.getByRole('button', { name: '新建优惠券' }).click()
  const form = page.getByRole('form', { name: '新建优惠券' })
  await form.getByLabel('优惠券代码').fill(code)
  await form.getByLabel('减免金额(元)').fill('20')
  await form.getByLabel('类型').selectOption('percent')
  await form.getByLabel('折扣(%)').fill('150')
  await form.getByLabel('最多减免(元,不限填0)').fill('30')
  await form.getByLabel('开始时间').fill('2026-12-01T00:00')
  await form.getByLabel('结束时间').fill('2027-01-31T23:59')
  await form.getByLabel('总次数(不限填0)').fill('100')
  await form.getByRole('button', { name: '创建' }).click()
  await form.getByRole('alert').filter({ hasText: '折扣须为1到100之间的整数' }).waitFor()
  const kept = await fieldsOf(form)
  assert.deepEqual(
    [kept.code, kept.kind, kept.percent, kept.max_off, kept.start, kept.end, kept.total_limit],
    [code, 'percent', '150', '30', '2026-12-01T00:00', '2027-01-31T23:59', '100'],
  )
  // Back to an amount off: the amount typed before is still there.
  await form.getByLabel('类型').selectOption('amount')
  assert.equal(await form.getByLabel('减免金额(元)').inputValue(), '20')
  await form.getByRole('button', { name: '创建' }).click()
  await page.locator('.notice.ok', { hasText: `优惠券 ${code} 已创建` }).waitFor()
  const row = await run.t.db.selectFrom('coupons').selectAll().where('code', '=', code).executeTakeFirstOrThrow()
  assert.deepEqual([row.kind, row.value, row.total_limit], ['amount', 2000, 100])
  await page.context().close()
})

test('ship, note and refund on an order’s page keep what was typed through a refusal', async () => {
  const { orderId } = await customerOrder(run.t)
  const page = await signedIn(run, BOSS)
  await page.goto(`/admin#/orders/${orderId}`)
  const ship = page.getByRole('form', { name: '发货' })
  await ship.getByLabel('快递公司').fill('顺丰速运')
  await ship.getByRole('button', { name: '确认发货' }).click()
  await ship.getByRole('alert').filter({ hasText: '请填写运单号' }).waitFor()
  assert.deepEqual(await fieldsOf(ship), { logistics: '顺丰速运', logistics_id: '' })
  await ship.getByLabel('运单号').fill('SF100200300')
  await dropNext(page, '/api/order/send_out')
  await ship.getByRole('button', { name: '确认发货' }).click()
  await ship.getByRole('alert').filter({ hasText: '无法连接服务器' }).waitFor()
  assert.deepEqual(await fieldsOf(ship), { logistics: '顺丰速运', logistics_id: 'SF100200300' })

  // The note typed meanwhile survives the page reloading after the shipping.
  const note = page.getByRole('form', { name: '管理员备注' })
  await note.getByRole('textbox').fill('客户要求周末送达')
  await ship.getByRole('button', { name: '确认发货' }).click()
  await page.locator('h2 .badge', { hasText: '已发货' }).waitFor()
  assert.equal(await note.getByRole('textbox').inputValue(), '客户要求周末送达')
  await dropNext(page, '/api/order/add_admin_note')
  await note.getByRole('button', { name: '保存备注' }).click()
  await note.getByRole('alert').filter({ hasText: '无法连接服务器' }).waitFor()
  assert.equal(await note.getByRole('textbox').inputValue(), '客户要求周末送达')
  await note.getByRole('button', { name: '保存备注' }).click()
  await page.locator('.notice.ok', { hasText: '备注已保存' }).waitFor()
  const row = await run.t.db.selectFrom('orders').selectAll().where('order_id', '=', orderId).executeTakeFirstOrThrow()
  assert.deepEqual([row.state, row.logistics_id, row.admin_note], [2, 'SF100200300', '客户要求周末送达'])

  // A refund: no reason is refused, the reason typed is kept through a dropped request.
  const paid = await customerOrder(run.t)
  await page.goto(`/admin#/orders/${paid.orderId}`)
  const refund = page.getByRole('form', { name: '退款' })
  await refund.getByRole('button', { name: '退款…' }).click()
  await refund.getByRole('alert').filter({ hasText: '请填写退款原因' }).waitFor()
  await refund.getByLabel('退款原因').fill('商品缺货')
  await refund.getByRole('button', { name: '退款…' }).click()
  await dropNext(page, '/api/order/refund')
  const dialog = page.getByRole('dialog', { name: '确认退款' })
  await dialog.getByRole('button', { name: '确认退款' }).click()
  await dialog.getByRole('alert').filter({ hasText: '无法连接服务器' }).waitFor()
  await dialog.getByRole('button', { name: '确认退款' }).click()
  await page.locator('h2 .badge', { hasText: '已退款' }).waitFor()
  await page.context().close()
})

test('a card’s limit: a bad amount and a lowering below what is lent are refused in words, the amount kept', async () => {
  const c = await signUp(run.t)
  const sku = await makeSku(run.t, { price: 500000, firstPay: [100000] })
  assert.equal((await buySku(c.client, await addAddress(c.client), sku, 1, 100000)).code, 0)
  const card = await cardOf(run.t, c.userId)
  assert.deepEqual([card.amount, card.remain_amount], [1000000, 600000])
  const page = await signedIn(run, BOSS)
  await page.goto(`/admin#/cards/${card.card_id}`)
  const form = page.getByRole('form', { name: '调整额度' })
  const amount = form.getByLabel('增加金额(元,减少填负数)')
  await amount.fill('一千')
  await form.getByRole('button', { name: '调整…' }).click()
  await form.getByRole('alert').filter({ hasText: '请输入要增加(正数)或减少(负数)的金额' }).waitFor()
  assert.equal(await amount.inputValue(), '一千')
  // ¥4,000 is lent out on an unpaid order: the limit can drop by ¥6,000 at most, and it says so.
  await amount.fill('-7000')
  await form.getByRole('button', { name: '调整…' }).click()
  await form
    .getByRole('alert')
    .filter({ hasText: '可用额度只有 ¥6,000.00,最多减少 ¥6,000.00:已借出的 ¥4,000.00 要等还款后才能减少' })
    .waitFor()
  assert.equal(await amount.inputValue(), '-7000')
  await amount.fill('-6000')
  await form.getByRole('button', { name: '调整…' }).click()
  const dialog = page.getByRole('dialog', { name: '确认降低额度' })
  assert.match((await dialog.textContent()) ?? '', /额度 ¥10,000\.00 → ¥4,000\.00,可用 ¥6,000\.00 → ¥0\.00/)
  await dialog.getByRole('button', { name: '确认降低' }).click()
  await page.locator('.notice.ok', { hasText: '额度已降低 ¥6,000.00:现在额度 ¥4,000.00,可用 ¥0.00' }).waitFor()
  assert.deepEqual([(await cardOf(run.t, c.userId)).amount, (await cardOf(run.t, c.userId)).remain_amount], [400000, 0])
  // The server's own refusal, for a card that changed under the page, says why too.
  await amount.fill('-0.01')
  await form.getByRole('button', { name: '调整…' }).click()
  await form.getByRole('alert').filter({ hasText: '最多减少 ¥0.00' }).waitFor()
  await page.context().close()
})

test('an identity review: rejecting without a note is refused, the note typed is kept and sent', async () => {
  const c = await signUp(run.t)
  const image = `${run.base}/nothing/front.jpg`
  const submitted = await c.client.post('/api/user/set_auth', {
    real_name: '李四',
    id_code: '11010519491231002X',
    id_card_up: image,
    id_card_down: image,
  })
  assert.equal(submitted.code, 0, JSON.stringify(submitted.body))
  const page = await signedIn(run, BOSS)
  await page.getByRole('link', { name: '实名审核' }).click()
  const item = page.getByRole('article', { name: '实名认证 李四' }).filter({ hasText: c.mobile })
  await item.getByRole('button', { name: '驳回' }).click()
  await item.getByRole('alert').filter({ hasText: '驳回时请填写原因' }).waitFor()
  await item.getByRole('textbox', { name: '备注' }).fill('照片模糊,请重新拍摄')
  await dropNext(page, '/api/user/review_auth')
  await item.getByRole('button', { name: '驳回' }).click()
  await item.getByRole('alert').filter({ hasText: '无法连接服务器' }).waitFor()
  assert.equal(await item.getByRole('textbox', { name: '备注' }).inputValue(), '照片模糊,请重新拍摄')
  await item.getByRole('button', { name: '驳回' }).click()
  await page.locator('.notice.ok', { hasText: '李四 的实名认证已驳回' }).waitFor()
  assert.equal((await c.client.get('/api/user/get_auth')).data.note, '照片模糊,请重新拍摄')
  await page.context().close()
})

test('the filters keep what was typed when the console refuses them, and search with the fix', async () => {
  const { orderId, mobile, userId } = await customerOrder(run.t)
  const page = await signedIn(run, BOSS)
  const filters = page.getByRole('form', { name: '查询订单' })
  await filters.getByLabel('用户ID').fill('12a')
  await filters.getByLabel('手机号(前几位即可)').fill(mobile)
  await filters.getByLabel('状态').selectOption('need_send')
  await filters.getByRole('button', { name: '查询' }).click()
  await page.getByRole('alert').filter({ hasText: '用户ID须为数字' }).waitFor()
  const kept = await fieldsOf(filters)
  assert.deepEqual([kept.u_id, kept.u_mobile, kept.type], ['12a', mobile, 'need_send'])
  await filters.getByLabel('用户ID').fill(String(userId))
  await filters.getByRole('button', { name: '查询' }).click()
  await page.getByRole('link', { name: orderId }).waitFor()
  await page.context().close()
})

test('sign-in keeps the name through a wrong password', async () => {
  const context = await run.browser.newContext({ baseURL: run.base, locale: 'zh-CN' })
  const page = await context.newPage()
  await page.goto('/admin')
  await page.getByLabel('账号').fill(BOSS.name)
  await page.getByLabel('密码').fill('not-the-password')
  await page.getByRole('button', { name: '登录' }).click()
  await page.getByRole('alert').filter({ hasText: '用户名或者密码不匹配' }).waitFor()
  assert.equal(await page.getByLabel('账号').inputValue(), BOSS.name)
  await page.getByLabel('密码').fill(BOSS.pwd)
  await page.getByRole('button', { name: '登录' }).click()
  await page.locator('header .who', { hasText: BOSS.name }).waitFor()
  await context.close()
})
