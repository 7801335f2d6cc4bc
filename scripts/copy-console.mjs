// tsc compiles TypeScript only: the /admin console's browser files are copied beside its compiled
// route, so dist/ alone (with node_modules) serves the console, as production ships it.
import { cpSync, rmSync } from 'node:fs'

rmSync('dist/admin-ui/web', { recursive: true, force: true })
cpSync('src/admin-ui/web', 'dist/admin-ui/web', { recursive: true })
