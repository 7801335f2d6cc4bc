import type { SendResult, SmsProvider } from './provider.ts'
import { renderText, type SmsMessage } from './templates.ts'

/** Where the console provider writes each message: a line a person reads, or a structured log line. */
export type SmsLine = (sms: { mobile: string; text: string }) => void

/** Development: one plain line on standard output, so a person can read the code there. */
export const plainSmsLine: SmsLine = ({ mobile, text }) => process.stdout.write(`[sms] to ${mobile}: ${text}\n`)

/**
 * The console provider: prints each message, with the mobile and the text a person would read, rather than sending it.
 */
export class ConsoleSms implements SmsProvider {
  readonly name = 'console'
  constructor(private readonly write: SmsLine = plainSmsLine) {}

  async send(message: SmsMessage): Promise<SendResult> {
    this.write({ mobile: message.mobile, text: `【首付买】${renderText(message)}` })
    return { ok: true, ref: '' }
  }
}
