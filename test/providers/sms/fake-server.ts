import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * What a fake provider does with the next message: send it (`ok`), refuse it as the provider
 * would (`rate_limited`, `bad_mobile`, `refused`: an unapproved template), answer HTTP 500
 * (`fail`), or never answer: `timeout` loses the request before the provider takes it,
 * `accept_then_hang` takes the message (it is sent) and never answers.
 */
export type FakeOutcome = 'ok' | 'rate_limited' | 'bad_mobile' | 'refused' | 'fail' | 'timeout' | 'accept_then_hang'

/** A message the fake provider took: as good as on the customer's phone. */
export interface FakeMessage {
  mobile: string
  templateCode: string
  /** the variables as they came: Aliyun's by name, Tencent's in order */
  params: Record<string, string> | string[]
  /** the approved text with the variables filled in: what the person reads */
  text: string
  outId: string
  /** the provider's id of it (BizId, SerialNo) */
  ref: string
  /** Unix seconds */
  time: number
}

export interface Answer {
  status: number
  body: unknown
}

/** The part every fake shares: the HTTP server, what it was told to do next, and what it took. */
export class FakeProvider {
  url = ''
  /** every message the fake took (sent), in order */
  readonly sent: FakeMessage[] = []
  /** requests refused for their signature or credentials, with the provider's code */
  readonly authFailures: string[] = []
  requests = 0
  /** what every message gets unless a mobile has a plan of its own */
  mode: FakeOutcome = 'ok'
  private readonly plans = new Map<string, FakeOutcome[]>()
  private readonly server = createServer((req, res) => this.receive(req, res))
  private seq = 0

  constructor(private readonly handle: (req: IncomingMessage, body: Buffer) => Promise<Answer | 'hang'>) {}

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  /** The next messages to `mobile` get these outcomes, one each, then `mode` again. */
  plan(mobile: string, ...outcomes: FakeOutcome[]): void {
    this.plans.set(mobile, [...(this.plans.get(mobile) ?? []), ...outcomes])
  }

  /** What the next message to `mobile` gets. */
  outcomeFor(mobile: string): FakeOutcome {
    return this.plans.get(mobile)?.shift() ?? this.mode
  }

  nextRef(): string {
    return `${Date.now()}^${++this.seq}`
  }

  /** Messages taken for this mobile. */
  sentTo(mobile: string): FakeMessage[] {
    return this.sent.filter((m) => m.mobile === mobile)
  }

  /** The code in the last text this mobile received, as its owner would read it. */
  lastCode(mobile: string): string {
    const code = this.sentTo(mobile)
      .at(-1)
      ?.text.match(/验证码\D*(\d{6})/)?.[1]
    if (!code) throw new Error(`no code was sent to ${mobile}`)
    return code
  }

  private receive(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      this.requests++
      const answer = await this.handle(req, Buffer.concat(chunks))
      if (answer === 'hang') return
      res.writeHead(answer.status, { 'content-type': 'application/json;charset=utf-8' })
      res.end(JSON.stringify(answer.body))
    })
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
