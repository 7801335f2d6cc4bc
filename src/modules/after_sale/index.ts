// After-sale: the customer's requests for a refund or a return, the operator's review
// and receipt of the goods, and the refund through the order's one refund path.
export { default as afterSaleAdminRoutes } from './admin-routes.ts'
export { withAfterSales } from './refund.ts'
export { default as afterSaleRoutes } from './routes.ts'
