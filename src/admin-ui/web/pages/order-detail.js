import { useState } from 'preact/hooks'
import { api } from '../api.js'
import { CHANNELS, couponTerms, dateTime, yuan } from '../format.js'
import { href } from '../router.js'
import { Confirm, Empty, Field, html, Loaded, Notice, Scroll, T, Thumb, useAction, useForm, useLoad } from '../ui.js'
import { OrderAfterSales } from './after-sales.js'
import { History } from './history.js'
import { stateBadge } from './orders.js'
import { RefundTable } from './refunds.js'

const CARRIERS = ['顺丰速运', '中通快递', '圆通速递', '申通快递', '韵达快递', '极兔速递', '京东物流', '邮政EMS']

/** A payment's own refund mark; its refunds' details are in the table below it. */
const PAYMENT_REFUND = { none: '', requested: '退款处理中', refunded: '已退回' }

function Ship({ order, onDone }) {
  const form = useForm({ logistics: '', logistics_id: '' })
  const action = useAction()
  const submit = (e) => {
    e.preventDefault()
    const v = form.trimmed()
    if (!v.logistics) return action.setError('请填写快递公司')
    if (!v.logistics_id) return action.setError('请填写运单号')
    action.run(async () => {
      await api.ship({ order_id: order.order_id, logistics: v.logistics, logistics_id: v.logistics_id })
      onDone('已发货')
    })
  }
  return html`<form class="panel" onSubmit=${submit} aria-label="发货">
    <h3>发货</h3>
    <div class="row">
      <${Field} label="快递公司">
        <input ...${form.text('logistics')} list="carriers" maxlength="64" />
        <datalist id="carriers">${CARRIERS.map((c) => html`<option value=${c} />`)}</datalist>
      <//>
      <${Field} label="运单号"><input ...${form.text('logistics_id')} maxlength="64" /><//>
      <button class="primary" disabled=${action.busy}>确认发货</button>
    </div>
    ${action.error && html`<${Notice} kind="error">${action.error}<//>`}
  </form>`
}

function Note({ order, onDone }) {
  const form = useForm({ admin_note: order.admin_note })
  const action = useAction()
  const submit = (e) => {
    e.preventDefault()
    const { admin_note } = form.trimmed()
    action.run(async () => {
      await api.note({ order_id: order.order_id, admin_note })
      onDone('备注已保存')
    })
  }
  return html`<form class="panel" onSubmit=${submit} aria-label="管理员备注">
    <h3>管理员备注</h3>
    <textarea ...${form.text('admin_note')} rows="2" maxlength="1000" aria-label="管理员备注"></textarea>
    <div class="row"><button disabled=${action.busy}>保存备注</button></div>
    ${action.error && html`<${Notice} kind="error">${action.error}<//>`}
  </form>`
}

/**
 * Refunds with a reason after a confirmation: the order's payment (`flagged` false: 1→6 once the
 * provider confirms), or the money the order could not take (`flagged`: the order stays as it is).
 */
function RefundForm({ order, title, amount, flagged, onDone }) {
  const [reason, setReason] = useState('')
  const [asking, setAsking] = useState(false)
  const action = useAction()
  const start = (e) => {
    e.preventDefault()
    if (!reason.trim()) return action.setError('请填写退款原因')
    action.setError(null)
    setAsking(true)
  }
  const confirm = () =>
    action.run(async () => {
      const { refunds } = await (flagged ? api.refundFlagged : api.refund)({
        order_id: order.order_id,
        reason: reason.trim(),
      })
      setAsking(false)
      // A channel that answers at once has finished it already; otherwise the worker follows it up.
      if (refunds.at(-1)?.state === 'succeeded') onDone(flagged ? '款项已退回' : '退款完成')
      else onDone(flagged ? '已提交退回,支付渠道确认后记为已退回' : '已提交退款,支付渠道确认后订单变为已退款')
    })
  return html`<form class="panel" onSubmit=${start} aria-label=${title}>
    <h3>${title}</h3>
    <div class="row">
      <${Field} label="退款原因" wide><input name="reason" value=${reason} onInput=${(e) => setReason(e.currentTarget.value)} maxlength="200" /><//>
      <button class="danger">退款…</button>
    </div>
    ${!asking && action.error && html`<${Notice} kind="error">${action.error}<//>`}
    ${
      asking &&
      html`<${Confirm}
      title=${`确认${title}`}
      confirmText="确认退款"
      danger
      busy=${action.busy}
      error=${action.error}
      onConfirm=${confirm}
      onCancel=${() => setAsking(false)}
    >
      ${
        flagged
          ? html`<p>订单 ${order.order_id} 多收或无法使用的款项 <strong>${yuan(amount)}</strong> 将通过原支付渠道退回,订单状态不变。</p>`
          : amount === 0
            ? html`<p>订单 ${order.order_id} 无需支付,没有款项经支付渠道退回:确认后订单立即变为已退款,库存和额度随之退回。此操作不能撤销。</p>`
            : html`<p>订单 ${order.order_id} 将通过原支付渠道退回 <strong>${yuan(amount)}</strong>,库存和额度随之退回。此操作不能撤销。</p>`
      }
      <p>原因:<${T}>${reason.trim()}<//></p>
    <//>`
    }
  </form>`
}

const Refund = ({ order, onDone }) =>
  html`<${RefundForm} order=${order} title="退款" amount=${order.pay_amount} onDone=${onDone} />`

function RefundFlagged({ order, payments, onDone }) {
  const amount = payments
    .filter((p) => p.needs_refund === 1 && p.refund_state === 'none')
    .reduce((sum, p) => sum + p.amount, 0)
  return html`<${RefundForm} order=${order} title="退回多收款项" amount=${amount} flagged onDone=${onDone} />`
}

/** The coupon an order used: its code (a link to its page for the admin role, who manages coupons) and terms. */
function CouponUsed({ coupon, me }) {
  const code =
    me?.role === 'admin'
      ? html`<a class="mono" href=${href(`/coupons/${coupon.coupon_id}`)}>${coupon.code}</a>`
      : html`<span class="mono">${coupon.code}</span>`
  return html`<span class="muted">优惠券 ${code}(${couponTerms(coupon)})${coupon.release_time ? ',已退回' : ''}</span>`
}

/** Where the order's borrowed credit stands: held before payment, owed after, back when cancelled or refunded. */
function creditWords(o) {
  if (o.credit_amount === 0) return '无借款'
  if (o.state === 0 || o.state === 99) return '未付款,额度已占用'
  if (o.state === 4 || o.state === 5) return '订单未成交,额度已退回'
  if (o.state === 6) return '已随退款退回'
  return o.credit_card_state === 1 ? `已还 ${dateTime(o.repay_time)}` : '未还'
}

export function OrderDetail({ id, params, me }) {
  const state = useLoad(() => api.order({ order_id: id }), [id])
  const [done, setDone] = useState(null)
  const changed = (text) => {
    setDone(text)
    state.reload()
  }
  // Back to where the order was opened from: the order list with its filters, or a coupon's redemptions.
  const fromCoupon = params.back?.startsWith('#/coupons/')
  const back = params.back?.startsWith('#/orders') || fromCoupon ? params.back : '#/orders'

  return html`<p><a href=${back}>← ${fromCoupon ? '返回优惠券使用记录' : '返回订单列表'}</a></p>
    <${Loaded} state=${state}>
      ${(d) => {
        const o = d.order_info
        const user = d.user_info
        const addr = d.address_info
        const pays = d.payments
        const logs = d.order_log_infos
        const owed = pays.some((p) => p.needs_refund === 1 && p.refund_state === 'none')
        const refunds = pays.flatMap((p) => p.refunds)
        // While the order's money is being given back it can neither ship nor be refunded again.
        const refunding = o.state === 1 && refunds.some((r) => r.state === 'queued' || r.state === 'pending')
        // While the customer's after-sale request is open the back office neither ships nor refunds it.
        const paid = o.state === 1 && !refunding && o.after_sale_open !== 1
        return html`<h2>订单 ${o.order_id} ${stateBadge(o.state)}</h2>
          ${done && html`<${Notice} kind="ok">${done}<//>`}
          <div class="grid">
            <section class="panel">
              <h3>订单信息</h3>
              <dl>
                <dt>下单时间</dt><dd>${dateTime(o.create_time)}</dd>
                <dt>付款时间</dt><dd>${dateTime(o.pay_time)}</dd>
                <dt>发货时间</dt><dd>${dateTime(o.send_time)}</dd>
                <dt>收货时间</dt><dd>${dateTime(o.confirm_time)}</dd>
                ${o.refund_time ? html`<dt>退款时间</dt><dd>${dateTime(o.refund_time)}</dd>` : null}
                ${o.cancel_time ? html`<dt>取消时间</dt><dd>${dateTime(o.cancel_time)} <${T}>${o.cancel_reason}<//></dd>` : null}
                <dt>快递</dt><dd>${o.logistics ? html`<${T}>${o.logistics}<//> <${T}>${o.logistics_id}<//>` : '—'}</dd>
                <dt>用户留言</dt><dd>${o.user_note ? html`<${T}>${o.user_note}<//>` : '—'}</dd>
                <dt>管理员备注</dt><dd>${o.admin_note ? html`<${T}>${o.admin_note}<//>` : '—'}</dd>
              </dl>
            </section>
            <section class="panel">
              <h3>金额</h3>
              <dl>
                <dt>商品金额</dt><dd>${yuan(o.sku_amount)}</dd>
                <dt>运费</dt><dd>${yuan(o.ship_amount)}</dd>
                <dt>额度(借款)</dt><dd>${yuan(-o.credit_amount)}</dd>
                <dt>优惠</dt><dd>${yuan(o.favour_amount)}${d.coupon_info ? html` <${CouponUsed} coupon=${d.coupon_info} me=${me} />` : null}</dd>
                <dt>调整</dt><dd>${yuan(o.manual_amount)}</dd>
                <dt>首付(应付)</dt><dd><strong>${yuan(o.pay_amount)}</strong></dd>
                <dt>额度还款</dt><dd>${creditWords(o)}</dd>
              </dl>
            </section>
            <section class="panel">
              <h3>用户与收货地址</h3>
              <dl>
                <dt>用户</dt><dd><${T}>${user.user_name}<//> (ID ${user.id})</dd>
                <dt>手机</dt><dd>${user.mobile}</dd>
                <dt>收货人</dt><dd><${T}>${addr.name}<//> <${T}>${addr.mobile}<//></dd>
                <dt>地址</dt><dd><${T}>${addr.address}<//></dd>
              </dl>
            </section>
          </div>

          <div class="actions-grid">
            ${paid && html`<${Ship} order=${o} onDone=${changed} />`}
            ${paid && html`<${Refund} order=${o} onDone=${changed} />`}
            ${refunding && html`<section class="panel"><h3>退款进行中</h3><p class="muted">支付渠道确认后订单变为已退款,期间不能发货。进度见下方退款记录。</p></section>`}
            ${owed && html`<${RefundFlagged} order=${o} payments=${pays} onDone=${changed} />`}
            <${Note} order=${o} onDone=${changed} key=${o.admin_note} />
          </div>

          <h3>商品</h3>
          <${Scroll}><table class="list">
            <thead><tr><th></th><th>商品</th><th class="num">单价</th><th class="num">首付/件</th><th class="num">数量</th><th class="num">小计</th><th class="num">额度</th></tr></thead>
            <tbody>
              ${d.sku_infos.map(
                (s) => html`<tr>
                  <td><${Thumb} src=${s.sku_image} /></td>
                  <td><${T}>${s.sku_name}<//><div class="muted">${s.sku_id}</div></td>
                  <td class="num">${yuan(s.real_price)}</td>
                  <td class="num">${yuan(s.first_price)}</td>
                  <td class="num">${s.sku_count}</td>
                  <td class="num">${yuan(s.sku_amount)}</td>
                  <td class="num">${yuan(s.credit)}</td>
                </tr>`,
              )}
            </tbody>
          </table><//>

          <h3>支付记录</h3>
          ${
            pays.length === 0
              ? html`<${Empty}>没有支付记录<//>`
              : html`<${Scroll}><table class="list">
                <thead><tr><th>时间</th><th>用途</th><th>渠道</th><th class="num">金额</th><th>流水号</th><th>退款</th></tr></thead>
                <tbody>
                  ${pays.map(
                    (p) => html`<tr>
                      <td>${dateTime(p.time)}</td>
                      <td>${p.target_type === 'card' ? '额度还款' : '订单首付'}</td>
                      <td>${CHANNELS[p.channel_id] ?? '—'}</td>
                      <td class="num">${yuan(p.amount)}</td>
                      <td class="mono">${p.water_id || p.channel_water_id || '—'}</td>
                      <td>${PAYMENT_REFUND[p.refund_state]}${p.needs_refund === 1 && p.refund_state === 'none' ? '待退回' : ''}</td>
                    </tr>`,
                  )}
                </tbody>
              </table><//>`
          }

          ${
            refunds.length > 0 &&
            html`<h3>退款记录</h3>
              <${RefundTable} refunds=${refunds} />`
          }

          <${OrderAfterSales} orderId=${o.order_id} />

          <h3>操作记录</h3>
          <${History} logs=${logs} />
`
      }}
    <//>`
}
