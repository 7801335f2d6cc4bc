import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import type { Charge, Refund } from '../../providers/payment/index.ts'

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

/**
 * 'unmatched' when the event names nothing this shop can act on (unknown order…); it is recorded
 * and acknowledged all the same.
 */
export type HandlerResult = 'applied' | 'unmatched'

export type EventResult = HandlerResult | 'duplicate'
