// One load run of `npm run bench`, in a process of its own so the load generator never shares
// an event loop with the server or the orchestrator. Reads a JSON spec from the file named by
// argv[2] and prints one JSON line with the result.
//
// Spec: { base, connections, seconds, clients: [{ headers, requests: [{ method, path, body? }] }], pay? }
// Connection i plays clients[i % clients.length] and cycles through its requests. With `pay`,
// each client's `orders` are paid one after another: POST /api/order/pay, then
// /api/sandbox/complete with the charge that answered.
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const codes = {}

/** Counts business codes: a 200 with a code other than 0 is a refusal, not work done. */
function count(status, body) {
  const m = /"code":(-?\d+)/.exec(body)
  const key = m ? `${status}/${m[1]}` : `${status}/?`
  codes[key] = (codes[key] ?? 0) + 1
  return m ? Number(m[1]) : undefined
}

const payRequests = (client) => {
  const orders = [...client.orders]
  let last
  return [
    {
      method: 'POST',
      path: '/api/order/pay',
      headers: client.headers,
      setupRequest: (req) => {
        // A client that ran out pays its last order again: the answer is a refusal (134), counted as such.
        last = orders.shift() ?? last
        return { ...req, body: JSON.stringify({ pay_params: { order_id: last, channel: 'alipay_pc_direct' } }) }
      },
      onResponse: (status, body, context) => {
        if (count(status, body) === 0) context.charge = JSON.parse(body).data.id
      },
    },
    {
      method: 'POST',
      path: '/api/sandbox/complete',
      headers: client.headers,
      // No charge to complete: start again with the next order.
      setupRequest: (req, context) =>
        context.charge ? { ...req, body: JSON.stringify({ charge_id: context.charge, outcome: 'succeeded' }) } : null,
      onResponse: (status, body) => void count(status, body),
    },
  ]
}

const plainRequests = (client) =>
  client.requests.map((r) => ({
    method: r.method,
    path: r.path,
    headers: client.headers,
    body: r.body,
    onResponse: (status, body) => void count(status, body),
  }))

let next = 0
const result = await autocannon({
  url: spec.base,
  connections: spec.connections,
  duration: spec.seconds,
  // Every connection starts with the first client's requests; setupClient gives it its own.
  requests: spec.pay ? payRequests(spec.clients[0]) : plainRequests(spec.clients[0]),
  setupClient: (client) => {
    const c = spec.clients[next++ % spec.clients.length]
    client.setRequests(spec.pay ? payRequests(c) : plainRequests(c))
  },
})

process.stdout.write(
  `${JSON.stringify({
    rps: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    duration: result.duration,
    codes,
  })}\n`,
)
