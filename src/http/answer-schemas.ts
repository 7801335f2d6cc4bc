import { type TProperties, type TSchema, Type } from '@sinclair/typebox'

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
