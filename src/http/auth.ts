import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Executor } from '../db/dialect.ts'
import fp from 'fastify-plugin'
import { HttpError } from './envelope.ts'

/** Who may call a route: anyone, a signed-in customer, or a signed-in admin of at least a role. */
export type Access = 'public' | 'customer' | 'admin:operator' | 'admin:admin'

export type AdminRole = 'admin' | 'operator'

export interface SessionUser {
  id: number
  /** the stored (hashed) id of the session this request came with */
  sessionId: string
}

export interface SessionAdmin {
  id: number
  name: string
  role: AdminRole
  sessionId: string
}

/** Server-side sessions behind a sealed cookie: opened, checked on each request, revoked. */
export interface Sessions<S> {
  /** opens a session (in `trx` when given) and answers the cookie value that carries it */
  create(ownerId: number, trx?: Executor): Promise<string>
  authenticate(token: string | undefined): Promise<S | null>
  revoke(sessionId: string): Promise<void>
}

export interface CustomerSessions extends Sessions<SessionUser> {
  /** revokes every live session of a customer, except `keep` */
  revokeAll(userId: number, keep?: string, trx?: Executor): Promise<void>
}

/** The session stores, built once in app.ts by the user and admin modules and shared through Deps. */
export interface SessionStores {
  customer: CustomerSessions
  admin: Sessions<SessionAdmin>
}

export const USER_COOKIE = 'sfm_user_token'
export const ADMIN_COOKIE = 'sfm_admin_token'

/** Roles each admin access admits: an admin may do everything an operator may. */
const ADMITTED: Record<'admin:operator' | 'admin:admin', readonly AdminRole[]> = {
  'admin:operator': ['operator', 'admin'],
  'admin:admin': ['admin'],
}

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null
    admin: SessionAdmin | null
  }
  interface FastifyContextConfig {
    /** who may call the route; 'public' when left out */
    access?: Access
    /** false exempts a POST route from the XSRF check (the payment webhook) */
    xsrf?: boolean
    /** false: the answer sets no _xsrf cookie (a probe no page follows with a POST) */
    xsrfCookie?: boolean
  }
}

/**
 * The one guard: a tampered, expired or revoked cookie is simply no session (401). A customer's
 * session is not an admin's (401 on admin routes); an admin whose role is not enough gets 403.
 */
export const guardOf = (access: Exclude<Access, 'public'>) =>
  async function checkAccess(req: FastifyRequest): Promise<void> {
    const auth = req.server.deps.sessions
    if (access === 'customer') {
      req.user = await auth.customer.authenticate(req.cookies[USER_COOKIE])
      if (!req.user) throw new HttpError(401)
      return
    }
    req.admin = await auth.admin.authenticate(req.cookies[ADMIN_COOKIE])
    if (!req.admin) throw new HttpError(401, 401, '管理员未登录')
    if (!ADMITTED[access].includes(req.admin.role)) throw new HttpError(403, 403, '没有权限执行此操作')
  }

/** The request's user and admin, which the guard (guardOf, a hook of each guarded route) fills in. */
async function access(app: FastifyInstance): Promise<void> {
  app.decorateRequest('user', null)
  app.decorateRequest('admin', null)
}

export default fp(access, { name: 'sfm-access' })
