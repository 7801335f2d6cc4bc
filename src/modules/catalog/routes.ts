import type { FastifyInstance } from 'fastify'
import { apiRoute } from '../../http/route.ts'
import * as S from './schemas.ts'
import { getSku, onSalePage } from './service.ts'

export default async function catalogRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app

  apiRoute(app, {
    path: '/api/sku/get_sku',
    write: false,
    access: 'public',
    summary: 'One SKU, on sale or not (on_sale tells); 230 when unknown',
    params: S.GetSku,
    response: S.SkuAnswer,
    handler: (p) => getSku(deps, p.sku_id),
  })

  apiRoute(app, {
    path: '/api/sku/list',
    write: false,
    access: 'public',
    summary: 'The SKUs on sale, newest first; pagination.count is the total',
    params: S.ListSkus,
    response: S.SkuPage,
    handler: (p) => onSalePage(deps, p.page, p.count),
  })
}
