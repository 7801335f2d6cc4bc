// The overview: the shop's days and its credit as they stand, read from indexes.
export { default as statsRoutes } from './routes.ts'
