export { cartLinesByIds, removeSkuFromCarts, takeCartLines, type CartLineWithSku } from './repo.ts'
export { default as cartRoutes } from './routes.ts'
