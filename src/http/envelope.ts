import { STATUS_CODES } from 'node:http'
import { Codes } from '../domain/codes.ts'
import type { Result } from '../domain/result.ts'
import { HttpMessages } from './codes.ts'

export interface Envelope<T = unknown> {
  status_code: number
  code: number
  msg: string
  data: T | Record<string, never>
}

/** The message for an HTTP status: ours in Chinese, else the standard reason phrase, never a bare 'error'. */
export const httpMessage = (status: number): string => HttpMessages[status] ?? STATUS_CODES[status] ?? `HTTP ${status}`

export function httpEnvelope(status: number, code: number = status, msg = httpMessage(status)): Envelope<never> {
  return { status_code: status, code, msg, data: {} }
}

/**
 * The HTTP status a business code travels with: a missing or invalid parameter is a bad request,
 * codes of 400 and up are the status of the same number (429, 422, 401), and every other outcome,
 * success or refusal, is 200, as the original server answered.
 */
export function statusOf(code: number): number {
  if (code === Codes.MISSING_PARAM.code || code === Codes.INVALID_PARAM.code) return 400
  return code >= 400 && code < 600 ? code : 200
}

/** A module's result as the envelope and the status it is sent with: the one place results meet HTTP. */
export function resultEnvelope<T>(result: Result<T>): Envelope<T> {
  if (result.ok) return { status_code: 200, code: Codes.OK.code, msg: Codes.OK.msg, data: result.value }
  return httpEnvelope(statusOf(result.code), result.code, result.msg)
}

/** A request that must end with an HTTP error status (401, 403, 429…), raised from hooks and guards. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: number = statusCode,
    msg: string = httpMessage(statusCode),
    readonly headers: Record<string, string> = {},
  ) {
    super(msg)
  }
}
