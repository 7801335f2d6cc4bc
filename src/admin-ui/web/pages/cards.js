import { useState } from 'preact/hooks'
import { api, exportUrl } from '../api.js'
import { dateTime, dayEnd, dayStart, parseYuan, yuan } from '../format.js'
import { href, navigate } from '../router.js'
import { Confirm, Empty, Field, html, Loaded, Notice, Pager, Scroll, T, useAction, useForm, useLoad } from '../ui.js'
import { Debts, OVERDUE_BUCKETS } from './card-debts.js'
import { History } from './history.js'

const PAGE_SIZE = 20
const FILTERS = ['u_name', 'u_mobile', 'channel', 'from', 'to', 'overdue']

function Filters({ params }) {
  const form = useForm(Object.fromEntries(FILTERS.map((k) => [k, params[k] ?? ''])))
  const search = (e) => {
    e.preventDefault()
    navigate('/cards', { ...form.trimmed(), page: 1 })
  }
  return html`<form class="filters" onSubmit=${search} aria-label="查询额度卡">
    <${Field} label="用户名(前几个字即可)"><input ...${form.text('u_name')} maxlength="32" /><//>
    <${Field} label="手机号(前几位即可)"><input ...${form.text('u_mobile')} maxlength="20" inputmode="tel" /><//>
    <${Field} label="渠道"><input ...${form.text('channel')} maxlength="32" placeholder="sfm" /><//>
    <${Field} label="更新日期从"><input ...${form.text('from')} type="date" /><//>
    <${Field} label="到"><input ...${form.text('to')} type="date" /><//>
    <${Field} label="逾期">
      <select ...${form.select('overdue')}>
        ${OVERDUE_BUCKETS.map(([value, label]) => html`<option value=${value}>${label}</option>`)}
      </select>
    <//>
    <div class="filter-actions">
      <button class="primary">查询</button>
      <a class="button" href="#/cards">清空</a>
    </div>
  </form>`
}

export function Cards({ params }) {
  const page = Math.max(1, Number(params.page) || 1)
  const filters = {
    u_name: params.u_name,
    u_mobile: params.u_mobile,
    channel: params.channel,
    update_time_st: dayStart(params.from),
    update_time_ed: dayEnd(params.to),
    overdue: params.overdue,
  }
  const state = useLoad(() => api.cards({ ...filters, page, count: PAGE_SIZE }), [JSON.stringify(params)])
  const key = FILTERS.map((k) => params[k] ?? '').join('|')

  return html`<div class="title-row">
      <h2>额度卡</h2>
      <a class="button" href=${exportUrl('/api/credit_card/export', filters)} download>导出 CSV(当前筛选)</a>
    </div>
    <${Filters} params=${params} key=${key} />
    <${Loaded} state=${state}>
      ${(data) => html`${
        data.credit_cards.length === 0
          ? html`<${Empty} />`
          : html`<${Scroll}><table class="list">
              <thead><tr><th>卡号</th><th>用户</th><th>渠道</th><th class="num">额度</th><th class="num">可用额度</th><th class="num">已用</th><th class="num">欠款本金</th><th class="num">逾期费</th><th class="num">逾期天数</th><th>更新时间</th></tr></thead>
              <tbody>
                ${data.credit_cards.map(
                  (c) => html`<tr>
                    <td><a class="mono" href=${href(`/cards/${c.card_id}`)}>${c.card_id}</a></td>
                    <td><${T}>${c.user_name}<//><div class="muted">${c.mobile} · ID ${c.user_id}</div></td>
                    <td><${T}>${c.channel}<//></td>
                    <td class="num">${yuan(c.amount)}</td>
                    <td class="num">${yuan(c.remain_amount)}</td>
                    <td class="num">${yuan(c.amount - c.remain_amount)}</td>
                    <td class="num">${yuan(c.owed_principal)}</td>
                    <td class="num">${yuan(c.owed_fee)}</td>
                    <td class="num">${c.max_overdue_days}</td>
                    <td>${dateTime(c.update_time)}</td>
                  </tr>`,
                )}
              </tbody>
            </table><//>`
      }
        <${Pager} pagination=${data.pagination} onPage=${(p) => navigate('/cards', { ...params, page: p })} />`}
    <//>`
}

/** What the change does to the card, in words: both the limit and the remaining credit move by it. */
const afterChange = (card, inc) =>
  html`额度 ${yuan(card.amount)} → <strong>${yuan(card.amount + inc)}</strong>,可用 ${yuan(card.remain_amount)} → <strong>${yuan(card.remain_amount + inc)}</strong>`

/**
 * Raises or lowers a card's limit after a confirmation that shows the result. Credit already
 * lent stays lent: the remaining credit cannot go below 0, so a lowering is at most what remains.
 */
function ChangeLimit({ card, onDone }) {
  const [text, setText] = useState('')
  const [asking, setAsking] = useState(false)
  const action = useAction()
  const inc = parseYuan(text, { negative: true })
  const start = (e) => {
    e.preventDefault()
    if (inc === null || inc === 0) return action.setError('请输入要增加(正数)或减少(负数)的金额,单位元,最多两位小数')
    if (card.remain_amount + inc < 0) {
      return action.setError(
        `可用额度只有 ${yuan(card.remain_amount)},最多减少 ${yuan(card.remain_amount)}:已借出的 ${yuan(card.amount - card.remain_amount)} 要等还款后才能减少`,
      )
    }
    action.setError(null)
    setAsking(true)
  }
  const confirm = () =>
    action.run(async () => {
      const changed = await api.changeLimit({ card_id: card.card_id, inc_amount: inc })
      setAsking(false)
      setText('')
      onDone(
        `额度已${inc > 0 ? '提高' : '降低'} ${yuan(Math.abs(inc))}:现在额度 ${yuan(changed.amount)},可用 ${yuan(changed.remain_amount)}`,
      )
    })
  return html`<form class="panel" onSubmit=${start} aria-label="调整额度">
    <h3>调整额度</h3>
    <div class="row">
      <${Field} label="增加金额(元,减少填负数)">
        <input name="inc_amount" value=${text} onInput=${(e) => setText(e.currentTarget.value)} inputmode="decimal" maxlength="16" />
      <//>
      <button class="primary" disabled=${action.busy}>调整…</button>
    </div>
    ${inc !== null && inc !== 0 ? html`<p class="muted">调整后:${afterChange(card, inc)}</p>` : null}
    ${!asking && action.error && html`<${Notice} kind="error">${action.error}<//>`}
    ${
      asking &&
      html`<${Confirm}
        title=${inc > 0 ? '确认提高额度' : '确认降低额度'}
        confirmText=${inc > 0 ? '确认提高' : '确认降低'}
        busy=${action.busy}
        error=${action.error}
        onConfirm=${confirm}
        onCancel=${() => setAsking(false)}
      >
        <p>额度卡 <span class="mono">${card.card_id}</span> ${inc > 0 ? '提高' : '降低'} <strong>${yuan(Math.abs(inc))}</strong>。</p>
        <p>${afterChange(card, inc)}</p>
        <p class="muted">用户立即可以按新的可用额度下单。</p>
      <//>`
    }
  </form>`
}

export function CardDetail({ id, params }) {
  const page = Math.max(1, Number(params.page) || 1)
  const state = useLoad(() => api.card({ card_id: id, page, count: PAGE_SIZE }), [id, page])
  const [done, setDone] = useState(null)

  return html`<p><a href="#/cards">← 返回额度卡列表</a></p>
    <${Loaded} state=${state}>
      ${(d) => {
        const card = d.card_info
        const user = d.user_info
        const orders = d.card_order_infos
        const logs = d.card_log_infos
        return html`<h2>额度卡 <span class="mono">${card.card_id}</span></h2>
          ${done && html`<${Notice} kind="ok">${done}<//>`}
          <div class="grid">
            <section class="panel">
              <h3>额度</h3>
              <dl>
                <dt>额度</dt><dd class="amount">${yuan(card.amount)}</dd>
                <dt>可用额度</dt><dd class="remain">${yuan(card.remain_amount)}</dd>
                <dt>已用</dt><dd>${yuan(card.amount - card.remain_amount)}</dd>
                <dt>渠道</dt><dd><${T}>${card.channel}<//></dd>
                <dt>更新时间</dt><dd>${dateTime(card.update_time)}</dd>
              </dl>
            </section>
            <section class="panel">
              <h3>用户</h3>
              <dl>
                <dt>用户名</dt><dd><${T}>${user.user_name}<//></dd>
                <dt>手机</dt><dd>${user.mobile}</dd>
                <dt>用户ID</dt><dd>${user.id}</dd>
                <dt>注册时间</dt><dd>${dateTime(user.register_dt)}</dd>
              </dl>
            </section>
          </div>
          <${ChangeLimit}
            card=${card}
            onDone=${(text) => {
              setDone(text)
              state.reload()
            }}
          />
          <h3>借款订单</h3>
          <${Debts}
            orders=${orders}
            onDone=${(text) => {
              setDone(text)
              state.reload()
            }}
          />
          ${orders.length > 0 && html`<${Pager} pagination=${d.card_order_pagination} onPage=${(p) => navigate(`/cards/${encodeURIComponent(id)}`, { page: p })} />`}
          <h3>额度记录</h3>
          <${History} logs=${logs} />`
      }}
    <//>`
}
