import type { FastifyInstance } from 'fastify'
import { given } from '../../http/params.ts'
import { apiRoute, NoData } from '../../http/route.ts'
import { adminActor } from '../oplog/index.ts'
import { AdminSkuList, SaveSku, SetStock, SkuAnswer, SkuPage } from './schemas.ts'
import { adminSkuPage, saveSku, setStock } from './service.ts'

/** The back office's catalog: admins only. */
export default async function catalogAdminRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app

  apiRoute(app, {
    path: '/api/sku/admin_list',
    write: false,
    access: 'admin:admin',
    summary: 'Every SKU, off-sale ones too, newest first: {pagination: {allpage, page, count}, sku_list}',
    params: AdminSkuList,
    response: SkuPage,
    handler: (p) => adminSkuPage(deps, given(p.on_sale), p.page, p.count),
  })

  apiRoute(app, {
    path: '/api/sku/save',
    write: true,
    access: 'admin:admin',
    summary: 'Create a SKU (stock: its initial stock) or update one (everything but its stock); answers the SKU',
    params: SaveSku,
    response: SkuAnswer,
    handler: (p, { admin }) => saveSku(deps, adminActor(admin), p),
  })

  apiRoute(app, {
    path: '/api/sku/set_stock',
    write: true,
    access: 'admin:admin',
    summary: 'Set a SKU’s stock; 230 unknown',
    params: SetStock,
    response: NoData,
    handler: (p, { admin }) => setStock(deps, adminActor(admin), p.sku_id, p.stock),
  })
}
