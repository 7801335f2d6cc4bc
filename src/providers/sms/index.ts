export interface SmsMessage {
  mobile: string
  text: string
}

/** Where text messages go. `send` rejects when the message could not be handed over. */
export interface SmsProvider {
  readonly name: string
  send(message: SmsMessage): Promise<void>
}

/** Development default: one line per message on standard output, so a person can read the code. */
export class ConsoleSms implements SmsProvider {
  readonly name = 'console'
  constructor(private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}

  async send({ mobile, text }: SmsMessage): Promise<void> {
    this.write(`[sms] to ${mobile}: ${text}`)
  }
}

export function createSmsProvider(name: string): SmsProvider {
  if (name === 'console') return new ConsoleSms()
  throw new Error(`unknown SMS_PROVIDER ${JSON.stringify(name)} (known: console)`)
}
