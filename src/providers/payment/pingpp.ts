import type { KeyObject } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { PingppSettings } from '../../config.ts'
import { hasExpired, nowSeconds } from '../../time.ts'
import {
  clip,
  PaymentError,
  type Charge,
  type ChargeRequest,
  type PaymentProvider,
  type Refund,
  type RefundRequest,
} from './provider.ts'
import { readPrivateKey, readPublicKey, signRsaSha256 } from './signing.ts'

export const PINGPP_TIMEOUT_MS = 10_000

/**
 * A Ping++ charge expires this long before what it pays for: the channel's confirmation reaches
 * the webhook some time after the customer pays, and must find the order still payable.
 */
export const CHARGE_EXPIRY_MARGIN_SECONDS = 60

export interface PingppOptions {
  apiKey: string
  appId: string
  /** the merchant's key that signs each request */
  privateKey: KeyObject
  /** Ping++'s key that verifies webhooks */
  webhookKey: KeyObject
  apiBase: string
  timeoutMs?: number
  log?: FastifyBaseLogger
}

/** Ping++ wants a dotted IPv4 address; Node reports IPv4 clients on a dual-stack socket as ::ffff:a.b.c.d. */
function ipv4(ip: string): string {
  if (ip.startsWith('::ffff:')) return ip.slice('::ffff:'.length)
  if (ip === '::1') return '127.0.0.1'
  return ip
}

/** The real Ping++ API, spoken as its official SDKs speak it. */
export class PingppProvider implements PaymentProvider {
  readonly name = 'pingpp'
  private readonly timeoutMs: number

  constructor(private readonly opts: PingppOptions) {
    this.timeoutMs = opts.timeoutMs ?? PINGPP_TIMEOUT_MS
  }

  /** Reads both keys now, so a wrong path stops the server at start rather than at the first payment. */
  static fromSettings(settings: PingppSettings, log?: FastifyBaseLogger): PingppProvider {
    return new PingppProvider({
      apiKey: settings.apiKey,
      appId: settings.appId,
      privateKey: readPrivateKey(settings.privateKeyPath),
      webhookKey: readPublicKey(settings.publicKeyPath),
      apiBase: settings.apiBase,
      log,
    })
  }

  async webhookPublicKey(): Promise<KeyObject> {
    return this.opts.webhookKey
  }

  async createCharge(req: ChargeRequest): Promise<Charge> {
    const timeExpire = req.timeExpire - CHARGE_EXPIRY_MARGIN_SECONDS
    if (hasExpired(timeExpire))
      throw new PaymentError(
        'rejected',
        `too late to charge: the order expires at ${req.timeExpire}`,
        undefined,
        '订单即将过期,请重新下单',
      )
    const extra =
      req.channel === 'alipay_pc_direct'
        ? req.successUrl
          ? { success_url: req.successUrl }
          : {}
        : { product_id: req.orderNo }
    const charge = await this.post('/v1/charges', {
      order_no: req.orderNo,
      app: { id: this.opts.appId },
      channel: req.channel,
      amount: req.amountFen,
      currency: 'cny',
      client_ip: ipv4(req.clientIp),
      subject: clip(req.subject, 32),
      body: clip(req.body, 128),
      time_expire: timeExpire,
      metadata: req.metadata,
      extra,
    })
    if (
      charge.object !== 'charge' ||
      typeof charge.id !== 'string' ||
      charge.order_no !== req.orderNo ||
      charge.amount !== req.amountFen
    ) {
      throw this.failure(
        new PaymentError('bad_response', 'Ping++ answered with something that is not the charge asked for'),
      )
    }
    return charge as Charge
  }

  async refund(req: RefundRequest): Promise<Refund> {
    const refund = await this.post(`/v1/charges/${encodeURIComponent(req.chargeId)}/refunds`, {
      amount: req.amountFen,
      description: req.description,
      metadata: req.metadata,
    })
    return this.asRefund(refund)
  }

  async retrieveRefund(chargeId: string, refundId: string): Promise<Refund> {
    return this.asRefund(
      await this.request('GET', `/v1/charges/${encodeURIComponent(chargeId)}/refunds/${encodeURIComponent(refundId)}`),
    )
  }

  /**
   * Ping++ closes a charge only on its offline channels (isv_*, `POST /v1/charges/{id}/reverse`,
   * which refunds one already paid), never alipay_pc_direct or wx_pub_qr: those stay payable until
   * their time_expire, and money that still arrives is refunded like any the order cannot take.
   */
  async closeCharge(): Promise<void> {}

  /** Ping++ itself delivers a webhook again until it answers 2xx. */
  async retryDeliveries(): Promise<number> {
    return 0
  }

  private asRefund(answer: Record<string, unknown>): Refund {
    if (answer.object !== 'refund' || typeof answer.id !== 'string') {
      throw this.failure(new PaymentError('bad_response', 'Ping++ answered with something that is not a refund'))
    }
    return answer as Refund
  }

  private failure(err: PaymentError): PaymentError {
    this.opts.log?.warn({ kind: err.kind, status: err.status, msg: err.message }, 'ping++ request failed')
    return err
  }

  private post(path: string, payload: object): Promise<Record<string, unknown>> {
    return this.request('POST', path, payload)
  }

  /** One signed request. Every way it can go wrong becomes a PaymentError, so nothing half-made reaches a caller. */
  private async request(method: 'GET' | 'POST', path: string, payload?: object): Promise<Record<string, unknown>> {
    const url = new URL(this.opts.apiBase + path)
    // A GET has no body: the SDKs sign the empty string in its place.
    const body = payload === undefined ? '' : JSON.stringify(payload)
    const timestamp = String(nowSeconds())
    // The SDKs sign body + request path (as sent, so a base with a path prefix is included) + timestamp.
    const signature = signRsaSha256(body + url.pathname + url.search + timestamp, this.opts.privateKey)
    let status: number
    let text: string
    try {
      const res = await fetch(url, {
        method,
        headers: {
          Authorization: `Basic ${Buffer.from(`${this.opts.apiKey}:`).toString('base64')}`,
          'Content-Type': 'application/json; charset=UTF-8',
          Accept: 'application/json',
          'User-Agent': 'Pingpp/v1 sfm',
          'Pingplusplus-Request-Timestamp': timestamp,
          'Pingplusplus-Signature': signature,
        },
        body: payload === undefined ? undefined : body,
        // The same signal covers reading the body: a server that sends headers and then stalls still times out.
        signal: AbortSignal.timeout(this.timeoutMs),
      })
      status = res.status
      text = await res.text()
    } catch (err) {
      const e = err as Error
      if (e.name === 'TimeoutError' || e.name === 'AbortError') {
        throw this.failure(new PaymentError('timeout', `Ping++ did not answer ${path} within ${this.timeoutMs} ms`))
      }
      throw this.failure(new PaymentError('network', `Ping++ ${path}: ${e.message}`))
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      throw this.failure(
        new PaymentError('bad_response', `Ping++ ${path} answered ${status} with a body that is not JSON`, status),
      )
    }
    const obj = (json !== null && typeof json === 'object' && !Array.isArray(json) ? json : {}) as Record<
      string,
      unknown
    >
    const error = obj.error as { message?: unknown } | undefined
    if (status < 200 || status > 299 || error) {
      const providerMessage = typeof error?.message === 'string' ? error.message : undefined
      throw this.failure(
        new PaymentError(
          'rejected',
          `Ping++ ${path} answered ${status}: ${providerMessage ?? text.slice(0, 200)}`,
          status,
          providerMessage,
        ),
      )
    }
    return obj
  }
}
