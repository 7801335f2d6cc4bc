import type { Db } from '../db/dialect.ts'
import { pruneAdminSessions } from '../modules/admin/index.ts'
import { pruneIdempotencyKeys } from '../modules/order/index.ts'
import { pruneSessionsAndCodes } from '../modules/user/index.ts'

/** How long spent rows are kept before the worker deletes them: long enough to look into a complaint. */
export const KEEP_SECONDS = 24 * 3600

/**
 * Deletes what can no longer matter: spent sessions (customers' and admins') and verification codes, and old
 * Idempotency-Keys.
 */
export async function pruneStale(db: Db, now: number): Promise<number> {
  const before = now - KEEP_SECONDS
  return (
    (await pruneSessionsAndCodes(db, before)) +
    (await pruneAdminSessions(db, before)) +
    (await pruneIdempotencyKeys(db, before))
  )
}
