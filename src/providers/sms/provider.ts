import type { SmsMessage } from './templates.ts'

/**
 * How a send ended. `bad_mobile` and `rejected` are permanent: asking again would be refused
 * again (a number that is not one, an unknown template or signature). `rate_limited` is the
 * provider's own flow control on the number. `unavailable` is temporary (a timeout, a 5xx, the
 * network, the account): `maybeSent` when the request may have reached the provider anyway.
 */
export type SendResult =
  | { ok: true; ref: string }
  | { ok: false; kind: 'bad_mobile' | 'rejected' | 'rate_limited'; reason: string }
  | { ok: false; kind: 'unavailable'; reason: string; maybeSent: boolean }

/** Whether the provider has a message of ours, asked after an attempt that may or may not have reached it. */
export type LookUpResult = { found: true; ref: string } | { found: false } | { unknown: string }

export interface SendOptions {
  /** our id of the message, carried to the provider (Aliyun OutId, Tencent SessionContext) */
  outId?: string
}

/** Where text messages go. Never throws for the provider's answers: every outcome is a SendResult. */
export interface SmsProvider {
  readonly name: string
  send(message: SmsMessage, opts?: SendOptions): Promise<SendResult>
  /**
   * Looks for the message sent with `outId` since `since` (Unix seconds), where the provider
   * keeps submissions searchable (Aliyun's QuerySendDetails). Absent when it cannot.
   */
  lookUp?(message: SmsMessage, outId: string, since: number): Promise<LookUpResult>
}

/** A provider call answers within this, or counts as failed. */
export const SMS_TIMEOUT_MS = 5000
