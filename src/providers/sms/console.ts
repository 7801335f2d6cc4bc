import type { SendResult, SmsProvider } from './provider.ts'
import { renderText, type SmsMessage } from './templates.ts'

/** Development default: one line per message on standard output, with the mobile and the text a person would read. */
export class ConsoleSms implements SmsProvider {
  readonly name = 'console'
  constructor(private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}

  async send(message: SmsMessage): Promise<SendResult> {
    this.write(`[sms] to ${message.mobile}: 【首付买】${renderText(message)}`)
    return { ok: true, ref: '' }
  }
}
