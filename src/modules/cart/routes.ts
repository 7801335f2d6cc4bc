import type { FastifyInstance } from 'fastify'
import { apiRoute, UNDOCUMENTED } from '../../http/route.ts'
import * as S from './schemas.ts'
import { CartService } from './service.ts'

export default async function cartRoutes(app: FastifyInstance): Promise<void> {
  const cart = new CartService(app.deps)

  apiRoute(app, {
    path: '/api/cart/add_cart',
    write: true,
    access: 'customer',
    summary: "Add units of a SKU to the caller's cart; data is the line {id, sku_count}",
    params: S.AddCart,
    response: UNDOCUMENTED,
    handler: (p, { user }) => cart.add(user, p.sku_id, p.sku_inc_count, p.first_price),
  })

  apiRoute(app, {
    path: '/api/cart/cart_count',
    write: false,
    access: 'customer',
    summary: 'Total quantity in the cart: {sku_count}',
    params: S.NoParams,
    response: UNDOCUMENTED,
    handler: (_p, { user }) => cart.count(user),
  })

  apiRoute(app, {
    path: '/api/cart/cart_list',
    write: false,
    access: 'customer',
    summary: 'The cart lines, newest first, each with its SKU as it is now (sku_info.on_sale false when off sale)',
    params: S.NoParams,
    response: UNDOCUMENTED,
    handler: (_p, { user }) => cart.list(user),
  })

  apiRoute(app, {
    path: '/api/cart/update_cart',
    write: true,
    access: 'customer',
    summary: "Set the quantity of a SKU's line (0 deletes it); data is the line {id, sku_count}",
    params: S.UpdateCart,
    response: UNDOCUMENTED,
    handler: (p, { user }) => cart.update(user, p.sku_id, p.sku_count, p.first_price),
  })

  apiRoute(app, {
    path: '/api/cart/del_cart',
    write: true,
    access: 'customer',
    summary: 'Delete the lines of these SKUs',
    params: S.DelCart,
    response: UNDOCUMENTED,
    handler: (p, { user }) => cart.remove(user, p.sku_ids),
  })
}
