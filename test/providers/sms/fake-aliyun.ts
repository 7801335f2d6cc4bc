import { randomUUID, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { acs3ContentHash, acs3Sign, rpcSignature } from '../../../src/providers/sms/aliyun-signing.ts'
import { ALIYUN_APPROVED, SIGN_NAME } from './approved.ts'
import { FakeProvider, type Answer } from './fake-server.ts'

// A fake of Aliyun's dysmsapi (SendSms, QuerySendDetails, version 2017-05-25) for the tests and
// for trying sfm locally. It checks each request as Aliyun does: the AccessKeyId, the
// ACS3-HMAC-SHA256 signature (or the older RPC one) over exactly what arrived, the body's hash,
// the time and the nonce; then the signature name, the template and its variables, the number.
// Its signing functions are the app's, which reproduce Aliyun's published examples.

export const ALIYUN_KEY_ID = 'LTAI-fake-key-id'
export const ALIYUN_SECRET = 'fake-aliyun-secret-never-logged'

const equal = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
const refused = (status: number, code: string, message: string): Answer => ({
  status,
  body: { Code: code, Message: message, RequestId: randomUUID() },
})
const beijingDay = (unixSeconds: number) =>
  new Date((unixSeconds + 8 * 3600) * 1000).toISOString().slice(0, 10).replaceAll('-', '')

export class FakeAliyun extends FakeProvider {
  private readonly nonces = new Set<string>()

  constructor() {
    super((req, body) => this.answer(req, body))
  }

  /** The request's credentials and signature, as Aliyun checks them; a refusal, or the request's parameters. */
  private authenticate(
    req: IncomingMessage,
    body: Buffer,
  ): Answer | { action: string; params: Record<string, string> } {
    const url = new URL(req.url ?? '/', 'http://fake')
    const query = Object.fromEntries(url.searchParams)
    const header = (name: string) => String(req.headers[name] ?? '')
    if (query.Signature !== undefined) {
      // The RPC form: every parameter in the query, signed with HMAC-SHA1.
      const { Signature: signature, ...params } = query
      if (params.AccessKeyId !== ALIYUN_KEY_ID)
        return refused(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.')
      if (!this.freshNonce(params.SignatureNonce ?? ''))
        return refused(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.')
      if (!equal(rpcSignature(req.method ?? 'GET', params, ALIYUN_SECRET), signature ?? ''))
        return refused(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.')
      return { action: params.Action ?? '', params }
    }
    const auth = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]+)$/.exec(
      header('authorization'),
    )
    if (!auth) return refused(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.')
    const [, keyId, signedHeaders, signature] = auth as unknown as [string, string, string, string]
    if (keyId !== ALIYUN_KEY_ID)
      return refused(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.')
    const signed = signedHeaders.split(';')
    for (const h of [
      'host',
      'x-acs-action',
      'x-acs-version',
      'x-acs-date',
      'x-acs-signature-nonce',
      'x-acs-content-sha256',
    ])
      if (!signed.includes(h) || !header(h)) return refused(400, 'MissingParameter', `${h} must be sent and signed.`)
    if (header('x-acs-content-sha256') !== acs3ContentHash(body))
      return refused(400, 'InvalidParameter.ContentSHA256', 'The body does not match x-acs-content-sha256.')
    const skew = Math.abs(Date.parse(header('x-acs-date')) - Date.now())
    if (!(skew <= 15 * 60_000))
      return refused(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.')
    if (!this.freshNonce(header('x-acs-signature-nonce')))
      return refused(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.')
    const headers = Object.fromEntries(signed.map((h) => [h, header(h)]))
    const request = { method: req.method ?? 'POST', path: url.pathname, query, headers, body }
    if (!equal(acs3Sign(request, keyId, ALIYUN_SECRET, signed).signature, signature))
      return refused(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.')
    if (header('x-acs-version') !== '2017-05-25')
      return refused(400, 'InvalidVersion', 'Specified parameter Version is not valid.')
    const form = body.length ? Object.fromEntries(new URLSearchParams(body.toString('utf8'))) : {}
    return { action: header('x-acs-action'), params: { ...query, ...form } }
  }

  private freshNonce(nonce: string): boolean {
    if (!nonce || this.nonces.has(nonce)) return false
    this.nonces.add(nonce)
    return true
  }

  private async answer(req: IncomingMessage, body: Buffer): Promise<Answer | 'hang'> {
    const authed = this.authenticate(req, body)
    if ('status' in authed) {
      this.authFailures.push(String((authed.body as { Code: string }).Code))
      return authed
    }
    if (authed.action === 'SendSms') return this.sendSms(authed.params)
    if (authed.action === 'QuerySendDetails') return this.querySendDetails(authed.params)
    return refused(404, 'InvalidAction.NotFound', 'Specified api is not found.')
  }

  private sendSms(p: Record<string, string>): Answer | 'hang' {
    const mobile = p.PhoneNumbers ?? ''
    if (p.SignName !== SIGN_NAME) return refused(200, 'isv.SMS_SIGNATURE_ILLEGAL', '签名不合法')
    const approved = ALIYUN_APPROVED[p.TemplateCode ?? '']
    if (!approved) return refused(200, 'isv.SMS_TEMPLATE_ILLEGAL', '模板不合法')
    let vars: Record<string, string>
    try {
      vars = JSON.parse(p.TemplateParam ?? '{}')
    } catch {
      return refused(200, 'isv.INVALID_JSON_PARAM', 'JSON参数不合法')
    }
    const names = [...approved.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]!)
    if (names.some((n) => typeof vars[n] !== 'string'))
      return refused(200, 'isv.TEMPLATE_MISSING_PARAMETERS', '模板缺少变量')
    if (!/^1\d{10}$/.test(mobile)) return refused(200, 'isv.MOBILE_NUMBER_ILLEGAL', '非法手机号')
    const outcome = this.outcomeFor(mobile)
    if (outcome === 'timeout') return 'hang'
    if (outcome === 'fail')
      return refused(500, 'isp.SYSTEM_ERROR', 'The request processing has failed due to some unknown error.')
    if (outcome === 'rate_limited') return refused(200, 'isv.BUSINESS_LIMIT_CONTROL', '触发天级流控Permits:10')
    if (outcome === 'bad_mobile') return refused(200, 'isv.MOBILE_NUMBER_ILLEGAL', '非法手机号')
    if (outcome === 'refused') return refused(200, 'isv.SMS_TEMPLATE_ILLEGAL', '该账号下找不到对应模板')
    const ref = this.nextRef()
    const text = approved.replace(/\$\{(\w+)\}/g, (_, n: string) => vars[n] ?? '')
    this.sent.push({
      mobile,
      templateCode: p.TemplateCode!,
      params: vars,
      text,
      outId: p.OutId ?? '',
      ref,
      time: Math.floor(Date.now() / 1000),
    })
    if (outcome === 'accept_then_hang') return 'hang'
    return { status: 200, body: { Code: 'OK', Message: 'OK', BizId: ref, RequestId: randomUUID() } }
  }

  private querySendDetails(p: Record<string, string>): Answer {
    const size = Number(p.PageSize)
    const page = Number(p.CurrentPage || 1)
    if (!p.PhoneNumber || !/^\d{8}$/.test(p.SendDate ?? '') || !(size >= 1 && size <= 50))
      return refused(200, 'isv.INVALID_PARAMETERS', '参数异常')
    const records = this.sent.filter((m) => m.mobile === p.PhoneNumber && beijingDay(m.time) === p.SendDate)
    const dtos = records.slice((page - 1) * size, page * size).map((m) => ({
      PhoneNum: m.mobile,
      SendStatus: 3,
      ErrCode: 'DELIVERED',
      TemplateCode: m.templateCode,
      Content: `【${SIGN_NAME}】${m.text}`,
      OutId: m.outId,
    }))
    return {
      status: 200,
      body: {
        Code: 'OK',
        Message: 'OK',
        TotalCount: records.length,
        SmsSendDetailDTOs: { SmsSendDetailDTO: dtos },
        RequestId: randomUUID(),
      },
    }
  }
}

/** A fake Aliyun on 127.0.0.1 and a port of its own. */
export const startFakeAliyun = () => new FakeAliyun().start()
