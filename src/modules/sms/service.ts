import type { Static } from '@sinclair/typebox'
import type { Deps } from '../../deps.ts'
import { ok } from '../../domain/result.ts'
import { given } from '../../http/params.ts'
import { renderText } from '../../providers/sms/index.ts'
import { messageOf } from './outbox.ts'
import { countMessages, listMessages, type OutboxState } from './repo.ts'
import type { SmsList } from './schemas.ts'

const OPEN: OutboxState[] = ['queued', 'sending']

/** `/api/sms/list`: the outbox, newest first, each message with the text it carries. */
export async function listOutbox(deps: Deps, p: Static<typeof SmsList>) {
  const states = p.state === 'all' ? undefined : p.state === 'open' ? OPEN : [p.state]
  const filter = { states, mobilePrefix: given(p.u_mobile), template: given(p.template) }
  const total = await countMessages(deps.db, filter)
  const rows = await listMessages(deps.db, filter, (p.page - 1) * p.count, p.count)
  const messages = rows.map((r) => {
    const message = messageOf(r)
    return { ...r, params: JSON.parse(r.params), text: message ? renderText(message) : '' }
  })
  return ok({ messages, pagination: { total, page: p.page, count: p.count } })
}
