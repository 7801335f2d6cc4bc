import { useState } from 'preact/hooks'
import { api } from '../api.js'
import { couponTerms, dateTime, localMinute, minuteEnd, minuteStart, parseYuan, yuan, yuanInput } from '../format.js'
import { href, navigate } from '../router.js'
import { Empty, Field, formValues, html, Loaded, Notice, Pager, useAction, useLoad } from '../ui.js'
import { stateBadge } from './orders.js'

const PAGE_SIZE = 20

const count = (text, fallback) =>
  text === '' || text === undefined ? fallback : /^\d{1,10}$/.test(text) ? Number(text) : null

/** The form's words → save's parameters, or the first problem in words. */
export function readCoupon(v) {
  if (!/^[A-Za-z0-9]{4,32}$/.test(v.code ?? '')) return { problem: '优惠券代码须为4到32位字母或数字' }
  const percent = v.kind === 'percent'
  let value
  let maxOff = 0
  if (percent) {
    value = /^\d{1,3}$/.test(v.value ?? '') ? Number(v.value) : null
    if (value === null || value < 1 || value > 100) return { problem: '折扣须为1到100之间的整数(%)' }
    maxOff = parseYuan(v.max_off || '0')
    if (maxOff === null) return { problem: '最多减免须为金额(元),不限填0' }
  } else {
    value = parseYuan(v.value ?? '')
    if (value === null || value <= 0) return { problem: '减免金额须为大于0的金额(元)' }
  }
  const minAmount = parseYuan(v.min_amount || '0')
  if (minAmount === null) return { problem: '使用门槛须为金额(元),没有门槛填0' }
  const start = minuteStart(v.start)
  const end = minuteEnd(v.end)
  if (start === undefined || end === undefined) return { problem: '请填写有效期的开始和结束时间' }
  if (end < start) return { problem: '结束时间不能早于开始时间' }
  const total = count(v.total_limit, 0)
  if (total === null) return { problem: '总次数须为不小于0的整数,不限填0' }
  const perUser = count(v.per_user_limit, 1)
  if (perUser === null || perUser < 1) return { problem: '每人次数须为不小于1的整数' }
  return {
    coupon: {
      code: v.code,
      kind: percent ? 'percent' : 'amount',
      value,
      max_off: maxOff,
      min_amount: minAmount,
      start_time: start,
      end_time: end,
      total_limit: total,
      per_user_limit: perUser,
      enabled: v.enabled === 'on' ? 1 : 0,
    },
  }
}

/** Uncontrolled fields (defaultValue): a re-render (an error shown, the kind switched) keeps what was typed. */
function CouponForm({ coupon, onDone, onCancel }) {
  const isNew = !coupon
  const [kind, setKind] = useState(coupon?.kind ?? 'amount')
  const action = useAction()
  const submit = (e) => {
    e.preventDefault()
    const { coupon: input, problem } = readCoupon(formValues(e.currentTarget))
    if (problem) return action.setError(problem)
    action.run(async () => {
      const saved = await api.saveCoupon(isNew ? input : { ...input, coupon_id: coupon.coupon_id })
      onDone(`优惠券 ${saved.code} 已${isNew ? '创建' : '保存'}`)
    })
  }
  const percent = kind === 'percent'
  const value = coupon && coupon.kind === kind ? (percent ? String(coupon.value) : yuanInput(coupon.value)) : ''
  return html`<form class="panel" onSubmit=${submit} aria-label=${isNew ? '新建优惠券' : '编辑优惠券'}>
    <h3>${isNew ? '新建优惠券' : `编辑优惠券 ${coupon.code}`}</h3>
    <div class="form-grid">
      <${Field} label="优惠券代码"><input name="code" defaultValue=${coupon?.code ?? ''} maxlength="32" autocomplete="off" /><//>
      <${Field} label="类型">
        <select name="kind" value=${kind} onChange=${(e) => setKind(e.currentTarget.value)}>
          <option value="amount">满减(减固定金额)</option>
          <option value="percent">折扣(按商品金额的百分比)</option>
        </select>
      <//>
      ${
        percent
          ? html`<${Field} label="折扣(%)" key="percent"><input name="value" defaultValue=${value} inputmode="numeric" /><//>
            <${Field} label="最多减免(元,不限填0)"><input name="max_off" defaultValue=${coupon ? yuanInput(coupon.max_off) : '0.00'} inputmode="decimal" /><//>`
          : html`<${Field} label="减免金额(元)" key="amount"><input name="value" defaultValue=${value} inputmode="decimal" /><//>`
      }
      <${Field} label="使用门槛:商品金额满(元)"><input name="min_amount" defaultValue=${coupon ? yuanInput(coupon.min_amount) : '0.00'} inputmode="decimal" /><//>
      <${Field} label="开始时间"><input name="start" type="datetime-local" defaultValue=${localMinute(coupon?.start_time)} /><//>
      <${Field} label="结束时间"><input name="end" type="datetime-local" defaultValue=${localMinute(coupon?.end_time)} /><//>
      <${Field} label="总次数(不限填0)"><input name="total_limit" defaultValue=${coupon?.total_limit ?? 0} inputmode="numeric" /><//>
      <${Field} label="每人次数"><input name="per_user_limit" defaultValue=${coupon?.per_user_limit ?? 1} inputmode="numeric" /><//>
      <label class="check"><input type="checkbox" name="enabled" defaultChecked=${coupon ? coupon.enabled === 1 : true} /> 启用</label>
    </div>
    <p class="muted">优惠只减首付(应付金额),不减额度借款,最多减到0。有效期包含开始和结束的那一分钟。已被使用过的优惠券不能再改代码。</p>
    ${action.error && html`<${Notice} kind="error">${action.error}<//>`}
    <div class="row">
      <button class="primary" disabled=${action.busy}>${isNew ? '创建' : '保存'}</button>
      <button type="button" onClick=${onCancel}>取消</button>
    </div>
  </form>`
}

const usage = (c) => `${c.used} / ${c.total_limit > 0 ? c.total_limit : '不限'}`
const validity = (c) => `${dateTime(c.start_time)} 至 ${dateTime(c.end_time)}`

function CouponRow({ coupon, onEdit, onDone }) {
  const action = useAction()
  const on = coupon.enabled === 1
  const toggle = () =>
    action.run(async () => {
      await api.setCouponEnabled({ coupon_id: coupon.coupon_id, enabled: on ? 0 : 1 })
      onDone(`优惠券 ${coupon.code} 已${on ? '停用' : '启用'}`)
    })
  return html`<tr class=${on ? '' : 'disabled'}>
    <td class="mono">${coupon.code}</td>
    <td>${couponTerms(coupon)}</td>
    <td class="num">${coupon.min_amount > 0 ? yuan(coupon.min_amount) : '无门槛'}</td>
    <td>${validity(coupon)}</td>
    <td class="num">${usage(coupon)}</td>
    <td class="num">${coupon.per_user_limit}</td>
    <td>${on ? html`<span class="badge s2">启用</span>` : html`<span class="badge s4">已停用</span>`}</td>
    <td class="actions-cell">
      <button type="button" class="link" onClick=${() => onEdit(coupon)}>编辑</button>
      <button type="button" class="link" disabled=${action.busy} onClick=${toggle}>${on ? '停用' : '启用'}</button>
      <a href=${href(`/coupons/${coupon.coupon_id}`)}>使用记录</a>
      ${action.error && html`<div class="error-text" role="alert">${action.error}</div>`}
    </td>
  </tr>`
}

export function Coupons({ params }) {
  const page = Math.max(1, Number(params.page) || 1)
  const enabled = params.enabled === '1' || params.enabled === '0' ? params.enabled : ''
  const code = /^[A-Za-z0-9]{1,32}$/.test(params.code ?? '') ? params.code : ''
  const state = useLoad(() => api.coupons({ code, enabled, page, count: PAGE_SIZE }), [code, enabled, page])
  // null: no form; 'new': the create form; a coupon: editing it.
  const [editing, setEditing] = useState(null)
  const [done, setDone] = useState(null)
  const edit = (coupon) => {
    setDone(null)
    setEditing(coupon)
    if (coupon !== 'new') scrollTo(0, 0)
  }
  const changed = (text) => {
    setEditing(null)
    setDone(text)
    state.reload()
  }
  const search = (e) => {
    e.preventDefault()
    navigate('/coupons', { ...formValues(e.currentTarget), page: 1 })
  }

  return html`<h2>优惠券</h2>
    ${done && html`<${Notice} kind="ok">${done}<//>`}
    ${
      editing
        ? html`<${CouponForm} key=${editing === 'new' ? 'new' : editing.coupon_id} coupon=${editing === 'new' ? null : editing} onDone=${changed} onCancel=${() => setEditing(null)} />`
        : html`<form class="filters" onSubmit=${search} key=${`${code}|${enabled}`}>
          <${Field} label="代码(前几位即可)"><input name="code" defaultValue=${code} maxlength="32" /><//>
          <${Field} label="状态">
            <select name="enabled">
              ${[
                ['', '全部'],
                ['1', '启用'],
                ['0', '已停用'],
              ].map(([v, label]) => html`<option value=${v} selected=${v === enabled}>${label}</option>`)}
            </select>
          <//>
          <div class="filter-actions">
            <button class="primary">查询</button>
            <a class="button" href="#/coupons">清空</a>
          </div>
          <div class="grow"></div>
          <button type="button" class="primary" onClick=${() => edit('new')}>新建优惠券</button>
        </form>`
    }
    <${Loaded} state=${state}>
      ${(data) => html`${
        data.coupons.length === 0
          ? html`<${Empty}>没有优惠券<//>`
          : html`<table class="list">
              <thead><tr><th>代码</th><th>优惠</th><th class="num">门槛</th><th>有效期</th><th class="num">已用/总次数</th><th class="num">每人</th><th>状态</th><th></th></tr></thead>
              <tbody>${data.coupons.map((c) => html`<${CouponRow} key=${c.coupon_id} coupon=${c} onEdit=${edit} onDone=${changed} />`)}</tbody>
            </table>`
      }
        <${Pager} pagination=${data.pagination} onPage=${(p) => navigate('/coupons', { code, enabled, page: p })} />`}
    <//>`
}

/** One coupon and the orders that used it, given back (cancelled or expired) or not. */
export function CouponRedemptions({ id, params }) {
  const page = Math.max(1, Number(params.page) || 1)
  const state = useLoad(() => api.couponRedemptions({ coupon_id: id, page, count: PAGE_SIZE }), [id, page])
  return html`<p><a href="#/coupons">← 返回优惠券列表</a></p>
    <${Loaded} state=${state}>
      ${(d) => {
        const c = d.coupon
        return html`<h2>优惠券 ${c.code} 的使用记录</h2>
          <section class="panel">
            <dl>
              <dt>优惠</dt><dd>${couponTerms(c)}${c.min_amount > 0 ? `,商品金额满${yuan(c.min_amount)}可用` : ''}</dd>
              <dt>有效期</dt><dd>${validity(c)}</dd>
              <dt>已用/总次数</dt><dd>${usage(c)},每人${c.per_user_limit}次</dd>
              <dt>状态</dt><dd>${c.enabled === 1 ? '启用' : '已停用'}</dd>
            </dl>
          </section>
          ${
            d.redemptions.length === 0
              ? html`<${Empty}>还没有人使用<//>`
              : html`<table class="list">
                <thead><tr><th>使用时间</th><th>订单</th><th>用户</th><th class="num">减免</th><th>订单状态</th><th>退回</th></tr></thead>
                <tbody>
                  ${d.redemptions.map(
                    (r) => html`<tr class=${r.released ? 'disabled' : ''}>
                      <td>${dateTime(r.create_time)}</td>
                      <td><a class="mono" href=${href(`/orders/${r.order_id}`, { back: `#/coupons/${c.coupon_id}` })}>${r.order_id}</a></td>
                      <td>${r.user_name}<div class="muted">${r.user_mobile} · ID ${r.user_id}</div></td>
                      <td class="num">${yuan(r.discount)}</td>
                      <td>${stateBadge(r.order_state)}</td>
                      <td>${r.released ? `已退回 ${dateTime(r.release_time)}` : '—'}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>`
          }
          <${Pager} pagination=${d.pagination} onPage=${(p) => navigate(`/coupons/${c.coupon_id}`, { page: p })} />`
      }}
    <//>`
}
