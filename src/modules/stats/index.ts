// The overview: the shop's days and its credit as they stand, read from indexes and kept sums.
export { noteLatePayment } from './late.ts'
export { default as statsRoutes } from './routes.ts'
export { overview } from './service.ts'
