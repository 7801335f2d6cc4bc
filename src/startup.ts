import { type Config, ConfigError, loadConfig } from './config.ts'
import { databaseStartProblem } from './db/errors.ts'
import { loadEnvFile } from './env.ts'

/** Every bad setting on standard error, one `VARIABLE: reason` line each, and exit 1: no stack. */
function exitWithProblems(problems: string[]): never {
  process.stderr.write(problems.map((p) => `${p}\n`).join(''))
  process.exit(1)
}

/** The settings of a command (the server, the worker, migrate…): `.env`, then the environment; exits on bad ones. */
export function configOrExit(): Config {
  try {
    loadEnvFile()
    return loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) exitWithProblems(err.problems)
    if (err instanceof SyntaxError || (err as { code?: string }).code === 'ENOENT')
      exitWithProblems([`.env: ${(err as Error).message}`])
    throw err
  }
}

/**
 * What a command does when its start fails: a setting's problem (an unreachable database among
 * them) as its line and exit 1; anything else, a bug, as it is.
 */
export function exitOnStartError(config: Config): (err: unknown) => never {
  return (err) => {
    if (err instanceof ConfigError) exitWithProblems(err.problems)
    if ((err as { code?: string }).code === 'EADDRINUSE')
      exitWithProblems([`PORT: ${config.port} is already in use on ${config.host} (another sfm running?)`])
    if ((err as { code?: string }).code === 'EADDRNOTAVAIL')
      exitWithProblems([`HOST: ${config.host} is not an address of this machine`])
    const problem = databaseStartProblem(err, config.databaseUrl)
    if (problem) exitWithProblems([`DATABASE_URL: ${problem}`])
    throw err
  }
}

/**
 * Calls process.nextTick 10 000 times, ten at a time, before the app is built. Node's streams call
 * it several times a request, and V8 optimizes it once it is hot: when that happened during the
 * app's start (measured in the built server, cause inside V8 not found), each call stayed about
 * five times as slow (500–800 ns against 80–150), and /healthz cost the server 1.35 times the bare
 * route's CPU instead of 1.15–1.2 (side by side on one core). Ten at a time, each batch run before
 * the next is queued: ticks still queued when V8 collects its young generation would make it place
 * every later tick in the old space, which measured worse than no warm-up at all.
 */
export async function warmNextTick(): Promise<void> {
  const noop = () => {}
  for (let batch = 0; batch < 1000; batch++) {
    for (let i = 0; i < 10; i++) process.nextTick(noop)
    await new Promise((resolve) => setImmediate(resolve))
  }
}
