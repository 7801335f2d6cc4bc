import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FairSlots, hashPassword, verifyPassword } from '../../../src/modules/user/password.ts'

/** Work that runs until the test lets it finish. */
function gate() {
  let open: () => void = () => {}
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { open, opened }
}

test('no more than its size run at once; each waiter runs once a slot frees', async () => {
  const slots = new FairSlots(2)
  const gates = Array.from({ length: 6 }, gate)
  let running = 0
  let peak = 0
  const runs = gates.map((g) =>
    slots.run('a', async () => {
      running++
      peak = Math.max(peak, running)
      await g.opened
      running--
    }),
  )
  await new Promise((r) => setImmediate(r))
  assert.equal(running, 2)
  for (const g of gates) g.open()
  await Promise.all(runs)
  assert.equal(peak, 2)
  assert.equal(slots.busy, 0)
})

test("clients take turns: one client's queue does not hold another's work behind it", async () => {
  const slots = new FairSlots(2)
  const started: string[] = []
  const gates = new Map<string, ReturnType<typeof gate>>()
  const job = (client: string, n: number) => {
    const g = gate()
    gates.set(`${client}${n}`, g)
    return slots.run(client, async () => {
      started.push(`${client}${n}`)
      await g.opened
    })
  }
  const flood = Array.from({ length: 20 }, (_, i) => job('flood', i))
  const other = job('other', 0)
  await new Promise((r) => setImmediate(r))
  assert.deepEqual(started, ['flood0', 'flood1'])
  // The flood's queue was first in line and has its turn; the next turn is the other client's.
  gates.get('flood0')!.open()
  gates.get('flood1')!.open()
  await new Promise((r) => setImmediate(r))
  assert.deepEqual(started, ['flood0', 'flood1', 'flood2', 'other0'])
  for (const g of gates.values()) g.open()
  for (let i = 0; i < 30 && started.length < 21; i++) {
    await new Promise((r) => setImmediate(r))
    for (const g of gates.values()) g.open()
  }
  await Promise.all([...flood, other])
  assert.equal(started.length, 21)
  assert.equal(slots.busy, 0)
})

test('a slot is given back when the work fails', async () => {
  const slots = new FairSlots(1)
  await assert.rejects(
    slots.run('a', async () => Promise.reject(new Error('boom'))),
    /boom/,
  )
  assert.equal(await slots.run('b', async () => 'ran'), 'ran')
  assert.equal(slots.busy, 0)
})

test('hashes verify, and a wrong password does not', async () => {
  const stored = await hashPassword('secret123', '10.0.0.1')
  assert.match(stored, /^scrypt\$16384\$8\$1\$/)
  assert.equal(await verifyPassword('secret123', stored, '10.0.0.1'), true)
  assert.equal(await verifyPassword('secret124', stored, '10.0.0.1'), false)
  assert.equal(await verifyPassword('secret123', 'md5$x', '10.0.0.1'), false)
})
