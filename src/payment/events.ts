import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import type { Transaction } from 'kysely'
import type { Db } from '../db/dialect.ts'
import type { Database } from '../db/types.ts'
import { nowSeconds } from '../time.ts'
import type { Charge, PaymentPurpose, Refund } from './provider.ts'

/** The part of a Ping++ event sfm relies on; other fields are kept as they came. */
export const PingppEventShape = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  type: Type.String({ minLength: 1, maxLength: 64 }),
  created: Type.Integer(),
  data: Type.Object({
    object: Type.Object({
      // Optional: other event types (daily summaries…) carry objects without one; they are recorded unmatched.
      id: Type.Optional(Type.String({ maxLength: 64 })),
      order_no: Type.Optional(Type.String({ maxLength: 64 })),
      charge_order_no: Type.Optional(Type.String({ maxLength: 64 })),
      metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
  }),
})

export type PingppEvent = Static<typeof PingppEventShape> & Record<string, unknown>

export const isPingppEvent = (value: unknown): value is PingppEvent => Value.Check(PingppEventShape, value)

export interface PaymentEvent<O> {
  id: string
  type: string
  created: number
  livemode?: boolean
  data: { object: O }
}

/** A paid charge: `time_paid` and `transaction_no` (the channel's own number) are set. */
export type ChargeSucceededEvent = PaymentEvent<Charge & { paid: true; time_paid: number; transaction_no: string }>
export type RefundSucceededEvent = PaymentEvent<Refund>

interface EventsByType {
  'charge.succeeded': ChargeSucceededEvent
  'refund.succeeded': RefundSucceededEvent
}
export type HandledEventType = keyof EventsByType

/** 'unmatched' when the event names nothing this shop can act on (unknown order…); it is recorded and acknowledged all the same. */
export type HandlerResult = 'applied' | 'unmatched'

/**
 * Applies one verified event. It runs inside the transaction that records the event, so its changes and the
 * record commit together; it must use `trx` only. Throwing rolls both back and answers 500, so Ping++ retries.
 */
export type PaymentEventHandler<E> = (trx: Transaction<Database>, event: E) => Promise<HandlerResult>

/** Who acts on which event: other modules register here, e.g. `on('charge.succeeded', 'order_pay', applyOrderPayment)`. */
export class PaymentEventRegistry {
  private readonly handlers = new Map<string, PaymentEventHandler<never>>()

  on<T extends HandledEventType>(type: T, purpose: PaymentPurpose, handler: PaymentEventHandler<EventsByType[T]>): void {
    const key = `${type}/${purpose}`
    if (this.handlers.has(key)) throw new Error(`a payment event handler for ${key} is already registered`)
    this.handlers.set(key, handler as PaymentEventHandler<never>)
  }

  handlerFor(type: string, purpose: string): PaymentEventHandler<PingppEvent> | undefined {
    return this.handlers.get(`${type}/${purpose}`) as PaymentEventHandler<PingppEvent> | undefined
  }
}

export type EventResult = HandlerResult | 'duplicate'

const purposeOf = (event: PingppEvent): string => {
  const type = event.data.object.metadata?.type
  return typeof type === 'string' ? type : ''
}

/**
 * Records a verified event and applies it, exactly once: the insert comes first and takes the unique event id,
 * so a concurrent delivery of the same event waits for this transaction and then finds it done.
 */
export async function recordPaymentEvent(db: Db, registry: PaymentEventRegistry, event: PingppEvent, body: string): Promise<EventResult> {
  const purpose = purposeOf(event)
  const object = event.data.object
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('payment_events')
      .values({
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
      .onConflict((oc) => oc.column('event_id').doNothing())
      .executeTakeFirst()
    if (Number(inserted.numInsertedOrUpdatedRows) === 0) return 'duplicate'

    const handler = registry.handlerFor(event.type, purpose)
    const result = handler ? await handler(trx, event) : 'unmatched'
    if (result === 'applied') {
      await trx.updateTable('payment_events').set({ result }).where('event_id', '=', event.id).execute()
    }
    return result
  })
}
