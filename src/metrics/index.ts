import { Counter, Gauge, Histogram, Registry } from 'prom-client'

/**
 * What the shop did, for /metrics: counted by the code that does it, in whichever module,
 * once it is committed. One registry per process; the HTTP plugin serves it beside its own.
 */
export const shopMetrics = new Registry()

const orderTransitions = new Counter({
  name: 'sfm_order_transitions_total',
  help: 'Orders that moved, by move and the state they moved to (move "commit": a new order, state 0)',
  labelNames: ['move', 'to'] as const,
  registers: [shopMetrics],
})

const paymentEvents = new Counter({
  name: 'sfm_payment_events_total',
  help: 'Verified payment webhook events, by type and outcome (applied, unmatched, duplicate, failed)',
  labelNames: ['type', 'outcome'] as const,
  registers: [shopMetrics],
})

const workerRuns = new Counter({
  name: 'sfm_worker_runs_total',
  help: 'Background worker runs, by outcome (ok, failed)',
  labelNames: ['outcome'] as const,
  registers: [shopMetrics],
})

const workerRunSeconds = new Histogram({
  name: 'sfm_worker_run_duration_seconds',
  help: 'Time one background worker run took',
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [shopMetrics],
})

const workerJobs = new Counter({
  name: 'sfm_worker_jobs_total',
  help:
    'What worker runs did: orders expired, overdue reminders queued, text messages attempted, refunds followed up, ' +
    'stale rows pruned',
  labelNames: ['job'] as const,
  registers: [shopMetrics],
})

/** Event types are the provider's text: anything sfm does not act on is one label, so it cannot grow the set. */
const KNOWN_EVENT_TYPES = new Set(['charge.succeeded', 'refund.succeeded'])

export function countOrderTransition(move: string, to: number): void {
  orderTransitions.inc({ move, to: String(to) })
}

export function countPaymentEvent(type: string, outcome: 'applied' | 'unmatched' | 'duplicate' | 'failed'): void {
  paymentEvents.inc({ type: KNOWN_EVENT_TYPES.has(type) ? type : 'other', outcome })
}

export function countWorkerRun(seconds: number, done: Record<string, number> | 'failed'): void {
  workerRunSeconds.observe(seconds)
  workerRuns.inc({ outcome: done === 'failed' ? 'failed' : 'ok' })
  if (done !== 'failed') for (const [job, n] of Object.entries(done)) if (n > 0) workerJobs.inc({ job }, n)
}

const smsMessages = new Counter({
  name: 'sfm_sms_total',
  help: 'Text messages attempted, by template and outcome (sent, failed: given up or refused, retry: to try again)',
  labelNames: ['template', 'outcome'] as const,
  registers: [shopMetrics],
})

export function countSms(template: string, outcome: 'sent' | 'failed' | 'retry'): void {
  smsMessages.inc({ template, outcome })
}

const exportsRunning = new Gauge({
  name: 'sfm_exports_running',
  help: 'CSV exports being streamed now, by what they export; one whose client went away stops at once',
  labelNames: ['what'] as const,
  registers: [shopMetrics],
})

/** Counts an export as running; call what it answers when it ends, however it ends. */
export function exportStarted(what: 'orders' | 'credit_cards'): () => void {
  exportsRunning.inc({ what })
  return () => exportsRunning.dec({ what })
}

/** Exports being streamed now (tests: one whose client left must stop). */
export async function exportsRunningNow(): Promise<number> {
  return (await exportsRunning.get()).values.reduce((n, v) => n + v.value, 0)
}
