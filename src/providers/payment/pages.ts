import type { SandboxCharge } from '../../db/types.ts'
import { chargeOf } from './sandbox.ts'

/**
 * Pages a browser shows. Everything comes from this server (no CDN), so they work offline like the
 * rest of the sandbox: styles and scripts inline, and Ping++'s browser SDK at PINGPP_JS_PATH.
 */

/** Where this server serves Ping++'s official browser SDK (pingpp-js, from npm). */
export const PINGPP_JS_PATH = '/api/static/pingpp.js'

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

const yuan = (fen: number) => (fen / 100).toFixed(2)

const STYLE = `body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:32rem;margin:2rem auto;
padding:0 1rem;color:#222}
h1{font-size:1.4rem}label{display:block;margin:.8rem 0 .2rem}
input[type=text]{width:100%;padding:.4rem;box-sizing:border-box}
button{font-size:1rem;padding:.5rem 1.4rem;margin:.8rem .6rem 0 0;cursor:pointer}
.pay{background:#1677ff;color:#fff;border:0}.fail{background:#fff;color:#c00;border:1px solid #c00}
#result{margin-top:1rem;white-space:pre-wrap;word-break:break-all}.ok{color:#080}.err{color:#c00}
table{border-collapse:collapse}td{padding:.2rem .8rem .2rem 0}`

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

/** `/api/sandbox/pay?charge_id=`: the sandbox's stand-in for the channel's cashier page. */
export function sandboxPayPage(row: SandboxCharge): string {
  const charge = chargeOf(row)
  const successUrl = typeof charge.extra.success_url === 'string' ? charge.extra.success_url : ''
  const subject = typeof charge.subject === 'string' ? charge.subject : ''
  return page(
    '沙箱支付',
    `<h1>沙箱支付 (测试环境,不会真实扣款)</h1>
<table>
<tr><td>订单号</td><td>${escapeHtml(charge.order_no)}</td></tr>
<tr><td>商品</td><td>${escapeHtml(subject)}</td></tr>
<tr><td>金额</td><td>¥${yuan(charge.amount)}</td></tr>
<tr><td>支付方式</td><td>${escapeHtml(charge.channel)}</td></tr>
<tr><td>支付单</td><td>${escapeHtml(charge.id)}</td></tr>
<tr><td>状态</td><td id="state">${STATE_TEXT[row.state]}</td></tr>
</table>
<div id="charge" data-id="${escapeHtml(charge.id)}" data-success-url="${escapeHtml(successUrl)}"></div>
<button class="pay" id="succeeded">支付</button><button class="fail" id="failed">失败</button>
<div id="result"></div>`,
    `var box=document.getElementById('charge'),chargeId=box.dataset.id,successUrl=box.dataset.successUrl;
function complete(outcome){
  show('处理中…');
  postJSON('/api/sandbox/complete',{charge_id:chargeId,outcome:outcome}).then(function(res){
    if(res.code!==0){show('失败: '+res.msg+' ('+res.code+')','err');return}
    if(!res.data.paid){
      document.getElementById('state').textContent='${STATE_TEXT.failed}';show('支付失败(模拟)。可以再次支付。','err');return
    }
    document.getElementById('state').textContent='${STATE_TEXT.paid}';
    if(safeUrl(successUrl)){show('支付成功,正在返回商户页面…','ok');location.href=successUrl}
    else show('支付成功。'+(successUrl?'\\n返回地址: '+successUrl:''),'ok')
  }).catch(function(e){show('请求失败: '+e,'err')})
}
document.getElementById('succeeded').onclick=function(){complete('succeeded')};
document.getElementById('failed').onclick=function(){complete('failed')};`,
  )
}

export const SANDBOX_NOT_FOUND_PAGE = page(
  '支付单不存在',
  '<h1>支付单不存在</h1><p>这个支付单不存在或已被清理。请回到商户页面重新发起支付。</p>',
)
