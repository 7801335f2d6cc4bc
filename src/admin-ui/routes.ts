import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { textResponses } from '../http/answer-schemas.ts'

/**
 * The /admin console: one HTML page and the ES modules it loads (its own from web/, preact and
 * htm straight from node_modules). No bundler and no CDN: every byte comes from this server.
 */

// Beside this file: src/admin-ui/web, or dist/admin-ui/web where the build copies it.
const WEB_DIR = fileURLToPath(new URL('./web/', import.meta.url))

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
  for (const rel of readdirSync(WEB_DIR, { recursive: true }).map(String).sort()) {
    const type = TYPES[extname(rel)]
    if (type) assets.set(rel.split('\\').join('/'), asset(readFileSync(join(WEB_DIR, rel)), type))
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
 * Scripts only from this server (plus the one inline import map, by its hash); the customer-supplied
 * pictures (ID cards, SKU images) may be on any web server, so images are the one thing let out.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  `script-src 'self' 'sha256-${importMapHash}'`,
  "style-src 'self'",
  "img-src 'self' data: https: http:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

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

  const html = send(page, { 'content-security-policy': CONSOLE_CSP })
  const pageSchema = schema(page, 'the console’s page')
  app.get('/admin', { config, schema: pageSchema }, html)
  app.get('/admin/', { config, schema: pageSchema }, html)
  for (const [rel, file] of assets) {
    app.get(`/admin/${rel}`, { config, schema: schema(file, `the console’s ${rel}`) }, send(file, {}))
  }
}
