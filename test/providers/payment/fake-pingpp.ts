import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { nowSeconds } from '../../../src/time.ts'

/** A stand-in for api.pingxx.com: charges echoed back, refunds answered as the test says. */
export class FakePingpp {
  private server!: Server
  base = ''
  refundAnswer: (res: ServerResponse, body: any, chargeId: string) => void = () => {}
  readonly refundAsks: string[] = []
  /** the body of each refund asked for, in order */
  readonly refundBodies: any[] = []
  private charges = 0

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
        const refund = req.url?.match(/^\/v1\/charges\/([^/]+)\/refunds$/)
        if (refund) {
          this.refundAsks.push(refund[1]!)
          this.refundBodies.push(body)
          return this.refundAnswer(res, body, refund[1]!)
        }
        send(res, 200, {
          id: `ch_fake${++this.charges}`,
          object: 'charge',
          created: nowSeconds(),
          livemode: false,
          paid: false,
          app: body.app.id,
          channel: body.channel,
          order_no: body.order_no,
          amount: body.amount,
          currency: body.currency,
          time_expire: body.time_expire,
          time_paid: null,
          transaction_no: null,
          metadata: body.metadata,
          extra: body.extra,
          credential: { object: 'credential', [body.channel]: { fake: true } },
        })
      })
    })
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r))
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((r) => this.server.close(() => r()))
  }
}

export function send(res: ServerResponse, status: number, json: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(json))
}
