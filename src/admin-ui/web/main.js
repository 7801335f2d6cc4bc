import { render } from 'preact'
import { useEffect, useErrorBoundary, useState } from 'preact/hooks'
import { api, sessionEvents } from './api.js'
import { ROLES } from './format.js'
import { href, navigate, useRoute } from './router.js'
import { html, Notice } from './ui.js'
import { Admins } from './pages/admins.js'
import { Dashboard } from './pages/dashboard.js'
import { AfterSaleDetail, AfterSales } from './pages/after-sales.js'
import { CardDetail, Cards } from './pages/cards.js'
import { CouponRedemptions, Coupons } from './pages/coupons.js'
import { OrderDetail } from './pages/order-detail.js'
import { Orders } from './pages/orders.js'
import { Refunds } from './pages/refunds.js'
import { Reviews } from './pages/reviews.js'
import { SignIn } from './pages/signin.js'
import { Ship } from './pages/ship.js'
import { Skus } from './pages/skus.js'
import { Sms } from './pages/sms.js'

/** Each page, who may open it (`admin`: the admin role only), and its place in the menu. */
const PAGES = [
  { path: '/dashboard', title: '概览', page: Dashboard, role: 'admin', what: '查看经营概览' },
  { path: '/orders', title: '订单', page: Orders },
  { path: '/orders/:id', page: OrderDetail },
  { path: '/ship', title: '批量发货', page: Ship },
  { path: '/refunds', title: '退款', page: Refunds },
  { path: '/sms', title: '短信', page: Sms },
  { path: '/after_sales', title: '售后', page: AfterSales },
  { path: '/after_sales/:id', page: AfterSaleDetail },
  { path: '/cards', title: '额度卡', page: Cards, role: 'admin', what: '查看和调整额度卡' },
  { path: '/cards/:id', page: CardDetail, role: 'admin', what: '查看和调整额度卡' },
  { path: '/reviews', title: '实名审核', page: Reviews, role: 'admin', what: '审核实名认证' },
  { path: '/skus', title: '商品', page: Skus, role: 'admin', what: '管理商品' },
  { path: '/coupons', title: '优惠券', page: Coupons, role: 'admin', what: '管理优惠券' },
  { path: '/coupons/:id', page: CouponRedemptions, role: 'admin', what: '管理优惠券' },
  { path: '/admins', title: '管理员账号', page: Admins, role: 'admin', what: '管理管理员账号' },
]

function match(path) {
  for (const p of PAGES) {
    const re = new RegExp(`^${p.path.replace(/:(\w+)/g, '([^/]+)')}$`)
    const m = re.exec(path)
    if (m) return { ...p, id: m[1] && decodeURIComponent(m[1]) }
  }
  return null
}

/** A page that throws shows what happened instead of leaving the screen blank. */
function Guarded({ children }) {
  const [error, reset] = useErrorBoundary()
  if (error) {
    return html`<${Notice} kind="error">页面出错:${String(error.message || error)}
      <button type="button" class="link" onClick=${reset}>重试</button><//>`
  }
  return children
}

function Layout({ me, route, onSignOut }) {
  const found = match(route.path)
  const section = found ? `/${found.path.split('/')[1]}` : ''
  let body
  if (!found) body = html`<${Notice} kind="error">没有这个页面。<a href="#/orders">回到订单列表</a><//>`
  else if (found.role === 'admin' && me.role !== 'admin') {
    body = html`<${Notice} kind="error">没有权限:只有管理员角色可以${found.what}。你的角色是${ROLES[me.role] ?? me.role},请联系管理员。<//>`
  } else {
    const Page = found.page
    body = html`<${Guarded}><${Page} id=${found.id} params=${route.params} me=${me} /><//>`
  }
  return html`<header class="top">
      <strong class="brand">首付买 管理后台</strong>
      <nav>
        ${PAGES.filter((p) => p.title).map((p) => {
          const locked = p.role === 'admin' && me.role !== 'admin'
          return html`<a href=${href(p.path)} class=${`${section === p.path ? 'active' : ''}${locked ? ' locked' : ''}`} title=${locked ? '仅限管理员' : ''}>${p.title}</a>`
        })}
      </nav>
      <span class="who">${me.name} · ${ROLES[me.role] ?? me.role}</span>
      <button type="button" class="signout" onClick=${onSignOut}>退出</button>
    </header>
    <main>${body}</main>`
}

function App() {
  const route = useRoute()
  // undefined: asking the server; null: not signed in.
  const [me, setMe] = useState(undefined)
  const [notice, setNotice] = useState(null)

  useEffect(() => {
    api.me().then(setMe, (err) => {
      setMe(null)
      if (err.status !== 401) setNotice(err.message)
    })
    const onSignedOut = () => {
      setMe((was) => {
        if (was) setNotice('登录已失效,请重新登录')
        return null
      })
    }
    sessionEvents.addEventListener('signed-out', onSignedOut)
    return () => sessionEvents.removeEventListener('signed-out', onSignedOut)
  }, [])

  if (me === undefined) return html`<p class="muted center">加载中…</p>`
  if (me === null) {
    return html`<${SignIn}
      notice=${notice}
      onSignedIn=${(who) => {
        setNotice(null)
        setMe(who)
        if (!match(route.path)) navigate('/orders')
      }}
    />`
  }
  const signOut = async () => {
    try {
      await api.signout()
    } catch {
      // Signed out either way: the cookie is cleared by the server or was already gone.
    }
    setNotice(null)
    setMe(null)
  }
  return html`<${Layout} me=${me} route=${route} onSignOut=${signOut} />`
}

if (!location.hash) history.replaceState(null, '', '#/orders')
render(html`<${App} />`, document.getElementById('app'))
