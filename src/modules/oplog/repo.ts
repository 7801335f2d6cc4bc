import { changingPerDatabase } from '../../db/compiled.ts'
import type { Executor } from '../../db/dialect.ts'
import type { ActorType } from '../../db/types.ts'
import type { SessionAdmin } from '../../http/auth.ts'
import { nowSeconds } from '../../time.ts'

export type Actor = { type: 'user' | 'admin'; id: number } | { type: 'system' }

export const userActor = (id: number): Actor => ({ type: 'user', id })
export const SYSTEM: Actor = { type: 'system' }
/** An admin acting through the back office: the log keeps their id, the history shows their name. */
export const adminActor = (admin: SessionAdmin): Actor => ({ type: 'admin', id: admin.id })

/** An amount a log row records, as a number: the back office shows it in yuan, beside the words. */
export interface LogAmount {
  /** what the money is, in a word or two: 应付, 额度, 金额 */
  label: string
  fen: number
}

/**
 * Appends one row to the operate log; call it with the transaction that made the change. Money
 * goes in `amounts`, never into `text`, which may hold a customer's own words ("等了30分钟").
 */
export async function writeLog(
  trx: Executor,
  actor: Actor,
  target: { type: string; id: string | number },
  text: string,
  amounts: LogAmount[] = [],
): Promise<void> {
  const actorId = actor.type === 'system' ? null : actor.id
  await appendLog(trx, actor.type, actorId, target.type, String(target.id), text, JSON.stringify(amounts), nowSeconds())
}

// Compiled once: every state move writes one.
const appendLog = changingPerDatabase<[ActorType, number | null, string, string, string, string, number]>(
  7,
  (db, actor_type, actor_id, target_type, target_id, text, amounts, time) =>
    db.insertInto('operate_log').values({ actor_type, actor_id, target_type, target_id, text, amounts, time }),
)

export interface LogEntry {
  id: number
  time: number
  actor_type: ActorType
  actor_id: number | null
  /** the admin's account name, the customer's user name, or 系统 */
  actor_name: string
  text: string
  amounts: LogAmount[]
}

/** One target's history, oldest first, each row with the name of who acted, as the back office shows it. */
export async function historyOf(ex: Executor, target: { type: string; id: string | number }): Promise<LogEntry[]> {
  const rows = await ex
    .selectFrom('operate_log')
    .leftJoin('admins', (j) =>
      j.onRef('admins.id', '=', 'operate_log.actor_id').on('operate_log.actor_type', '=', 'admin'),
    )
    .leftJoin('users', (j) =>
      j.onRef('users.id', '=', 'operate_log.actor_id').on('operate_log.actor_type', '=', 'user'),
    )
    .select([
      'operate_log.id',
      'operate_log.time',
      'operate_log.actor_type',
      'operate_log.actor_id',
      'operate_log.text',
      'operate_log.amounts',
      'admins.name as admin_name',
      'users.user_name',
    ])
    .where('operate_log.target_type', '=', target.type)
    .where('operate_log.target_id', '=', String(target.id))
    .orderBy('operate_log.id')
    .execute()
  return rows.map(({ admin_name, user_name, amounts, ...r }) => ({
    ...r,
    amounts: JSON.parse(amounts) as LogAmount[],
    actor_name: admin_name ?? user_name ?? (r.actor_type === 'system' ? '系统' : ''),
  }))
}
