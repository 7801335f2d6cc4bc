import { randomBytes } from 'node:crypto'
import { acs3ContentHash, acs3Sign, canonicalQuery } from './aliyun-signing.ts'
import { callProvider, type HttpAnswer } from './http.ts'
import { SMS_TIMEOUT_MS, type LookUpResult, type SendOptions, type SendResult, type SmsProvider } from './provider.ts'
import { templateVars, type SmsMessage, type TemplateName } from './templates.ts'

export interface AliyunOptions {
  accessKeyId: string
  accessKeySecret: string
  signName: string
  /** https://dysmsapi.aliyuncs.com, or a fake's address */
  endpoint: string
  templates: Record<TemplateName, string>
  timeoutMs?: number
}

const VERSION = '2017-05-25'
/** Pages of 50 records read per day when looking a message up: far more than one number gets from one shop. */
const LOOK_UP_PAGES = 3
/** Asking again would be refused again: the template, the signature or the parameters are wrong. */
const PERMANENT = new Set(
  [
    'SMS_TEMPLATE_ILLEGAL',
    'SMS_SIGNATURE_ILLEGAL',
    'SMS_SIGN_ILLEGAL',
    'TEMPLATE_MISSING_PARAMETERS',
    'INVALID_PARAMETERS',
    'INVALID_JSON_PARAM',
    'PARAM_LENGTH_LIMIT',
    'PARAM_NOT_SUPPORT_URL',
    'BLACK_KEY_CONTROL_LIMIT',
    'SMS_CONTENT_ILLEGAL',
    'MOBILE_COUNT_OVER_LIMIT',
  ].map((c) => `isv.${c}`),
)

interface AliyunAnswer {
  Code?: string
  Message?: string
  BizId?: string
  TotalCount?: number
  SmsSendDetailDTOs?: { SmsSendDetailDTO?: { OutId?: string }[] }
}

/** The day in Beijing (yyyyMMdd), which is how Aliyun dates its send records. */
const beijingDay = (unixSeconds: number) =>
  new Date((unixSeconds + 8 * 3600) * 1000).toISOString().slice(0, 10).replaceAll('-', '')

/** Aliyun SMS (dysmsapi, SendSms), signed with ACS3-HMAC-SHA256 over node:crypto. */
export class AliyunSms implements SmsProvider {
  readonly name = 'aliyun'
  private readonly timeoutMs: number

  constructor(private readonly opts: AliyunOptions) {
    this.timeoutMs = opts.timeoutMs ?? SMS_TIMEOUT_MS
  }

  /** One signed call of an API action with its parameters in the query string. */
  private async call(action: string, params: Record<string, string>): Promise<HttpAnswer> {
    const url = new URL(this.opts.endpoint)
    const headers: Record<string, string> = {
      'x-acs-action': action,
      'x-acs-version': VERSION,
      'x-acs-date': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      'x-acs-signature-nonce': randomBytes(16).toString('hex'),
      'x-acs-content-sha256': acs3ContentHash(''),
    }
    const { authorization } = acs3Sign(
      // fetch sends Host itself, from the same URL.
      { method: 'POST', path: '/', query: params, headers: { ...headers, host: url.host }, body: '' },
      this.opts.accessKeyId,
      this.opts.accessKeySecret,
    )
    return callProvider(
      `${url.origin}/?${canonicalQuery(params)}`,
      { method: 'POST', headers: { ...headers, authorization } },
      this.timeoutMs,
    )
  }

  async send(message: SmsMessage, opts: SendOptions = {}): Promise<SendResult> {
    const params: Record<string, string> = {
      PhoneNumbers: message.mobile,
      SignName: this.opts.signName,
      TemplateCode: this.opts.templates[message.template],
      TemplateParam: JSON.stringify(Object.fromEntries(templateVars(message))),
    }
    if (opts.outId) params.OutId = opts.outId
    const answer = await this.call('SendSms', params)
    if (!answer.answered) return { ok: false, kind: 'unavailable', reason: answer.reason, maybeSent: answer.maybeSent }
    const body = (answer.body ?? {}) as AliyunAnswer
    if (answer.status >= 500 || typeof body.Code !== 'string')
      return { ok: false, kind: 'unavailable', reason: `HTTP ${answer.status}`, maybeSent: answer.status < 300 }
    const reason = `${body.Code}: ${body.Message ?? ''}`
    if (body.Code === 'OK') return { ok: true, ref: body.BizId ?? '' }
    if (body.Code === 'isv.BUSINESS_LIMIT_CONTROL') return { ok: false, kind: 'rate_limited', reason }
    if (body.Code === 'isv.MOBILE_NUMBER_ILLEGAL') return { ok: false, kind: 'bad_mobile', reason }
    if (PERMANENT.has(body.Code)) return { ok: false, kind: 'rejected', reason }
    // The account, the keys, a balance, Aliyun itself: nothing was sent, and it may work later.
    return { ok: false, kind: 'unavailable', reason, maybeSent: false }
  }

  /** QuerySendDetails keeps every submission by number and day, with the OutId it was sent with. */
  async lookUp(message: SmsMessage, outId: string, since: number): Promise<LookUpResult> {
    const days = [...new Set([beijingDay(since), beijingDay(Math.floor(Date.now() / 1000))])]
    for (const day of days) {
      for (let page = 1; page <= LOOK_UP_PAGES; page++) {
        const answer = await this.call('QuerySendDetails', {
          PhoneNumber: message.mobile,
          SendDate: day,
          PageSize: '50',
          CurrentPage: String(page),
        })
        if (!answer.answered) return { unknown: answer.reason }
        const body = (answer.body ?? {}) as AliyunAnswer
        if (body.Code !== 'OK') return { unknown: `HTTP ${answer.status} ${body.Code ?? ''}` }
        const records = body.SmsSendDetailDTOs?.SmsSendDetailDTO ?? []
        if (records.some((r) => r.OutId === outId)) return { found: true, ref: '' }
        if (records.length < 50 || page * 50 >= (body.TotalCount ?? 0)) break
      }
    }
    return { found: false }
  }
}
