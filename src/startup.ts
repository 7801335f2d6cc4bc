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
