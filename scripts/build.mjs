// npm run build: dist/ made afresh from src/, so nothing built from a removed source lingers.
// tsc checks the types; esbuild bundles each entry (the server and each operator's command) with
// the packages it imports, one file each. One file loads in half the time of the 750 modules it
// replaces (spawn to first answer 830 → 420 ms here) and holds a little less memory. Not split
// into shared chunks: the split server cost /healthz about a tenth more CPU a request than the
// unbundled one, side by side on one core; the single file did not. Left outside the bundle:
// better-sqlite3 (a native addon), pg and ioredis (loaded only when a URL asks for them) and
// Swagger UI (it serves the files of its own package).
// The /admin console's browser files are copied to dist/admin-ui/web, so dist/ alone (with
// node_modules) serves the console, as production ships it.
import { spawnSync } from 'node:child_process'
import { cpSync, readdirSync, rmSync } from 'node:fs'
import { build } from 'esbuild'

rmSync('dist', { recursive: true, force: true })
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--noEmit'], {
  stdio: 'inherit',
})
if (tsc.status !== 0) process.exit(tsc.status ?? 1)

const commands = readdirSync('src/cli')
  .filter((name) => name.endsWith('.ts'))
  .map((name) => `src/cli/${name}`)
await build({
  entryPoints: ['src/server.ts', ...commands],
  outdir: 'dist',
  outbase: 'src',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external: ['better-sqlite3', 'pg', 'ioredis', '@fastify/swagger-ui'],
  // The CommonJS packages inside the bundle require Node's own modules; an ES module has no require of its own.
  banner: {
    js: "import { createRequire as __sfmRequire } from 'node:module'; const require = __sfmRequire(import.meta.url);",
  },
  logLevel: 'warning',
})
cpSync('src/admin-ui/web', 'dist/admin-ui/web', { recursive: true })
