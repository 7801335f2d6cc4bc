import { sql } from 'kysely'
import type { Executor } from '../../db/dialect.ts'

/** Throws unless the database answers a query. */
export async function pingDatabase(ex: Executor): Promise<void> {
  await sql`select 1`.execute(ex)
}
