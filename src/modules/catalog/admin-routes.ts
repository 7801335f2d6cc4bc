import type { FastifyInstance } from 'fastify'
import { given } from '../../http/params.ts'
import { apiRoute, UNDOCUMENTED } from '../../http/route.ts'
import { adminActor } from '../oplog/index.ts'
import { AdminSkuList, SaveSku, SetStock } from './schemas.ts'
import { CatalogService } from './service.ts'

/** The back office's catalog: admins only. */
export default async function catalogAdminRoutes(app: FastifyInstance): Promise<void> {
  const catalog = new CatalogService(app.deps)

  apiRoute(app, {
    path: '/api/sku/admin_list',
    write: false,
    access: 'admin:admin',
    summary: 'Every SKU, off-sale ones too, newest first: {pagination: {allpage, page, count}, sku_list}',
    params: AdminSkuList,
    response: UNDOCUMENTED,
    handler: (p) => catalog.adminList(given(p.on_sale), p.page, p.count),
  })

  apiRoute(app, {
    path: '/api/sku/save',
    write: true,
    access: 'admin:admin',
    summary: 'Create a SKU (stock: its initial stock) or update one (everything but its stock); answers the SKU',
    params: SaveSku,
    response: UNDOCUMENTED,
    handler: (p, { admin }) => catalog.saveSku(adminActor(admin), p),
  })

  apiRoute(app, {
    path: '/api/sku/set_stock',
    write: true,
    access: 'admin:admin',
    summary: 'Set a SKU’s stock; 230 unknown',
    params: SetStock,
    response: UNDOCUMENTED,
    handler: (p, { admin }) => catalog.setStock(adminActor(admin), p.sku_id, p.stock),
  })
}
