import { createPrivateKey, createPublicKey, generateKeyPair, sign, verify, type KeyObject } from 'node:crypto'
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'

/** Base64 RSA-SHA256 (PKCS#1 v1.5): how Ping++ signs webhooks and how merchants sign API requests. */
export function signRsaSha256(data: string | Buffer, privateKey: KeyObject): string {
  return sign('sha256', typeof data === 'string' ? Buffer.from(data, 'utf8') : data, privateKey).toString('base64')
}

/** Whether `signature` (base64) signs exactly these bytes. Malformed input is simply not a valid signature. */
export function verifyRsaSha256(data: Buffer, signature: string, publicKey: KeyObject): boolean {
  try {
    return verify('sha256', data, publicKey, Buffer.from(signature, 'base64'))
  } catch {
    return false
  }
}

export function readPublicKey(path: string): KeyObject {
  return createPublicKey(readFileSync(path, 'utf8'))
}

export function readPrivateKey(path: string): KeyObject {
  return createPrivateKey(readFileSync(path, 'utf8'))
}

export interface KeyPair {
  privateKey: KeyObject
  publicKey: KeyObject
}

const SANDBOX_PRIVATE = 'sandbox_rsa_private_key.pem'
const SANDBOX_PUBLIC = 'sandbox_rsa_public_key.pem'

/**
 * The sandbox's own signing keys, made the first time they are needed and kept in the data folder so
 * restarts keep them. The private key is published with a hard link, which fails if another process got
 * there first: then that one's key is used, and every instance sharing the folder signs alike.
 */
export async function sandboxKeyPair(dataDir: string): Promise<KeyPair> {
  const file = join(dataDir, SANDBOX_PRIVATE)
  const existing = readIfExists(file)
  if (existing) return pairFrom(existing)

  mkdirSync(dataDir, { recursive: true })
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 })
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`
  writeFileSync(tmp, pem, { mode: 0o600 })
  try {
    linkSync(tmp, file)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  } finally {
    unlinkSync(tmp)
  }
  const pair = pairFrom(readFileSync(file, 'utf8'))
  // The public half is derived from the private one; the file is for people who want to look at it.
  writeFileSync(join(dataDir, SANDBOX_PUBLIC), pair.publicKey.export({ type: 'spki', format: 'pem' }).toString())
  return pair
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
}

function pairFrom(privatePem: string): KeyPair {
  const privateKey = createPrivateKey(privatePem)
  return { privateKey, publicKey: createPublicKey(privateKey) }
}
