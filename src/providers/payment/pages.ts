import type { SandboxCharge } from '../../db/types.ts'
import type { Charge } from './provider.ts'
import { chargeOf, returnUrlOf } from './sandbox.ts'

/**
 * Pages a browser shows. Everything comes from this server (no CDN), so they work offline like the
 * rest of the sandbox: styles and scripts inline, and Ping++'s browser SDK at PINGPP_JS_PATH.
 */

/** Where this server serves Ping++'s official browser SDK (pingpp-js, from npm). */
export const PINGPP_JS_PATH = '/api/static/pingpp.js'

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

const grouped = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 })

/** Fen as the /admin console shows money, "¥1,234.56" (its format.js; a test holds the two equal). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.trunc(fen))
  return `${sign}¥${grouped.format(Math.floor(abs / 100))}.${String(abs % 100).padStart(2, '0')}`
}

const STYLE = `body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:32rem;margin:2rem auto;
padding:0 1rem;color:#222}
h1{font-size:1.4rem}label{display:block;margin:.8rem 0 .2rem}
input[type=text]{width:100%;padding:.4rem;box-sizing:border-box}
button{font-size:1rem;padding:.5rem 1.4rem;margin:.8rem .6rem 0 0;cursor:pointer}
.pay{background:#1677ff;color:#fff;border:0}.fail{background:#fff;color:#c00;border:1px solid #c00}
#result{margin-top:1rem;white-space:pre-wrap;word-break:break-all}.ok{color:#080}.err{color:#c00}
button:disabled{opacity:.5;cursor:default}.back{display:inline-block;margin-top:1rem}
table{border-collapse:collapse}td{padding:.2rem .8rem .2rem 0;word-break:break-all}`

// Shared by both pages: tornado-style XSRF, the token copied from the readable _xsrf cookie into the body.
const POST_JSON = `function cookie(name){var m=document.cookie.match(new RegExp('(?:^|; )'+name+'=([^;]*)'));
return m?decodeURIComponent(m[1]):''}
function postJSON(url,data){data._xsrf=cookie('_xsrf');
return fetch(url,{method:'POST',credentials:'same-origin',headers:{'Content-Type':'application/json'},
body:JSON.stringify(data)}).then(function(r){return r.json()})}
function show(text,cls){var el=document.getElementById('result');el.textContent=text;el.className=cls||''}
function safeUrl(u){return typeof u==='string'&&/^https?:\\/\\//i.test(u)}`

function page(title: string, body: string, script = '', scriptSrc?: string): string {
  const sdk = scriptSrc ? `<script src="${scriptSrc}"></script>` : ''
  const inline = script ? `<script>${POST_JSON}\n${script}</script>` : ''
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${body}${sdk}${inline}</body></html>`
}

/** `/api/static/pay-pc.html`: the original's payment demo, for a signed-in customer. */
export const PAY_DEMO_PAGE = page(
  '首付买 - 支付演示',
  `<h1>首付买 支付演示</h1>
<p id="who"></p>
<label for="order_id">订单号</label><input type="text" id="order_id" autocomplete="off">
<label>支付方式</label>
<label><input type="radio" name="channel" value="alipay_pc_direct" checked> 支付宝电脑网站 (alipay_pc_direct)</label>
<label><input type="radio" name="channel" value="wx_pub_qr"> 微信扫码 (wx_pub_qr)</label>
<label for="success_url">支付成功后返回 (success_url,可留空)</label><input type="text" id="success_url" autocomplete="off">
<button class="pay" id="pay">支付</button>
<div id="result"></div>`,
  `var q=new URLSearchParams(location.search);
if(q.get('order_id'))document.getElementById('order_id').value=q.get('order_id');
if(q.get('result')==='success')show('支付完成,订单 '+(q.get('order_id')||'')+' 的付款结果以订单状态为准。','ok');
var user=cookie('user_name');document.getElementById('who').textContent=user?'当前用户: '+user:'尚未登录: 请先登录再支付。';
function payWithChannel(charge){
  var cred=charge.credential||{};
  if(cred.sandbox&&safeUrl(cred.sandbox.pay_url)){location.href=cred.sandbox.pay_url;return}
  if(cred.wx_pub_qr){show('请用微信扫描此链接生成的二维码完成支付:\\n'+cred.wx_pub_qr,'ok');return}
  if(!window.pingpp){show('支付组件未能加载,请刷新页面重试','err');return}
  // A real charge: Ping++'s SDK opens the channel's payment page (alipay_pc_direct: the cashier).
  pingpp.createPayment(charge,function(result,err){
    if(result==='success')show('支付完成,订单的付款结果以订单状态为准。','ok');
    else if(result==='cancel')show('支付已取消','err');
    else show('支付失败: '+((err&&(err.msg||err.extra))||result),'err')
  })
}
document.getElementById('pay').onclick=function(){
  var orderId=document.getElementById('order_id').value.trim();
  if(!orderId){show('请输入订单号','err');return}
  var channel=document.querySelector('input[name=channel]:checked').value;
  var successUrl=document.getElementById('success_url').value.trim()
    ||location.origin+location.pathname+'?result=success&order_id='+encodeURIComponent(orderId);
  show('正在创建支付…');
  postJSON('/api/order/pay',{pay_params:{order_id:orderId,channel:channel,success_url:successUrl}}).then(function(res){
    if(res.status_code===200&&res.code===0)payWithChannel(res.data);else show('支付失败: '+res.msg+' ('+res.code+')','err')
  }).catch(function(e){show('请求失败: '+e,'err')})
}`,
  PINGPP_JS_PATH,
)

const STATE_TEXT: Record<SandboxCharge['state'], string> = {
  pending: '待支付',
  failed: '上次支付失败,可重试',
  paid: '已支付',
}

const PURPOSE_TEXT: Record<string, string> = {
  order_pay: '订单首付',
  card_pay: '额度卡还款',
  bill_pay: '额度卡账单还款',
}
const CHANNEL_TEXT: Record<string, string> = { alipay_pc_direct: '支付宝电脑网站', wx_pub_qr: '微信扫码' }

/** Where the sandbox shows a charge's outcome. */
export const sandboxResultPath = (chargeId: string) => `/api/sandbox/result?charge_id=${encodeURIComponent(chargeId)}`

/**
 * What a charge pays for, as rows of a table: the shop's order (never the charge's own order_no,
 * which for a repayment is an internal number), what the money is for, and how much.
 */
function chargeRows(charge: Charge): string {
  const orderId = typeof charge.metadata.order_id === 'string' ? charge.metadata.order_id : charge.order_no
  const subject = typeof charge.subject === 'string' ? charge.subject : ''
  const row = (label: string, value: string, id = '') => `<tr><td>${label}</td><td${id}>${escapeHtml(value)}</td></tr>`
  return [
    row('订单号', orderId),
    row('用途', PURPOSE_TEXT[charge.metadata.type] ?? charge.metadata.type),
    row('商品', subject),
    row('金额', yuan(charge.amount)),
    row('支付方式', CHANNEL_TEXT[charge.channel] ?? charge.channel),
    row('支付单', charge.id),
  ].join('\n')
}

const stateText = (row: SandboxCharge) =>
  row.state !== 'paid' && row.closed_at !== null ? '已关闭,不能再支付' : STATE_TEXT[row.state]

/** `/api/sandbox/pay?charge_id=`: the sandbox's stand-in for the channel's cashier page. */
export function sandboxPayPage(row: SandboxCharge): string {
  const charge = chargeOf(row)
  const paid = row.state === 'paid'
  const result = sandboxResultPath(charge.id)
  return page(
    '沙箱支付',
    `<h1>沙箱支付 (测试环境,不会真实扣款)</h1>
<table>
${chargeRows(charge)}
<tr><td>状态</td><td id="state">${stateText(row)}</td></tr>
</table>
<div id="charge" data-id="${escapeHtml(charge.id)}" data-result="${escapeHtml(result)}"></div>
<button class="pay" id="succeeded"${paid ? ' disabled' : ''}>支付</button><button class="fail" id="failed"${paid ? ' disabled' : ''}>失败</button>
<div id="result">${paid ? `已支付。<a href="${escapeHtml(result)}">查看支付结果</a>` : ''}</div>`,
    `var box=document.getElementById('charge'),chargeId=box.dataset.id,resultUrl=box.dataset.result;
var buttons=[document.getElementById('succeeded'),document.getElementById('failed')];
// One press at a time; after paying they stay off, and the result page takes over.
function busy(on){buttons.forEach(function(b){b.disabled=on})}
function complete(outcome){
  busy(true);show('处理中…');
  postJSON('/api/sandbox/complete',{charge_id:chargeId,outcome:outcome}).then(function(res){
    if(res.code!==0){show('失败: '+res.msg+' ('+res.code+')','err');busy(false);return}
    if(!res.data.paid){
      document.getElementById('state').textContent='${STATE_TEXT.failed}';
      show('支付失败(模拟)。可以再次支付。','err');busy(false);return
    }
    document.getElementById('state').textContent='${STATE_TEXT.paid}';
    show('支付成功,正在打开支付结果…','ok');location.href=resultUrl
  }).catch(function(e){show('请求失败: '+e,'err');busy(false)})
}
buttons[0].onclick=function(){complete('succeeded')};
buttons[1].onclick=function(){complete('failed')};`,
  )
}

/** Only an http(s) address goes into a link, as the shop's pages gave it (checked by the payment API). */
const isWebAddress = (url: string) => /^https?:\/\//i.test(url)

/**
 * `/api/sandbox/result?charge_id=`: the sandbox's own page for what became of a charge, read from
 * the database (a reload shows the same). The shop's `success_url` is a link the customer follows,
 * not a redirect: whatever it is (a page, or an API path answering JSON), it is not where the
 * payment's outcome is told.
 */
export function sandboxResultPage(row: SandboxCharge): string {
  const charge = chargeOf(row)
  const back = returnUrlOf(charge)
  const paid = row.state === 'paid'
  const heading = paid ? '<h1 class="ok">支付成功</h1>' : '<h1>尚未支付</h1>'
  return page(
    paid ? '支付成功' : '尚未支付',
    `${heading}
<p>沙箱支付 (测试环境,不会真实扣款)</p>
<table>
${chargeRows(charge)}
<tr><td>状态</td><td id="state">${STATE_TEXT[row.state]}</td></tr>
${paid ? `<tr><td>交易号</td><td>${escapeHtml(row.transaction_no ?? '')}</td></tr><tr><td>支付时间</td><td id="paid-at" data-time="${row.time_paid ?? ''}"></td></tr>` : ''}
</table>
${paid ? '' : `<p><a class="back" href="/api/sandbox/pay?charge_id=${encodeURIComponent(charge.id)}">回到支付页</a></p>`}
${isWebAddress(back) ? `<p><a class="back" id="back" href="${escapeHtml(back)}">返回商户页面</a></p>` : ''}`,
    // The time in the browser's own time zone, written as the console writes times.
    `var at=document.getElementById('paid-at');
if(at&&at.dataset.time){var d=new Date(Number(at.dataset.time)*1000),p=function(n){return String(n).padStart(2,'0')};
at.textContent=d.getFullYear()+'-'+p(d.getMonth()+1)+'-'+p(d.getDate())+' '+p(d.getHours())+':'+p(d.getMinutes())+':'+p(d.getSeconds())}`,
  )
}

export const SANDBOX_NOT_FOUND_PAGE = page(
  '支付单不存在',
  '<h1>支付单不存在</h1><p>这个支付单不存在或已被清理。请回到商户页面重新发起支付。</p>',
)
