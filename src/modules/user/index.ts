export { default as userRoutes } from './routes.ts'
export { SessionStore } from './sessions.ts'
export { pruneSessionsAndCodes } from './prune.ts'
