// Back-office accounts (admin, operator), their sessions and sign-in; the first admin from the
// environment. The back office's routes of each domain live in that domain's module.
export { ensureFirstAdmin } from './accounts.ts'
export { pruneAdminSessions } from './repo.ts'
export { default as adminRoutes } from './routes.ts'
export { AdminSessionStore } from './sessions.ts'
export { createAdmin, resetAdminPassword } from './accounts.ts'
export { findAdminByName } from './repo.ts'
