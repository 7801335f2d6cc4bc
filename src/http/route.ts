import type { Static, TObject } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requireUser, type SessionUser } from './auth.ts'
import type { Outcome } from './envelope.ts'

export type Perm = 'T' | 'U'

export interface Ctx {
  req: FastifyRequest
  reply: FastifyReply
}
export interface UserCtx extends Ctx {
  user: SessionUser
}

export interface ApiRoute<S extends TObject, P extends Perm> {
  path: string
  /** Changes state: POST only. Read-only routes answer GET and POST. */
  write: boolean
  perm: P
  summary: string
  params: S
  handler: (params: Static<S>, ctx: P extends 'U' ? UserCtx : Ctx) => Promise<Outcome>
}

/** Paths known with their methods, so an unknown method answers 405 rather than 404. */
export const knownPaths = new Map<string, string[]>()

const permText: Record<Perm, string> = { T: 'T (anyone)', U: 'U (signed-in customer)' }

export function apiRoute<S extends TObject, P extends Perm>(app: FastifyInstance, spec: ApiRoute<S, P>): void {
  const tag = spec.path.split('/')[2] ?? 'api'
  const description = `Permission: ${permText[spec.perm]}. ${spec.write ? 'POST only.' : 'GET (query) or POST (body).'}`
  const preValidation = spec.perm === 'U' ? [requireUser] : []
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    // GET and HEAD (Fastify answers HEAD with the GET route, without the body) carry the query.
    const params = (req.method === 'POST' ? req.body : req.query) as Static<S>
    const ctx = { req, reply, user: req.user } as P extends 'U' ? UserCtx : Ctx
    return (await spec.handler(params, ctx)).toEnvelope()
  }
  const methods = spec.write ? ['POST'] : ['GET', 'POST']
  knownPaths.set(spec.path, methods)
  if (!spec.write) {
    app.get(spec.path, { schema: { summary: spec.summary, description, tags: [tag], querystring: spec.params }, preValidation }, handler)
  }
  app.post(spec.path, { schema: { summary: spec.summary, description, tags: [tag], body: spec.params, consumes: ['application/json', 'application/x-www-form-urlencoded'] }, preValidation }, handler)
}
