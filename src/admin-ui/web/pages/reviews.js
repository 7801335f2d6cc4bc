import { useState } from 'preact/hooks'
import { api } from '../api.js'
import { dateTime } from '../format.js'
import { navigate } from '../router.js'
import { Empty, html, Loaded, Notice, Pager, useAction, useLoad } from '../ui.js'

const PAGE_SIZE = 10

/** id_card_* are image URLs or upload ids (SPEC §4): a picture when it is a web address, else the id. */
function IdImage({ label, src }) {
  const isUrl = typeof src === 'string' && /^(https?:\/\/|\/)/i.test(src)
  return html`<figure class="idcard">
    ${isUrl ? html`<a href=${src} target="_blank" rel="noopener noreferrer"><img src=${src} alt=${label} /></a>` : html`<div class="noimage">${src ? `上传编号 ${src}` : '未上传'}</div>`}
    <figcaption>${label}</figcaption>
  </figure>`
}

function Review({ item, onDone }) {
  const [note, setNote] = useState('')
  const action = useAction()
  const decide = (isPass) => {
    if (!isPass && !note.trim()) return action.setError('驳回时请填写原因,用户会看到它')
    action.run(async () => {
      await api.reviewAuth({ user_id: item.user_id, is_pass: isPass ? 1 : 0, note: note.trim() })
      onDone(`${item.real_name} 的实名认证已${isPass ? '通过' : '驳回'}`)
    })
  }
  return html`<article class="panel review" aria-label=${`实名认证 ${item.real_name}`}>
    <div class="review-head">
      <div>
        <strong>${item.real_name}</strong> <span class="mono">${item.id_code}</span>
        <div class="muted">用户 ${item.user_name ?? ''} · ${item.mobile ?? ''} · ID ${item.user_id} · 提交于 ${dateTime(item.submit_time)}</div>
      </div>
    </div>
    <div class="idcards">
      <${IdImage} label="身份证正面" src=${item.id_card_up} />
      <${IdImage} label="身份证反面" src=${item.id_card_down} />
    </div>
    <div class="row">
      <input class="grow" placeholder="备注(驳回时必填,用户可见)" value=${note} onInput=${(e) => setNote(e.currentTarget.value)} maxlength="200" aria-label="备注" />
      <button type="button" class="primary" disabled=${action.busy} onClick=${() => decide(true)}>通过</button>
      <button type="button" class="danger" disabled=${action.busy} onClick=${() => decide(false)}>驳回</button>
    </div>
    ${action.error && html`<${Notice} kind="error">${action.error}<//>`}
  </article>`
}

export function Reviews({ params }) {
  const page = Math.max(1, Number(params.page) || 1)
  const state = useLoad(() => api.pendingAuths({ page, count: PAGE_SIZE }), [page])
  const [done, setDone] = useState(null)
  return html`<h2>实名审核</h2>
    <p class="muted">待审核的实名认证,最早提交的在前。</p>
    ${done && html`<${Notice} kind="ok">${done}<//>`}
    <${Loaded} state=${state}>
      ${(data) => {
        const items = data.auths ?? data.list ?? []
        return html`${
          items.length === 0
            ? html`<${Empty}>没有待审核的实名认证<//>`
            : items.map(
                (item) => html`<${Review}
                  key=${`${item.user_id}:${item.submit_time}`}
                  item=${item}
                  onDone=${(text) => {
                    setDone(text)
                    state.reload()
                  }}
                />`,
              )
        }
          <${Pager} pagination=${data.pagination} onPage=${(p) => navigate('/reviews', { page: p })} />`
      }}
    <//>`
}
