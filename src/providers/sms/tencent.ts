import { callProvider } from './http.ts'
import { SMS_TIMEOUT_MS, type SendOptions, type SendResult, type SmsProvider } from './provider.ts'
import { templateVars, type SmsMessage, type TemplateName } from './templates.ts'
import { tc3Authorization } from './tencent-signing.ts'

export interface TencentOptions {
  secretId: string
  secretKey: string
  sdkAppId: string
  signName: string
  region: string
  /** https://sms.tencentcloudapi.com, or a fake's address */
  endpoint: string
  templates: Record<TemplateName, string>
  timeoutMs?: number
}

const CONTENT_TYPE = 'application/json; charset=utf-8'
/** Asking again would be refused again: the template, the signature, the parameters or the number. */
const PERMANENT_KINDS = ['InvalidParameterValue.', 'InvalidParameter.', 'MissingParameter.', 'UnsupportedOperation.']
const PERMANENT = new Set(
  [
    'TemplateIncorrectOrUnapproved',
    'SignatureIncorrectOrUnapproved',
    'TemplateParamSetNotMatchApprovedTemplate',
    'PhoneNumberInBlacklist',
    'PhoneNumberParseFail',
    'ContainSensitiveWord',
  ].map((c) => `FailedOperation.${c}`),
)
const permanent = (code: string) => PERMANENT.has(code) || PERMANENT_KINDS.some((k) => code.startsWith(k))

interface TencentAnswer {
  Response?: {
    Error?: { Code?: string; Message?: string }
    SendStatusSet?: { Code?: string; Message?: string; SerialNo?: string }[]
  }
}

/** What a Tencent error code means for this message. */
function refusal(code: string, message: string): SendResult {
  const reason = `${code}: ${message}`
  if (code.startsWith('LimitExceeded.')) return { ok: false, kind: 'rate_limited', reason }
  if (code === 'InvalidParameterValue.IncorrectPhoneNumber') return { ok: false, kind: 'bad_mobile', reason }
  if (permanent(code)) return { ok: false, kind: 'rejected', reason }
  // Keys, balance, Tencent's own errors and request throttling: nothing was sent, and it may work later.
  return { ok: false, kind: 'unavailable', reason, maybeSent: false }
}

/** Tencent Cloud SMS (SendSms 2021-01-11), signed with TC3-HMAC-SHA256 over node:crypto. */
export class TencentSms implements SmsProvider {
  readonly name = 'tencent'
  private readonly timeoutMs: number

  constructor(private readonly opts: TencentOptions) {
    this.timeoutMs = opts.timeoutMs ?? SMS_TIMEOUT_MS
  }

  async send(message: SmsMessage, opts: SendOptions = {}): Promise<SendResult> {
    const url = new URL(this.opts.endpoint)
    const body = JSON.stringify({
      // E.164: numbers without a country code are mainland ones.
      PhoneNumberSet: [message.mobile.startsWith('+') ? message.mobile : `+86${message.mobile}`],
      SmsSdkAppId: this.opts.sdkAppId,
      SignName: this.opts.signName,
      TemplateId: this.opts.templates[message.template],
      TemplateParamSet: templateVars(message).map(([, v]) => v),
      SessionContext: opts.outId ?? '',
    })
    const timestamp = Math.floor(Date.now() / 1000)
    const authorization = tc3Authorization(this.opts.secretId, {
      secretKey: this.opts.secretKey,
      service: 'sms',
      host: url.host,
      contentType: CONTENT_TYPE,
      timestamp,
      body,
    })
    const answer = await callProvider(
      `${url.origin}/`,
      {
        method: 'POST',
        headers: {
          authorization,
          'content-type': CONTENT_TYPE,
          'x-tc-action': 'SendSms',
          'x-tc-version': '2021-01-11',
          'x-tc-region': this.opts.region,
          'x-tc-timestamp': String(timestamp),
        },
        body,
      },
      this.timeoutMs,
    )
    if (!answer.answered) return { ok: false, kind: 'unavailable', reason: answer.reason, maybeSent: answer.maybeSent }
    const response = ((answer.body ?? {}) as TencentAnswer).Response
    if (answer.status >= 500 || !response)
      return { ok: false, kind: 'unavailable', reason: `HTTP ${answer.status}`, maybeSent: answer.status < 300 }
    if (response.Error) return refusal(response.Error.Code ?? '', response.Error.Message ?? '')
    const status = response.SendStatusSet?.[0]
    if (!status) return { ok: false, kind: 'unavailable', reason: 'no SendStatusSet in the answer', maybeSent: true }
    if (status.Code === 'Ok') return { ok: true, ref: status.SerialNo ?? '' }
    return refusal(status.Code ?? '', status.Message ?? '')
  }
}
