import type { Transaction } from 'kysely'
import type { Db } from '../../db/dialect.ts'
import type { Database } from '../../db/types.ts'
import { countPaymentEvent } from '../../metrics/index.ts'
import { nowSeconds } from '../../time.ts'
import { applyChargeSucceeded, applyRefundSucceeded } from './apply.ts'
import { insertEventOnce, markEventApplied } from './event-repo.ts'
import type { ChargeSucceededEvent, EventResult, HandlerResult, PingppEvent, RefundSucceededEvent } from './events.ts'
import type { PaymentPurposes } from '../../providers/payment/index.ts'

/** Each verified event type sfm acts on; any other is recorded as unmatched. */
function applyEvent(
  trx: Transaction<Database>,
  purposes: PaymentPurposes,
  purpose: string,
  event: PingppEvent,
): Promise<HandlerResult> {
  switch (event.type) {
    case 'charge.succeeded':
      return applyChargeSucceeded(trx, purposes, purpose, event as unknown as ChargeSucceededEvent)
    case 'refund.succeeded':
      return applyRefundSucceeded(trx, purposes, event as unknown as RefundSucceededEvent)
    default:
      return Promise.resolve('unmatched')
  }
}

const purposeOf = (event: PingppEvent): string => {
  const type = event.data.object.metadata?.type
  return typeof type === 'string' ? type : ''
}

/**
 * Records a verified event and applies it, exactly once: the insert comes first and takes the unique event id,
 * so a concurrent delivery of the same event waits for this transaction and then finds it done.
 */
export async function recordPaymentEvent(
  db: Db,
  purposes: PaymentPurposes,
  event: PingppEvent,
  body: string,
): Promise<EventResult> {
  try {
    const result = await recordOnce(db, purposes, event, body)
    countPaymentEvent(event.type, result)
    return result
  } catch (err) {
    countPaymentEvent(event.type, 'failed')
    throw err
  }
}

function recordOnce(db: Db, purposes: PaymentPurposes, event: PingppEvent, body: string): Promise<EventResult> {
  const purpose = purposeOf(event)
  const object = event.data.object
  return db.transaction().execute(async (trx) => {
    const recorded = await insertEventOnce(trx, {
      event_id: event.id,
      type: event.type,
      object_id: object.id ?? '',
      order_no: (object.charge_order_no ?? object.order_no ?? '').slice(0, 64),
      purpose: purpose.slice(0, 32),
      result: 'unmatched',
      created: event.created,
      received_at: nowSeconds(),
      body,
    })
    if (!recorded) return 'duplicate'

    const result = await applyEvent(trx, purposes, purpose, event)
    if (result === 'applied') await markEventApplied(trx, event.id)
    return result
  })
}
