import { useState } from 'preact/hooks'
import { api } from '../api.js'
import { dateTime } from '../format.js'
import { navigate } from '../router.js'
import { Empty, Field, html, Loaded, Notice, Pager, T, useAction, useForm, useLoad } from '../ui.js'

const PAGE_SIZE = 10

const STATUSES = [
  ['pending', '待审核'],
  ['passed', '已通过'],
  ['rejected', '已驳回'],
  ['all', '全部'],
]
const STATUS_WORDS = Object.fromEntries(STATUSES)

/** "https://img.example.com/a.jpg" → "img.example.com"; '' when it is not a web address. */
function hostOf(src) {
  try {
    const url = new URL(src)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : ''
  } catch {
    return ''
  }
}

/**
 * One side of the ID card. The server says what may load here (`inline`: an upload, or a URL on a
 * host of ID_IMAGE_HOSTS, the shop's own image storage); any other address is only a link the
 * reviewer opens on purpose, so a customer cannot make the reviewer's browser fetch what they like.
 */
function IdImage({ label, src, inline }) {
  let body
  if (inline) {
    body = html`<a href=${inline} target="_blank" rel="noopener noreferrer"><img src=${inline} alt=${label} /></a>`
  } else if (hostOf(src)) {
    body = html`<div class="noimage">
      <span>图片在其他网站,不自动加载</span>
      <a href=${src} target="_blank" rel="noopener noreferrer nofollow">打开图片(<${T}>${hostOf(src)}<//>)</a>
    </div>`
  } else {
    body = html`<div class="noimage">${src ? html`无法显示:<${T}>${src}<//>` : '未上传'}</div>`
  }
  return html`<figure class="idcard">${body}<figcaption>${label}</figcaption></figure>`
}

function Decide({ item, onDone }) {
  const [note, setNote] = useState('')
  const action = useAction()
  const decide = (isPass) => {
    if (!isPass && !note.trim()) return action.setError('驳回时请填写原因,用户会看到它')
    action.run(async () => {
      // version: a submission the customer replaced since this page loaded (even within the same second) is not
      // decided unseen.
      await api.reviewAuth({
        user_id: item.user_id,
        is_pass: isPass ? 1 : 0,
        note: note.trim(),
        version: item.version,
      })
      onDone(html`<${T}>${item.real_name}<//> 的实名认证已${isPass ? '通过' : '驳回'}`)
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
      <strong><${T}>${item.real_name}<//></strong> <span class="mono"><${T}>${item.id_code}<//></span>
      <span class=${`badge auth-${item.status}`}>${STATUS_WORDS[item.status]}</span>
      <div class="muted">用户 <${T}>${item.user_name}<//> · ${item.mobile} · ID ${item.user_id} · 提交于 ${dateTime(item.submit_time)}</div>
    </div>
    <div class="idcards">
      <${IdImage} label="身份证正面" src=${item.id_card_up} inline=${item.id_card_up_inline} />
      <${IdImage} label="身份证反面" src=${item.id_card_down} inline=${item.id_card_down_inline} />
    </div>
    ${item.status === 'pending' ? html`<${Decide} item=${item} onDone=${onDone} />` : html`<p class="muted">审核于 ${dateTime(item.review_time)}${item.note ? html`,备注:<${T}>${item.note}<//>` : ''}</p>`}
  </article>`
}

function Filters({ status, mobile, onSearch }) {
  const form = useForm({ status, u_mobile: mobile })
  const search = (e) => {
    e.preventDefault()
    onSearch()
    navigate('/reviews', { ...form.trimmed(), page: 1 })
  }
  return html`<form class="filters" onSubmit=${search} aria-label="查询实名认证">
    <${Field} label="状态">
      <select ...${form.select('status')}>${STATUSES.map(([v, label]) => html`<option value=${v}>${label}</option>`)}</select>
    <//>
    <${Field} label="手机号(前几位即可)"><input ...${form.text('u_mobile')} maxlength="20" inputmode="tel" /><//>
    <div class="filter-actions"><button class="primary">查询</button></div>
  </form>`
}

export function Reviews({ params }) {
  const page = Math.max(1, Number(params.page) || 1)
  const status = params.status || 'pending'
  const state = useLoad(
    () => api.auths({ status, u_mobile: params.u_mobile, page, count: PAGE_SIZE }),
    [status, params.u_mobile, page],
  )
  const [done, setDone] = useState(null)
  return html`<h2>实名审核</h2>
    <${Filters} status=${status} mobile=${params.u_mobile ?? ''} onSearch=${() => setDone(null)} key=${`${status}|${params.u_mobile ?? ''}`} />
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
