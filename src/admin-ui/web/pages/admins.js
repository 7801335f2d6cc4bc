import { useEffect, useState } from 'preact/hooks'
import { api } from '../api.js'
import { dateTime, ROLES } from '../format.js'
import { navigate } from '../router.js'
import { Confirm, Empty, Field, html, Loaded, Notice, Pager, Scroll, T, useAction, useForm, useLoad } from '../ui.js'

/** The admin API's shortest password. */
const PWD_MIN = 8

const roleOptions = () => Object.entries(ROLES).map(([v, label]) => html`<option value=${v}>${label}</option>`)

/** What each role may do, as the role change asks it. */
const ROLE_POWERS = {
  admin: '管理员可以做所有操作:调整额度、审核实名、管理商品、优惠券和管理员账号,以及处理订单。',
  operator: '运营只能处理订单(查询、发货、备注、退款)。',
}

// A new account is an operator unless the person picks admin, before every create alike.
const NEW_ACCOUNT = { name: '', role: 'operator', pwd: '', pwd2: '' }

function CreateAdmin({ onDone }) {
  const form = useForm(NEW_ACCOUNT)
  const action = useAction()
  const submit = (e) => {
    e.preventDefault()
    const v = form.trimmed()
    // Passwords are sent as typed: spaces in them are the person's.
    const { pwd, pwd2 } = form.values
    if (!v.name) return action.setError('请填写账号')
    if (pwd.length < PWD_MIN) return action.setError(`密码至少${PWD_MIN}位`)
    if (pwd !== pwd2) return action.setError('两次输入的密码不一致')
    action.run(async () => {
      await api.createAdmin({ name: v.name, pwd, role: v.role })
      form.reset()
      onDone(`已创建${ROLES[v.role]}账号 ${v.name}`)
    })
  }
  return html`<form class="panel" onSubmit=${submit} aria-label="新建管理员">
    <h3>新建账号</h3>
    <div class="row">
      <${Field} label="账号"><input ...${form.text('name')} maxlength="32" autocomplete="off" /><//>
      <${Field} label="角色"><select ...${form.select('role')}>${roleOptions()}</select><//>
      <${Field} label="初始密码"><input ...${form.text('pwd')} type="password" autocomplete="new-password" maxlength="128" /><//>
      <${Field} label="再输一次"><input ...${form.text('pwd2')} type="password" autocomplete="new-password" maxlength="128" /><//>
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

/** Changes an admin's role once the person confirms, after reading what the new role may do. */
function ChangeRole({ admin, role, me, onDone, onCancel }) {
  const action = useAction()
  const confirm = () =>
    action.run(async () => {
      await api.setAdminRole({ admin_id: admin.id, role })
      onDone(`${admin.name} 的角色已改为${ROLES[role]}`)
    })
  return html`<${Confirm} title="确认修改角色" busy=${action.busy} error=${action.error} onConfirm=${confirm} onCancel=${onCancel}>
    <p>把 <strong><${T}>${admin.name}<//></strong> 的角色从${ROLES[admin.role]}改为<strong>${ROLES[role]}</strong>?</p>
    <p>${ROLE_POWERS[role]}</p>
    ${admin.id === me.id && role !== 'admin' ? html`<p class="error-text">这是你自己的账号:改为运营后,你将不能再管理账号。</p>` : null}
  <//>`
}

/** `shownRole`: the stored role, or the one a pending confirmation asks about. */
function AdminRow({ admin, me, shownRole, onDone, onResetPwd, onRole }) {
  const action = useAction()
  const active = admin.disabled === 0
  const toggle = () =>
    action.run(async () => {
      await api.setAdminDisabled({ admin_id: admin.id, disabled: active ? 1 : 0 })
      onDone(`${admin.name} 已${active ? '停用' : '启用'}`)
    })
  return html`<tr class=${active ? '' : 'disabled'}>
    <td><${T}>${admin.name}<//>${admin.id === me.id ? html` <span class="muted">(我)</span>` : null}</td>
    <td>
      <select aria-label=${`${admin.name} 的角色`} value=${shownRole} disabled=${action.busy} onChange=${(e) => onRole(admin, e.currentTarget.value)}>${roleOptions()}</select>
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
  // {admin, role, saved}: a role change waiting for its confirmation, or (saved) for the list to show it.
  const [roleChange, setRoleChange] = useState(null)
  // The reloaded list has the role as it is stored now: nothing to show over it any more.
  useEffect(() => setRoleChange((c) => (c?.saved ? null : c)), [state.data])
  const askRole = (admin, role) => {
    setDone(null)
    if (role !== admin.role) setRoleChange({ admin, role })
  }
  const changed = (text) => {
    setResetting(null)
    setRoleChange((c) => (c ? { ...c, saved: true } : null))
    setDone(text)
    state.reload()
  }
  return html`<h2>管理员账号</h2>
    <p class="muted">管理员可以做所有操作;运营只能处理订单(查询、发货、备注、退款)。</p>
    ${done && html`<${Notice} kind="ok">${done}<//>`}
    <${CreateAdmin} onDone=${changed} />
    ${resetting && html`<${ResetPassword} admin=${resetting} onDone=${changed} onCancel=${() => setResetting(null)} />`}
    ${
      roleChange &&
      !roleChange.saved &&
      html`<${ChangeRole} admin=${roleChange.admin} role=${roleChange.role} me=${me} onDone=${changed} onCancel=${() => setRoleChange(null)} />`
    }
    <${Loaded} state=${state}>
      ${(data) => {
        const admins = data.admins
        return html`${
          admins.length === 0
            ? html`<${Empty} />`
            : html`<${Scroll}><table class="list">
              <thead><tr><th>账号</th><th>角色</th><th>状态</th><th>创建时间</th><th></th></tr></thead>
              <tbody>
                ${admins.map(
                  (a) => html`<${AdminRow}
                    key=${`${a.id}:${a.role}:${a.disabled}`}
                    admin=${a}
                    me=${me}
                    shownRole=${roleChange?.admin.id === a.id ? roleChange.role : a.role}
                    onDone=${changed}
                    onResetPwd=${setResetting}
                    onRole=${askRole}
                  />`,
                )}
              </tbody>
            </table><//>`
        }
          <${Pager} pagination=${data.pagination} onPage=${(p) => navigate('/admins', { page: p })} />`
      }}
    <//>`
}
