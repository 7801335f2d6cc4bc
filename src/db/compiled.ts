import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely'
import type { Executor } from './dialect.ts'

/** A compiled query and, for each of its parameters, which call value fills it (-1: a constant of the query). */
interface Compiled<R> {
  query: CompiledQuery<R>
  positions: number[]
}

/** Builds with one placeholder per value and finds where each lands among the parameters. */
function compileWithPlaceholders<R>(arity: number, build: (...placeholders: string[]) => Compilable<R>): Compiled<R> {
  const placeholders = Array.from({ length: arity }, (_, i) => `\u0000sfm-value-${i}`)
  const query = build(...placeholders).compile()
  const positions = query.parameters.map((v) => placeholders.indexOf(v as string))
  for (let i = 0; i < arity; i++)
    if (!positions.includes(i)) throw new Error(`compiled query: value ${i} is not a parameter of ${query.sql}`)
  return { query, positions }
}

function runCompiled<R>(db: Kysely<any>, { query, positions }: Compiled<R>, args: unknown[]): Promise<QueryResult<R>> {
  const parameters = positions.map((at, k) => (at < 0 ? query.parameters[k] : args[at]))
  return db.executeQuery<R>({ ...query, parameters })
}

/**
 * A query Kysely builds and compiles once, then runs with each call's values: building and compiling a
 * query is most of what a one-row read costs in JavaScript (a tenth of an authenticated read's CPU was
 * the session query's). `build` gets one placeholder per value and must use each only as a value.
 */
export function compiledOnce<A extends unknown[], R>(
  db: Kysely<any>,
  arity: A['length'],
  build: (...placeholders: any[]) => Compilable<R>,
): (...args: A) => Promise<R[]> {
  const compiled = compileWithPlaceholders(arity, build)
  return async (...args) => (await runCompiled(db, compiled, args)).rows
}

/** Compiled on first use for each database (its adapter), then run on the executor given with the call's values. */
function perDatabase<A extends unknown[], R>(
  arity: A['length'],
  build: (db: Executor, ...placeholders: any[]) => Compilable<R>,
): (db: Executor, args: A) => Promise<QueryResult<R>> {
  const byAdapter = new WeakMap<object, Compiled<R>>()
  return (db, args) => {
    const adapter = db.getExecutor().adapter
    let compiled = byAdapter.get(adapter)
    if (!compiled) {
      compiled = compileWithPlaceholders(arity, (...placeholders) => build(db, ...placeholders))
      byAdapter.set(adapter, compiled)
    }
    return runCompiled(db, compiled, args)
  }
}

/**
 * compiledOnce for a read that runs on whichever executor it is given (the app's handle or a
 * transaction): compiled on first use for each database (its adapter), then run with the call's values.
 */
export function compiledPerDatabase<A extends unknown[], R>(
  arity: A['length'],
  build: (db: Executor, ...placeholders: any[]) => Compilable<R>,
): (db: Executor, ...args: A) => Promise<R[]> {
  const run = perDatabase<A, R>(arity, build)
  return async (db, ...args) => (await run(db, args)).rows
}

/**
 * compiledPerDatabase for a statement that changes rows (an insert, an update, a delete): answers
 * how many rows it changed, as conditional moves are checked. Every value must be given, null for
 * none: a compiled statement has all its columns, where a built one leaves undefined ones out.
 */
export function changingPerDatabase<A extends unknown[]>(
  arity: A['length'],
  build: (db: Executor, ...placeholders: any[]) => Compilable<unknown>,
): (db: Executor, ...args: A) => Promise<number> {
  const run = perDatabase<A, unknown>(arity, build)
  return async (db, ...args) => Number((await run(db, args)).numAffectedRows ?? 0)
}
