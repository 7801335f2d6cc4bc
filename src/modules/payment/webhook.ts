import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Codes } from '../../domain/codes.ts'
import { fail, ok } from '../../domain/result.ts'
import { envelopeFor, responsesOf } from '../../http/route.ts'
import { verifyRsaSha256, type Deliver } from '../../providers/payment/index.ts'
import { isPingppEvent } from './events.ts'
import { recordPaymentEvent } from './record-event.ts'
import { EventAnswer } from './schemas.ts'

export const WEBHOOK_PATH = '/api/webhooks/pingpp'
export const SIGNATURE_HEADER = 'x-pingplusplus-signature'

const badSignature = () => fail(Codes.BAD_SIGNATURE)

/**
 * `POST /api/webhooks/pingpp`. Registered as its own encapsulated plugin: the JSON parser here
 * keeps the exact bytes Ping++ signed, for this route only; every other route keeps the normal parser.
 */
export default async function webhookRoutes(app: FastifyInstance): Promise<void> {
  const { db, payments } = app.deps
  // The body seen by the hooks must stay an object; the signed bytes travel beside the request.
  const rawBodies = new WeakMap<FastifyRequest, Buffer>()

  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    rawBodies.set(req, body as Buffer)
    done(null, {})
  })

  app.post(
    WEBHOOK_PATH,
    {
      config: { xsrf: false },
      schema: {
        summary: 'Ping++ webhook: a signed charge.succeeded / refund.succeeded event',
        description:
          'Permission: T. The raw JSON body must carry a base64 RSA-SHA256 signature from the provider in the ' +
          'x-pingplusplus-signature header, else 401 and nothing changes. Each event id is applied once; a repeat ' +
          'answers success. An event nothing matches is recorded as unmatched and acknowledged.',
        tags: ['webhooks'],
        response: responsesOf(EventAnswer),
      },
    },
    async (req, reply) => {
      const signature = req.headers[SIGNATURE_HEADER]
      const raw = rawBodies.get(req)
      if (typeof signature !== 'string' || !signature || !raw) return envelopeFor(reply, badSignature())
      if (!verifyRsaSha256(raw, signature, await payments.webhookPublicKey())) return envelopeFor(reply, badSignature())

      // Signed by the provider yet unreadable: refuse it loudly rather than acknowledge a payment we cannot see.
      const text = raw.toString('utf8')
      let event: unknown
      try {
        event = JSON.parse(text)
      } catch {
        return envelopeFor(reply, fail(Codes.INVALID_PARAM, '事件不是合法的JSON'))
      }
      if (!isPingppEvent(event)) return envelopeFor(reply, fail(Codes.INVALID_PARAM, '事件格式无效'))

      const result = await recordPaymentEvent(db, app.deps.paymentPurposes, event, text)
      req.log.info({ eventId: event.id, type: event.type, result }, 'payment event')
      return envelopeFor(reply, ok({ event_id: event.id, result }))
    },
  )
}

/** How the sandbox reaches this app's webhook: a request through the full route, verification included. */
export function deliverThroughWebhook(app: FastifyInstance): Deliver {
  return async (body, signature) => {
    const res = await app.inject({
      method: 'POST',
      url: WEBHOOK_PATH,
      payload: body,
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature },
    })
    return { status: res.statusCode, result: res.statusCode === 200 ? res.json().data.result : undefined }
  }
}
