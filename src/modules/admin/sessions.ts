import { compiledOnce } from '../../db/compiled.ts'
import type { Db, Executor } from '../../db/dialect.ts'
import type { SessionAdmin, Sessions } from '../../http/auth.ts'
import { SessionTokens } from '../../http/session-token.ts'
import { nowSeconds } from '../../time.ts'

/**
 * Admin sessions: server-side rows behind an encrypted cookie of their own purpose, so a
 * customer's cookie never opens as an admin's. A disabled account's sessions open to nothing.
 */
export class AdminSessionStore implements Sessions<SessionAdmin> {
  private readonly tokens: SessionTokens
  /** The one query of every back-office request, compiled once. */
  private readonly live: (
    id: string,
    adminId: number,
    now: number,
  ) => Promise<{ id: number; name: string; role: SessionAdmin['role'] }[]>

  constructor(
    private readonly db: Db,
    secret: string,
  ) {
    this.tokens = new SessionTokens(secret, 'admin-session')
    this.live = compiledOnce(db, 3, (id, adminId, now) =>
      db
        .selectFrom('admin_sessions')
        .innerJoin('admins', 'admins.id', 'admin_sessions.admin_id')
        .select(['admins.id', 'admins.name', 'admins.role'])
        .where('admin_sessions.id', '=', id)
        .where('admin_sessions.admin_id', '=', adminId)
        .where('admin_sessions.revoked_at', 'is', null)
        .where('admin_sessions.expires_at', '>', now)
        .where('admins.disabled', '=', 0),
    )
  }

  /** Opens a session and returns the cookie value that carries it. */
  async create(adminId: number, trx: Executor = this.db): Promise<string> {
    const s = this.tokens.issue(adminId)
    await trx
      .insertInto('admin_sessions')
      .values({ id: s.id, admin_id: adminId, created_at: s.createdAt, expires_at: s.expiresAt, revoked_at: null })
      .execute()
    return s.token
  }

  async authenticate(token: string | undefined): Promise<SessionAdmin | null> {
    const opened = this.tokens.open(token)
    if (!opened) return null
    const [row] = await this.live(opened.id, opened.ownerId, nowSeconds())
    return row ? { id: row.id, name: row.name, role: row.role, sessionId: opened.id } : null
  }

  async revoke(sessionId: string): Promise<void> {
    await this.db
      .updateTable('admin_sessions')
      .set({ revoked_at: nowSeconds() })
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .execute()
  }
}
