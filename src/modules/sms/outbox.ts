import type { Transaction } from 'kysely'
import type { Deps } from '../../deps.ts'
import type { Database, SmsOutboxRow } from '../../db/types.ts'
import { countSms } from '../../metrics/index.ts'
import {
  isTemplateName,
  maskMobile,
  type SendResult,
  type SmsMessage,
  type SmsTemplates,
  type TemplateName,
} from '../../providers/sms/index.ts'
import { nowSeconds } from '../../time.ts'
import { claimMessage, dueMessages, endAttempt, insertMessage, type AttemptEnd } from './repo.ts'

/** What sending the outbox needs: the worker has it. */
export type OutboxDeps = Pick<Deps, 'db' | 'sms' | 'log'>

/** Tries before a message is given up: about a day of them (smsBackoffSeconds). */
export const MAX_SMS_ATTEMPTS = 10
/** Two minutes after the first failure, doubling, at most 8 hours apart: ten tries take about 16 hours. */
export const smsBackoffSeconds = (attempts: number) => Math.min(120 * 2 ** Math.max(0, attempts - 1), 8 * 3600)
/** Far longer than one attempt (its calls time out after 5 s each): a worker gone mid-attempt is replaced after it. */
export const SMS_LEASE_SECONDS = 120

/**
 * Puts a text message in the outbox, in the transaction of the event that causes it: it is sent
 * (by the worker, soon after) if and only if that transaction commits.
 */
export async function enqueueSms<N extends TemplateName>(
  trx: Transaction<Database>,
  mobile: string,
  template: N,
  params: SmsTemplates[N],
): Promise<number> {
  return insertMessage(trx, { mobile, template, params: JSON.stringify(params) }, nowSeconds())
}

/** The row as the message it holds; undefined for a template this build no longer has. */
export function messageOf(row: SmsOutboxRow): SmsMessage | undefined {
  if (!isTemplateName(row.template)) return undefined
  return { mobile: row.mobile, template: row.template, params: JSON.parse(row.params) }
}

/** Our id of the message at the provider (Aliyun OutId, Tencent SessionContext). */
const outIdOf = (row: SmsOutboxRow) => `sfm${row.id}`

/** What a failed send leaves: given up for good, or queued for another try after the backoff. */
function afterFailure(held: SmsOutboxRow, result: Exclude<SendResult, { ok: true }>, now: number): AttemptEnd {
  const maybeSent = result.kind === 'unavailable' && result.maybeSent
  if (result.kind === 'bad_mobile' || result.kind === 'rejected')
    return { state: 'failed', error: result.reason, maybeSent: false }
  if (held.attempts >= MAX_SMS_ATTEMPTS)
    return { state: 'failed', error: `${MAX_SMS_ATTEMPTS}次尝试均未发出: ${result.reason}`, maybeSent }
  return { state: 'queued', error: result.reason, maybeSent, nextAt: now + smsBackoffSeconds(held.attempts) }
}

/** An attempt's end, and whether the provider itself failed (so the run stops asking it). */
interface Attempted {
  end: AttemptEnd
  providerDown: boolean
}

/**
 * One attempt at a claimed message. One whose earlier attempt may have reached the provider is
 * first looked up there, where the provider allows it (Aliyun), and is not sent again if found;
 * elsewhere (Tencent, which keeps no searchable record of submissions) it is sent again.
 */
async function attempt(deps: OutboxDeps, held: SmsOutboxRow, now: number): Promise<Attempted> {
  const message = messageOf(held)
  if (!message)
    return {
      end: { state: 'failed', error: `unknown template ${held.template}`, maybeSent: false },
      providerDown: false,
    }
  let earlierMaybeSent = held.maybe_sent === 1
  if (earlierMaybeSent && deps.sms.lookUp) {
    const found = await deps.sms.lookUp(message, outIdOf(held), held.create_time)
    if ('unknown' in found) {
      const nextAt = now + smsBackoffSeconds(held.attempts)
      return {
        end: { state: 'queued', error: `look-up: ${found.unknown}`, maybeSent: true, nextAt },
        providerDown: true,
      }
    }
    if (found.found) return { end: { state: 'sent', ref: found.ref, maybeSent: false }, providerDown: false }
    earlierMaybeSent = false
  }
  const result = await deps.sms.send(message, { outId: outIdOf(held) })
  if (result.ok) return { end: { state: 'sent', ref: result.ref, maybeSent: earlierMaybeSent }, providerDown: false }
  const end = afterFailure(held, result, now)
  return {
    end: end.state === 'failed' ? end : { ...end, maybeSent: end.maybeSent || earlierMaybeSent },
    providerDown: result.kind === 'unavailable',
  }
}

/**
 * The worker's part: every due message gets one attempt, each under a lease taken by a
 * conditional update, so two workers never send one message twice. A provider that does not
 * answer ends the run (the rest keep their turn). Answers how many were attempted.
 */
export async function sendDueSms(deps: OutboxDeps, now: number, batch = 50): Promise<number> {
  // Each lease starts when its message is taken, however long the ones before it took.
  const started = Date.now()
  const clock = () => now + Math.floor((Date.now() - started) / 1000)
  let attempted = 0
  for (const row of await dueMessages(deps.db, now, batch)) {
    const held = await claimMessage(deps.db, row, deps.sms.name, clock(), SMS_LEASE_SECONDS)
    if (!held) continue
    attempted++
    const { end, providerDown } = await attempt(deps, held, clock())
    countSms(held.template, end.state === 'queued' ? 'retry' : end.state)
    const log = { id: held.id, template: held.template, mobile: maskMobile(held.mobile), attempts: held.attempts }
    if (!(await endAttempt(deps.db, held, end, clock())))
      deps.log.warn(log, 'sms outbox: lease lost before the attempt ended')
    else if (end.state === 'failed') deps.log.warn({ ...log, error: end.error }, 'sms not sent, given up')
    else if (end.state === 'queued') deps.log.info({ ...log, error: end.error }, 'sms not sent yet; will retry')
    if (providerDown) break
  }
  return attempted
}
