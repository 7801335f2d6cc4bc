import type { Deps } from '../../deps.ts'
import { given } from '../../http/params.ts'
import { Codes } from '../../domain/codes.ts'
import { fail, ok } from '../../domain/result.ts'
import { nowSeconds } from '../../time.ts'
import { writeLog, type Actor } from '../oplog/index.ts'
import { countAuths, listAuths, reviewAuth, type AuthStatus } from './admin-repo.ts'

export interface AuthQuery {
  status: AuthStatus | 'all'
  u_mobile?: string
  page: number
  count: number
}

/** `/api/user/list_auth`: identity submissions with their images and the full id number, for the reviewer. */
export async function listAuthsForAdmin(deps: Deps, q: AuthQuery) {
  const filter = { status: q.status === 'all' ? undefined : q.status, mobilePrefix: given(q.u_mobile) }
  const total = await countAuths(deps.db, filter)
  const auths = await listAuths(deps.db, filter, (q.page - 1) * q.count, q.count)
  return ok({ auths, pagination: { total, page: q.page, count: q.count } })
}

/**
 * `/api/user/review_auth`: approves or rejects a pending submission; the customer's next sign-in
 * carries the result in auth_is_pass. 540 when nothing is pending (or it was resubmitted since
 * `submittedAt`).
 */
export async function reviewAuthForAdmin(
  deps: Deps,
  actor: Actor,
  userId: number,
  pass: boolean,
  note: string,
  submittedAt?: number,
) {
  const decided = await deps.db.transaction().execute(async (trx) => {
    if (!(await reviewAuth(trx, userId, pass, note, nowSeconds(), submittedAt))) return false
    await writeLog(
      trx,
      actor,
      { type: 'user', id: userId },
      `${pass ? '实名认证通过' : '实名认证驳回'}${note ? `: ${note}` : ''}`,
    )
    return true
  })
  return decided ? ok() : fail(Codes.AUTH_REVIEW_REFUSED)
}
