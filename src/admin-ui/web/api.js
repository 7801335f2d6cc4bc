// Every call the console makes, in one place. Reads are GETs with a query string; writes are JSON
// POSTs carrying the _xsrf cookie's value in X-XSRFToken (the server's double-submit check).

/** An answer that is not success: `message` is the envelope's msg, the words a person reads. */
export class ApiError extends Error {
  constructor(message, status, code) {
    super(message)
    this.status = status
    this.code = code
  }
}

function cookie(name) {
  const m = document.cookie.match(new RegExp(`(?:^|; )${name}=([^;]*)`))
  return m ? decodeURIComponent(m[1]) : ''
}

/** Leaves out empty filters, so "not given" is never sent as "". */
function query(params) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? `?${s}` : ''
}

/** Anyone may listen: the console goes back to its sign-in page when a session ends. */
export const sessionEvents = new EventTarget()

async function call(path, params, write) {
  let res
  try {
    res = write
      ? await fetch(path, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'X-XSRFToken': cookie('_xsrf') },
          body: JSON.stringify(params),
        })
      : await fetch(path + query(params), { credentials: 'same-origin' })
  } catch {
    throw new ApiError('无法连接服务器,请检查网络后重试', 0, 0)
  }
  let body
  try {
    body = await res.json()
  } catch {
    throw new ApiError(`服务器返回了无法识别的内容(HTTP ${res.status})`, res.status, 0)
  }
  if (res.status === 401) sessionEvents.dispatchEvent(new Event('signed-out'))
  if (res.status !== 200 || body.code !== 0) throw new ApiError(body.msg || '操作失败', res.status, body.code)
  return body.data
}

const read =
  (path) =>
  (params = {}) =>
    call(path, params, false)
const write =
  (path) =>
  (params = {}) =>
    call(path, params, true)

/** The link that downloads an export with these filters (the browser sends the session cookie). */
export const exportUrl = (path, params) => path + query(params)

/** A file sent as a multipart upload, with the XSRF header as every write has. */
const upload = (path) => async (file) => {
  const body = new FormData()
  body.append('file', file)
  let res
  try {
    res = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-XSRFToken': cookie('_xsrf') },
      body,
    })
  } catch {
    throw new ApiError('无法连接服务器,请检查网络后重试', 0, 0)
  }
  const answer = await res.json().catch(() => ({ msg: `服务器返回了无法识别的内容(HTTP ${res.status})` }))
  if (res.status === 401) sessionEvents.dispatchEvent(new Event('signed-out'))
  if (res.status !== 200 || answer.code !== 0) throw new ApiError(answer.msg || '操作失败', res.status, answer.code)
  return answer.data
}

export const api = {
  signin: write('/api/admin/signin'),
  signout: write('/api/admin/signout'),
  me: read('/api/admin/me'),
  firstRun: read('/api/admin/first_run'),

  orders: read('/api/order/list'),
  bulkShip: upload('/api/order/bulk_send_out'),
  smsList: read('/api/sms/list'),
  overview: read('/api/stats/overview'),
  order: read('/api/order/detail'),
  ship: write('/api/order/send_out'),
  note: write('/api/order/add_admin_note'),
  refund: write('/api/order/refund'),
  refundFlagged: write('/api/order/refund_flagged'),
  refunds: read('/api/payment/refund_list'),

  afterSales: read('/api/after_sale/list'),
  afterSale: read('/api/after_sale/detail'),
  reviewAfterSale: write('/api/after_sale/review'),
  receiveAfterSale: write('/api/after_sale/receive'),
  retryAfterSaleRefund: write('/api/after_sale/refund'),

  cards: read('/api/credit_card/get_credit_cards'),
  card: read('/api/credit_card/get_card_detail'),
  changeLimit: write('/api/credit_card/set_credit_cards'),
  waiveFee: write('/api/credit_card/waive_fee'),

  auths: read('/api/user/list_auth'),
  reviewAuth: write('/api/user/review_auth'),

  skus: read('/api/sku/admin_list'),
  sku: read('/api/sku/get_sku'),
  saveSku: write('/api/sku/save'),
  setStock: write('/api/sku/set_stock'),

  coupons: read('/api/coupon/list'),
  saveCoupon: write('/api/coupon/save'),
  setCouponEnabled: write('/api/coupon/set_enabled'),
  couponRedemptions: read('/api/coupon/redemptions'),

  admins: read('/api/admin/list'),
  createAdmin: write('/api/admin/create'),
  setAdminDisabled: write('/api/admin/set_disabled'),
  setAdminRole: write('/api/admin/set_role'),
  resetAdminPwd: write('/api/admin/reset_pwd'),
}
