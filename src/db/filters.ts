import { sql, type RawBuilder } from 'kysely'

/**
 * `column` starts with `prefix`, exactly and case-sensitively on both databases (LIKE is
 * case-blind on SQLite, and would need its wildcards escaped). Lengths are in characters.
 */
export function startsWith(column: string, prefix: string): RawBuilder<boolean> {
  return sql<boolean>`substr(${sql.ref(column)}, 1, ${[...prefix].length}) = ${prefix}`
}
