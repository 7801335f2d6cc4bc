import { randomUUID, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { tc3Date, tc3Signature } from '../../../src/providers/sms/tencent-signing.ts'
import { SIGN_NAME, TENCENT_APPROVED } from './approved.ts'
import { FakeProvider, type Answer } from './fake-server.ts'

// A fake of Tencent Cloud SMS (SendSms, version 2021-01-11) for the tests and for trying sfm
// locally. It checks each request as Tencent does: the SecretId, the TC3-HMAC-SHA256 signature
// over the content-type and host it received and the exact body, the credential's date and
// service, the timestamp; then the app id, the signature name, the template and the count of its
// variables, and each number. Its signing function is the app's, which reproduces Tencent's example.

export const TENCENT_SECRET_ID = 'AKID-fake-secret-id'
export const TENCENT_SECRET_KEY = 'fake-tencent-key-never-logged'
export const TENCENT_APP_ID = '1400000001'

/** TC3-HMAC-SHA256 Credential=<SecretId>/<date>/<service>/tc3_request, SignedHeaders=…, Signature=<hex> */
const TC3_AUTHORIZATION = new RegExp(
  '^TC3-HMAC-SHA256 Credential=([^/]+)/(\\d{4}-\\d{2}-\\d{2})/([a-z]+)/tc3_request, ' +
    'SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$',
)
const equal = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
const error = (code: string, message: string, status = 200): Answer => ({
  status,
  body: { Response: { Error: { Code: code, Message: message }, RequestId: randomUUID() } },
})

interface SendSmsBody {
  PhoneNumberSet?: string[]
  SmsSdkAppId?: string
  SignName?: string
  TemplateId?: string
  TemplateParamSet?: string[]
  SessionContext?: string
}

export class FakeTencent extends FakeProvider {
  constructor() {
    super(async (req, body) => this.answer(req, body))
  }

  /** The request's credentials and signature, as Tencent checks them: a refusal, or nothing. */
  private authenticate(req: IncomingMessage, body: Buffer): Answer | undefined {
    const header = (name: string) => String(req.headers[name] ?? '')
    const auth = TC3_AUTHORIZATION.exec(header('authorization'))
    if (!auth) return error('AuthFailure.InvalidAuthorization', 'Authorization 不符合腾讯云标准。')
    const [, secretId, date, service, signedHeaders, signature] = auth as unknown as string[]
    if (secretId !== TENCENT_SECRET_ID) return error('AuthFailure.SecretIdNotFound', '密钥不存在。')
    const timestamp = Number(header('x-tc-timestamp'))
    if (!(Math.abs(timestamp - Date.now() / 1000) <= 300)) return error('AuthFailure.SignatureExpire', '签名过期。')
    if (service !== 'sms' || date !== tc3Date(timestamp) || signedHeaders !== 'content-type;host')
      return error('AuthFailure.SignatureFailure', '请求签名验证失败。')
    const expected = tc3Signature({
      secretKey: TENCENT_SECRET_KEY,
      service: 'sms',
      host: header('host'),
      contentType: header('content-type'),
      timestamp,
      body: body.toString('utf8'),
    })
    if (!equal(expected, signature ?? '')) return error('AuthFailure.SignatureFailure', '请求签名验证失败。')
    if (header('x-tc-action') !== 'SendSms') return error('InvalidAction', '接口不存在。')
    if (header('x-tc-version') !== '2021-01-11') return error('NoSuchVersion', '接口版本不存在。')
    if (!header('x-tc-region')) return error('MissingParameter', '缺少参数 Region。')
    return undefined
  }

  private answer(req: IncomingMessage, raw: Buffer): Answer | 'hang' {
    const refused = this.authenticate(req, raw)
    if (refused) {
      this.authFailures.push((refused.body as { Response: { Error: { Code: string } } }).Response.Error.Code)
      return refused
    }
    let body: SendSmsBody
    try {
      body = JSON.parse(raw.toString('utf8'))
    } catch {
      return error('InvalidParameter', '请求体不是 JSON。')
    }
    if (body.SmsSdkAppId !== TENCENT_APP_ID) return error('InvalidParameterValue.SdkAppIdNotExist', 'SdkAppId 不存在。')
    if (body.SignName !== SIGN_NAME)
      return error('FailedOperation.SignatureIncorrectOrUnapproved', '签名未审批或格式错误。')
    const approved = TENCENT_APPROVED[body.TemplateId ?? '']
    if (!approved) return error('FailedOperation.TemplateIncorrectOrUnapproved', '模板未审批或内容不匹配。')
    const params = body.TemplateParamSet ?? []
    if (params.length !== [...approved.matchAll(/\{\d+\}/g)].length)
      return error('FailedOperation.TemplateParamSetNotMatchApprovedTemplate', '参数个数与模板不符。')
    const [number = ''] = body.PhoneNumberSet ?? []
    const mobile = number.replace(/^\+86/, '')
    const entry = (code: string, message: string, serial = '') => ({
      SerialNo: serial,
      PhoneNumber: number,
      Fee: code === 'Ok' ? 1 : 0,
      SessionContext: body.SessionContext ?? '',
      Code: code,
      Message: message,
      IsoCode: 'CN',
    })
    const answer = (code: string, message: string, serial = ''): Answer => ({
      status: 200,
      body: { Response: { SendStatusSet: [entry(code, message, serial)], RequestId: randomUUID() } },
    })
    if (!/^\+861\d{10}$/.test(number)) return answer('InvalidParameterValue.IncorrectPhoneNumber', '手机号格式错误')
    const outcome = this.outcomeFor(mobile)
    if (outcome === 'timeout') return 'hang'
    if (outcome === 'fail') return { status: 502, body: { message: 'bad gateway' } }
    if (outcome === 'rate_limited')
      return answer('LimitExceeded.PhoneNumberDailyLimit', '单个手机号日下发条数超过设定的上限')
    if (outcome === 'bad_mobile') return answer('InvalidParameterValue.IncorrectPhoneNumber', '手机号格式错误')
    if (outcome === 'refused') return error('FailedOperation.TemplateIncorrectOrUnapproved', '模板未审批或内容不匹配。')
    const ref = this.nextRef()
    const text = approved.replace(/\{(\d+)\}/g, (_, i: string) => params[Number(i) - 1] ?? '')
    this.sent.push({
      mobile,
      templateCode: body.TemplateId!,
      params,
      text,
      outId: body.SessionContext ?? '',
      ref,
      time: Math.floor(Date.now() / 1000),
    })
    if (outcome === 'accept_then_hang') return 'hang'
    return answer('Ok', 'send success', ref)
  }
}

/** A fake Tencent Cloud SMS on 127.0.0.1 and a port of its own. */
export const startFakeTencent = () => new FakeTencent().start()
