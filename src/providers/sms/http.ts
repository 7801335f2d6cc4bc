/** What a provider's HTTP endpoint answered, or why it did not. */
export type HttpAnswer =
  | { answered: true; status: number; body: unknown }
  | { answered: false; reason: string; maybeSent: boolean }

/** Errors that mean the request never left this machine or never reached the provider. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])

/**
 * One request, answered (its JSON, or null when the body is not JSON) within `timeoutMs`, or
 * not: a timeout or a connection cut after the request went out may have reached the provider.
 */
export async function callProvider(url: string, init: RequestInit, timeoutMs: number): Promise<HttpAnswer> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })
    const text = await res.text()
    let body: unknown = null
    try {
      body = JSON.parse(text)
    } catch {}
    return { answered: true, status: res.status, body }
  } catch (err) {
    const e = err as { name?: string; cause?: { code?: string }; message?: string }
    if (e.name === 'TimeoutError' || e.name === 'AbortError')
      return { answered: false, reason: `no answer within ${timeoutMs} ms`, maybeSent: true }
    const code = e.cause?.code ?? ''
    return {
      answered: false,
      reason: `network: ${code || e.message || 'request failed'}`,
      maybeSent: !NOT_SENT.has(code),
    }
  }
}
