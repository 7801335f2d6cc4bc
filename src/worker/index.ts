import type { Deps } from '../deps.ts'
import { accrueLateFees, queueDueReminders } from '../modules/credit_card/index.ts'
import { autoConfirmDueOrders, expireDueOrders } from '../modules/order/index.ts'
import { countWorkerRun } from '../metrics/index.ts'
import { advanceRefunds, closeChargesAtProvider } from '../modules/payment/index.ts'
import { sendDueSms } from '../modules/sms/index.ts'
import { nowSeconds } from '../time.ts'
import { pruneStale } from './prune.ts'

/** Texts, payments and their events: the jobs talk to the SMS and payment providers. */
export type WorkerDeps = Pick<Deps, 'config' | 'db' | 'sms' | 'log' | 'payments' | 'paymentPurposes'>

/**
 * The background jobs. All their state is in the database and every step is a
 * conditional statement, so any number of workers may run, and a restart loses nothing.
 */
export class Worker {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null

  constructor(private readonly deps: WorkerDeps) {}

  async tick(): Promise<{
    redelivered: number
    expired: number
    confirmed: number
    fees: number
    reminded: number
    texts: number
    refunds: number
    closed: number
    pruned: number
  }> {
    const started = performance.now()
    try {
      // First: a payment the webhook has not taken yet lands before its order could expire.
      const redelivered = await this.deps.payments.retryDeliveries(nowSeconds())
      const expired = await expireDueOrders(this.deps.db, nowSeconds())
      const confirmed = await autoConfirmDueOrders(this.deps.db, nowSeconds(), this.deps.config.orderAutoConfirmDays)
      // Fees before reminders, so an overdue reminder states the fee of the day that just ended.
      const fees = await accrueLateFees(this.deps.db, this.deps.config.credit, nowSeconds())
      const reminded = await queueDueReminders(this.deps.db, this.deps.config.credit, nowSeconds())
      const refunds = await advanceRefunds(this.deps, nowSeconds())
      // After expiries and refunds: the charges they closed are closed at the provider in the same run.
      const closed = await closeChargesAtProvider(this.deps)
      // After the jobs that queue messages, so what they queued goes out in this run.
      const texts = await sendDueSms(this.deps, nowSeconds())
      const pruned = await pruneStale(this.deps.db, nowSeconds())
      const done = { redelivered, expired, confirmed, fees, reminded, texts, refunds, closed, pruned }
      if (Object.values(done).some((n) => n > 0)) this.deps.log.info(done, 'worker tick')
      countWorkerRun((performance.now() - started) / 1000, done)
      return done
    } catch (err) {
      countWorkerRun((performance.now() - started) / 1000, 'failed')
      throw err
    }
  }

  start(intervalMs: number): void {
    const loop = () => {
      this.running = this.tick()
        .then(
          () => undefined,
          (err) => this.deps.log.error({ err }, 'worker tick failed'),
        )
        .finally(() => {
          this.running = null
          if (this.timer) this.timer = setTimeout(loop, intervalMs)
        })
    }
    this.timer = setTimeout(loop, intervalMs)
  }

  /** Stops scheduling and waits for a tick in progress, so shutdown never cuts one in half. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.running
  }
}
