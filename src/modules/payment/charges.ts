import type { Config } from '../../config.ts'
import type { Deps } from '../../deps.ts'
import { invalidParam, ok, type Result } from '../../domain/result.ts'
import { paymentFailed, type Charge, type ChargeRequest, type PaymentPurpose } from '../../providers/payment/index.ts'
import { recordCharge } from './repo.ts'

/**
 * Where the channel may send the browser after paying: http(s) pages of this shop only (the
 * server's own address or an allowed front-end origin), so a payment link cannot be made to
 * end on someone else's site. The original's pages send it without a scheme; http is assumed.
 * Answers the full URL (none when none was given), or 101.
 */
export function shopReturnUrl(config: Config, raw: string | undefined): Result<string | undefined> {
  if (raw === undefined || raw.trim() === '') return ok(undefined)
  const text = /^[a-z][a-z\d+.-]*:/i.test(raw.trim()) ? raw.trim() : `http://${raw.trim()}`
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return invalidParam('pay_params.success_url')
  }
  const shopHosts = [config.publicBaseUrl, ...config.corsOrigins].map((o) => new URL(o).host)
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !shopHosts.includes(url.host))
    return invalidParam('pay_params.success_url')
  return ok(url.toString())
}

/** A charge request as the provider takes it, for an order and a purpose instead of raw metadata. */
export interface ChargeFor extends Omit<ChargeRequest, 'metadata'> {
  purpose: PaymentPurpose
  orderId: string
}

/**
 * The one way money is asked for, whatever it pays: a charge from the provider, recorded so its
 * webhook event can be matched to the order and purpose. Call it outside any transaction (the
 * provider talks to the network, and the sandbox to this very app). A provider failure is the
 * customer's 102; nothing half-made is kept.
 */
export async function startCharge(deps: Deps, req: ChargeFor): Promise<Result<Charge>> {
  let charge: Charge
  try {
    const { purpose, orderId, ...request } = req
    charge = await deps.payments.createCharge({ ...request, metadata: { type: purpose, order_id: orderId } })
  } catch (err) {
    return paymentFailed(err)
  }
  await recordCharge(deps.db, charge, req.orderId, req.purpose)
  return ok(charge)
}
