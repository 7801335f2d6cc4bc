import { type TProperties, type TSchema, Type } from '@sinclair/typebox'
import { ErrorEnvelope } from './route.ts'

// Building blocks of the response schemas (the `data` of answers), shared by the modules' schemas.ts.

/** An object of exactly these fields: a field added to an answer is a decision, which the tests catch. */
export const exact = <P extends TProperties>(properties: P, description?: string) =>
  Type.Object(properties, { additionalProperties: false, ...(description ? { description } : {}) })

/** A 0/1 column as the original answers it: a number, never a boolean. */
export const flag = (description: string) => Type.Union([Type.Literal(0), Type.Literal(1)], { description })

/** Integer fen. */
export const fen = (description = 'fen') => Type.Integer({ description })

/** Integer Unix seconds. */
export const unixTime = (description = 'Unix seconds') => Type.Integer({ description })

/** A value, or null where there is none yet. */
export const orNull = <T extends TSchema>(schema: T, description?: string) =>
  Type.Union([schema, Type.Null()], description ? { description } : {})

/** A list's `pagination`: the total of matching rows, the page (from 1) and the page size asked for. */
export const Pagination = exact({
  total: Type.Integer({ minimum: 0, description: 'rows matching the filters, on every page' }),
  page: Type.Integer({ minimum: 1 }),
  count: Type.Integer({ minimum: 1, description: 'the page size asked for' }),
})

/**
 * The responses of a route that answers a page, a script, a style sheet or plain text rather than
 * the envelope: that text on success, the error envelope (JSON) for a bad request or a failure.
 */
/** A download that may also be refused with a business code (HTTP 200, the envelope as JSON). */
export const downloadResponses = (contentType: string, what: string) => ({
  200: Type.Union([Type.String({ description: `${what}, as ${contentType}` }), ErrorEnvelope], {
    description: `${what}, as ${contentType}; or a refusal (the envelope, as JSON)`,
  }),
  '4xx': ErrorEnvelope,
  '5xx': ErrorEnvelope,
})

export const textResponses = (contentType: string, what: string) => ({
  200: Type.String({ description: `${what}, as ${contentType}` }),
  '4xx': ErrorEnvelope,
  '5xx': ErrorEnvelope,
})

/** An order's state, as `orders.state` holds it (OrderStateCode). */
export const OrderState = Type.Union(
  [
    Type.Literal(0),
    Type.Literal(99),
    Type.Literal(1),
    Type.Literal(2),
    Type.Literal(3),
    Type.Literal(4),
    Type.Literal(5),
    Type.Literal(6),
  ],
  { description: '0 unpaid, 99 payment started, 1 paid, 2 shipped, 3 complete, 4 cancelled, 5 expired, 6 refunded' },
)
