import { Type, type TSchema } from '@sinclair/typebox'

/**
 * A back-office filter the page may send blank (`"u_mobile": ""`, as the seed's examples do):
 * blank means no filter; anything else must fit `schema`.
 */
export const blankable = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Literal('')]))

/** The filter's value, or undefined when left out or blank. */
export const given = <T>(value: T | '' | undefined): T | undefined => (value === '' ? undefined : value)

/** A bound of an inclusive time range, Unix seconds. */
export const timeBound = (description: string) => blankable(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description }))

/** Back-office pages: from 1, at most 100 rows. */
export const paging = {
  page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1, description: 'page number, from 1' }),
  count: Type.Integer({ minimum: 1, maximum: 100, default: 10, description: 'rows per page, at most 100' }),
}
