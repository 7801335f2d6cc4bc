import { createHash, randomBytes } from 'node:crypto'
import { nowSeconds } from '../time.ts'
import { SESSION_SECONDS } from './cookies.ts'
import { Sealer } from './seal.ts'

interface CookiePayload {
  sid: string
  uid: number
  exp: number
}

/** A new session: the row to store (its id only as a hash) and the cookie value that carries it. */
export interface IssuedSession {
  /** sha256 of the random id inside the cookie: a leaked table row cannot be turned back into a cookie */
  id: string
  ownerId: number
  createdAt: number
  expiresAt: number
  token: string
}

/**
 * The cookie side of server-side sessions, for customers and admins alike: a random session id
 * sealed (AES-GCM) with the owner and expiry, under a key of its own purpose, so one kind of
 * cookie never opens as the other. The session row decides whether it is still live.
 */
/** Opened cookies remembered per instance: a few thousand live sessions, a few hundred bytes each. */
const OPENED_CACHE_SIZE = 4096

export class SessionTokens {
  private readonly sealer: Sealer
  /**
   * Cookie value → what it opened to. Opening is a pure function of the value (AES-GCM, then a sha256),
   * which was a tenth of an authenticated read's CPU; whether the session is still live is asked of
   * the database every time, so a revocation still counts at once on every instance.
   */
  private readonly opened = new Map<string, CookiePayload & { id: string }>()

  constructor(secret: string, purpose: string) {
    this.sealer = new Sealer(secret, purpose)
  }

  issue(ownerId: number): IssuedSession {
    const sid = randomBytes(24).toString('base64url')
    const createdAt = nowSeconds()
    const expiresAt = createdAt + SESSION_SECONDS
    return {
      id: hashSessionId(sid),
      ownerId,
      createdAt,
      expiresAt,
      token: this.sealer.seal({ sid, uid: ownerId, exp: expiresAt } satisfies CookiePayload),
    }
  }

  /** The stored id and owner a cookie names, or null when it is tampered with, foreign or expired. */
  open(token: string | undefined): { id: string; ownerId: number } | null {
    if (!token) return null
    let known = this.opened.get(token)
    if (!known) {
      const payload = this.sealer.open<CookiePayload>(token)
      if (!payload || typeof payload.sid !== 'string' || !Number.isSafeInteger(payload.uid)) return null
      known = { sid: payload.sid, uid: payload.uid, exp: payload.exp, id: hashSessionId(payload.sid) }
      // The oldest entry makes room: Maps iterate in insertion order.
      const oldest = this.opened.keys().next()
      if (this.opened.size >= OPENED_CACHE_SIZE && !oldest.done) this.opened.delete(oldest.value)
      this.opened.set(token, known)
    }
    if (!(known.exp > nowSeconds())) return null
    return { id: known.id, ownerId: known.uid }
  }
}

const hashSessionId = (sid: string) => createHash('sha256').update(sid).digest('hex')
