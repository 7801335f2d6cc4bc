import { STATUS_CODES } from 'node:http'
import type { BizCode } from './codes.ts'
import { Codes, HttpMessages } from './codes.ts'

export interface Envelope {
  status_code: number
  code: number
  msg: string
  data: unknown
}

/** What a route handler returns: success with data, or a business outcome. Never thrown. */
export class Outcome {
  private constructor(
    readonly code: number,
    readonly msg: string,
    readonly data: unknown,
  ) {}

  static ok(data: unknown = {}): Outcome {
    return new Outcome(0, Codes.OK.msg, data)
  }

  static fail(biz: BizCode, msg: string = biz.msg): Outcome {
    return new Outcome(biz.code, msg, {})
  }

  get isOk(): boolean {
    return this.code === 0
  }

  /** The original server answered 200 for every handled request, success or business error. */
  toEnvelope(): Envelope {
    return { status_code: 200, code: this.code, msg: this.msg, data: this.data }
  }
}

/** The message for an HTTP status: ours in Chinese, else the standard reason phrase, never a bare 'error'. */
export const httpMessage = (status: number): string => HttpMessages[status] ?? STATUS_CODES[status] ?? `HTTP ${status}`

export function httpEnvelope(status: number, code: number = status, msg = httpMessage(status)): Envelope {
  return { status_code: status, code, msg, data: {} }
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

export const ok = Outcome.ok
export const fail = Outcome.fail
