import type { TSchema } from '@sinclair/typebox'
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ErrorEnvelope } from '../src/http/route.ts'

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>()
const checkerOf = (schema: TSchema) => {
  let check = compiled.get(schema)
  if (!check) {
    check = TypeCompiler.Compile(schema)
    compiled.set(schema, check)
  }
  return check
}

/** The schema an answer of `status` must fit: the exact status, its class (4xx), or the default. */
function schemaFor(responses: Record<string, TSchema>, status: number): TSchema | undefined {
  return responses[status] ?? responses[`${Math.floor(status / 100)}xx`] ?? responses.default
}

/**
 * Checks every JSON answer the app sends against the response schema of its route (an unknown
 * route's 404 or 405 against the error envelope) and keeps what does not fit, so a test fails
 * when an answer drifts from its documented shape. Installed by testApp on every app it builds.
 */
export class AnswerChecker {
  readonly violations: string[] = []
  /** answers checked, so a suite can tell the check ran */
  checked = 0

  readonly onAnswer = (req: FastifyRequest, reply: FastifyReply, payload: unknown): void => {
    const type = String(reply.getHeader('content-type') ?? '')
    if (!type.startsWith('application/json') || typeof payload !== 'string') return
    const where = `${req.method} ${req.url.split('?')[0]} → ${reply.statusCode}`
    const responses = (req.routeOptions.schema as { response?: Record<string, TSchema> } | undefined)?.response
    const schema = req.is404 ? ErrorEnvelope : responses && schemaFor(responses, reply.statusCode)
    if (!schema) {
      this.violations.push(`${where}: the route has no response schema for this status`)
      return
    }
    this.checked++
    const check = checkerOf(schema)
    const body: unknown = JSON.parse(payload)
    if (check.Check(body)) return
    const errors = [...check.Errors(body)].slice(0, 3).map((e) => `${e.path || '/'} ${e.message}`)
    this.violations.push(`${where}: ${errors.join('; ')} in ${payload.slice(0, 300)}`)
  }
}
