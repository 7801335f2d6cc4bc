import { useState } from 'preact/hooks'
import { api } from '../api.js'
import { dateTime, ROLES } from '../format.js'
import { navigate } from '../router.js'
import { Confirm, Empty, Field, formValues, html, Loaded, Notice, Pager, useAction, useLoad } from '../ui.js'

/** The admin API's shortest password. */
const PWD_MIN = 8

/** `preset` is marked in the HTML, so a form reset comes back to it. */
const roleOptions = (preset) =>
  Object.entries(ROLES).map(([v, label]) => html`<option value=${v} selected=${v === preset}>${label}</option>`)

function CreateAdmin({ onDone }) {
  const action = useAction()
  const submit = (e) => {
    e.preventDefault()
    const form = e.currentTarget
    const v = formValues(form)
    if (!v.name) return action.setError('请填写账号')
    if ((v.pwd ?? '').length < PWD_MIN) return action.setError(`密码至少${PWD_MIN}位`)
    if (v.pwd !== v.pwd2) return action.setError('两次输入的密码不一致')
    action.run(async () => {
      await api.createAdmin({ name: v.name, pwd: v.pwd, role: v.role })
      form.reset()
      onDone(`已创建${ROLES[v.role]}账号 ${v.name}`)
    })
  }
  return html`<form class="panel" onSubmit=${submit} aria-label="新建管理员">
    <h3>新建账号</h3>
    <div class="row">
      <${Field} label="账号"><input name="name" maxlength="32" autocomplete="off" /><//>
      <${Field} label="角色"><select name="role">${roleOptions('operator')}</select><//>
      <${Field} label="初始密码"><input name="pwd" type="password" autocomplete="new-password" maxlength="128" /><//>
      <${Field} label="再输一次"><input name="pwd2" type="password" autocomplete="new-password" maxlength="128" /><//>
      <button class="primary" disabled=${action.busy}>创建</button>
    </div>
    ${action.error && html`<${Notice} kind="error">${action.error}<//>`}
  </form>`
}

function ResetPassword({ admin, onDone, onCancel }) {
  const [pwd, setPwd] = useState('')
  const action = useAction()
  const confirm = () => {
    if (pwd.length < PWD_MIN) return action.setError(`密码至少${PWD_MIN}位`)
    action.run(async () => {
      await api.resetAdminPwd({ admin_id: admin.id, new_pwd: pwd })
      onDone(`${admin.name} 的密码已重置,原有登录已失效`)
    })
  }
  return html`<${Confirm} title=${`重置密码:${admin.name}`} busy=${action.busy} error=${action.error} onConfirm=${confirm} onCancel=${onCancel}>
    <${Field} label="新密码"><input type="password" value=${pwd} onInput=${(e) => setPwd(e.currentTarget.value)} autocomplete="new-password" maxlength="128" /><//>
    <p class="muted">重置后该账号已登录的会话全部失效,请把新密码当面告诉本人。</p>
  <//>`
}

function AdminRow({ admin, me, onDone, onResetPwd }) {
  const action = useAction()
  // The select shows the stored role again when a change is refused (the last admin).
  const [role, setShownRole] = useState(admin.role)
  const active = admin.disabled === 0
  const setRole = async (next) => {
    setShownRole(next)
    const saved = await action.run(async () => {
      await api.setAdminRole({ admin_id: admin.id, role: next })
      return true
    })
    if (saved) onDone(`${admin.name} 的角色已改为${ROLES[next]}`)
    else setShownRole(admin.role)
  }
  const toggle = () =>
    action.run(async () => {
      await api.setAdminDisabled({ admin_id: admin.id, disabled: active ? 1 : 0 })
      onDone(`${admin.name} 已${active ? '停用' : '启用'}`)
    })
  return html`<tr class=${active ? '' : 'disabled'}>
    <td>${admin.name}${admin.id === me.id ? html` <span class="muted">(我)</span>` : null}</td>
    <td>
      <select aria-label=${`${admin.name} 的角色`} value=${role} disabled=${action.busy} onChange=${(e) => setRole(e.currentTarget.value)}>${roleOptions()}</select>
    </td>
    <td>${active ? '正常' : '已停用'}</td>
    <td>${dateTime(admin.create_time)}</td>
    <td class="actions-cell">
      <button type="button" class="link" disabled=${action.busy} onClick=${toggle}>${active ? '停用' : '启用'}</button>
      <button type="button" class="link" onClick=${() => onResetPwd(admin)}>重置密码</button>
      ${action.error && html`<div class="error-text" role="alert">${action.error}</div>`}
    </td>
  </tr>`
}

export function Admins({ me, params }) {
  const page = Math.max(1, Number(params.page) || 1)
  const state = useLoad(() => api.admins({ page, count: 20 }), [page])
  const [done, setDone] = useState(null)
  const [resetting, setResetting] = useState(null)
  const changed = (text) => {
    setResetting(null)
    setDone(text)
    state.reload()
  }
  return html`<h2>管理员账号</h2>
    <p class="muted">管理员可以做所有操作;运营只能处理订单(查询、发货、备注、退款)。</p>
    ${done && html`<${Notice} kind="ok">${done}<//>`}
    <${CreateAdmin} onDone=${changed} />
    ${resetting && html`<${ResetPassword} admin=${resetting} onDone=${changed} onCancel=${() => setResetting(null)} />`}
    <${Loaded} state=${state}>
      ${(data) => {
        const admins = data.admins
        return html`${
          admins.length === 0
            ? html`<${Empty} />`
            : html`<table class="list">
              <thead><tr><th>账号</th><th>角色</th><th>状态</th><th>创建时间</th><th></th></tr></thead>
              <tbody>
                ${admins.map((a) => html`<${AdminRow} key=${`${a.id}:${a.role}:${a.disabled}`} admin=${a} me=${me} onDone=${changed} onResetPwd=${setResetting} />`)}
              </tbody>
            </table>`
        }
          <${Pager} pagination=${data.pagination} onPage=${(p) => navigate('/admins', { page: p })} />`
      }}
    <//>`
}
