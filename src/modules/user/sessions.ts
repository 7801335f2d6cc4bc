import { createHash, randomBytes } from 'node:crypto'
import type { Db, Executor } from '../../db/dialect.ts'
import type { SessionUser } from '../../http/auth.ts'
import { SESSION_SECONDS } from '../../http/cookies.ts'
import { Sealer } from '../../http/seal.ts'
import { nowSeconds } from '../../time.ts'


interface CookiePayload {
  sid: string
  uid: number
  exp: number
}

const hashId = (sid: string) => createHash('sha256').update(sid).digest('hex')

/** Server-side sessions behind an encrypted cookie, so sign-out and password changes can revoke them. */
export class SessionStore {
  private readonly sealer: Sealer

  constructor(
    private readonly db: Db,
    secret: string,
  ) {
    this.sealer = new Sealer(secret, 'user-session')
  }

  /** Opens a session and returns the cookie value that carries it. */
  async create(userId: number, trx: Executor = this.db): Promise<string> {
    const sid = randomBytes(24).toString('base64url')
    const now = nowSeconds()
    const exp = now + SESSION_SECONDS
    await trx.insertInto('user_sessions').values({ id: hashId(sid), user_id: userId, created_at: now, expires_at: exp, revoked_at: null }).execute()
    return this.sealer.seal({ sid, uid: userId, exp } satisfies CookiePayload)
  }

  async authenticate(token: string | undefined): Promise<SessionUser | null> {
    const payload = this.sealer.open<CookiePayload>(token)
    const now = nowSeconds()
    if (!payload || typeof payload.sid !== 'string' || !Number.isSafeInteger(payload.uid) || !(payload.exp > now)) return null
    const id = hashId(payload.sid)
    const row = await this.db
      .selectFrom('user_sessions')
      .select('user_id')
      .where('id', '=', id)
      .where('user_id', '=', payload.uid)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst()
    return row ? { id: row.user_id, sessionId: id } : null
  }

  async revoke(sessionId: string): Promise<void> {
    await this.db.updateTable('user_sessions').set({ revoked_at: nowSeconds() }).where('id', '=', sessionId).where('revoked_at', 'is', null).execute()
  }

  /** Revokes every live session of a user, except `keep` when given. */
  async revokeAll(userId: number, keep?: string, trx: Executor = this.db): Promise<void> {
    let q = trx.updateTable('user_sessions').set({ revoked_at: nowSeconds() }).where('user_id', '=', userId).where('revoked_at', 'is', null)
    if (keep) q = q.where('id', '!=', keep)
    await q.execute()
  }
}
