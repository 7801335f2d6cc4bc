import type { FastifyRequest } from 'fastify'
import { HttpError } from './envelope.ts'

export interface SessionUser {
  id: number
  /** the stored (hashed) id of the session this request came with */
  sessionId: string
}

export const USER_COOKIE = 'sfm_user_token'

/** Route guard for U endpoints: a tampered, expired or revoked cookie is simply no session. */
export async function requireUser(req: FastifyRequest): Promise<void> {
  const user = await req.server.deps.sessions.authenticate(req.cookies[USER_COOKIE])
  if (!user) throw new HttpError(401)
  req.user = user
}
