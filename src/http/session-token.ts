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
export class SessionTokens {
  private readonly sealer: Sealer

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
    const payload = this.sealer.open<CookiePayload>(token)
    if (
      !payload ||
      typeof payload.sid !== 'string' ||
      !Number.isSafeInteger(payload.uid) ||
      !(payload.exp > nowSeconds())
    )
      return null
    return { id: hashSessionId(payload.sid), ownerId: payload.uid }
  }
}

const hashSessionId = (sid: string) => createHash('sha256').update(sid).digest('hex')
