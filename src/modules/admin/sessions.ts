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

  constructor(
    private readonly db: Db,
    secret: string,
  ) {
    this.tokens = new SessionTokens(secret, 'admin-session')
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
    const row = await this.db
      .selectFrom('admin_sessions')
      .innerJoin('admins', 'admins.id', 'admin_sessions.admin_id')
      .select(['admins.id', 'admins.name', 'admins.role'])
      .where('admin_sessions.id', '=', opened.id)
      .where('admin_sessions.admin_id', '=', opened.ownerId)
      .where('admin_sessions.revoked_at', 'is', null)
      .where('admin_sessions.expires_at', '>', nowSeconds())
      .where('admins.disabled', '=', 0)
      .executeTakeFirst()
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
