export { findAddress } from './repo.ts'
export { default as addressRoutes } from './routes.ts'
