import type { FastifyInstance } from 'fastify'
import { ok } from '../../http/envelope.ts'
import { given } from '../../http/params.ts'
import { apiRoute } from '../../http/route.ts'
import { renderText } from '../../providers/sms/index.ts'
import { messageOf } from './outbox.ts'
import { countMessages, listMessages, type OutboxState } from './repo.ts'
import { SmsList } from './schemas.ts'

const OPEN: OutboxState[] = ['queued', 'sending']

/** The back office's view of the outbox: what was sent, what waits, and what failed and why. */
export default async function smsAdminRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.deps

  apiRoute(app, {
    path: '/api/sms/list',
    write: false,
    access: 'admin:operator',
    summary:
      'Text messages of the outbox (every message but verification codes), newest first, with their text, state ' +
      '(queued, sending, sent, failed), attempts and last error: {messages, pagination: {total, page, count}}',
    params: SmsList,
    handler: async (p) => {
      const states = p.state === 'all' ? undefined : p.state === 'open' ? OPEN : [p.state]
      const filter = { states, mobilePrefix: given(p.u_mobile), template: given(p.template) }
      const total = await countMessages(db, filter)
      const rows = await listMessages(db, filter, (p.page - 1) * p.count, p.count)
      const messages = rows.map((r) => {
        const message = messageOf(r)
        return { ...r, params: JSON.parse(r.params), text: message ? renderText(message) : '' }
      })
      return ok({ messages, pagination: { total, page: p.page, count: p.count } })
    },
  })
}
