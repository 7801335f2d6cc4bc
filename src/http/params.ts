import { Type, type TSchema } from '@sinclair/typebox'
import type { Flag } from '../db/types.ts'
import type { FastifySchemaValidationError } from 'fastify/types/schema.js'
import qs from 'qs'
import { Codes } from '../domain/codes.ts'
import { HttpError } from './envelope.ts'

const QS_OPTIONS: qs.IParseOptions = { depth: 5, arrayLimit: 100, parameterLimit: 1000, allowPrototypes: false }

/** jQuery-style nesting (`a[b]=c`, `a[]=x`, `a[0][k]=v`) for query strings and form bodies alike. */
export const parseNested = (text: string): Record<string, unknown> =>
  // Most GETs have no query: qs would still normalise its options for each.
  text === '' ? {} : qs.parse(text, QS_OPTIONS)

const fieldName = (instancePath: string) => instancePath.replace(/^\//, '').replace(/\//g, '.')

/** Turns the first schema failure into the envelope's 400: 100 names a missing parameter, 101 an invalid one. */
export function validationError(errors: FastifySchemaValidationError[]): HttpError {
  const first = errors[0]
  if (!first) return new HttpError(400, Codes.INVALID_PARAM.code, Codes.INVALID_PARAM.msg)
  const path = fieldName(first.instancePath)
  if (first.keyword === 'required') {
    const missing = String((first.params as { missingProperty?: string }).missingProperty ?? '')
    return new HttpError(400, Codes.MISSING_PARAM.code, `缺少参数${path ? `${path}.` : ''}${missing}`)
  }
  // An empty form field is a parameter left out, as the customer sees it.
  if (first.keyword === 'minLength' && (first.params as { limit?: number }).limit === 1) {
    return new HttpError(400, Codes.MISSING_PARAM.code, `缺少参数${path}`)
  }
  return new HttpError(400, Codes.INVALID_PARAM.code, `参数${path || '请求体'}无效`)
}

export const invalidParamError = (name: string) => new HttpError(400, Codes.INVALID_PARAM.code, `参数${name}无效`)

/**
 * A back-office filter the page may send blank (`"u_mobile": ""`, as the original API's examples do):
 * blank means no filter; anything else must fit `schema`.
 */
export const blankable = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Literal('')]))

/** A 0/1 parameter, typed as the Flag its column holds. */
export const flagParam = (description: string) =>
  Type.Unsafe<Flag>(Type.Integer({ minimum: 0, maximum: 1, description }))

/** The filter's value, or undefined when left out or blank. */
export const given = <T>(value: T | '' | undefined): T | undefined => (value === '' ? undefined : value)

/** A bound of an inclusive time range, Unix seconds. */
export const timeBound = (description: string) =>
  blankable(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description }))

/** Back-office pages: from 1, at most 100 rows. */
export const paging = {
  page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1, description: 'page number, from 1' }),
  count: Type.Integer({ minimum: 1, maximum: 100, default: 10, description: 'rows per page, at most 100' }),
}

/**
 * A name a customer gives (user name, real name, a receiver's name and address): no control
 * characters and no format characters (U+202E and the other bidirectional overrides, zero-width
 * marks, the BOM…), which change how an operator reads the text beside it.
 */
export const NAME_PATTERN = '^[^\\p{Cc}\\p{Cf}]+$'

/** A note a customer writes: as a name, but it may run over several lines. */
export const NOTE_PATTERN = '^(?:[^\\p{Cc}\\p{Cf}]|[\\t\\n\\r])*$'
