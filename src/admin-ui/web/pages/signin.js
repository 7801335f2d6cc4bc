import { api } from '../api.js'
import { Field, html, Notice, useAction, useForm, useLoad } from '../ui.js'

export function SignIn({ notice, onSignedIn }) {
  const form = useForm({ name: '', pwd: '' })
  const action = useAction()
  const firstRun = useLoad(() => api.firstRun(), [])
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
      ${
        firstRun.data?.has_admin === false &&
        html`<${Notice}>还没有管理员账号。在服务器上运行 <code>npm run admin -- create 账号 --role admin</code>,
        或以 SFM_ADMIN_NAME 和 SFM_ADMIN_PASSWORD 启动一次。<//>`
      }
      <${Field} label="账号"><input ...${form.text('name')} autocomplete="username" autofocus maxlength="64" /><//>
      <${Field} label="密码"><input ...${form.text('pwd')} type="password" autocomplete="current-password" maxlength="128" /><//>
      ${action.error && html`<${Notice} kind="error">${action.error}<//>`}
      <button class="primary" disabled=${action.busy}>${action.busy ? '登录中…' : '登录'}</button>
    </form>
  </div>`
}
