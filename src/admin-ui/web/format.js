// Money is integer fen in the API and yuan with two decimals on screen; times are Unix seconds in
// the API and the browser's local time on screen. Pure functions: test/admin-ui tests them in Node.

const grouped = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 })

/** 123456 → "¥1,234.56"; integer arithmetic only, so no float ever rounds a fen away. */
export function yuan(fen) {
  if (typeof fen !== 'number' || !Number.isFinite(fen)) return '—'
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.trunc(fen))
  return `${sign}¥${grouped.format(Math.floor(abs / 100))}.${String(abs % 100).padStart(2, '0')}`
}

/** The yuan in an input, without the ¥ or grouping: 123456 → "1234.56". */
export function yuanInput(fen) {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/**
 * What a person typed in yuan, as integer fen: "12.3" → 1230, "0.07" → 7. Parsed as text (never
 * multiplied as a float, where 0.07 * 100 is 7.000000000000001). null when it is not an amount.
 */
export function parseYuan(text, { negative = false } = {}) {
  const m = String(text)
    .trim()
    .replace(/^¥/, '')
    .match(/^([-+]?)(\d{1,13})(?:\.(\d{0,2}))?$/)
  if (!m) return null
  if (m[1] === '-' && !negative) return null
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'))
  return m[1] === '-' && fen !== 0 ? -fen : fen
}

/**
 * A history row's amounts, which the server keeps as data beside the words (never inside them):
 * [{label: '应付', fen: 120000}, {label: '额度', fen: 479900}] → "应付 ¥1,200.00 · 额度 ¥4,799.00";
 * a run of one label reads "首付 ¥100.00/¥200.00".
 */
export function amountsText(amounts = []) {
  const parts = []
  for (const { label, fen } of amounts) {
    const last = parts.at(-1)
    if (last?.label === label) last.values.push(yuan(fen))
    else parts.push({ label, values: [yuan(fen)] })
  }
  return parts.map((p) => `${p.label} ${p.values.join('/')}`).join(' · ')
}

const pad = (n) => String(n).padStart(2, '0')

/** Unix seconds → "2026-01-02 15:04:05" in the browser's time zone; "—" when there is none. */
export function dateTime(sec) {
  if (typeof sec !== 'number' || sec <= 0) return '—'
  const d = new Date(sec * 1000)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

/** An <input type=date> value ("2026-01-02") → the first second of that local day. */
export function dayStart(value) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '')
  if (!m) return undefined
  return Math.floor(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime() / 1000)
}

/** …→ the last second of that local day (ranges are inclusive). Right across a daylight-saving change too. */
export function dayEnd(value) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '')
  if (!m) return undefined
  return Math.floor(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1).getTime() / 1000) - 1
}

/** The original API's words for an order's state. */
export const ORDER_STATES = {
  0: '未支付',
  99: '支付中',
  1: '已付款待发货',
  2: '已发货',
  3: '已收货',
  4: '已取消',
  5: '已过期',
  6: '已退款',
}

export const orderState = (state) => ORDER_STATES[state] ?? `未知状态`

/** The list filter's order_type values, in the order an operator thinks of them. */
export const ORDER_TYPES = [
  ['all', '全部'],
  ['need_pay', '待付款'],
  ['need_send', '待发货'],
  ['need_receive', '已发货待收货'],
  ['complete', '已完成'],
  ['cancel', '已取消'],
  ['overtime', '已过期'],
  ['refund', '已退款'],
]

/** A refund asked of the payment provider (the worker follows up queued and pending ones). */
export const REFUND_STATES = { queued: '等待发起', pending: '退款处理中', succeeded: '已退款', failed: '退款失败' }

export const ROLES = { admin: '管理员', operator: '运营' }

/**
 * pay_info.channel_id: 0 WeChat, 1 Alipay (the original API's numbering); −1 nothing was charged (an order with nothing
 * to pay now).
 */
export const CHANNELS = { 0: '微信', 1: '支付宝', '-1': '无需支付' }

/** Unix seconds → an <input type=datetime-local> value ("2026-01-02T15:04"), local time; '' when none. */
export function localMinute(sec) {
  if (typeof sec !== 'number' || sec <= 0) return ''
  const d = new Date(sec * 1000)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

function minute(value) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value ?? '')
  if (!m) return undefined
  return Math.floor(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])).getTime() / 1000)
}

/** A datetime-local value → its minute's first second; undefined when it is not one. */
export const minuteStart = (value) => minute(value)

/** …→ its minute's last second: a coupon's window is inclusive, so "until 23:59" covers 23:59:59. */
export function minuteEnd(value) {
  const start = minute(value)
  return start === undefined ? undefined : start + 59
}

/** What a coupon takes off, in words: "减¥20.00", "15%" or "15%,最多减¥50.00". */
export function couponTerms(c) {
  if (c.kind === 'amount') return `减${yuan(c.value)}`
  return c.max_off > 0 ? `${c.value}%,最多减${yuan(c.max_off)}` : `${c.value}%`
}

/** An after-sale request's states and kinds. */
export const AFTER_SALE_STATES = { 0: '待审核', 1: '已同意', 2: '已收到退货', 3: '已退款', 4: '已拒绝', 5: '已撤回' }
export const AFTER_SALE_KINDS = { refund: '仅退款', return: '退货退款' }
