// npm run build: dist/ made afresh from src/, so nothing compiled from a removed source lingers.
// tsc compiles TypeScript only: the /admin console's browser files are copied beside its compiled
// route, so dist/ alone (with node_modules) serves the console, as production ships it.
import { spawnSync } from 'node:child_process'
import { cpSync, rmSync } from 'node:fs'

rmSync('dist', { recursive: true, force: true })
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
})
if (tsc.status !== 0) process.exit(tsc.status ?? 1)
cpSync('src/admin-ui/web', 'dist/admin-ui/web', { recursive: true })
