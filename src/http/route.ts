import { type Static, type TObject, type TSchema, Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Result } from '../domain/result.ts'
import type { Access, SessionAdmin, SessionUser } from './auth.ts'
import { resultEnvelope, statusOf } from './envelope.ts'

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

export interface ApiRoute<S extends TObject, R extends TSchema, A extends Access> {
  path: string
  /** Changes state: POST only. Read-only routes answer GET and POST. */
  write: boolean
  access: A
  summary: string
  params: S
  /** The shape of `data` when the answer is a success (code 0); a refusal's `data` is `{}`. */
  response: R
  handler: (params: Static<S>, ctx: CtxFor<A>) => Promise<Result<Static<R>>>
}

const accessText: Record<Access, string> = {
  public: 'public (anyone)',
  customer: 'customer (a signed-in customer)',
  'admin:operator': 'admin:operator (a signed-in admin, role operator or admin)',
  'admin:admin': 'admin:admin (a signed-in admin, role admin)',
}

/** `data` of a refusal or an HTTP error: always the empty object. */
export const NoData = Type.Object({}, { additionalProperties: false })

/** The envelope every answer comes in, around the shape of its `data`. */
export const envelopeOf = (data: TSchema, description: string) =>
  Type.Object(
    {
      status_code: Type.Integer({ description: 'the HTTP status, repeated' }),
      code: Type.Integer({ description: '0 for success, else a business code (README "Business codes")' }),
      msg: Type.String(),
      data,
    },
    { additionalProperties: false, description },
  )

/** What any answer that is not a success looks like: HTTP errors, refusals, 404s. */
export const ErrorEnvelope = envelopeOf(NoData, 'An HTTP error or a refusal: data is {}')

/** The response schemas of one API route, for /docs and for the test client's checks. */
export const responsesOf = (data: TSchema) => ({
  200: envelopeOf(Type.Union([data, NoData]), 'Success (code 0, data as shown) or a business refusal (data {})'),
  '4xx': ErrorEnvelope,
  '5xx': ErrorEnvelope,
})

// Serialised as without a schema until measured otherwise: the schema is the documented contract,
// which the test client checks, and never a filter that could drop a field a client relies on.
const stringify = () => (data: unknown) => JSON.stringify(data)

/** For a route that is not an apiRoute (a webhook, a page's JSON): the result's envelope, with its status set. */
export function envelopeFor<T>(reply: FastifyReply, result: Result<T>) {
  if (!result.ok) reply.code(statusOf(result.code))
  return resultEnvelope(result)
}

/** Declares one API route: who may call it, its parameters' and answer's schemas and its handler, listed in /docs. */
export function apiRoute<S extends TObject, R extends TSchema, A extends Access>(
  app: FastifyInstance,
  spec: ApiRoute<S, R, A>,
): void {
  const tag = spec.path.split('/')[2] ?? 'api'
  const methods = spec.write ? 'POST only.' : 'GET (query) or POST (body).'
  const description = `Access: ${accessText[spec.access]}. ${methods}`
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const params = (req.method === 'POST' ? req.body : req.query) as Static<S>
    const ctx = { req, reply, user: req.user, admin: req.admin } as unknown as CtxFor<A>
    return envelopeFor(reply, await spec.handler(params, ctx))
  }
  const config = { access: spec.access }
  const response = responsesOf(spec.response)
  const common = { summary: spec.summary, description, tags: [tag], 'x-access': spec.access, response }
  const options = { config, serializerCompiler: stringify }
  if (!spec.write) app.get(spec.path, { ...options, schema: { ...common, querystring: spec.params } }, handler)
  const consumes = ['application/json', 'application/x-www-form-urlencoded']
  app.post(spec.path, { ...options, schema: { ...common, body: spec.params, consumes } }, handler)
}
