import { api } from '../api.js'
import { dateTime, REFUND_STATES, yuan } from '../format.js'
import { href, navigate } from '../router.js'
import { Empty, Field, formValues, html, Loaded, Notice, Pager, useLoad } from '../ui.js'

const PAGE_SIZE = 20

const FILTERS = [
  ['all', '全部'],
  ['open', '进行中'],
  ['failed', '退款失败'],
  ['succeeded', '已退款'],
]

export const refundBadge = (state) => html`<span class=${`badge refund-${state}`}>${REFUND_STATES[state]}</span>`

/** Refunds as a table: on an order's page (`withOrder` false) or across orders. */
export function RefundTable({ refunds, withOrder }) {
  return html`<table class="list">
    <thead>
      <tr>
        <th>发起时间</th>${withOrder ? html`<th>订单号</th>` : null}<th class="num">金额</th><th>原因</th><th>状态</th><th class="num">尝试</th><th>说明</th><th>结束时间</th>
      </tr>
    </thead>
    <tbody>
      ${refunds.map(
        (r) => html`<tr>
          <td>${dateTime(r.create_time)}</td>
          ${withOrder ? html`<td><a href=${href(`/orders/${r.order_id}`)}>${r.order_id}</a></td>` : null}
          <td class="num">${yuan(r.amount)}</td>
          <td>${r.reason}</td>
          <td>${refundBadge(r.state)}</td>
          <td class="num">${r.attempts}</td>
          <td class="error-text">${r.last_error}</td>
          <td>${dateTime(r.finish_time)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`
}

export function Refunds({ params }) {
  const page = Math.max(1, Number(params.page) || 1)
  const state = params.state || 'open'
  const orderId = params.order_id ?? ''
  const problem = orderId && !/^\d+$/.test(orderId) ? '订单号只能包含数字' : null
  const loaded = useLoad(
    () => (problem ? Promise.resolve(null) : api.refunds({ state, order_id: orderId, page, count: PAGE_SIZE })),
    [state, orderId, page],
  )
  const search = (e) => {
    e.preventDefault()
    navigate('/refunds', { ...formValues(e.currentTarget), page: 1 })
  }
  return html`<h2>退款</h2>
    <form class="filters" onSubmit=${search} key=${`${state}|${orderId}`}>
      <${Field} label="状态">
        <select name="state">${FILTERS.map(([v, label]) => html`<option value=${v} selected=${v === state}>${label}</option>`)}</select>
      <//>
      <${Field} label="订单号"><input name="order_id" defaultValue=${orderId} maxlength="20" inputmode="numeric" /><//>
      <div class="filter-actions"><button class="primary">查询</button></div>
    </form>
    <p class="muted">进行中的退款由后台任务自动跟进直到完成;失败的退款请在订单页查看原因后重新发起。</p>
    ${
      problem
        ? html`<${Notice} kind="error">${problem}<//>`
        : html`<${Loaded} state=${loaded}>
          ${(data) =>
            html`${data.refunds.length === 0 ? html`<${Empty}>没有符合条件的退款<//>` : html`<${RefundTable} refunds=${data.refunds} withOrder />`}
              <${Pager} pagination=${data.pagination} onPage=${(p) => navigate('/refunds', { state, order_id: orderId, page: p })} />`}
        <//>`
    }`
}
