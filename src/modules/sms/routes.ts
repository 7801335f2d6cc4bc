import type { FastifyInstance } from 'fastify'
import { apiRoute } from '../../http/route.ts'
import { SmsList, SmsListAnswer } from './schemas.ts'
import { listOutbox } from './service.ts'

/** The back office's view of the outbox: what was sent, what waits, and what failed and why. */
export default async function smsAdminRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app

  apiRoute(app, {
    path: '/api/sms/list',
    write: false,
    access: 'admin:operator',
    summary:
      'Text messages of the outbox (every message but verification codes), newest first, with their text, state ' +
      '(queued, sending, sent, failed), attempts and last error: {messages, pagination: {total, page, count}}',
    params: SmsList,
    response: SmsListAnswer,
    handler: (p) => listOutbox(deps, p),
  })
}
