import type { Db } from '../db/dialect.ts'

/** How long spent rows are kept before the worker deletes them: long enough to look into a complaint. */
export const KEEP_SECONDS = 24 * 3600

/**
 * Deletes what can no longer matter: sessions (customers' and admins') past their expiry or revoked, verification codes
 * past theirs, and Idempotency-Keys older than a day (a retry comes within seconds, not days).
 */
export async function pruneStale(db: Db, now: number): Promise<number> {
  const before = now - KEEP_SECONDS
  const results = await Promise.all([
    db
      .deleteFrom('user_sessions')
      .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
      .executeTakeFirst(),
    db
      .deleteFrom('admin_sessions')
      .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
      .executeTakeFirst(),
    db.deleteFrom('verify_codes').where('expires_at', '<', before).executeTakeFirst(),
    db.deleteFrom('idempotency_keys').where('create_time', '<', before).executeTakeFirst(),
  ])
  return results.reduce((n, r) => n + Number(r.numDeletedRows), 0)
}
