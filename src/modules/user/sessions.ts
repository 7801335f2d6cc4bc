import { compiledOnce } from '../../db/compiled.ts'
import type { Db, Executor } from '../../db/dialect.ts'
import type { CustomerSessions, SessionUser } from '../../http/auth.ts'
import { SessionTokens } from '../../http/session-token.ts'
import { nowSeconds } from '../../time.ts'

/** Server-side sessions behind an encrypted cookie, so sign-out and password changes can revoke them. */
export class SessionStore implements CustomerSessions {
  private readonly tokens: SessionTokens
  /** The one query of every customer request, compiled once. */
  private readonly live: (id: string, userId: number, now: number) => Promise<{ user_id: number }[]>

  constructor(
    private readonly db: Db,
    secret: string,
  ) {
    this.tokens = new SessionTokens(secret, 'user-session')
    this.live = compiledOnce(db, 3, (id, userId, now) =>
      db
        .selectFrom('user_sessions')
        .select('user_id')
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now),
    )
  }

  /** Opens a session and returns the cookie value that carries it. */
  async create(userId: number, trx: Executor = this.db): Promise<string> {
    const s = this.tokens.issue(userId)
    await trx
      .insertInto('user_sessions')
      .values({ id: s.id, user_id: userId, created_at: s.createdAt, expires_at: s.expiresAt, revoked_at: null })
      .execute()
    return s.token
  }

  async authenticate(token: string | undefined): Promise<SessionUser | null> {
    const opened = this.tokens.open(token)
    if (!opened) return null
    const [row] = await this.live(opened.id, opened.ownerId, nowSeconds())
    return row ? { id: row.user_id, sessionId: opened.id } : null
  }

  async revoke(sessionId: string): Promise<void> {
    await this.db
      .updateTable('user_sessions')
      .set({ revoked_at: nowSeconds() })
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .execute()
  }

  /** Revokes every live session of a user, except `keep` when given. */
  async revokeAll(userId: number, keep?: string, trx: Executor = this.db): Promise<void> {
    let q = trx
      .updateTable('user_sessions')
      .set({ revoked_at: nowSeconds() })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
    if (keep) q = q.where('id', '!=', keep)
    await q.execute()
  }
}
