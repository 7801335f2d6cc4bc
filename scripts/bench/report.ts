// The tables `npm run bench` prints and writes to bench/results.md, and the issue's targets.

export interface LoadResult {
  rps: number
  total: number
  p50: number
  p99: number
  max: number
  non2xx: number
  errors: number
  timeouts: number
  duration: number
  /** "<http status>/<business code>" → responses */
  codes: Record<string, number>
}

export interface RowResult {
  name: string
  load: LoadResult
  /** the ceiling's req/s: the mean of the runs just before and just after this row */
  ceiling: number
  /** the server's CPU time (user + system) during the row, per request answered */
  cpuMsPerRequest: number
  /** the server's resident memory (VmRSS) just after the row */
  rssMb: number
  /** what the row made, counted in the database (orders, payments) */
  made?: { what: string; perSecond: number }
  target?: Verdict
}

export interface Verdict {
  target: string
  met: boolean
  /** how far from the target, when missed */
  by?: string
}

export interface DatabaseRun {
  database: string
  /** every run of the ceiling, in order: one before the first row and one after each */
  ceilings: number[]
  rows: RowResult[]
  /** the ceiling's own CPU per request, the mean over its runs: what a bare route costs on these cores now */
  ceilingCpuMsPerRequest: number
  /** the server's VmRSS once started and its customers signed in, before any load */
  idleRssMb: number
  idleRssVerdict: Verdict
  peakRssMb: number
  startMs: number
  startVerdict: Verdict
  rssVerdict: Verdict
  seedSeconds: number
  reconcile: { ok: boolean; text: string }
  notes: string[]
}

const pct = (x: number) => `${(x * 100).toFixed(0)} %`
const int = (x: number) => Math.round(x).toLocaleString('en-US').replace(/,/g, ' ')

/** A share of the ceiling at least `min`. */
export function shareAtLeast(share: number, min: number): Verdict {
  return share >= min
    ? { target: `≥ ${pct(min)}`, met: true }
    : { target: `≥ ${pct(min)}`, met: false, by: `${((min - share) * 100).toFixed(0)} points` }
}

export function p99Below(p99: number, maxMs: number): Verdict {
  return p99 < maxMs
    ? { target: `p99 < ${maxMs} ms`, met: true }
    : { target: `p99 < ${maxMs} ms`, met: false, by: `${p99 - maxMs + 1} ms` }
}

export function atLeast(value: number, min: number, unit: string): Verdict {
  return value >= min
    ? { target: `≥ ${int(min)} ${unit}`, met: true }
    : { target: `≥ ${int(min)} ${unit}`, met: false, by: `${int(min - value)} ${unit} (${pct(value / min)} of it)` }
}

export function below(value: number, max: number, unit: string): Verdict {
  return value < max
    ? { target: `< ${int(max)} ${unit}`, met: true }
    : { target: `< ${int(max)} ${unit}`, met: false, by: `${int(value - max)} ${unit}` }
}

/** Several conditions on one row: met only if all are. */
export function all(...verdicts: Verdict[]): Verdict {
  const missed = verdicts.filter((v) => !v.met)
  return {
    target: verdicts.map((v) => v.target).join(', '),
    met: missed.length === 0,
    by: missed.map((v) => `${v.target} by ${v.by}`).join('; ') || undefined,
  }
}

const verdictText = (v: Verdict | undefined) => (v ? (v.met ? `met (${v.target})` : `**missed**: ${v.by}`) : '')

/** Responses other than HTTP 200 with code 0, e.g. "200/134 × 12". */
function refusals(load: LoadResult): string {
  const odd = Object.entries(load.codes).filter(([k]) => k !== '200/0')
  const errors = load.errors + load.timeouts
  const parts = odd.map(([k, n]) => `${k} × ${n}`)
  if (errors) parts.push(`${errors} socket errors/timeouts`)
  return parts.join(', ')
}

export function markdownTable(run: DatabaseRun): string {
  const lines = [
    '| row | req/s | p50 | p99 | ceiling req/s | share of the ceiling | server CPU per request | server RSS after | made | other answers | target |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ]
  for (const r of run.rows) {
    lines.push(
      `| ${r.name} | ${int(r.load.rps)} | ${r.load.p50} ms | ${r.load.p99} ms | ${int(r.ceiling)} | ${pct(r.load.rps / r.ceiling)} | ${(r.cpuMsPerRequest * 1000).toFixed(0)} µs | ${r.rssMb.toFixed(0)} MB | ${r.made ? `${int(r.made.perSecond)} ${r.made.what}/s` : ''} | ${refusals(r.load)} | ${verdictText(r.target)} |`,
    )
  }
  return [
    `### ${run.database}`,
    '',
    `The ceiling (a bare Fastify route answering the envelope) ran before the first row and after each, at ${run.ceilings.map(int).join(', ')} req/s; each row's share is of the mean of the runs on either side of it. The ceiling's own CPU per request: ${(run.ceilingCpuMsPerRequest * 1000).toFixed(0)} µs.`,
    '',
    ...lines,
    '',
    `- Server start, spawn to first answer of \`/healthz\`: ${int(run.startMs)} ms — ${verdictText(run.startVerdict)}`,
    `- Server RSS at rest (started, customers signed in, before any load): ${run.idleRssMb.toFixed(0)} MB — ${verdictText(run.idleRssVerdict)}`,
    `- Server peak RSS (VmHWM): ${run.peakRssMb.toFixed(0)} MB — ${verdictText(run.rssVerdict)}`,
    `- Seeding: ${run.seedSeconds.toFixed(1)} s`,
    `- Reconcile after the run: ${run.reconcile.text}`,
    ...run.notes.map((n) => `- ${n}`),
    '',
  ].join('\n')
}
