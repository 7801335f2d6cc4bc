import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Type } from '@sinclair/typebox'
import type { SandboxCharge } from '../../db/types.ts'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { textResponses } from '../../http/answer-schemas.ts'
import { apiRoute } from '../../http/route.ts'
import { PAY_DEMO_PAGE, PINGPP_JS_PATH, SANDBOX_NOT_FOUND_PAGE, sandboxPayPage, sandboxResultPage } from './pages.ts'
import { SandboxProvider } from './sandbox.ts'
import { completeSandboxPayment } from './sandbox-service.ts'
import { SandboxComplete, SandboxCompleteAnswer, SandboxPayQuery } from './schemas.ts'

const html = (reply: FastifyReply, status: number, body: string) =>
  reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .send(body)

/** The demo pay page, and (with the sandbox provider only) the sandbox's pay page and buttons. */
export default async function paymentRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/static/pay-pc.html',
    {
      schema: {
        summary: 'Payment demo page (HTML): pay an order with a channel',
        tags: ['payment'],
        response: textResponses('text/html', 'the page'),
      },
    },
    async (_req, reply) => html(reply, 200, PAY_DEMO_PAGE),
  )

  // Ping++'s browser SDK, the build its npm package ships, read once: the pay page loads it from here.
  const pingppJs = readFileSync(createRequire(import.meta.url).resolve('pingpp-js/dist/pingpp.js'))
  app.get(
    PINGPP_JS_PATH,
    {
      schema: {
        summary: "Ping++'s browser SDK (pingpp-js), for the pay page",
        tags: ['payment'],
        response: textResponses('application/javascript', 'the script'),
      },
    },
    async (_req, reply) =>
      reply
        .header('content-type', 'application/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .send(pingppJs),
  )

  const { payments } = app.deps
  // Only the sandbox can be paid by pressing a button; with Ping++ these routes do not exist.
  if (!(payments instanceof SandboxProvider)) return
  const sandbox = payments

  /** A page of one sandbox charge, or the page saying there is none. */
  const chargePage = (path: string, summary: string, page: (row: SandboxCharge) => string) =>
    app.get(
      path,
      {
        schema: {
          summary,
          tags: ['sandbox'],
          querystring: SandboxPayQuery,
          response: {
            ...textResponses('text/html', 'the page'),
            404: Type.String({ description: 'no such charge: a page saying so, as text/html' }),
          },
        },
      },
      async (req, reply) => {
        const row = await sandbox.findCharge((req.query as { charge_id: string }).charge_id)
        return row ? html(reply, 200, page(row)) : html(reply, 404, SANDBOX_NOT_FOUND_PAGE)
      },
    )
  chargePage('/api/sandbox/pay', 'Sandbox pay page (HTML) with 支付 / 失败 buttons', sandboxPayPage)
  chargePage(
    '/api/sandbox/result',
    'Sandbox result page (HTML): what became of a charge, and the link back to the shop’s success_url',
    sandboxResultPage,
  )

  apiRoute(app, {
    path: '/api/sandbox/complete',
    write: true,
    access: 'public',
    summary:
      'Sandbox: pay or fail a charge; a payment is delivered to the webhook as a signed charge.succeeded event ' +
      'before this answers',
    params: SandboxComplete,
    response: SandboxCompleteAnswer,
    handler: (p) => completeSandboxPayment(sandbox, p.charge_id, p.outcome),
  })
}
