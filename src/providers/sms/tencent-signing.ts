import { createHash, createHmac } from 'node:crypto'

export interface Tc3Request {
  secretKey: string
  service: string
  host: string
  contentType: string
  /** Unix seconds, as sent in X-TC-Timestamp */
  timestamp: number
  body: string
}

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex')
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest()

/** The UTC date of the timestamp (YYYY-MM-DD): the credential scope's first part. */
export const tc3Date = (timestamp: number) => new Date(timestamp * 1000).toISOString().slice(0, 10)

/**
 * TC3-HMAC-SHA256 for a POST to `/` signing content-type and host (names and values lower-cased,
 * as Tencent canonicalises them): the hex signature.
 */
export function tc3Signature(req: Tc3Request): string {
  const canonical =
    `POST\n/\n\ncontent-type:${req.contentType.trim().toLowerCase()}\nhost:${req.host.trim().toLowerCase()}\n\n` +
    `content-type;host\n${sha256Hex(req.body)}`
  const date = tc3Date(req.timestamp)
  const scope = `${date}/${req.service}/tc3_request`
  const toSign = `TC3-HMAC-SHA256\n${req.timestamp}\n${scope}\n${sha256Hex(canonical)}`
  const key = hmac(hmac(hmac(`TC3${req.secretKey}`, date), req.service), 'tc3_request')
  return createHmac('sha256', key).update(toSign, 'utf8').digest('hex')
}

/** The Authorization header for a request signed with tc3Signature. */
export function tc3Authorization(secretId: string, req: Tc3Request): string {
  const scope = `${tc3Date(req.timestamp)}/${req.service}/tc3_request`
  const signature = tc3Signature(req)
  return `TC3-HMAC-SHA256 Credential=${secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`
}
