import { type BizCode, Codes } from './codes.ts'

/** A module's answer: the value it made, or a refusal with its business code. Never thrown. */
export type Result<T> = Ok<T> | Refusal

export interface Ok<T> {
  readonly ok: true
  /** success's code in the table, so any result's code can be read as the envelope's */
  readonly code: 0
  readonly value: T
}

export interface Refusal {
  readonly ok: false
  readonly code: number
  readonly msg: string
}

/** Success with nothing to say: the envelope's `data` is `{}`. */
export type Done = Record<string, never>

export function ok(): Ok<Done>
export function ok<T>(value: T): Ok<T>
export function ok<T>(value?: T): Ok<T | Done> {
  return { ok: true, code: 0, value: value === undefined ? {} : value }
}

export const fail = (biz: BizCode, msg: string = biz.msg): Refusal => ({ ok: false, code: biz.code, msg })

/** A parameter the schema let through but the rules refuse (a mobile the shop does not take, say). */
export const invalidParam = (name: string): Refusal => fail(Codes.INVALID_PARAM, `参数${name}无效`)

export const missingParam = (name: string): Refusal => fail(Codes.MISSING_PARAM, `缺少参数${name}`)
