import type { FastifyInstance } from 'fastify'
import { apiRoute, NoData } from '../../http/route.ts'
import * as S from './schemas.ts'
import { addToCart, cartCount, cartList, removeFromCart, setCartLine } from './service.ts'

export default async function cartRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app

  apiRoute(app, {
    path: '/api/cart/add_cart',
    write: true,
    access: 'customer',
    summary: "Add units of a SKU to the caller's cart; data is the line {id, sku_count}",
    params: S.AddCart,
    response: S.LineAnswer,
    handler: (p, { user }) => addToCart(deps, user.id, p.sku_id, p.sku_inc_count, p.first_price),
  })

  apiRoute(app, {
    path: '/api/cart/cart_count',
    write: false,
    access: 'customer',
    summary: 'Total quantity in the cart: {sku_count}',
    params: S.NoParams,
    response: S.CartCountAnswer,
    handler: (_p, { user }) => cartCount(deps, user.id),
  })

  apiRoute(app, {
    path: '/api/cart/cart_list',
    write: false,
    access: 'customer',
    summary: 'The cart lines, newest first, each with its SKU as it is now (sku_info.on_sale false when off sale)',
    params: S.NoParams,
    response: S.CartListAnswer,
    handler: (_p, { user }) => cartList(deps, user.id),
  })

  apiRoute(app, {
    path: '/api/cart/update_cart',
    write: true,
    access: 'customer',
    summary: "Set the quantity of a SKU's line (0 deletes it); data is the line {id, sku_count}",
    params: S.UpdateCart,
    response: S.UpdateCartAnswer,
    handler: (p, { user }) => setCartLine(deps, user.id, p.sku_id, p.sku_count, p.first_price),
  })

  apiRoute(app, {
    path: '/api/cart/del_cart',
    write: true,
    access: 'customer',
    summary: 'Delete the lines of these SKUs',
    params: S.DelCart,
    response: NoData,
    handler: (p, { user }) => removeFromCart(deps, user.id, p.sku_ids),
  })
}
