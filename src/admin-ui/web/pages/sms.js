import { api } from '../api.js'
import { dateTime } from '../format.js'
import { navigate } from '../router.js'
import { Empty, Field, html, Loaded, Notice, Pager, Scroll, T, useForm, useLoad } from '../ui.js'

const PAGE_SIZE = 20
const STATES = [
  ['all', '全部'],
  ['open', '待发送'],
  ['failed', '发送失败'],
  ['sent', '已发送'],
]
const STATE_WORDS = { queued: '排队中', sending: '发送中', sent: '已发送', failed: '失败' }
const STATE_CLASS = { queued: 's0', sending: 's99', sent: 's2', failed: 's4' }

function Filters({ params }) {
  const form = useForm({ state: params.state || 'all', u_mobile: params.u_mobile ?? '' })
  const search = (e) => {
    e.preventDefault()
    navigate('/sms', { ...form.trimmed(), page: 1 })
  }
  return html`<form class="filters" onSubmit=${search} aria-label="查询短信">
    <${Field} label="状态">
      <select ...${form.select('state')}>${STATES.map(([v, label]) => html`<option value=${v}>${label}</option>`)}</select>
    <//>
    <${Field} label="手机号(前几位即可)"><input ...${form.text('u_mobile')} maxlength="20" inputmode="tel" /><//>
    <div class="filter-actions"><button class="primary">查询</button></div>
  </form>`
}

/** The outbox: every text message but verification codes, what was sent, what waits and why one failed. */
export function Sms({ params }) {
  const page = Math.max(1, Number(params.page) || 1)
  const problem = params.u_mobile && !/^\d+$/.test(params.u_mobile) ? '手机号只能包含数字' : null
  const loaded = useLoad(
    () =>
      problem
        ? Promise.resolve(null)
        : api.smsList({ state: params.state || 'all', u_mobile: params.u_mobile, page, count: PAGE_SIZE }),
    [JSON.stringify(params)],
  )
  return html`<h2>短信</h2>
    <${Filters} params=${params} key=${`${params.state}|${params.u_mobile}`} />
    <p class="muted">短信由后台任务发送,失败会自动重试;验证码不在这里。</p>
    ${
      problem
        ? html`<${Notice} kind="error">${problem}<//>`
        : html`<${Loaded} state=${loaded}>
          ${(data) => html`${
            data.messages.length === 0
              ? html`<${Empty} />`
              : html`<${Scroll}><table class="list">
                <thead><tr><th>时间</th><th>手机号</th><th>内容</th><th>状态</th><th class="num">尝试</th><th>错误</th><th>发送时间</th></tr></thead>
                <tbody>
                  ${data.messages.map(
                    (m) => html`<tr>
                      <td>${dateTime(m.create_time)}</td>
                      <td>${m.mobile}</td>
                      <td><${T}>${m.text || m.template}<//></td>
                      <td><span class=${`badge ${STATE_CLASS[m.state] ?? ''}`}>${STATE_WORDS[m.state] ?? m.state}</span></td>
                      <td class="num">${m.attempts}</td>
                      <td class="error-text"><${T}>${m.last_error}<//></td>
                      <td>${dateTime(m.finish_time)}</td>
                    </tr>`,
                  )}
                </tbody>
              </table><//>`
          }
            <${Pager} pagination=${data.pagination} onPage=${(p) => navigate('/sms', { ...params, page: p })} />`}
        <//>`
    }`
}
