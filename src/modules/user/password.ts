import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const PARAMS = { N: 16384, r: 8, p: 1 }
const KEY_BYTES = 32

/**
 * How many password hashes run at once. Each takes tens of milliseconds of CPU and 16 MiB on
 * libuv's small thread pool; unbounded, a flood of them from one client held every other
 * customer's sign-in behind it for seconds.
 */
export const HASH_CONCURRENCY = 2

/**
 * Slots for hashes, shared fairly between clients: waiters queue per client and the slots go to
 * the clients in turn, so one client's hundred requests delay another's by at most one round.
 */
export class FairSlots {
  private running = 0
  /** Insertion order is the turn order: a client served goes to the back. */
  private readonly waiting = new Map<string, (() => void)[]>()

  constructor(readonly size: number) {}

  get busy(): number {
    return this.running
  }

  async run<T>(client: string, work: () => Promise<T>): Promise<T> {
    if (this.running < this.size) this.running++
    else await new Promise<void>((resolve) => this.enqueue(client, resolve))
    try {
      return await work()
    } finally {
      this.handOver()
    }
  }

  private enqueue(client: string, resolve: () => void): void {
    const queue = this.waiting.get(client)
    if (queue) queue.push(resolve)
    else this.waiting.set(client, [resolve])
  }

  /** The freed slot goes straight to the next client's oldest waiter, so `running` stays counted. */
  private handOver(): void {
    for (const [client, queue] of this.waiting) {
      this.waiting.delete(client)
      const resolve = queue.shift()
      if (queue.length) this.waiting.set(client, queue)
      if (resolve) {
        resolve()
        return
      }
    }
    this.running--
  }
}

export const hashSlots = new FairSlots(HASH_CONCURRENCY)

function derive(pwd: string, salt: Buffer, opts: ScryptOptions, client: string): Promise<Buffer> {
  return hashSlots.run(
    client,
    () =>
      new Promise((resolve, reject) =>
        scrypt(pwd.normalize('NFKC'), salt, KEY_BYTES, { ...opts, maxmem: 64 * 1024 * 1024 }, (err, key) =>
          err ? reject(err) : resolve(key),
        ),
      ),
  )
}

/**
 * `scrypt$N$r$p$salt$hash`, so the cost can be raised later without breaking stored hashes.
 * `client` (the client's address) is whose turn the hash waits for.
 */
export async function hashPassword(pwd: string, client: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(pwd, salt, PARAMS, client)
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$')
}

export async function verifyPassword(pwd: string, stored: string, client: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$')
  if (alg !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const key = await derive(pwd, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) }, client)
  return key.length === expected.length && timingSafeEqual(key, expected)
}
