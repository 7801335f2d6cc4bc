import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Codes } from '../../http/codes.ts'
import { HttpError, ok } from '../../http/envelope.ts'
import { verifyRsaSha256, type Deliver } from '../../providers/payment/index.ts'
import { closeOrderChargesNow } from './charges.ts'
import { isPingppEvent } from './events.ts'
import { recordPaymentEvent } from './record-event.ts'

export const WEBHOOK_PATH = '/api/webhooks/pingpp'
export const SIGNATURE_HEADER = 'x-pingplusplus-signature'

const badSignature = () => new HttpError(401, 401, '签名验证失败')

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
      },
    },
    async (req) => {
      const signature = req.headers[SIGNATURE_HEADER]
      const raw = rawBodies.get(req)
      if (typeof signature !== 'string' || !signature || !raw) throw badSignature()
      if (!verifyRsaSha256(raw, signature, await payments.webhookPublicKey())) throw badSignature()

      // Signed by the provider yet unreadable: refuse it loudly rather than acknowledge a payment we cannot see.
      const text = raw.toString('utf8')
      let event: unknown
      try {
        event = JSON.parse(text)
      } catch {
        throw new HttpError(400, Codes.INVALID_PARAM.code, '事件不是合法的JSON')
      }
      if (!isPingppEvent(event)) throw new HttpError(400, Codes.INVALID_PARAM.code, '事件格式无效')

      const result = await recordPaymentEvent(db, app.deps.paymentPurposes, event, text)
      req.log.info({ eventId: event.id, type: event.type, result }, 'payment event')
      // What the event closed (a paid order's other charges, a repaid debt's) is closed at once, not at the
      // worker's next run: the order is the one this shop named in the charge's (or refund's) metadata.
      const orderId = event.data.object.metadata?.order_id
      if (result === 'applied' && typeof orderId === 'string') await closeOrderChargesNow(app.deps, orderId)
      return ok({ event_id: event.id, result }).toEnvelope()
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
