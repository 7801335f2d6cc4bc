import type { Executor } from '../../db/dialect.ts'
import { startsWith } from '../../db/filters.ts'

export type AuthStatus = 'pending' | 'passed' | 'rejected'

/** A customer as the back office's order and card pages show them: who, and where their identity stands. */
export async function customerSummary(ex: Executor, userId: number) {
  const row = await ex
    .selectFrom('users')
    .leftJoin('user_auth', 'user_auth.user_id', 'users.id')
    .select([
      'users.id',
      'users.user_name',
      'users.mobile',
      'users.register_dt',
      'users.lastlogin',
      'user_auth.status as auth_status',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirstOrThrow()
  return { ...row, auth_status: row.auth_status ?? 'none' }
}

export interface AuthFilter {
  status?: AuthStatus
  mobilePrefix?: string
}

function filtered(ex: Executor, f: AuthFilter) {
  let q = ex.selectFrom('user_auth').innerJoin('users', 'users.id', 'user_auth.user_id')
  if (f.status) q = q.where('user_auth.status', '=', f.status)
  if (f.mobilePrefix) q = q.where(startsWith('users.mobile', f.mobilePrefix))
  return q
}

export async function countAuths(ex: Executor, f: AuthFilter): Promise<number> {
  const row = await filtered(ex, f)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Newest submission first; the user id breaks ties. The full id number: the reviewer compares it with the images. */
export async function listAuths(ex: Executor, f: AuthFilter, offset: number, limit: number) {
  return filtered(ex, f)
    .selectAll('user_auth')
    .select(['users.user_name', 'users.mobile'])
    .orderBy('user_auth.submit_time', 'desc')
    .orderBy('user_auth.user_id', 'desc')
    .offset(offset)
    .limit(limit)
    .execute()
}

/** Which submission a review decides: that version, or that `submit_time` (which seconds cannot tell apart). */
export interface SubmissionSeen {
  version?: number
  submittedAt?: number
}

/**
 * Decides a pending submission, once, and only the one the reviewer saw when `seen` names it (one
 * the customer replaced meanwhile is not decided unseen). True when it was decided.
 */
export async function reviewAuth(
  ex: Executor,
  userId: number,
  pass: boolean,
  note: string,
  now: number,
  seen: SubmissionSeen,
): Promise<boolean> {
  let q = ex
    .updateTable('user_auth')
    .set({ pass: pass ? 1 : 0, status: pass ? 'passed' : 'rejected', note, review_time: now })
    .where('user_id', '=', userId)
    .where('status', '=', 'pending')
  if (seen.version !== undefined) q = q.where('version', '=', seen.version)
  if (seen.submittedAt !== undefined) q = q.where('submit_time', '=', seen.submittedAt)
  const res = await q.executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}
