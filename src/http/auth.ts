import type { FastifyRequest } from 'fastify'
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

/** Opens the session cookies. The user and admin modules provide them; app.ts wires them in. */
export interface Authenticators {
  customer(token: string | undefined): Promise<SessionUser | null>
  admin(token: string | undefined): Promise<SessionAdmin | null>
}

export const USER_COOKIE = 'sfm_user_token'
export const ADMIN_COOKIE = 'sfm_admin_token'

/** Roles each admin access admits: an admin may do everything an operator may. */
const ADMITTED: Record<'admin:operator' | 'admin:admin', readonly AdminRole[]> = {
  'admin:operator': ['operator', 'admin'],
  'admin:admin': ['admin'],
}

declare module 'fastify' {
  interface FastifyInstance {
    authenticators: Authenticators
  }
  interface FastifyRequest {
    user: SessionUser | null
    admin: SessionAdmin | null
  }
  interface FastifyContextConfig {
    /** who may call the route; 'public' when left out */
    access?: Access
    /** false exempts a POST route from the XSRF check (the payment webhook) */
    xsrf?: boolean
  }
}

/**
 * The one guard: a tampered, expired or revoked cookie is simply no session (401). A customer's
 * session is not an admin's (401 on admin routes); an admin whose role is not enough gets 403.
 */
export async function checkAccess(req: FastifyRequest): Promise<void> {
  const access = req.routeOptions.config.access ?? 'public'
  if (access === 'public') return
  const auth = req.server.authenticators
  if (access === 'customer') {
    req.user = await auth.customer(req.cookies[USER_COOKIE])
    if (!req.user) throw new HttpError(401)
    return
  }
  req.admin = await auth.admin(req.cookies[ADMIN_COOKIE])
  if (!req.admin) throw new HttpError(401, 401, '管理员未登录')
  if (!ADMITTED[access].includes(req.admin.role)) throw new HttpError(403, 403, '没有权限执行此操作')
}
