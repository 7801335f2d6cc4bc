import { Worker } from 'node:worker_threads'
import type SQLite from 'better-sqlite3'

/**
 * SQLite copies its write-ahead log back into the database file (a checkpoint) inside the commit
 * that grows the log past `wal_autocheckpoint` pages: on the event loop, with an fsync of each
 * file. Under a stream of orders that was one commit in seventy taking 4 ms, two thirds of what a
 * commit cost on average. While commits come fast, a thread with a connection of its own
 * checkpoints instead, on the other core, without blocking the app's reads or writes (a PASSIVE
 * checkpoint copies only what no reader still needs). The app's own commits keep a far larger
 * threshold meanwhile, so the log stays bounded if the thread falls behind. The thread (about
 * 10 MB) starts only at a rate of commits where it pays and stops after a quiet spell.
 */
export interface CheckpointerOptions {
  /** Commits within one second that start the thread. */
  startAtCommitsPerSecond: number
  /** The thread stops after this long with nothing to copy; one that failed is tried again after as long. */
  idleMs: number
  /** How often the running thread looks for pages to copy when the last pass left none. */
  pollMs: number
}

const CHECKPOINTER_DEFAULTS: CheckpointerOptions = { startAtCommitsPerSecond: 100, idleMs: 60_000, pollMs: 20 }

/** SQLite's default, kept while the app checkpoints its own log. */
const OWN_AUTOCHECKPOINT_PAGES = 1000
/** While the thread checkpoints: a bound on the log if the thread falls behind (about 40 MB). */
const BACKSTOP_AUTOCHECKPOINT_PAGES = 10_000

// The thread's code, as CommonJS (the bundled server has no file of its own for it); it requires
// the driver by the path the app resolved, so it finds the same better-sqlite3 from any directory.
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file, { fileMustExist: true })
db.pragma('synchronous = NORMAL')
let quietSince = Date.now()
let last = ''
let timer
function pass() {
  // log: pages in the log; checkpointed: how many of them are in the database file (not this pass's count).
  const [{ log, checkpointed }] = db.pragma('wal_checkpoint(PASSIVE)')
  const now = Date.now()
  if (log + '/' + checkpointed !== last) quietSince = now
  last = log + '/' + checkpointed
  if (now - quietSince >= workerData.idleMs) return stop()
  timer = setTimeout(pass, log > checkpointed ? 1 : workerData.pollMs)
}
function stop() {
  clearTimeout(timer)
  db.close()
  parentPort.close()
}
parentPort.on('message', stop)
pass()
`

export class Checkpointer {
  private thread: Worker | undefined
  private windowStart = 0
  private commitsInWindow = 0
  private failedAt = Number.NEGATIVE_INFINITY
  /** Resolves when the thread last started has exited (at once when none runs). */
  private exited: Promise<void> = Promise.resolve()

  constructor(
    private readonly sqlite: SQLite.Database,
    private readonly file: string,
    private readonly driverPath: string,
    private readonly options: CheckpointerOptions = CHECKPOINTER_DEFAULTS,
  ) {}

  get running(): boolean {
    return this.thread !== undefined
  }

  /** Told of each committed transaction; starts the thread once commits come fast enough. */
  committed(): void {
    const now = Date.now()
    if (this.thread || now - this.failedAt < this.options.idleMs) return
    if (now - this.windowStart >= 1000) {
      this.windowStart = now
      this.commitsInWindow = 0
    }
    if (++this.commitsInWindow < this.options.startAtCommitsPerSecond) return
    // Told after a COMMIT: whatever happens here must not turn a committed transaction into an error.
    try {
      this.start()
    } catch {
      this.failedAt = now
    }
  }

  private start(): void {
    const { idleMs, pollMs } = this.options
    const thread = new Worker(THREAD, {
      eval: true,
      workerData: { file: this.file, driver: this.driverPath, idleMs, pollMs },
      // It holds one connection and a few objects; a small heap keeps its share of RSS small.
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
    })
    thread.unref()
    this.thread = thread
    this.sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`)
    this.exited = new Promise((resolve) => {
      const gone = () => {
        if (this.thread === thread) {
          this.thread = undefined
          this.commitsInWindow = 0
          if (this.sqlite.open) this.sqlite.pragma(`wal_autocheckpoint = ${OWN_AUTOCHECKPOINT_PAGES}`)
        }
        resolve()
      }
      thread.once('exit', gone)
      // A thread that fails (the file gone, a full disk) leaves checkpoints to the app's commits, as before it started.
      thread.once('error', () => {
        this.failedAt = Date.now()
      })
    })
  }

  /** Stops the thread, if one runs, and waits until it has closed its connection. */
  async stop(): Promise<void> {
    // Held while it closes: an unreferenced thread's exit would not keep a shutting-down process waiting for it.
    this.thread?.ref()
    this.thread?.postMessage('stop')
    await this.exited
  }
}
