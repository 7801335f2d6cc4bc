import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { textResponses } from '../http/answer-schemas.ts'

/**
 * The /admin console: one HTML page and the ES modules it loads (its own from web/, preact and
 * htm straight from node_modules). No bundler and no CDN: every byte comes from this server.
 */

/**
 * Beside this file when run from source (src/admin-ui/web); from the build, dist/admin-ui/web,
 * where the build copies it, seen from the bundle this code is in (dist/server.js or dist/cli/*.js).
 */
function webDir(): string {
  const candidates = ['./web/', './admin-ui/web/', '../admin-ui/web/'].map((dir) =>
    fileURLToPath(new URL(dir, import.meta.url)),
  )
  const found = candidates.find((dir) => existsSync(join(dir, 'main.js')))
  if (!found) throw new Error(`the /admin console's files are in none of ${candidates.join(', ')}: run npm run build`)
  return found
}

/** Browser name → the package file it is, resolved the way Node resolves the packages' exports. */
const VENDOR: Record<string, string> = {
  preact: 'vendor/preact.mjs',
  'preact/hooks': 'vendor/preact-hooks.mjs',
  htm: 'vendor/htm.mjs',
}

const JS = 'text/javascript; charset=utf-8'
const TYPES: Record<string, string> = {
  '.js': JS,
  '.mjs': JS,
  '.css': 'text/css; charset=utf-8',
}

interface Asset {
  body: Buffer
  type: string
  etag: string
}

function asset(body: Buffer, type: string): Asset {
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` }
}

/** Every file the console serves, by its path under /admin/. */
function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>()
  const web = webDir()
  for (const rel of readdirSync(web, { recursive: true }).map(String).sort()) {
    const type = TYPES[extname(rel)]
    if (type) assets.set(rel.split('\\').join('/'), asset(readFileSync(join(web, rel)), type))
  }
  for (const [specifier, rel] of Object.entries(VENDOR)) {
    assets.set(rel, asset(readFileSync(fileURLToPath(import.meta.resolve(specifier))), JS))
  }
  return assets
}

const IMPORT_MAP = JSON.stringify({
  imports: Object.fromEntries(Object.entries(VENDOR).map(([name, rel]) => [name, `/admin/${rel}`])),
})
const importMapHash = createHash('sha256').update(IMPORT_MAP).digest('base64')

/**
 * Scripts only from this server (plus the one inline import map, by its hash). Images too, and
 * from the shop's own image storage (ID_IMAGE_HOSTS, any port, as the review page trusts them):
 * a customer's URL elsewhere is never fetched by the reviewer's browser, even if the page tried.
 */
export function consoleCsp(idImageHosts: string[]): string {
  return [
    "default-src 'none'",
    `script-src 'self' 'sha256-${importMapHash}'`,
    "style-src 'self'",
    ["img-src 'self' data:", ...idImageHosts.map((host) => `${host}:*`)].join(' '),
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

const PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>首付买 管理后台</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/admin/style.css">
<script type="importmap">${IMPORT_MAP}</script>
<script type="module" src="/admin/main.js"></script>
</head><body><div id="app"><noscript>管理后台需要启用 JavaScript。</noscript></div></body></html>
`

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
}

export default async function adminConsoleRoutes(app: FastifyInstance): Promise<void> {
  const assets = loadAssets()
  const page = asset(Buffer.from(PAGE), 'text/html; charset=utf-8')
  const config = { access: 'public' as const }
  // Hidden from /docs (the console is for people, not API clients), yet its answers are declared like any route's.
  const schema = (file: Asset, what: string) => ({
    hide: true,
    response: {
      ...textResponses(file.type, what),
      304: Type.Null({ description: 'not modified: the If-None-Match header named the current ETag; no body' }),
    },
  })

  const send = (file: Asset, extra: Record<string, string>) => async (req: FastifyRequest, reply: FastifyReply) => {
    // Revalidated on every load (a deploy changes them), answered 304 while unchanged.
    reply.headers({ ...SECURITY_HEADERS, ...extra, 'cache-control': 'no-cache', etag: file.etag })
    if (req.headers['if-none-match'] === file.etag) return reply.code(304).send()
    return reply.type(file.type).send(file.body)
  }

  const html = send(page, { 'content-security-policy': consoleCsp(app.deps.config.idImageHosts) })
  const pageSchema = schema(page, 'the console’s page')
  app.get('/admin', { config, schema: pageSchema }, html)
  app.get('/admin/', { config, schema: pageSchema }, html)
  for (const [rel, file] of assets) {
    app.get(`/admin/${rel}`, { config, schema: schema(file, `the console’s ${rel}`) }, send(file, {}))
  }
}
