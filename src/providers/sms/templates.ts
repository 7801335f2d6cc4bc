// The messages sfm sends. Both providers send only approved templates (free text is refused), so
// each message is a template name and its parameters; SMS_TEMPLATES maps each name to the
// provider's template code, and the console prints the text below.

/** What an after-sale message tells the customer about their request. */
export type AfterSaleNews = 'approved' | 'rejected' | 'received'

/** Each template's parameters. Amounts are fen (sent as yuan with two decimals). */
export interface SmsTemplates {
  verify_code: { code: string }
  reset_code: { code: string }
  order_shipped: { order_id: string; logistics: string; logistics_id: string }
  /** `due_date` as the customer reads it, e.g. 2026-12-31 (the shop's day) */
  repay_due_soon: { order_id: string; amount: number; due_date: string }
  repay_overdue: { order_id: string; amount: number; fee: number }
  after_sale_update: { order_id: string; state: AfterSaleNews }
  refund_done: { order_id: string; amount: number }
}

export type TemplateName = keyof SmsTemplates

/** One message: a mobile, a template and that template's parameters. */
export type SmsMessage = { [N in TemplateName]: { mobile: string; template: N; params: SmsTemplates[N] } }[TemplateName]

const yuan = (fen: number) => (fen / 100).toFixed(2)
const AFTER_SALE_WORDS: Record<AfterSaleNews, string> = {
  approved: '已通过',
  rejected: '未通过',
  received: '已收到退货',
}

interface Template<P> {
  /** the template's variables as the provider receives them: Aliyun by name, Tencent in this order ({1}, {2}…) */
  vars(p: P): [string, string][]
  /** the approved text, with the variables filled in (the console prints it) */
  text(v: Record<string, string>): string
}

const TEMPLATES: { [N in TemplateName]: Template<SmsTemplates[N]> } = {
  verify_code: {
    vars: (p) => [['code', p.code]],
    text: (v) => `验证码${v.code},5分钟内有效,请勿告诉他人。如非本人操作,请忽略本短信。`,
  },
  reset_code: {
    vars: (p) => [['code', p.code]],
    text: (v) => `验证码${v.code},您正在重置登录密码,5分钟内有效,请勿告诉他人。`,
  },
  order_shipped: {
    vars: (p) => [
      ['order_id', p.order_id],
      ['logistics', p.logistics],
      ['logistics_id', p.logistics_id],
    ],
    text: (v) => `您的订单${v.order_id}已发货,${v.logistics}运单号${v.logistics_id}。`,
  },
  repay_due_soon: {
    vars: (p) => [
      ['order_id', p.order_id],
      ['amount', yuan(p.amount)],
      ['due_date', p.due_date],
    ],
    text: (v) => `您的订单${v.order_id}额度卡欠款${v.amount}元将于${v.due_date}到期,请按时还款。`,
  },
  repay_overdue: {
    vars: (p) => [
      ['order_id', p.order_id],
      ['amount', yuan(p.amount)],
      ['fee', yuan(p.fee)],
    ],
    text: (v) => `您的订单${v.order_id}额度卡欠款${v.amount}元已逾期,逾期费${v.fee}元,请尽快还款。`,
  },
  after_sale_update: {
    vars: (p) => [
      ['order_id', p.order_id],
      ['state', AFTER_SALE_WORDS[p.state]],
    ],
    text: (v) => `您的订单${v.order_id}的售后申请${v.state}。`,
  },
  refund_done: {
    vars: (p) => [
      ['order_id', p.order_id],
      ['amount', yuan(p.amount)],
    ],
    text: (v) => `您的订单${v.order_id}已退款${v.amount}元,将原路退回。`,
  },
}

export const isTemplateName = (name: string): name is TemplateName => Object.hasOwn(TEMPLATES, name)

export const TEMPLATE_NAMES: TemplateName[] = Object.keys(TEMPLATES).filter(isTemplateName)

/** A message's template, typed by its name (an SmsMessage is one of these). */
type MessageOf<N extends TemplateName> = { template: N; params: SmsTemplates[N] }

/** The message's variables, in the template's order. */
export function templateVars<N extends TemplateName>(m: MessageOf<N>): [string, string][] {
  const template: Template<SmsTemplates[N]> = TEMPLATES[m.template]
  return template.vars(m.params)
}

/** The text a person reads on their phone (without the signature, which the provider adds). */
export function renderText<N extends TemplateName>(m: MessageOf<N>): string {
  const template: Template<SmsTemplates[N]> = TEMPLATES[m.template]
  return template.text(Object.fromEntries(template.vars(m.params)))
}

/** 138****0000: how a mobile appears in logs. */
export const maskMobile = (mobile: string): string =>
  mobile.length >= 7 ? `${mobile.slice(0, 3)}****${mobile.slice(-4)}` : '****'

/**
 * SMS_TEMPLATES checked against the templates: every one mapped to a non-empty code, no unknown
 * name (a typo would leave a template unmapped). Answers the mapping, or why it is refused.
 */
export function checkTemplateCodes(
  mapping: Record<string, unknown>,
): { ok: true; codes: Record<TemplateName, string> } | { ok: false; why: string } {
  const unknown = Object.keys(mapping).filter((n) => !isTemplateName(n))
  if (mapsEveryTemplate(mapping) && unknown.length === 0) return { ok: true, codes: mapping }
  const missing = TEMPLATE_NAMES.filter((n) => !hasCode(mapping, n))
  const parts = []
  if (missing.length) parts.push(`no template code for ${missing.join(', ')}`)
  if (unknown.length) parts.push(`unknown template names ${unknown.join(', ')}`)
  return { ok: false, why: parts.join('; ') }
}

const hasCode = (mapping: Record<string, unknown>, name: TemplateName) =>
  typeof mapping[name] === 'string' && mapping[name] !== ''

function mapsEveryTemplate(mapping: Record<string, unknown>): mapping is Record<TemplateName, string> {
  return TEMPLATE_NAMES.every((n) => hasCode(mapping, n))
}
