import { dateTime, dayEnd, dayStart, ORDER_TYPES, orderState, yuan } from '../format.js'
import { api, exportUrl } from '../api.js'
import { href, navigate } from '../router.js'
import { Empty, Field, html, Loaded, Notice, Pager, Scroll, T, useForm, useLoad } from '../ui.js'

const PAGE_SIZE = 20
const FILTERS = ['order_id', 'u_id', 'u_mobile', 'from', 'to', 'type']

/** Checks what the filters can check before asking; the server's words cover the rest. */
function filterProblem(f) {
  if (f.u_id && !/^\d+$/.test(f.u_id)) return '用户ID须为数字'
  if (f.u_mobile && !/^\d+$/.test(f.u_mobile)) return '手机号只能包含数字'
  if (f.from && f.to && f.from > f.to) return '开始日期不能晚于结束日期'
  return null
}

export const stateBadge = (state) => html`<span class=${`badge s${state}`}>${orderState(state)}</span>`

/** The lines of an order in one cell; SKU names are the shop's words, isolated all the same. */
export const skuSummary = (skus = []) =>
  skus.map((s, i) => html`${i > 0 ? ',' : ''}<${T}>${s.sku_name}<//> ×${s.sku_count}`)

function Filters({ params }) {
  const form = useForm({ ...Object.fromEntries(FILTERS.map((k) => [k, params[k] ?? ''])), type: params.type || 'all' })
  const search = (e) => {
    e.preventDefault()
    navigate('/orders', { ...form.trimmed(), page: 1 })
  }
  return html`<form class="filters" onSubmit=${search} aria-label="查询订单">
    <${Field} label="订单号"><input ...${form.text('order_id')} maxlength="32" inputmode="numeric" /><//>
    <${Field} label="用户ID"><input ...${form.text('u_id')} maxlength="12" inputmode="numeric" /><//>
    <${Field} label="手机号(前几位即可)"><input ...${form.text('u_mobile')} maxlength="20" inputmode="tel" /><//>
    <${Field} label="下单日期从"><input ...${form.text('from')} type="date" /><//>
    <${Field} label="到"><input ...${form.text('to')} type="date" /><//>
    <${Field} label="状态">
      <select ...${form.select('type')}>${ORDER_TYPES.map(([v, label]) => html`<option value=${v}>${label}</option>`)}</select>
    <//>
    <div class="filter-actions">
      <button class="primary">查询</button>
      <a class="button" href="#/orders">清空</a>
    </div>
  </form>`
}

export function Orders({ params }) {
  const page = Math.max(1, Number(params.page) || 1)
  const problem = filterProblem(params)
  const filters = {
    order_id: params.order_id,
    u_id: params.u_id,
    u_mobile: params.u_mobile,
    ctime_st: dayStart(params.from),
    ctime_ed: dayEnd(params.to),
    order_type: params.type || 'all',
  }
  const state = useLoad(
    () => (problem ? Promise.resolve(null) : api.orders({ ...filters, page, count: PAGE_SIZE })),
    [JSON.stringify(params)],
  )
  // A new query (back, forward, 清空) shows its own filters.
  const key = FILTERS.map((k) => params[k] ?? '').join('|')

  return html`<div class="title-row">
      <h2>订单</h2>
      <a class="button" href="#/ship">批量发货</a>
      ${problem ? null : html`<a class="button" href=${exportUrl('/api/order/export', filters)} download>导出 CSV(当前筛选)</a>`}
    </div>
    <${Filters} params=${params} key=${key} />
    ${
      problem
        ? html`<${Notice} kind="error">${problem}<//>`
        : html`<${Loaded} state=${state}>
          ${(data) => html`${
            data.orders.length === 0
              ? html`<${Empty} />`
              : html`<${Scroll}>
                  <table class="list">
                    <thead>
                      <tr><th>订单号</th><th>下单时间</th><th>用户</th><th>商品</th><th class="num">商品金额</th><th class="num">首付(应付)</th><th class="num">额度</th><th>状态</th></tr>
                    </thead>
                    <tbody>
                      ${data.orders.map(
                        (o) => html`<tr>
                          <td><a href=${href(`/orders/${o.order_id}`, { back: location.hash })}>${o.order_id}</a></td>
                          <td>${dateTime(o.create_time)}</td>
                          <td><${T}>${o.user_name}<//><div class="muted">${o.user_mobile} · ID ${o.user_id}</div></td>
                          <td class="skus">${skuSummary(o.skus_info)}</td>
                          <td class="num">${yuan(o.sku_amount)}</td>
                          <td class="num">${yuan(o.pay_amount)}</td>
                          <td class="num">${yuan(-o.credit_amount)}</td>
                          <td>${stateBadge(o.state)}</td>
                        </tr>`,
                      )}
                    </tbody>
                  </table>
                <//>`
          }
            <${Pager} pagination=${data.pagination} onPage=${(p) => navigate('/orders', { ...params, page: p })} />`}
        <//>`
    }`
}
