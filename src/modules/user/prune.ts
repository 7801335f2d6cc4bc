import type { Db } from '../../db/dialect.ts'

/** Deletes sessions past their expiry or revoked, and verification codes past theirs, before `before`. */
export async function pruneSessionsAndCodes(db: Db, before: number): Promise<number> {
  const sessions = await db
    .deleteFrom('user_sessions')
    .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
    .executeTakeFirst()
  const codes = await db.deleteFrom('verify_codes').where('expires_at', '<', before).executeTakeFirst()
  return Number(sessions.numDeletedRows) + Number(codes.numDeletedRows)
}
