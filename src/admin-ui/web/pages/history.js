import { amountsText, dateTime } from '../format.js'
import { Empty, html, Scroll, T } from '../ui.js'

/** Who wrote a history row: the admin's account or the customer's user name (isolated), or 系统. */
function Actor({ log }) {
  if (log.actor_type === 'admin') return html`管理员 <${T}>${log.actor_name}<//>`
  if (log.actor_type === 'user') return html`用户 <${T}>${log.actor_name}<//>`
  return '系统'
}

/**
 * An order's or a card's operate log: who did what, when. The words are shown as written
 * (a customer's reason among them, isolated); the money comes from the row's amounts.
 */
export function History({ logs }) {
  if (logs.length === 0) return html`<${Empty}>没有记录<//>`
  return html`<${Scroll}>
    <table class="list history">
      <thead><tr><th>时间</th><th>操作人</th><th>内容</th></tr></thead>
      <tbody>
        ${logs.map(
          (l) => html`<tr>
            <td>${dateTime(l.time)}</td>
            <td><${Actor} log=${l} /></td>
            <td><${T}>${l.text}<//>${l.amounts?.length ? html`<div class="amounts">${amountsText(l.amounts)}</div>` : null}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  <//>`
}
