import { createHash, createHmac } from 'node:crypto'

/** RFC 3986 percent-encoding, as Aliyun signs: everything but letters, digits and `-_.~` (so also `!'()*`). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** Parameters sorted by name, each name and value encoded, `name=value` joined with `&`. */
export function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k] ?? '')}`)
    .join('&')
}

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')

/** The older RPC signature (SignatureVersion 1.0, HMAC-SHA1): base64, keyed with `secret&`. */
export function rpcSignature(method: string, params: Record<string, string>, secret: string): string {
  const toSign = `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`
  return createHmac('sha1', `${secret}&`).update(toSign, 'utf8').digest('base64')
}

export interface Acs3Request {
  method: string
  path: string
  query: Record<string, string>
  /** lower-case names; host, content-type and every x-acs-* one are signed */
  headers: Record<string, string>
  body: string | Buffer
}

/** The headers ACS3 covers, sorted: host, content-type and the x-acs-* ones. */
export const acs3SignedHeaders = (headers: Record<string, string>): string[] =>
  Object.keys(headers)
    .map((h) => h.toLowerCase())
    .filter((h) => h === 'host' || h === 'content-type' || h.startsWith('x-acs-'))
    .sort()

/** Hex SHA-256 of the canonical request: method, path, query, signed headers, their names, the body's hash. */
export function acs3HashedCanonicalRequest(
  req: Acs3Request,
  signed: string[] = acs3SignedHeaders(req.headers),
): string {
  const lower = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]))
  const headerLines = signed.map((h) => `${h}:${(lower[h] ?? '').trim()}\n`).join('')
  const canonical = [
    req.method.toUpperCase(),
    req.path,
    canonicalQuery(req.query),
    headerLines,
    signed.join(';'),
    sha256Hex(req.body),
  ].join('\n')
  return sha256Hex(canonical)
}

/**
 * ACS3-HMAC-SHA256: the hex signature of a request over its `signed` headers, and the
 * Authorization header carrying it.
 */
export function acs3Sign(
  req: Acs3Request,
  accessKeyId: string,
  secret: string,
  signed: string[] = acs3SignedHeaders(req.headers),
): { signature: string; authorization: string } {
  const toSign = `ACS3-HMAC-SHA256\n${acs3HashedCanonicalRequest(req, signed)}`
  const signature = createHmac('sha256', secret).update(toSign, 'utf8').digest('hex')
  const credential = `Credential=${accessKeyId},SignedHeaders=${signed.join(';')},Signature=${signature}`
  return { signature, authorization: `ACS3-HMAC-SHA256 ${credential}` }
}

export const acs3ContentHash = sha256Hex
