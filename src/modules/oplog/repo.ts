import type { Executor } from '../../db/dialect.ts'
import type { SessionAdmin } from '../../http/auth.ts'
import { nowSeconds } from '../../time.ts'

export type Actor = { type: 'user' | 'admin'; id: number } | { type: 'system' }

export const userActor = (id: number): Actor => ({ type: 'user', id })
export const SYSTEM: Actor = { type: 'system' }
/** An admin acting through the back office: the log keeps their id, the history shows their name. */
export const adminActor = (admin: SessionAdmin): Actor => ({ type: 'admin', id: admin.id })

/** Appends one row to the operate log; call it with the transaction that made the change. */
export async function writeLog(trx: Executor, actor: Actor, target: { type: string; id: string | number }, text: string): Promise<void> {
  await trx
    .insertInto('operate_log')
    .values({
      actor_type: actor.type,
      actor_id: actor.type === 'system' ? null : actor.id,
      target_type: target.type,
      target_id: String(target.id),
      text,
      time: nowSeconds(),
    })
    .execute()
}
