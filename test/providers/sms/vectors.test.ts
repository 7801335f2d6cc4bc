import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import {
  acs3HashedCanonicalRequest,
  acs3Sign,
  percentEncode,
  rpcSignature,
} from '../../../src/providers/sms/aliyun-signing.ts'
import { tc3Signature } from '../../../src/providers/sms/tencent-signing.ts'

// The providers' own published signature examples: signing as they do means reproducing each.
const vectors = JSON.parse(readFileSync('test/fixtures/sms/vectors.json', 'utf8'))

test('Aliyun RPC (HMAC-SHA1): every published example', () => {
  assert.ok(vectors.aliyun_rpc_hmac_sha1.length >= 2)
  for (const v of vectors.aliyun_rpc_hmac_sha1)
    assert.equal(rpcSignature(v.method, v.params, v.secret), v.signature, v.what)
})

test('Aliyun ACS3-HMAC-SHA256: the canonical request and the signature of every published example', () => {
  assert.ok(vectors.aliyun_acs3_hmac_sha256.length >= 1)
  for (const v of vectors.aliyun_acs3_hmac_sha256) {
    const req = {
      method: v.method,
      path: v.path,
      query: Object.fromEntries(new URLSearchParams(v.query)),
      headers: v.headers,
      body: v.body,
    }
    assert.equal(acs3HashedCanonicalRequest(req), v.hashed_canonical_request, v.what)
    const { signature, authorization } = acs3Sign(req, v.access_key_id, v.secret)
    assert.equal(signature, v.signature, v.what)
    assert.equal(
      authorization,
      `ACS3-HMAC-SHA256 Credential=${v.access_key_id},SignedHeaders=host;x-acs-action;x-acs-content-sha256;` +
        `x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=${v.signature}`,
    )
  }
})

test('Tencent TC3-HMAC-SHA256: every published example', () => {
  assert.ok(vectors.tencent_tc3_hmac_sha256.length >= 1)
  for (const v of vectors.tencent_tc3_hmac_sha256) {
    const got = tc3Signature({
      secretKey: v.secret_key,
      service: v.service,
      host: v.host,
      contentType: v.content_type,
      timestamp: v.timestamp,
      body: v.body,
    })
    assert.equal(got, v.signature, v.what)
  }
})

test("percent-encoding is RFC 3986's: !'()* and spaces encoded, ~ kept", () => {
  assert.equal(percentEncode("a b!'()*~-_."), 'a%20b%21%27%28%29%2A~-_.')
  assert.equal(percentEncode('阿里'), '%E9%98%BF%E9%87%8C')
})
