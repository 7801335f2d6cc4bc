import { api } from '../api.js'
import { href } from '../router.js'
import { Empty, html, Notice, Scroll, T, useAction } from '../ui.js'
import { useState } from 'preact/hooks'

/** The warehouse's file: order_id,logistics,logistics_id per line, a header line allowed. */
const EXAMPLE = 'order_id,logistics,logistics_id\n1764000000000123,顺丰速运,SF1234567890'

const codeBadge = (code) =>
  code === 0
    ? html`<span class="badge s2">已发货</span>`
    : code === 511
      ? html`<span class="badge s3">已发过</span>`
      : html`<span class="badge s4">失败 ${code}</span>`

/** Bulk ship: upload a file (or paste its lines), then read each row's result. */
export function Ship() {
  const [text, setText] = useState('')
  const [file, setFile] = useState(null)
  const [result, setResult] = useState(null)
  const action = useAction()
  const send = (e) => {
    e.preventDefault()
    const body = file ?? new File([text], 'pasted.csv', { type: 'text/csv' })
    action.run(async () => setResult(await api.bulkShip(body)))
  }
  return html`<h2>批量发货</h2>
    <p class="muted">上传仓库导出的 CSV(UTF-8):每行 <code>订单号,物流公司,运单号</code>,第一行可以是表头,一次最多 5 000 行。每行单独发货并短信通知用户;出错的行不影响其他行;同一个文件再传一次不会重复发货。</p>
    <form class="ship-form" onSubmit=${send} aria-label="批量发货">
      <p><label>CSV 文件 <input type="file" accept=".csv,text/csv" onChange=${(e) => setFile(e.target.files[0] ?? null)} /></label></p>
      <p><label>或直接粘贴:<textarea placeholder=${EXAMPLE} value=${text} onInput=${(e) => setText(e.target.value)} disabled=${file !== null}></textarea></label></p>
      <button class="primary" disabled=${action.busy || (!file && !text.trim())}>${action.busy ? '发货中…' : '发货'}</button>
    </form>
    ${action.error && html`<${Notice} kind="error">${action.error}<//>`}
    ${
      result &&
      html`<${Notice} kind=${result.failed ? 'error' : 'info'}>本次发货 ${result.shipped} 单;已发过(未重复发货)${result.already} 单;失败 ${result.failed} 行。<//>
        ${
          result.rows.length === 0
            ? html`<${Empty} />`
            : html`<${Scroll}><table class="list">
            <thead><tr><th class="num">行</th><th>订单号</th><th>结果</th><th>说明</th></tr></thead>
            <tbody>
              ${result.rows.map(
                (r) => html`<tr>
                  <td class="num">${r.line}</td>
                  <td>${/^\d+$/.test(r.order_id) ? html`<a href=${href(`/orders/${r.order_id}`)}>${r.order_id}</a>` : html`<${T}>${r.order_id}<//>`}</td>
                  <td>${codeBadge(r.code)}</td>
                  <td><${T}>${r.msg}<//></td>
                </tr>`,
              )}
            </tbody>
          </table><//>`
        }`
    }`
}
