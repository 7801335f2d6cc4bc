import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { testApp, type TestApp } from '../helper.ts'

// The console without a browser: the page, its security headers, and every module it loads.
// scripts/test.mjs builds dist/ first, so the built server is tested as production runs it.
let t: TestApp
before(async () => {
  t = await testApp()
})
after(() => t.close())

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers })

/** Every module a served script imports statically (`import … from '…'`, `import '…'`). */
function importsOf(source: string): string[] {
  return [...source.matchAll(/(?:^|[;\n}])\s*(?:import|export)\s*(?:[^'";]*?\bfrom\s*)?['"]([^'"]+)['"]/g)].map(
    (m) => m[1]!,
  )
}

interface Fetched {
  status: number
  type: string
  body: string
}

/**
 * Loads /admin and, from it, every stylesheet, script and module import it reaches (through the
 * import map for bare names); checks each is served with its type and each script compiles.
 * Returns the paths it loaded.
 */
async function crawl(load: (url: string) => Promise<Fetched>): Promise<Set<string>> {
  const page = await load('/admin')
  assert.equal(page.status, 200)
  const importMap: Record<string, string> = JSON.parse(
    /<script type="importmap">([\s\S]*?)<\/script>/.exec(page.body)![1]!,
  ).imports
  const queue = [...page.body.matchAll(/\b(?:src|href)="([^"]+)"/g)]
    .map((m) => m[1]!)
    .filter((u) => !u.startsWith('data:'))
  const seen = new Set<string>()
  const dir = mkdtempSync(join(tmpdir(), 'sfm-console-'))
  try {
    while (queue.length) {
      const url = queue.shift()!
      if (seen.has(url)) continue
      seen.add(url)
      assert.ok(url.startsWith('/admin/'), `${url} is served by this server`)
      const res = await load(url)
      assert.equal(res.status, 200, `GET ${url}`)
      if (!/\.m?js$/.test(url)) {
        assert.match(res.type, /^text\/css/, url)
        continue
      }
      assert.match(res.type, /^text\/javascript/, url)
      const file = join(dir, `${seen.size}.mjs`)
      writeFileSync(file, res.body)
      const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' })
      assert.equal(check.status, 0, `${url} does not compile: ${check.stderr}`)
      for (const spec of importsOf(res.body)) {
        const target =
          importMap[spec] ??
          (spec.startsWith('.') || spec.startsWith('/') ? new URL(spec, `http://x${url}`).pathname : undefined)
        assert.ok(target, `${url} imports ${spec}, which the import map does not name`)
        queue.push(target)
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return seen
}

describe('GET /admin', () => {
  test('answers the console page with a strict Content-Security-Policy', async () => {
    const res = await get('/admin')
    assert.equal(res.statusCode, 200)
    assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/)
    assert.match(res.body, /<html lang="zh-CN">/)
    const csp = String(res.headers['content-security-policy'])
    assert.match(csp, /default-src 'none'/)
    assert.match(csp, /script-src 'self' 'sha256-[A-Za-z0-9+/=]+'(;|$)/)
    assert.match(csp, /connect-src 'self'/)
    assert.match(csp, /frame-ancestors 'none'/)
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/)
    assert.equal(res.headers['x-content-type-options'], 'nosniff')
    // It also hands out the _xsrf cookie the console copies into X-XSRFToken.
    assert.ok(res.cookies.some((c) => c.name === '_xsrf'))
    assert.equal((await get('/admin/')).statusCode, 200)
  })

  test('images only from this server and the shop’s image storage (ID_IMAGE_HOSTS), never any web server', async () => {
    const img = (csp: string) => csp.split('; ').find((d) => d.startsWith('img-src'))
    assert.equal(img(String((await get('/admin')).headers['content-security-policy'])), "img-src 'self' data:")
    const shop = await testApp({ ID_IMAGE_HOSTS: 'img.shop.example,cdn.shop.example' })
    try {
      const res = await shop.app.inject({ method: 'GET', url: '/admin' })
      assert.equal(
        img(String(res.headers['content-security-policy'])),
        "img-src 'self' data: img.shop.example:* cdn.shop.example:*",
      )
    } finally {
      await shop.close()
    }
  })

  test('its one inline script is the import map, allowed by its hash and nothing else', async () => {
    const res = await get('/admin')
    const inline = [...res.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => !/\bsrc=/.test(m[1]!))
    assert.equal(inline.length, 1)
    assert.match(inline[0]![1]!, /type="importmap"/)
    const hash = createHash('sha256').update(inline[0]![2]!).digest('base64')
    assert.ok(String(res.headers['content-security-policy']).includes(`'sha256-${hash}'`))
    assert.doesNotMatch(res.body, /https?:\/\//, 'nothing is loaded from another server')
  })

  test('every asset it references is served from /admin/, and every script compiles', async () => {
    const seen = await crawl(async (url) => {
      const res = await get(url)
      return { status: res.statusCode, type: String(res.headers['content-type']), body: res.body }
    })
    for (const name of [
      '/admin/main.js',
      '/admin/style.css',
      '/admin/vendor/preact.mjs',
      '/admin/vendor/preact-hooks.mjs',
      '/admin/vendor/htm.mjs',
      '/admin/pages/orders.js',
    ]) {
      assert.ok(seen.has(name), `${name} is reached from the page`)
    }
  })

  test('the built server serves it from dist/ alone, as production ships it (dist/, package.json, node_modules)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sfm-dist-'))
    cpSync('dist', join(dir, 'dist'), { recursive: true })
    cpSync('package.json', join(dir, 'package.json'))
    symlinkSync(resolve('node_modules'), join(dir, 'node_modules'), 'dir')
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: `sqlite:${join(dir, 'sfm.db')}`,
      DATA_DIR: dir,
      SFM_SECRET: 'test-secret-0123456789abcdef',
      PORT: '0',
      HOST: '127.0.0.1',
      WORKER_INTERVAL_MS: '0',
      LOG_LEVEL: 'info',
    }
    const server = spawn(process.execPath, ['dist/server.js'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'inherit'] })
    try {
      const base = await new Promise<string>((done, fail) => {
        let out = ''
        server.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString()
          const found = out.match(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/)
          if (found) done(found[1]!)
        })
        server.on('exit', (code) => fail(new Error(`server exited with ${code}: ${out}`)))
      })
      const seen = await crawl(async (url) => {
        const res = await fetch(base + url)
        return { status: res.status, type: String(res.headers.get('content-type')), body: await res.text() }
      })
      assert.ok(seen.has('/admin/pages/orders.js'))
    } finally {
      server.kill('SIGTERM')
      await new Promise((done) => server.on('exit', done))
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('an unchanged asset answers 304 to its ETag; an unknown one is a 404 envelope', async () => {
    const first = await get('/admin/main.js')
    assert.equal(first.headers['cache-control'], 'no-cache')
    const again = await get('/admin/main.js', { 'if-none-match': String(first.headers.etag) })
    assert.equal(again.statusCode, 304)
    const missing = await get('/admin/nope.js')
    assert.equal(missing.statusCode, 404)
    assert.equal(missing.json().code, 404)
  })

  test('the console is not listed in the API document', async () => {
    const doc = (await get('/docs/json')).json()
    assert.ok(!Object.keys(doc.paths).some((p) => p.startsWith('/admin')))
  })
})

describe('money and time in the browser', async () => {
  const fmt = await import(new URL('../../src/admin-ui/web/format.js', import.meta.url).href)

  test('yuan shows fen as yuan with two decimals', () => {
    assert.equal(fmt.yuan(0), '¥0.00')
    assert.equal(fmt.yuan(7), '¥0.07')
    assert.equal(fmt.yuan(123456), '¥1,234.56')
    assert.equal(fmt.yuan(-1999), '-¥19.99')
    assert.equal(fmt.yuan(undefined), '—')
    assert.equal(fmt.yuanInput(100000), '1000.00')
  })

  test('parseYuan turns typed yuan into whole fen without float errors', () => {
    assert.equal(fmt.parseYuan('0.07'), 7)
    assert.equal(fmt.parseYuan('1.1'), 110)
    assert.equal(fmt.parseYuan('19.99'), 1999)
    assert.equal(fmt.parseYuan('4.35'), 435) // 4.35 * 100 is 434.99999999999994 as a float
    assert.equal(fmt.parseYuan(' ¥1000 '), 100000)
    assert.equal(fmt.parseYuan('12.'), 1200)
    assert.equal(fmt.parseYuan('-5', { negative: true }), -500)
    assert.equal(fmt.parseYuan('-5'), null)
    for (const bad of ['', 'abc', '1.234', '1,000', '1e3', '0x10', '.5', '99999999999999'])
      assert.equal(fmt.parseYuan(bad), null, bad)
  })

  test('a history row’s amounts are shown from its data, in yuan; the words are never searched for money', () => {
    assert.equal(
      fmt.amountsText([
        { label: '应付', fen: 120000 },
        { label: '额度', fen: 479900 },
      ]),
      '应付 ¥1,200.00 · 额度 ¥4,799.00',
    )
    assert.equal(
      fmt.amountsText([
        { label: '价格', fen: 699990 },
        { label: '首付', fen: 10000 },
        { label: '首付', fen: 20000 },
      ]),
      '价格 ¥6,999.90 · 首付 ¥100.00/¥200.00',
    )
    assert.equal(fmt.amountsText([]), '')
    assert.equal(fmt.moneyText, undefined, 'nothing turns "30分钟" into money any more')
  })

  test('times are the local wall clock, and a date range covers whole local days', () => {
    const sec = Math.floor(new Date(2026, 0, 2, 15, 4, 5).getTime() / 1000)
    assert.equal(fmt.dateTime(sec), '2026-01-02 15:04:05')
    assert.equal(fmt.dateTime(null), '—')
    assert.equal(fmt.dayStart('2026-01-02'), Math.floor(new Date(2026, 0, 2).getTime() / 1000))
    assert.equal(fmt.dayEnd('2026-01-02'), Math.floor(new Date(2026, 0, 3).getTime() / 1000) - 1)
    assert.equal(fmt.dayStart(''), undefined)
  })

  test('every order state has its words', () => {
    for (const state of [0, 99, 1, 2, 3, 4, 5, 6]) assert.doesNotMatch(fmt.orderState(state), /未知/)
    assert.equal(fmt.orderState(2), '已发货')
  })
})
