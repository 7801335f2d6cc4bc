import type { Limit, RateLimitStore } from './store.ts'

/**
 * Password guesses at named accounts, limited so that guessing stays hopeless and a lock-out is no
 * weapon: failures lock a name only from the addresses they came from, while the name's failures
 * from everywhere slow it down rather than shut it.
 */
export interface GuessPolicy {
  /** key prefix, e.g. `admin-signin` */
  prefix: string
  windowSeconds: number
  /** failures one address may make in a window, whatever names it tries */
  perAddress: number
  /** failures for one name from one address */
  perNameAndAddress: number
  /** failures for one name from all addresses before it counts as under attack */
  calmPerName: number
  /** under attack: failures for the name one address may make, and the wait before each attempt is checked */
  underAttack: { perNameAndAddress: number; delayMs: number }
}

export type GuessAdmission = { admitted: false } | { admitted: true; delayMs: number; counted: Limit[] }

/**
 * Counts one attempt before its (slow) password check, so parallel guesses cannot all slip under a
 * limit; the caller gives the counts back (forgetOne with `counted`) when the password was right.
 * The address is checked first: an address past its limit is refused before anything it named is
 * counted, so a flood of new names costs no memory.
 */
export async function admitGuess(
  store: RateLimitStore,
  policy: GuessPolicy,
  name: string,
  address: string,
): Promise<GuessAdmission> {
  const { prefix, windowSeconds } = policy
  const lowered = name.toLowerCase()
  const byAddress = { key: `${prefix}:ip:${address}`, max: policy.perAddress, windowSeconds }
  if ((await store.hit(byAddress.key, windowSeconds)) > byAddress.max) return { admitted: false }
  const byName = { key: `${prefix}:name:${lowered}`, max: policy.calmPerName, windowSeconds }
  const byPair = { key: `${prefix}:pair:${lowered}:${address}`, max: policy.perNameAndAddress, windowSeconds }
  const [nameCount, pairCount] = await Promise.all([
    store.hit(byName.key, windowSeconds),
    store.hit(byPair.key, windowSeconds),
  ])
  const counted = [byAddress, byName, byPair]
  const underAttack = nameCount > policy.calmPerName
  const pairMax = underAttack ? policy.underAttack.perNameAndAddress : policy.perNameAndAddress
  if (pairCount > pairMax) return { admitted: false }
  return { admitted: true, delayMs: underAttack ? policy.underAttack.delayMs : 0, counted }
}
