import type { FastifyInstance } from 'fastify'
import { apiRoute, UNDOCUMENTED } from '../../http/route.ts'
import * as S from './schemas.ts'
import { CatalogService } from './service.ts'

export default async function catalogRoutes(app: FastifyInstance): Promise<void> {
  const catalog = new CatalogService(app.deps)

  apiRoute(app, {
    path: '/api/sku/get_sku',
    write: false,
    access: 'public',
    summary: 'One SKU, on sale or not (on_sale tells); 230 when unknown',
    params: S.GetSku,
    response: UNDOCUMENTED,
    handler: (p) => catalog.getSku(p.sku_id),
  })

  apiRoute(app, {
    path: '/api/sku/list',
    write: false,
    access: 'public',
    summary: 'The SKUs on sale, newest first; pagination.count is the total',
    params: S.ListSkus,
    response: UNDOCUMENTED,
    handler: (p) => catalog.list(p.page, p.count),
  })
}
