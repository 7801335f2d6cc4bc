import type { Config } from '../../config.ts'
import { AliyunSms } from './aliyun.ts'
import { ConsoleSms, plainSmsLine } from './console.ts'
import type { SmsProvider } from './provider.ts'
import { TencentSms } from './tencent.ts'
import { checkTemplateCodes } from './templates.ts'

export { AliyunSms } from './aliyun.ts'
export { ConsoleSms, plainSmsLine, type SmsLine } from './console.ts'
export { TencentSms } from './tencent.ts'
export { SMS_TIMEOUT_MS } from './provider.ts'
export type { LookUpResult, SendOptions, SendResult, SmsProvider } from './provider.ts'
export {
  isTemplateName,
  maskMobile,
  renderText,
  TEMPLATE_NAMES,
  type AfterSaleNews,
  type SmsMessage,
  type SmsTemplates,
  type TemplateName,
} from './templates.ts'

/**
 * The provider SMS_PROVIDER names. A real one sends only approved templates, so it is refused
 * here, at start, unless SMS_TEMPLATES gives a code for every template. In production the logs
 * are JSON lines read by machines, so the console's message is one of them
 * (`{"msg":"sms","sms":{mobile,text}}`) rather than plain text among them.
 */
export function createSmsProvider(config: Config, log?: { info(obj: object, msg: string): void }): SmsProvider {
  if (config.smsProvider === 'console') {
    return new ConsoleSms(config.env === 'production' && log ? (sms) => log.info({ sms }, 'sms') : plainSmsLine)
  }
  const checked = checkTemplateCodes(config.smsTemplates)
  if (!checked.ok) throw new Error(`SMS_PROVIDER=${config.smsProvider}: SMS_TEMPLATES has ${checked.why}`)
  const common = { templates: checked.codes, timeoutMs: config.smsTimeoutMs }
  if (config.smsProvider === 'aliyun') return new AliyunSms({ ...config.aliyun, ...common })
  return new TencentSms({ ...config.tencent, ...common })
}
