import type { Static, TObject } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Access, SessionAdmin, SessionUser } from './auth.ts'
import type { Outcome } from './envelope.ts'

export interface Ctx {
  req: FastifyRequest
  reply: FastifyReply
}
export interface UserCtx extends Ctx {
  user: SessionUser
}
export interface AdminCtx extends Ctx {
  admin: SessionAdmin
}

type CtxFor<A extends Access> = A extends 'customer' ? UserCtx : A extends 'public' ? Ctx : AdminCtx

export interface ApiRoute<S extends TObject, A extends Access> {
  path: string
  /** Changes state: POST only. Read-only routes answer GET and POST. */
  write: boolean
  access: A
  summary: string
  params: S
  handler: (params: Static<S>, ctx: CtxFor<A>) => Promise<Outcome>
}

const accessText: Record<Access, string> = {
  public: 'public (anyone)',
  customer: 'customer (a signed-in customer)',
  'admin:operator': 'admin:operator (a signed-in admin, role operator or admin)',
  'admin:admin': 'admin:admin (a signed-in admin, role admin)',
}

/** Declares one API route: who may call it, its parameters' schema and its handler, listed in /docs. */
export function apiRoute<S extends TObject, A extends Access>(app: FastifyInstance, spec: ApiRoute<S, A>): void {
  const tag = spec.path.split('/')[2] ?? 'api'
  const description = `Access: ${accessText[spec.access]}. ${spec.write ? 'POST only.' : 'GET (query) or POST (body).'}`
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const params = (req.method === 'POST' ? req.body : req.query) as Static<S>
    const ctx = { req, reply, user: req.user, admin: req.admin } as unknown as CtxFor<A>
    return (await spec.handler(params, ctx)).toEnvelope()
  }
  const config = { access: spec.access }
  const common = { summary: spec.summary, description, tags: [tag], 'x-access': spec.access }
  if (!spec.write) app.get(spec.path, { config, schema: { ...common, querystring: spec.params } }, handler)
  app.post(
    spec.path,
    {
      config,
      schema: { ...common, body: spec.params, consumes: ['application/json', 'application/x-www-form-urlencoded'] },
    },
    handler,
  )
}
