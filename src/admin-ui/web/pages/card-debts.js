import { useState } from 'preact/hooks'
import { api } from '../api.js'
import { dateTime, parseYuan, yuan } from '../format.js'
import { href } from '../router.js'
import { Confirm, Empty, Field, html, Notice, Scroll, T, useAction } from '../ui.js'
import { skuSummary, stateBadge } from './orders.js'

/** The overdue buckets of the card list's filter. */
export const OVERDUE_BUCKETS = [
  ['', '全部'],
  ['M0', 'M0 未逾期'],
  ['M1', 'M1 逾期1–30天'],
  ['M2', 'M2 逾期31–60天'],
  ['M3', 'M3 逾期61天以上'],
]

const DEBT_STATES = { owed: '未还清', repaid: '已还清', closed: '已关闭(退款)' }

const ENTRY_KINDS = {
  borrow: '借款',
  principal_repaid: '归还本金',
  fee_accrued: '逾期费',
  fee_repaid: '归还逾期费',
  fee_waived: '减免逾期费',
  closed: '退款关闭,本金退回额度',
  fee_cancelled: '退款关闭,逾期费取消',
  overpaid: '多付,待退回',
}

const actorText = (e) => (e.actor_type === 'admin' ? `管理员 ${e.actor_id}` : e.actor_type === 'user' ? '用户' : '系统')

/** Every entry of one debt, oldest first, with its time and who made it. */
function Entries({ entries }) {
  return html`<${Scroll}><table class="list entries">
    <thead><tr><th>时间</th><th>事项</th><th class="num">金额</th><th>操作人</th><th>说明</th></tr></thead>
    <tbody>
      ${entries.map(
        (e) => html`<tr>
          <td>${dateTime(e.time)}</td>
          <td>${ENTRY_KINDS[e.kind] ?? e.kind}${e.day === null ? '' : ` · 逾期第${e.day}天`}</td>
          <td class="num">${yuan(e.amount)}</td>
          <td>${actorText(e)}</td>
          <td><${T}>${e.note}<//></td>
        </tr>`,
      )}
    </tbody>
  </table><//>`
}

/** Waives part or all of a debt's outstanding late fee, with a reason, after a confirmation. */
function WaiveFee({ debt, onDone }) {
  const [text, setText] = useState('')
  const [reason, setReason] = useState('')
  const [asking, setAsking] = useState(false)
  const action = useAction()
  const amount = parseYuan(text)
  const start = (e) => {
    e.preventDefault()
    if (amount === null || amount <= 0) return action.setError('请输入减免金额,单位元,最多两位小数')
    if (amount > debt.fee_due) return action.setError(`最多减免未还的逾期费 ${yuan(debt.fee_due)}`)
    if (!reason.trim()) return action.setError('请填写减免原因')
    action.setError(null)
    setAsking(true)
  }
  const confirm = () =>
    action.run(async () => {
      const after = await api.waiveFee({ order_id: debt.order_id, amount, reason: reason.trim() })
      setAsking(false)
      setText('')
      setReason('')
      onDone(`订单 ${debt.order_id} 已减免逾期费 ${yuan(amount)},还欠 ${yuan(after.total_due)}`)
    })
  return html`<form class="row" onSubmit=${start} aria-label=${`减免逾期费 ${debt.order_id}`}>
    <${Field} label="减免金额(元)"><input name="amount" value=${text} onInput=${(e) => setText(e.currentTarget.value)} inputmode="decimal" maxlength="16" /><//>
    <${Field} label="原因" wide><input name="reason" value=${reason} onInput=${(e) => setReason(e.currentTarget.value)} maxlength="200" /><//>
    <button disabled=${action.busy}>减免…</button>
    ${!asking && action.error && html`<${Notice} kind="error">${action.error}<//>`}
    ${
      asking &&
      html`<${Confirm} title="确认减免逾期费" confirmText="确认减免" busy=${action.busy} error=${action.error} onConfirm=${confirm} onCancel=${() => setAsking(false)}>
        <p>订单 ${debt.order_id} 的逾期费减免 <strong>${yuan(amount)}</strong>(未还 ${yuan(debt.fee_due)})。</p>
        <p class="muted">原因:<${T}>${reason.trim()}<//></p>
      <//>`
    }
  </form>`
}

/** A card's debts: each order that borrowed, what it owes and how late, its ledger, and the fee waiver. */
export function Debts({ orders, onDone }) {
  if (orders.length === 0) return html`<${Empty}>没有借款订单<//>`
  return html`${orders.map(
    (o) => html`<section class="panel debt" aria-label=${`借款 ${o.order_id}`}>
      <h4><a href=${href(`/orders/${o.order_id}`)}>${o.order_id}</a> ${stateBadge(o.state)} · ${DEBT_STATES[o.debt.state]}</h4>
      <p class="skus">${skuSummary(o.skus_info)}</p>
      <dl class="debt-sums">
        <dt>借款</dt><dd>${yuan(o.debt.principal)}</dd>
        <dt>已还本金</dt><dd>${yuan(o.debt.principal_repaid)}</dd>
        <dt>逾期费(累计/已还/减免)</dt><dd>${yuan(o.debt.fee_accrued)} / ${yuan(o.debt.fee_repaid)} / ${yuan(o.debt.fee_waived)}</dd>
        <dt>现欠</dt><dd class="owed">${yuan(o.debt.total_due)}</dd>
        <dt>还款期限</dt><dd>${dateTime(o.due_time)}</dd>
        <dt>逾期天数</dt><dd>${o.debt.overdue_days}</dd>
        ${o.debt.overpaid > 0 ? html`<dt>多付待退</dt><dd>${yuan(o.debt.overpaid)}</dd>` : null}
      </dl>
      ${o.debt.fee_due > 0 ? html`<${WaiveFee} debt=${o.debt} onDone=${onDone} />` : null}
      <details><summary>账目明细(${o.entries.length})</summary><${Entries} entries=${o.entries} /></details>
    </section>`,
  )}`
}
