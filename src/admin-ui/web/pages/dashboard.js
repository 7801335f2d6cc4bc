import { api } from '../api.js'
import { yuan } from '../format.js'
import { html, Loaded, useLoad } from '../ui.js'

/** A bar per day, its height the day's value, the largest labelled; plain SVG, no chart library. */
function Bars({ title, days, value, money }) {
  const values = days.map(value)
  const max = Math.max(1, ...values)
  const w = 600
  const h = 140
  const bar = w / values.length
  const label = (v) => (money ? yuan(v) : String(v))
  const total = values.reduce((a, b) => a + b, 0)
  return html`<figure class="chart">
    <h3>${title} <span class="muted">· 合计 ${label(total)}</span></h3>
    <svg viewBox=${`0 0 ${w} ${h + 18}`} role="img" aria-label=${`${title},最近${values.length}天,最高${label(max)}`}>
      ${values.map((v, i) => {
        const bh = Math.round((v / max) * h)
        return html`<rect class="bar" x=${i * bar + 1} y=${h - bh} width=${Math.max(1, bar - 2)} height=${bh}>
          <title>${days[i].date}:${label(v)}</title>
        </rect>`
      })}
      <text x="0" y=${h + 14}>${days[0]?.date.slice(5)}</text>
      <text x=${w} y=${h + 14} text-anchor="end">${days.at(-1)?.date.slice(5)}</text>
      <text x=${w} y="10" text-anchor="end">最高 ${label(max)}</text>
    </svg>
  </figure>`
}

const Tile = ({ label, children, warn }) =>
  html`<div class=${`tile${warn ? ' warn' : ''}`}><div class="muted">${label}</div><div class="figure">${children}</div></div>`

/** The owner's page: today, the credit as it stands, and the last 30 days as charts. */
export function Dashboard() {
  const state = useLoad(() => api.overview({ days: 30 }), [])
  return html`<h2>经营概览</h2>
    <${Loaded} state=${state}>
      ${(data) => {
        const today = data.days.at(-1)
        const { now } = data
        const overdue = now.overdue_principal.M1 + now.overdue_principal.M2 + now.overdue_principal.M3
        return html`<div class="tiles">
            <${Tile} label="今日订单">${today.orders}<//>
            <${Tile} label="今日成交额">${yuan(today.gmv)}<//>
            <${Tile} label="待发货"><a href="#/orders?type=need_send">${now.to_ship_capped ? `${now.to_ship}+` : now.to_ship}</a><//>
            <${Tile} label="待处理售后">${now.open_after_sales}<//>
            <${Tile} label="额度在贷(应还本金)">${yuan(now.credit_outstanding)}<//>
            <${Tile} label="逾期本金" warn=${overdue > 0}>${yuan(overdue)}<//>
            <${Tile} label="M1 逾期 1–30 天" warn=${now.overdue_principal.M1 > 0}>${yuan(now.overdue_principal.M1)}<//>
            <${Tile} label="M2 逾期 31–60 天" warn=${now.overdue_principal.M2 > 0}>${yuan(now.overdue_principal.M2)}<//>
            <${Tile} label="M3 逾期 61 天以上" warn=${now.overdue_principal.M3 > 0}>${yuan(now.overdue_principal.M3)}<//>
          </div>
          <div class="charts">
            <${Bars} title="每日订单" days=${data.days} value=${(d) => d.orders} />
            <${Bars} title="每日成交额" days=${data.days} value=${(d) => d.gmv} money />
            <${Bars} title="每日首付" days=${data.days} value=${(d) => d.first_payments} money />
            <${Bars} title="每日还款" days=${data.days} value=${(d) => d.repayments + d.fees} money />
          </div>
          <p class="muted">按店铺时区(SHOP_TIMEZONE)计日;今日为截至目前。</p>`
      }}
    <//>`
}
