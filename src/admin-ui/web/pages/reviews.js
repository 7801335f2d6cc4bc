import { useState } from 'preact/hooks'
import { api } from '../api.js'
import { dateTime } from '../format.js'
import { navigate } from '../router.js'
import { Empty, Field, formValues, html, Loaded, Notice, Pager, useAction, useLoad } from '../ui.js'

const PAGE_SIZE = 10

const STATUSES = [
  ['pending', '待审核'],
  ['passed', '已通过'],
  ['rejected', '已驳回'],
  ['all', '全部'],
]
const STATUS_WORDS = Object.fromEntries(STATUSES)

/** id_card_* are image URLs or upload ids: a picture when it is a web address, else the id. */
function IdImage({ label, src }) {
  const isUrl = typeof src === 'string' && /^(https?:\/\/|\/)/i.test(src)
  return html`<figure class="idcard">
    ${isUrl ? html`<a href=${src} target="_blank" rel="noopener noreferrer"><img src=${src} alt=${label} /></a>` : html`<div class="noimage">${src ? `上传编号 ${src}` : '未上传'}</div>`}
    <figcaption>${label}</figcaption>
  </figure>`
}

function Decide({ item, onDone }) {
  const [note, setNote] = useState('')
  const action = useAction()
  const decide = (isPass) => {
    if (!isPass && !note.trim()) return action.setError('驳回时请填写原因,用户会看到它')
    action.run(async () => {
      // submit_time: a submission the customer replaced since this page loaded is not decided unseen.
      await api.reviewAuth({
        user_id: item.user_id,
        is_pass: isPass ? 1 : 0,
        note: note.trim(),
        submit_time: item.submit_time,
      })
      onDone(`${item.real_name} 的实名认证已${isPass ? '通过' : '驳回'}`)
    })
  }
  return html`<div class="row">
      <input class="grow" placeholder="备注(驳回时必填,用户可见)" value=${note} onInput=${(e) => setNote(e.currentTarget.value)} maxlength="500" aria-label="备注" />
      <button type="button" class="primary" disabled=${action.busy} onClick=${() => decide(true)}>通过</button>
      <button type="button" class="danger" disabled=${action.busy} onClick=${() => decide(false)}>驳回</button>
    </div>
    ${action.error && html`<${Notice} kind="error">${action.error}<//>`}`
}

function Review({ item, onDone }) {
  return html`<article class="panel review" aria-label=${`实名认证 ${item.real_name}`}>
    <div>
      <strong>${item.real_name}</strong> <span class="mono">${item.id_code}</span>
      <span class=${`badge auth-${item.status}`}>${STATUS_WORDS[item.status]}</span>
      <div class="muted">用户 ${item.user_name} · ${item.mobile} · ID ${item.user_id} · 提交于 ${dateTime(item.submit_time)}</div>
    </div>
    <div class="idcards">
      <${IdImage} label="身份证正面" src=${item.id_card_up} />
      <${IdImage} label="身份证反面" src=${item.id_card_down} />
    </div>
    ${item.status === 'pending' ? html`<${Decide} item=${item} onDone=${onDone} />` : html`<p class="muted">审核于 ${dateTime(item.review_time)}${item.note ? `,备注:${item.note}` : ''}</p>`}
  </article>`
}

export function Reviews({ params }) {
  const page = Math.max(1, Number(params.page) || 1)
  const status = params.status || 'pending'
  const state = useLoad(
    () => api.auths({ status, u_mobile: params.u_mobile, page, count: PAGE_SIZE }),
    [status, params.u_mobile, page],
  )
  const [done, setDone] = useState(null)
  const search = (e) => {
    e.preventDefault()
    setDone(null)
    navigate('/reviews', { ...formValues(e.currentTarget), page: 1 })
  }
  return html`<h2>实名审核</h2>
    <form class="filters" onSubmit=${search} key=${`${status}|${params.u_mobile ?? ''}`}>
      <${Field} label="状态">
        <select name="status">${STATUSES.map(([v, label]) => html`<option value=${v} selected=${v === status}>${label}</option>`)}</select>
      <//>
      <${Field} label="手机号(前几位即可)"><input name="u_mobile" defaultValue=${params.u_mobile ?? ''} maxlength="20" inputmode="tel" /><//>
      <div class="filter-actions"><button class="primary">查询</button></div>
    </form>
    <p class="muted">最新提交的在前。</p>
    ${done && html`<${Notice} kind="ok">${done}<//>`}
    <${Loaded} state=${state}>
      ${(data) =>
        html`${
          data.auths.length === 0
            ? html`<${Empty}>没有${status === 'all' ? '' : STATUS_WORDS[status]}的实名认证<//>`
            : data.auths.map(
                (item) =>
                  html`<${Review}
                  key=${`${item.user_id}:${item.submit_time}`}
                  item=${item}
                  onDone=${(text) => {
                    setDone(text)
                    state.reload()
                  }}
                />`,
              )
        }
          <${Pager} pagination=${data.pagination} onPage=${(p) => navigate('/reviews', { status, u_mobile: params.u_mobile, page: p })} />`}
    <//>`
}
