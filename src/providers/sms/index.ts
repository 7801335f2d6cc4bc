export interface SmsMessage {
  mobile: string
  text: string
}

/** Where text messages go. `send` rejects when the message could not be handed over. */
export interface SmsProvider {
  readonly name: string
  send(message: SmsMessage): Promise<void>
}

/** Where the console provider writes: one line of text for a person, or a structured log line. */
export type SmsLine = (message: SmsMessage) => void

/** Development: one plain line on standard output, so a person can read the code there. */
export const plainSmsLine: SmsLine = ({ mobile, text }) => process.stdout.write(`[sms] to ${mobile}: ${text}\n`)

/** The console provider: prints each message rather than sending it. */
export class ConsoleSms implements SmsProvider {
  readonly name = 'console'
  constructor(private readonly write: SmsLine = plainSmsLine) {}

  async send(message: SmsMessage): Promise<void> {
    this.write(message)
  }
}

/**
 * In production the logs are JSON lines read by machines, so a console message is one of them
 * (`{"msg":"sms","sms":{mobile,text}}`) rather than plain text among them.
 */
export function createSmsProvider(
  name: string,
  log: { info(obj: object, msg: string): void },
  structured: boolean,
): SmsProvider {
  if (name === 'console') return new ConsoleSms(structured ? (sms) => log.info({ sms }, 'sms') : plainSmsLine)
  throw new Error(`unknown SMS_PROVIDER ${JSON.stringify(name)} (known: console)`)
}
