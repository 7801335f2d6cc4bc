import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ADMIN_GUESSES } from '../../../src/modules/admin/accounts.ts'
import { MemoryRateLimitStore } from '../../../src/ratelimit/index.ts'
import { makeAdmin, type TestAdmin } from '../../admin.ts'
import { testApp, type Client, type TestApp } from '../../helper.ts'

// Admin sign-in guesses: guessing stays hopeless, yet nobody can lock an admin out by name (README, Back office).
let t: TestApp
before(async () => {
  t = await testApp()
})
after(() => t.close())

const signin = (c: Client, name: string, pwd: string) => c.post('/api/admin/signin', { name, pwd })
const keysHeld = () => (t.app.deps.limiter as MemoryRateLimitStore).size

describe('a flood of new names', () => {
  test('from one address is refused at its address: it adds no key to the in-memory limiter', async () => {
    await t.forgetRateLimits()
    const flooder = t.client()
    const answers: number[] = []
    for (let i = 0; i < 2000; i++) answers.push((await signin(flooder, `name${i}`, 'guess-guess')).status)
    assert.deepEqual(answers.slice(0, ADMIN_GUESSES.perAddress), Array(ADMIN_GUESSES.perAddress).fill(200))
    assert.ok(answers.slice(ADMIN_GUESSES.perAddress).every((s) => s === 429))
    // The address, and a name and a name-and-address key for each failure it was allowed.
    assert.ok(keysHeld() <= 1 + 2 * ADMIN_GUESSES.perAddress, `${keysHeld()} keys`)
  })

  test('from everywhere at once cannot grow the in-memory store past its bound', async () => {
    const store = new MemoryRateLimitStore(1000)
    try {
      for (let i = 0; i < 100_000; i++) await store.hit(`admin-signin:name:n${i}`, 900)
      assert.equal(store.size, 1000)
      // The newest windows stay: a key still counting keeps its count.
      assert.equal(await store.hit('admin-signin:name:n99999', 900), 2)
      assert.equal(await store.hit('admin-signin:name:n0', 900), 1)
    } finally {
      await store.close()
    }
  })
})

describe('lock-out', () => {
  let a: TestAdmin
  before(async () => {
    a = await makeAdmin(t, 'operator', false)
  })

  test('ten wrong passwords lock the name from that address only: another address signs in', async () => {
    await t.forgetRateLimits()
    const attacker = t.client()
    for (let i = 0; i < ADMIN_GUESSES.perNameAndAddress; i++)
      assert.equal((await signin(attacker, a.name, 'wrong-pass')).code, 112)
    assert.equal((await signin(attacker, a.name, a.pwd)).status, 429)
    assert.equal((await signin(t.client(), a.name, a.pwd)).code, 0)
    // The attacker's address may still sign in as another admin: the lock is the name's, from there.
    const other = await makeAdmin(t, 'operator', false)
    assert.equal((await signin(attacker, other.name, other.pwd)).code, 0)
  })

  test('fifty failures lock that address out of every name, and no other address', async () => {
    await t.forgetRateLimits()
    const attacker = t.client()
    for (let i = 0; i < ADMIN_GUESSES.perAddress; i++)
      assert.equal((await signin(attacker, `nobody${i}`, 'wrong-pass')).code, 112)
    assert.equal((await signin(attacker, a.name, a.pwd)).status, 429)
    assert.equal((await signin(t.client(), a.name, a.pwd)).code, 0)
  })

  test('a name guessed from everywhere: a clean address signs in, slowed; each guessing one gets 3 tries', async () => {
    await t.forgetRateLimits()
    for (let i = 0; i < ADMIN_GUESSES.calmPerName; i++)
      assert.equal((await signin(t.client(), a.name, 'wrong-pass')).code, 112)
    const guesser = t.client()
    await guesser.xsrf()
    const started = Date.now()
    const [owner, ...guesses] = await Promise.all([
      signin(t.client(), a.name, a.pwd),
      ...Array.from({ length: ADMIN_GUESSES.underAttack.perNameAndAddress + 2 }, () =>
        signin(guesser, a.name, 'wrong-pass'),
      ),
    ])
    assert.equal(owner!.code, 0)
    assert.ok(Date.now() - started >= ADMIN_GUESSES.underAttack.delayMs, 'slowed')
    assert.deepEqual(guesses.map((g) => g.status).sort(), [200, 200, 200, 429, 429])
    // Even the right password from an address that guessed: it failed its share for this name.
    assert.equal((await signin(guesser, a.name, a.pwd)).status, 429)
  })
})
