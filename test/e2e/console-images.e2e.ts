import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, test } from 'node:test'
import { type Client, signUp } from '../helper.ts'
import { BOSS, type ConsoleRun, shot, signedIn, startConsole } from './console.ts'

// The review page loads inline only uploads and images on the shop's own image storage
// (ID_IMAGE_HOSTS); any other address is a link, and the reviewer's browser never fetches it.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

let run: ConsoleRun
let storage: Server
let storagePort: number
/** Every path the image server was asked for. */
const fetched: string[] = []

before(async () => {
  // The shop's image storage: "localhost" here, while the console is at 127.0.0.1.
  storage = createServer((req, res) => {
    fetched.push(req.url ?? '')
    res.writeHead(200, { 'content-type': 'image/png' }).end(PNG)
  })
  await new Promise<void>((done) => storage.listen(0, '127.0.0.1', done))
  storagePort = (storage.address() as AddressInfo).port
  run = await startConsole({ ID_IMAGE_HOSTS: 'localhost' })
})
after(async () => {
  await run?.close()
  await new Promise((done) => storage?.close(done))
})

async function upload(client: Client): Promise<string> {
  const res = await client.raw('/api/user/upload_id_image', PNG, {
    'content-type': 'image/png',
    'x-xsrftoken': await client.xsrf(),
  })
  assert.equal(res.code, 0, JSON.stringify(res.body))
  return res.data.image_id
}

test('an upload and an image on ID_IMAGE_HOSTS show inline; an image elsewhere is a link nothing fetched', async () => {
  const c = await signUp(run.t)
  const onStorage = `http://localhost:${storagePort}/ids/front.png`
  const elsewhere = `http://127.0.0.1:${storagePort}/ids/elsewhere.png`
  const uploaded = await upload(c.client)
  assert.equal(
    (
      await c.client.post('/api/user/set_auth', {
        real_name: '赵六',
        id_code: '11010519491231002X',
        id_card_up: onStorage,
        id_card_down: uploaded,
      })
    ).code,
    0,
  )
  const d = await signUp(run.t)
  assert.equal(
    (
      await d.client.post('/api/user/set_auth', {
        real_name: '钱七',
        id_code: '11010519491231002X',
        id_card_up: elsewhere,
        id_card_down: elsewhere,
      })
    ).code,
    0,
  )

  const page = await signedIn(run, BOSS)
  // The page's policy: images from this server and the shop's storage only.
  const policy = (await page.goto('/admin'))?.headers()['content-security-policy'] ?? ''
  assert.match(policy, /img-src 'self' data: localhost:\*;/)
  await page.locator('header .who').waitFor()
  await page.getByRole('link', { name: '实名审核' }).click()

  const shown = page.getByRole('article', { name: '实名认证 赵六' })
  await shown.waitFor()
  const front = shown.getByRole('img', { name: '身份证正面' })
  const back = shown.getByRole('img', { name: '身份证反面' })
  assert.equal(await front.getAttribute('src'), onStorage)
  assert.equal(await back.getAttribute('src'), `/api/user/id_image?image_id=${uploaded}`)
  // Both really load (the policy lets them in): a 1×1 picture each.
  for (const img of [front, back]) {
    await page.waitForFunction((el) => (el as HTMLImageElement).complete, await img.elementHandle())
    assert.equal(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth), 1)
  }

  const linked = page.getByRole('article', { name: '实名认证 钱七' })
  assert.equal(await linked.getByRole('img').count(), 0)
  const links = linked.getByRole('link', { name: `打开图片(127.0.0.1:${storagePort})` })
  assert.equal(await links.count(), 2)
  assert.equal(await links.first().getAttribute('href'), elsewhere)
  assert.equal(await links.first().getAttribute('target'), '_blank')
  await shot(page, 'admin-reviews')
  assert.deepEqual(fetched, ['/ids/front.png'], 'the image elsewhere was never fetched')
  await page.context().close()
})
