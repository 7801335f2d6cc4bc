import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Config } from '../../config.ts'
import { ADMIN_COOKIE } from '../../http/auth.ts'
import { SESSION_SECONDS } from '../../http/cookies.ts'
import { ok } from '../../domain/result.ts'
import { apiRoute, NoData } from '../../http/route.ts'
import { adminActor } from '../oplog/index.ts'
import {
  createAdmin,
  listAdminAccounts,
  resetAdminPassword,
  setAdminAccountRole,
  setAdminDisabled,
  signinAdmin,
} from './accounts.ts'
import * as S from './schemas.ts'

/** httpOnly and SameSite=Strict: the console is a page of this same server, and nothing else needs to send it. */
function adminCookieOptions(config: Config) {
  return {
    path: '/',
    sameSite: 'strict' as const,
    secure: config.cookieSecure,
    domain: config.cookieDomain,
    httpOnly: true,
  }
}

const setAdminCookie = (reply: FastifyReply, config: Config, token: string) =>
  reply.setCookie(ADMIN_COOKIE, token, { ...adminCookieOptions(config), maxAge: SESSION_SECONDS })
const clearAdminCookie = (reply: FastifyReply, config: Config) =>
  reply.clearCookie(ADMIN_COOKIE, adminCookieOptions(config))

/** `/api/admin/*`: signing admins in and out, and (role admin) managing admin accounts. */
export default async function adminRoutes(app: FastifyInstance): Promise<void> {
  const { db, config } = app.deps
  const sessions = app.deps.sessions.admin

  apiRoute(app, {
    path: '/api/admin/signin',
    write: true,
    access: 'public',
    summary:
      'Sign an admin in: sets the sfm_admin_token cookie; 112 for a wrong name or password or a disabled account',
    params: S.Signin,
    response: S.AdminAccount,
    handler: async (p, { req, reply }) => {
      const result = await signinAdmin(app.deps, sessions, p.name, p.pwd, req.ip)
      if (!result.ok) return result
      setAdminCookie(reply, config, result.value.token)
      return ok(result.value.admin)
    },
  })

  apiRoute(app, {
    path: '/api/admin/signout',
    write: true,
    access: 'admin:operator',
    summary: 'Sign out: revokes the admin session and clears its cookie',
    params: S.NoParams,
    response: NoData,
    handler: async (_p, { admin, reply }) => {
      await sessions.revoke(admin.sessionId)
      clearAdminCookie(reply, config)
      return ok()
    },
  })

  apiRoute(app, {
    path: '/api/admin/me',
    write: false,
    access: 'admin:operator',
    summary: 'The signed-in admin: {id, name, role}',
    params: S.NoParams,
    response: S.Me,
    handler: async (_p, { admin }) => ok({ id: admin.id, name: admin.name, role: admin.role }),
  })

  apiRoute(app, {
    path: '/api/admin/list',
    write: false,
    access: 'admin:admin',
    summary: 'Admin accounts, newest first: {admins, pagination: {total, page, count}}',
    params: S.ListAdmins,
    response: S.AdminList,
    handler: (p) => listAdminAccounts(db, p.page, p.count),
  })

  apiRoute(app, {
    path: '/api/admin/create',
    write: true,
    access: 'admin:admin',
    summary: 'Create an admin account; 115 when the name is taken',
    params: S.CreateAdmin,
    response: S.AdminAccount,
    handler: (p, { admin, req }) => createAdmin(db, adminActor(admin), p.name, p.pwd, p.role, req.ip),
  })

  apiRoute(app, {
    path: '/api/admin/set_disabled',
    write: true,
    access: 'admin:admin',
    summary: 'Disable (revoking its sessions) or enable an account; 530 for the last active admin, 531 unknown account',
    params: S.SetDisabled,
    response: S.AdminAccount,
    handler: (p, { admin }) => setAdminDisabled(db, adminActor(admin), p.admin_id, p.disabled === 1),
  })

  apiRoute(app, {
    path: '/api/admin/set_role',
    write: true,
    access: 'admin:admin',
    summary: 'Change an account’s role; 530 when it would demote the last active admin, 531 unknown account',
    params: S.SetRole,
    response: S.AdminAccount,
    handler: (p, { admin }) => setAdminAccountRole(db, adminActor(admin), p.admin_id, p.role),
  })

  apiRoute(app, {
    path: '/api/admin/reset_pwd',
    write: true,
    access: 'admin:admin',
    summary: 'Set an account’s password; its sessions are revoked (but the caller’s own); 531 unknown account',
    params: S.ResetPwd,
    response: NoData,
    handler: (p, { admin, req }) =>
      resetAdminPassword(
        db,
        adminActor(admin),
        p.admin_id,
        p.new_pwd,
        req.ip,
        admin.id === p.admin_id ? admin.sessionId : undefined,
      ),
  })
}
