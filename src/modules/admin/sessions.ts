import { createHash, randomBytes } from 'node:crypto'
import type { Db, Executor } from '../../db/dialect.ts'
import type { SessionAdmin } from '../../http/auth.ts'
import { SESSION_SECONDS } from '../../http/cookies.ts'
import { Sealer } from '../../http/seal.ts'
import { nowSeconds } from '../../time.ts'

interface CookiePayload {
  sid: string
  aid: number
  exp: number
}

const hashId = (sid: string) => createHash('sha256').update(sid).digest('hex')

/**
 * Admin sessions: server-side rows behind an encrypted cookie of their own purpose, so a
 * customer's cookie never opens as an admin's. A disabled account's sessions open to nothing.
 */
export class AdminSessionStore {
  private readonly sealer: Sealer

  constructor(
    private readonly db: Db,
    secret: string,
  ) {
    this.sealer = new Sealer(secret, 'admin-session')
  }

  /** Opens a session and returns the cookie value that carries it. */
  async create(adminId: number, trx: Executor = this.db): Promise<string> {
    const sid = randomBytes(24).toString('base64url')
    const now = nowSeconds()
    const exp = now + SESSION_SECONDS
    await trx.insertInto('admin_sessions').values({ id: hashId(sid), admin_id: adminId, created_at: now, expires_at: exp, revoked_at: null }).execute()
    return this.sealer.seal({ sid, aid: adminId, exp } satisfies CookiePayload)
  }

  async authenticate(token: string | undefined): Promise<SessionAdmin | null> {
    const payload = this.sealer.open<CookiePayload>(token)
    const now = nowSeconds()
    if (!payload || typeof payload.sid !== 'string' || !Number.isSafeInteger(payload.aid) || !(payload.exp > now)) return null
    const id = hashId(payload.sid)
    const row = await this.db
      .selectFrom('admin_sessions')
      .innerJoin('admins', 'admins.id', 'admin_sessions.admin_id')
      .select(['admins.id', 'admins.name', 'admins.role'])
      .where('admin_sessions.id', '=', id)
      .where('admin_sessions.admin_id', '=', payload.aid)
      .where('admin_sessions.revoked_at', 'is', null)
      .where('admin_sessions.expires_at', '>', now)
      .where('admins.disabled', '=', 0)
      .executeTakeFirst()
    return row ? { id: row.id, name: row.name, role: row.role, sessionId: id } : null
  }

  async revoke(sessionId: string): Promise<void> {
    await this.db.updateTable('admin_sessions').set({ revoked_at: nowSeconds() }).where('id', '=', sessionId).where('revoked_at', 'is', null).execute()
  }
}
