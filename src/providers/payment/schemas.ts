import { Type } from '@sinclair/typebox'
import { exact } from '../../http/answer-schemas.ts'

const chargeId = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9_]+$',
  description: 'the charge id (ch_…)',
})

export const SandboxComplete = Type.Object({
  charge_id: chargeId,
  outcome: Type.Union([Type.Literal('succeeded'), Type.Literal('failed')], {
    description: 'what the customer pressed: 支付 or 失败',
  }),
})

export const SandboxPayQuery = Type.Object({ charge_id: chargeId })

// Answers (the envelope's `data` on success).

const Failed = exact(
  { charge_id: Type.String(), order_no: Type.String({ description: 'the order id' }), paid: Type.Literal(false) },
  'the customer pressed 失败: nothing delivered, the charge can still be paid',
)

const Paid = exact(
  {
    charge_id: Type.String(),
    order_no: Type.String({ description: 'the order id' }),
    paid: Type.Literal(true),
    event_id: Type.String({ description: 'the charge.succeeded event delivered to the webhook' }),
    delivery: Type.Union([Type.Literal('applied'), Type.Literal('unmatched'), Type.Literal('duplicate')], {
      description: 'what the webhook did with it: duplicate when this payment had been delivered before',
    }),
    success_url: Type.String({ description: 'where the pay page sends the browser next; "" when none was given' }),
  },
  'paid, and the webhook took the event before this answered',
)

export const SandboxCompleteAnswer = Type.Union([Paid, Failed])
