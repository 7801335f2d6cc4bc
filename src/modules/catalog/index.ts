export { DEMO_SKUS } from './demo.ts'
export { addDemoSkus, seedEmptyCatalog } from './repo.ts'
export {
  deleteSkuRow,
  findSku,
  findSkus,
  inStockLockOrder,
  releaseStock,
  reserveStock,
  type Sku,
  type SkuFields,
} from './repo.ts'
export { default as catalogAdminRoutes } from './admin-routes.ts'
export { default as catalogRoutes } from './routes.ts'
export { SkuAnswer, skuId } from './schemas.ts'
export { firstPriceAllowed } from './service.ts'
