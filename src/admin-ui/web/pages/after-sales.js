import { useState } from 'preact/hooks'
import { api } from '../api.js'
import { AFTER_SALE_KINDS, AFTER_SALE_STATES, dateTime } from '../format.js'
import { href, navigate } from '../router.js'
import { Confirm, Empty, Field, html, Loaded, Notice, Pager, Scroll, T, useAction, useForm, useLoad } from '../ui.js'
import { History } from './history.js'

// After-sale requests: the list by state, a request with its photos, approve or reject
// with a note, goods received; the refund goes through the order's refund, as the back office's.

const PAGE_SIZE = 20

export const afterSaleBadge = (state) => html`<span class=${`badge as${state}`}>${AFTER_SALE_STATES[state]}</span>`

/** Requests as a table: across orders, or one order's (`withOrder` false). */
export function AfterSaleTable({ rows, withOrder = true, back }) {
  return html`<${Scroll}><table class="list">
    <thead>
      <tr><th>申请时间</th><th>售后单</th>${withOrder ? html`<th>订单号</th><th>用户</th>` : null}<th>类型</th><th>原因</th><th>状态</th></tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) => html`<tr>
          <td>${dateTime(r.create_time)}</td>
          <td><a href=${href(`/after_sales/${r.after_sale_id}`, { back })}>#${r.after_sale_id}</a></td>
          ${withOrder ? html`<td><a href=${href(`/orders/${r.order_id}`)}>${r.order_id}</a></td><td>${r.user_mobile}</td>` : null}
          <td>${AFTER_SALE_KINDS[r.kind]}</td>
          <td><${T}>${r.reason}<//></td>
          <td>${afterSaleBadge(r.state)}</td>
        </tr>`,
      )}
    </tbody>
  </table><//>`
}

function Filters({ state, orderId, mobile }) {
  const form = useForm({ state, order_id: orderId, u_mobile: mobile })
  const search = (e) => {
    e.preventDefault()
    navigate('/after_sales', { ...form.trimmed(), page: 1 })
  }
  return html`<form class="filters" onSubmit=${search} aria-label="查询售后">
    <${Field} label="状态">
      <select ...${form.select('state')}>
        <option value="all">全部</option>
        ${Object.entries(AFTER_SALE_STATES).map(([v, label]) => html`<option value=${v}>${label}</option>`)}
      </select>
    <//>
    <${Field} label="订单号"><input ...${form.text('order_id')} maxlength="20" inputmode="numeric" /><//>
    <${Field} label="手机号"><input ...${form.text('u_mobile')} maxlength="32" inputmode="numeric" /><//>
    <div class="filter-actions"><button class="primary">查询</button></div>
  </form>`
}

export function AfterSales({ params }) {
  const page = Math.max(1, Number(params.page) || 1)
  // Requests waiting for someone first: the page opens on those to review.
  const state = params.state ?? '0'
  const orderId = params.order_id ?? ''
  const mobile = params.u_mobile ?? ''
  const problem = orderId && !/^\d+$/.test(orderId) ? '订单号只能包含数字' : null
  const loaded = useLoad(
    () =>
      problem
        ? Promise.resolve(null)
        : api.afterSales({
            state: state === 'all' ? '' : state,
            order_id: orderId,
            u_mobile: mobile,
            page,
            count: PAGE_SIZE,
          }),
    [state, orderId, mobile, page],
  )
  const back = href('/after_sales', { state, order_id: orderId, u_mobile: mobile, page })
  return html`<h2>售后</h2>
    <${Filters} state=${state} orderId=${orderId} mobile=${mobile} key=${`${state}|${orderId}|${mobile}`} />
    ${
      problem
        ? html`<${Notice} kind="error">${problem}<//>`
        : html`<${Loaded} state=${loaded}>
          ${(data) =>
            html`${data.after_sales.length === 0 ? html`<${Empty}>没有符合条件的售后申请<//>` : html`<${AfterSaleTable} rows=${data.after_sales} back=${back} />`}
              <${Pager} pagination=${data.pagination} onPage=${(p) => navigate('/after_sales', { state, order_id: orderId, u_mobile: mobile, page: p })} />`}
        <//>`
    }`
}

/** A customer's photo: inline when it is on the shop's own image storage, else a link opened on purpose. */
function Photo({ view, n }) {
  const label = `照片 ${n}`
  const body = view.inline
    ? html`<a href=${view.inline} target="_blank" rel="noopener noreferrer"><img src=${view.inline} alt=${label} /></a>`
    : html`<div class="noimage"><span>图片在其他网站,不自动加载</span>
        <a href=${view.url} target="_blank" rel="noopener noreferrer nofollow">打开图片</a></div>`
  return html`<figure class="idcard">${body}<figcaption>${label}</figcaption></figure>`
}

/** What an operator's step tells: done, and if the refund it started was refused, the provider's words. */
function stepDone(result, text) {
  if (result.refund_error)
    return { kind: 'error', text: `${text},但退款未成功:${result.refund_error}。可稍后重新发起退款。` }
  if (result.after_sale.state === 3) return { kind: 'ok', text: `${text},退款已完成` }
  return { kind: 'ok', text }
}

function Review({ request, onDone }) {
  const [note, setNote] = useState('')
  const [asking, setAsking] = useState(null)
  const action = useAction()
  const decide = () =>
    action.run(async () => {
      const approve = asking === 'approve'
      const result = await api.reviewAfterSale({
        after_sale_id: request.after_sale_id,
        approve: approve ? 1 : 0,
        note: note.trim(),
      })
      setAsking(null)
      onDone(stepDone(result, approve ? '已同意' : '已拒绝'))
    })
  const refundNow = request.kind === 'refund'
  return html`<section class="panel" aria-label="审核">
    <h3>审核</h3>
    <${Field} label="备注(用户可见)" wide><textarea name="note" rows="2" maxlength="200" value=${note} onInput=${(e) => setNote(e.currentTarget.value)}></textarea><//>
    <div class="row">
      <button type="button" class="primary" onClick=${() => setAsking('approve')}>同意</button>
      <button type="button" class="danger" onClick=${() => (note.trim() ? setAsking('reject') : action.setError('拒绝时请填写备注,告诉用户原因'))}>拒绝</button>
    </div>
    ${!asking && action.error && html`<${Notice} kind="error">${action.error}<//>`}
    ${
      asking &&
      html`<${Confirm}
        title=${asking === 'approve' ? '同意售后' : '拒绝售后'}
        danger=${asking === 'reject' || refundNow}
        busy=${action.busy}
        error=${action.error}
        onConfirm=${decide}
        onCancel=${() => setAsking(null)}
      >
        ${
          asking === 'reject'
            ? html`<p>拒绝后用户会收到短信通知,订单恢复正常。</p>`
            : refundNow
              ? html`<p>订单 ${request.order_id} 将立即通过原支付渠道全额退款(首付及已还款项),库存和额度随之退回。此操作不能撤销。</p>`
              : html`<p>同意后等待用户寄回商品;收到退货后再确认收货并退款。</p>`
        }
      <//>`
    }
  </section>`
}

function Receive({ request, onDone }) {
  const [asking, setAsking] = useState(false)
  const action = useAction()
  const confirm = () =>
    action.run(async () => {
      const result = await api.receiveAfterSale({ after_sale_id: request.after_sale_id })
      setAsking(false)
      onDone(stepDone(result, '已确认收到退货,库存已退回'))
    })
  return html`<section class="panel" aria-label="收到退货">
    <h3>收到退货</h3>
    <p class="muted">${request.logistics ? html`用户寄回:<${T}>${request.logistics}<//> <${T}>${request.logistics_id}<//>` : '用户尚未填写寄回的快递'}</p>
    <div class="row"><button type="button" class="danger" onClick=${() => setAsking(true)}>确认收到退货…</button></div>
    ${!asking && action.error && html`<${Notice} kind="error">${action.error}<//>`}
    ${
      asking &&
      html`<${Confirm} title="确认收到退货" confirmText="确认收货并退款" danger busy=${action.busy} error=${action.error}
        onConfirm=${confirm} onCancel=${() => setAsking(false)}>
        <p>商品退回库存,订单 ${request.order_id} 随即通过原支付渠道全额退款。此操作不能撤销。</p>
      <//>`
    }
  </section>`
}

function RetryRefund({ request, onDone }) {
  const action = useAction()
  const retry = () =>
    action.run(async () => {
      const result = await api.retryAfterSaleRefund({ after_sale_id: request.after_sale_id })
      onDone(stepDone(result, '已重新发起退款'))
    })
  return html`<section class="panel" aria-label="退款">
    <h3>退款</h3>
    <p class="muted">退款进行中由后台任务自动跟进;被支付渠道拒绝时可在此重新发起。进度见订单页的退款记录。</p>
    <div class="row"><button type="button" disabled=${action.busy} onClick=${retry}>重新发起退款</button></div>
    ${action.error && html`<${Notice} kind="error">${action.error}<//>`}
  </section>`
}

export function AfterSaleDetail({ id, params }) {
  const loaded = useLoad(() => api.afterSale({ after_sale_id: id }), [id])
  const [done, setDone] = useState(null)
  const changed = (outcome) => {
    setDone(outcome)
    loaded.reload()
  }
  const back = params.back?.startsWith('#/') ? params.back : '#/after_sales'
  return html`<p><a href=${back}>← 返回</a></p>
    <${Loaded} state=${loaded}>
      ${(d) => {
        const r = d.after_sale
        const refundable = (r.state === 1 && r.kind === 'refund') || (r.state === 2 && r.kind === 'return')
        return html`<h2>售后单 #${r.after_sale_id} ${afterSaleBadge(r.state)}</h2>
          ${done && html`<${Notice} kind=${done.kind}>${done.text}<//>`}
          <div class="grid">
            <section class="panel">
              <h3>申请</h3>
              <dl>
                <dt>订单</dt><dd><a href=${href(`/orders/${r.order_id}`)}>${r.order_id}</a></dd>
                <dt>用户</dt><dd>${r.user_mobile} (ID ${r.user_id})</dd>
                <dt>类型</dt><dd>${AFTER_SALE_KINDS[r.kind]}</dd>
                <dt>原因</dt><dd><${T}>${r.reason}<//></dd>
                <dt>申请时间</dt><dd>${dateTime(r.create_time)}</dd>
                <dt>寄回快递</dt><dd>${r.logistics ? html`<${T}>${r.logistics}<//> <${T}>${r.logistics_id}<//>` : '—'}</dd>
                <dt>审核备注</dt><dd>${r.admin_note ? html`<${T}>${r.admin_note}<//>` : '—'}</dd>
              </dl>
            </section>
          </div>
          <h3>照片</h3>
          ${d.image_views.length === 0 ? html`<${Empty}>没有照片<//>` : html`<div class="idcards">${d.image_views.map((v, i) => html`<${Photo} view=${v} n=${i + 1} />`)}</div>`}
          <div class="actions-grid">
            ${r.state === 0 && html`<${Review} request=${r} onDone=${changed} />`}
            ${r.state === 1 && r.kind === 'return' && html`<${Receive} request=${r} onDone=${changed} />`}
            ${refundable && html`<${RetryRefund} request=${r} onDone=${changed} />`}
          </div>
          <h3>操作记录</h3>
          <${History} logs=${d.log_infos} />`
      }}
    <//>`
}

/** An order's requests, on its page. */
export function OrderAfterSales({ orderId }) {
  const loaded = useLoad(() => api.afterSales({ order_id: orderId, count: 100 }), [orderId])
  return html`<h3>售后</h3>
    <${Loaded} state=${loaded}>
      ${(data) =>
        data.after_sales.length === 0
          ? html`<${Empty}>没有售后申请<//>`
          : html`<${AfterSaleTable} rows=${data.after_sales} withOrder=${false} back=${href(`/orders/${orderId}`)} />`}
    <//>`
}
