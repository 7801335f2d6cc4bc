import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'

// package.json promises Node >= 20.12; every installed package must run there too (issue 8, F10).
const OLDEST = [20, 12, 0]

const parse = (v: string) => v.split('.').map((n) => Number(n) || 0)
const atLeast = (a: number[], b: number[]) => {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0)
  return true
}

/** Whether an engines.node range lets OLDEST run: some `||` alternative whose bounds admit it. */
export function admitsOldest(range: string): boolean {
  return range.split('||').some((alt) => {
    const parts = alt
      .trim()
      .replace(/(>=|<=|>|<|\^|~)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean)
    return parts.every((p) => {
      const m = p.match(/^(>=|<=|>|<|\^|~|=)?v?(\d+(?:\.\d+){0,2})(?:\.[x*])?$/)
      if (!m) return p === '*' || p === 'x'
      const [, op = '', ver] = m
      const v = parse(ver!)
      if (op === '>=') return atLeast(OLDEST, v)
      if (op === '>') return atLeast(OLDEST, v) && parse(ver!).join() !== OLDEST.join()
      if (op === '<') return !atLeast(OLDEST, v)
      if (op === '<=') return atLeast(v, OLDEST)
      if (op === '^') return v[0] === OLDEST[0] && atLeast(OLDEST, v)
      return v[0] === OLDEST[0] && (ver!.split('.').length === 1 || (v[1] === OLDEST[1] && atLeast(OLDEST, v)))
    })
  })
}

test('the range check reads the forms packages use', () => {
  for (const ok of ['>=18', '>= 14.0.0', '^20.12.0 || >=22', '>=16 <21', '*', '20.x', '>=12.22.0'])
    assert.ok(admitsOldest(ok), ok)
  for (const no of ['>=22', '>=20.19', '^22.0.0', '>= 22.0.0', '^18 || >=21']) assert.ok(!admitsOldest(no), no)
})

test('no locked package needs a newer Node than package.json promises', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }
  assert.equal(pkg.engines.node, '>=20.12')
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
    packages: Record<string, { engines?: { node?: string } | string[] }>
  }
  const refused = Object.entries(lock.packages)
    .filter(([, p]) => p.engines && !Array.isArray(p.engines) && p.engines.node && !admitsOldest(p.engines.node))
    .map(([name, p]) => `${name} wants node ${(p.engines as { node: string }).node}`)
  assert.deepEqual(refused, [])
})
