/**
 * PostgreSQL's deadlock_detected and serialization_failure: the transaction was rolled back whole and may simply run
 * again.
 */
const RETRYABLE_CODES = new Set(['40P01', '40001'])

export const isRetryableConflict = (err: unknown): boolean =>
  RETRYABLE_CODES.has((err as { code?: unknown } | null)?.code as string)

/**
 * Connection errors (class 08) and the server shutting down, restarting or starting (57P01–57P03), by SQLSTATE or
 * socket code.
 */
const UNAVAILABLE_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'SQLITE_BUSY',
])
/** What node-postgres says, without a code, of a connection that died or never came. */
const UNAVAILABLE_MESSAGE = /^Connection terminated|connection error|timeout exceeded when trying to connect/i

/**
 * Whether an error means the database could not be reached or was busy past busy_timeout,
 * rather than that the request was wrong: the answer is 503, and the same request may work
 * a moment later (the pool opens new connections by itself).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null
  const code = typeof e?.code === 'string' ? e.code : ''
  return (
    UNAVAILABLE_CODES.has(code) ||
    code.startsWith('08') ||
    (typeof e?.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message))
  )
}

/** Whether an error is a unique-constraint violation, on either database. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string } | null
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
}

/** Connection failures at start, in words: what the person who set DATABASE_URL can act on. */
const CANNOT_CONNECT: Record<string, string> = {
  ECONNREFUSED: 'connection refused: is the server running, on that host and port?',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'the host name could not be resolved',
  ETIMEDOUT: 'no answer (timed out)',
  EHOSTUNREACH: 'host unreachable',
  ECONNRESET: 'the connection was closed by the server',
  '28P01': 'password authentication failed',
  '28000': 'the server refused this user (pg_hba.conf)',
  '3D000': 'the database does not exist (createdb it first)',
  '57P03': 'the server is starting up or shutting down',
  SQLITE_CANTOPEN: 'the SQLite file cannot be opened',
  EACCES: 'permission denied',
  EROFS: 'the file system is read-only',
}

/** The URL without its password, for a message. */
function shownUrl(url: string): string {
  if (!url.startsWith('postgres')) return url
  try {
    const u = new URL(url)
    u.password = ''
    return u.toString()
  } catch {
    return 'the configured URL'
  }
}

/**
 * Why the database at `url` could not be reached at start, as one line, or undefined when the
 * error is something else (a failing migration stays a stack trace: that is a bug to report).
 */
export function databaseStartProblem(err: unknown, url: string): string | undefined {
  const e = err as { code?: unknown; message?: unknown; errors?: { code?: unknown }[] } | null
  const code = String(e?.code ?? e?.errors?.[0]?.code ?? '')
  const timedOut =
    typeof e?.message === 'string' && /timeout exceeded when trying to connect|Connection terminated/i.test(e.message)
  const reason =
    CANNOT_CONNECT[code] ??
    (timedOut ? 'no answer (timed out)' : isDatabaseUnavailable(err) ? String(e?.message ?? code) : undefined)
  return reason && `cannot use the database at ${shownUrl(url)}: ${reason}`
}
