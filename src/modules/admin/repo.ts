import { sql } from 'kysely'
import type { Executor } from '../../db/dialect.ts'
import type { Admin } from '../../db/types.ts'
import type { AdminRole } from '../../http/auth.ts'
import { nowSeconds } from '../../time.ts'

/** An account as the back office shows it: never its password hash. */
export type AdminView = Omit<Admin, 'pwd_hash'>

const VIEW = ['id', 'name', 'role', 'disabled', 'create_time', 'update_time'] as const

export async function findAdminByName(ex: Executor, name: string): Promise<Admin | undefined> {
  return ex.selectFrom('admins').selectAll().where('name', '=', name).executeTakeFirst()
}

export async function findAdminById(ex: Executor, id: number): Promise<Admin | undefined> {
  return ex.selectFrom('admins').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function adminView(ex: Executor, id: number): Promise<AdminView | undefined> {
  return ex.selectFrom('admins').select(VIEW).where('id', '=', id).executeTakeFirst()
}

/** An account just made or changed (accounts are never deleted): one gone missing is a bug. */
export async function existingAdminView(ex: Executor, id: number): Promise<AdminView> {
  return ex.selectFrom('admins').select(VIEW).where('id', '=', id).executeTakeFirstOrThrow()
}

/**
 * The new account's id, or undefined when the name is taken (DO NOTHING: on PostgreSQL an error
 * would abort the transaction).
 */
export async function insertAdmin(
  ex: Executor,
  name: string,
  pwdHash: string,
  role: AdminRole,
): Promise<number | undefined> {
  const now = nowSeconds()
  const row = await ex
    .insertInto('admins')
    .values({ name, pwd_hash: pwdHash, role, disabled: 0, create_time: now, update_time: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('id')
    .executeTakeFirst()
  return row?.id
}

export async function countAdmins(ex: Executor): Promise<number> {
  const row = await ex
    .selectFrom('admins')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Newest first; the id breaks ties between accounts made in the same second. */
export async function listAdmins(ex: Executor, offset: number, limit: number): Promise<AdminView[]> {
  return ex
    .selectFrom('admins')
    .select(VIEW)
    .orderBy('create_time', 'desc')
    .orderBy('id', 'desc')
    .offset(offset)
    .limit(limit)
    .execute()
}

/**
 * Whether another account than `id` is an active admin: the condition under which `id` may
 * stop being one. Written into the statement that disables or demotes, so it is checked where
 * the change is made.
 */
const anotherActiveAdmin = (id: number) =>
  sql<boolean>`exists (
    select 1 from admins as other where other.role = 'admin' and other.disabled = 0 and other.id <> ${id}
  )`

/** Disables an account, unless it is the last active admin; true when it changed. */
export async function disableAdmin(ex: Executor, id: number): Promise<boolean> {
  const res = await ex
    .updateTable('admins')
    .set({ disabled: 1, update_time: nowSeconds() })
    .where('id', '=', id)
    .where('disabled', '=', 0)
    .where((eb) => eb.or([eb('role', '!=', 'admin'), anotherActiveAdmin(id)]))
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

export async function enableAdmin(ex: Executor, id: number): Promise<boolean> {
  const res = await ex
    .updateTable('admins')
    .set({ disabled: 0, update_time: nowSeconds() })
    .where('id', '=', id)
    .where('disabled', '=', 1)
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

/** Changes an account's role; demoting the last active admin changes nothing. True when it changed. */
export async function setAdminRole(ex: Executor, id: number, role: AdminRole): Promise<boolean> {
  let q = ex
    .updateTable('admins')
    .set({ role, update_time: nowSeconds() })
    .where('id', '=', id)
    .where('role', '!=', role)
  if (role !== 'admin') q = q.where((eb) => eb.or([eb('disabled', '=', 1), anotherActiveAdmin(id)]))
  const res = await q.executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

export async function setAdminPasswordHash(ex: Executor, id: number, pwdHash: string): Promise<boolean> {
  const res = await ex
    .updateTable('admins')
    .set({ pwd_hash: pwdHash, update_time: nowSeconds() })
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

/** Revokes every live session of an account, except `keep` when given. */
export async function revokeAdminSessions(ex: Executor, adminId: number, keep?: string): Promise<void> {
  let q = ex
    .updateTable('admin_sessions')
    .set({ revoked_at: nowSeconds() })
    .where('admin_id', '=', adminId)
    .where('revoked_at', 'is', null)
  if (keep) q = q.where('id', '!=', keep)
  await q.execute()
}

/** Deletes sessions past their expiry or revoked before `before`. */
export async function pruneAdminSessions(ex: Executor, before: number): Promise<number> {
  const res = await ex
    .deleteFrom('admin_sessions')
    .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
    .executeTakeFirst()
  return Number(res.numDeletedRows)
}
