import { api } from '../api.js'
import { Field, html, Notice, useAction, useForm } from '../ui.js'

export function SignIn({ notice, onSignedIn }) {
  const form = useForm({ name: '', pwd: '' })
  const action = useAction()
  const submit = (e) => {
    e.preventDefault()
    const name = form.values.name.trim()
    const { pwd } = form.values
    if (!name || !pwd) return action.setError('请输入账号和密码')
    action.run(async () => {
      await api.signin({ name, pwd })
      onSignedIn(await api.me())
    })
  }
  return html`<div class="signin">
    <form class="card" onSubmit=${submit}>
      <h1>首付买 管理后台</h1>
      ${notice && html`<${Notice}>${notice}<//>`}
      <${Field} label="账号"><input ...${form.text('name')} autocomplete="username" autofocus maxlength="64" /><//>
      <${Field} label="密码"><input ...${form.text('pwd')} type="password" autocomplete="current-password" maxlength="128" /><//>
      ${action.error && html`<${Notice} kind="error">${action.error}<//>`}
      <button class="primary" disabled=${action.busy}>${action.busy ? '登录中…' : '登录'}</button>
    </form>
  </div>`
}
