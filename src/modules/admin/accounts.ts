import type { Db } from '../../db/dialect.ts'
import type { Deps } from '../../deps.ts'
import { lockAdmins } from '../../db/dialect.ts'
import type { AdminRole } from '../../http/auth.ts'
import { Codes } from '../../domain/codes.ts'
import { type Result, fail, ok } from '../../domain/result.ts'
import { exceedsAny, forgetOne, type Limit } from '../../ratelimit/index.ts'
import { writeLog, type Actor } from '../oplog/index.ts'
import { hashPassword, verifyPassword } from '../user/index.ts'
import {
  adminView,
  disableAdmin,
  enableAdmin,
  existingAdminView,
  findAdminById,
  findAdminByName,
  insertAdmin,
  listAdmins,
  countAdmins,
  revokeAdminSessions,
  setAdminPasswordHash,
  setAdminRole,
  type AdminView,
} from './repo.ts'
import type { Sessions, SessionAdmin } from '../../http/auth.ts'

export interface SignedInAdmin {
  admin: AdminView
  /** the sealed session for the sfm_admin_token cookie; never part of the response body */
  token: string
}

const signinLimits = (name: string, ip: string): Limit[] => [
  { key: `admin-signin:name:${name.toLowerCase()}`, max: 10, windowSeconds: 15 * 60 },
  { key: `admin-signin:ip:${ip}`, max: 50, windowSeconds: 15 * 60 },
]

/** Checked against when the name is unknown, so an unknown name takes as long to refuse as a wrong password. */
let decoyHash: Promise<string> | undefined
const decoy = (client: string): Promise<string> => {
  decoyHash ??= hashPassword('decoy password', client)
  return decoyHash
}

const adminTarget = (id: number) => ({ type: 'admin', id })

/**
 * Signs an admin in. An unknown name, a wrong password and a disabled account all answer 112
 * alike; failures count against the name and the address like customers' (429 past the limit).
 */
export async function signinAdmin(
  deps: Deps,
  sessions: Sessions<SessionAdmin>,
  name: string,
  pwd: string,
  ip: string,
): Promise<Result<SignedInAdmin>> {
  const { db, limiter } = deps
  const limits = signinLimits(name, ip)
  if (await exceedsAny(limiter, limits)) return fail(Codes.TOO_MANY_REQUESTS)
  const row = await findAdminByName(db, name)
  const matches = await verifyPassword(pwd, row?.pwd_hash ?? (await decoy(ip)), ip)
  if (!row || !matches || row.disabled) return fail(Codes.NAME_OR_PWD_MISMATCH)
  await forgetOne(limiter, limits)
  // Opened under the account's lock and only while it is still enabled with the password just
  // checked: a disable or a password reset either waits for this session (and revokes it) or wins.
  const token = await db.transaction().execute(async (trx) => {
    await lockAdmins(trx, row.id)
    const current = await findAdminById(trx, row.id)
    if (!current || current.disabled || current.pwd_hash !== row.pwd_hash) return null
    return sessions.create(row.id, trx)
  })
  const admin = token && (await adminView(db, row.id))
  return admin ? ok({ admin, token }) : fail(Codes.NAME_OR_PWD_MISMATCH)
}

export async function listAdminAccounts(db: Db, page: number, count: number) {
  const total = await countAdmins(db)
  const admins = await listAdmins(db, (page - 1) * count, count)
  return ok({ admins, pagination: { total, page, count } })
}

/**
 * Creates an account; 115 when the name is taken. `client` is whose turn the password hash waits
 * for (an address, or the command).
 */
export async function createAdmin(db: Db, actor: Actor, name: string, pwd: string, role: AdminRole, client: string) {
  const pwdHash = await hashPassword(pwd, client)
  const id = await db.transaction().execute(async (trx) => {
    const created = await insertAdmin(trx, name, pwdHash, role)
    if (created !== undefined) await writeLog(trx, actor, adminTarget(created), `创建管理员账号 ${name},角色${role}`)
    return created
  })
  return id === undefined ? fail(Codes.USER_NAME_TAKEN) : ok(await existingAdminView(db, id))
}

/**
 * Why a conditional change of an account did nothing: it does not exist (531), it already was
 * as asked (success, nothing logged), or it is the last active admin (530).
 */
async function unchanged(db: Db, id: number, alreadyAsAsked: (a: AdminView) => boolean) {
  const admin = await adminView(db, id)
  if (!admin) return fail(Codes.ADMIN_NOT_FOUND)
  return alreadyAsAsked(admin) ? ok(admin) : fail(Codes.LAST_ADMIN)
}

/** Disables (revoking every session at once) or enables an account; the last active admin stays. */
export async function setAdminDisabled(db: Db, actor: Actor, id: number, disabled: boolean) {
  const changed = await db.transaction().execute(async (trx) => {
    await lockAdmins(trx)
    if (!(await (disabled ? disableAdmin(trx, id) : enableAdmin(trx, id)))) return false
    if (disabled) await revokeAdminSessions(trx, id)
    await writeLog(trx, actor, adminTarget(id), disabled ? '停用管理员账号' : '启用管理员账号')
    return true
  })
  return changed ? ok(await existingAdminView(db, id)) : unchanged(db, id, (a) => a.disabled === (disabled ? 1 : 0))
}

/** Changes an account's role; the last active admin cannot be demoted. */
export async function setAdminAccountRole(db: Db, actor: Actor, id: number, role: AdminRole) {
  const changed = await db.transaction().execute(async (trx) => {
    await lockAdmins(trx)
    if (!(await setAdminRole(trx, id, role))) return false
    await writeLog(trx, actor, adminTarget(id), `角色改为${role}`)
    return true
  })
  return changed ? ok(await existingAdminView(db, id)) : unchanged(db, id, (a) => a.role === role)
}

/**
 * Sets a new password and revokes the account's sessions, all but `keepSession` (an admin
 * resetting their own password stays signed in where they did it).
 */
export async function resetAdminPassword(
  db: Db,
  actor: Actor,
  id: number,
  newPwd: string,
  client: string,
  keepSession?: string,
) {
  const pwdHash = await hashPassword(newPwd, client)
  const changed = await db.transaction().execute(async (trx) => {
    await lockAdmins(trx, id)
    if (!(await setAdminPasswordHash(trx, id, pwdHash))) return false
    await revokeAdminSessions(trx, id, keepSession)
    await writeLog(trx, actor, adminTarget(id), '重置密码')
    return true
  })
  return changed ? ok() : fail(Codes.ADMIN_NOT_FOUND)
}

/** SFM_ADMIN_NAME / SFM_ADMIN_PASSWORD: the first admin of a shop that has none. True when it made one. */
export async function ensureFirstAdmin(db: Db, actor: Actor, name: string, pwd: string): Promise<boolean> {
  if ((await countAdmins(db)) > 0) return false
  return (await createAdmin(db, actor, name, pwd, 'admin', 'start')).ok
}
