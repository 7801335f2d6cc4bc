import { AjvCompiler } from '@fastify/ajv-compiler'

type BuildValidator = ReturnType<typeof AjvCompiler>
type RouteCompiler = ReturnType<BuildValidator>
type Validate = ReturnType<RouteCompiler> & { errors?: unknown; schemaEnv?: unknown }

/** Ajv's options for every route: 'all' strips each field a schema does not name (such as _xsrf), so handlers see only what they declared. */
export const AJV_OPTIONS = {
  coerceTypes: 'array',
  removeAdditional: 'all',
  useDefaults: true,
  allErrors: false,
} as const

/**
 * Fastify's own validator compiler (Ajv, with the app's options), compiling each route's schema
 * on its first request instead of when the route is added: Ajv's code generation for every route
 * was a third of the time from spawn to the first answer. Ajv's function is used as Fastify uses
 * it: `schemaEnv` (Fastify asks for it before each call, to let Ajv coerce a root value) and
 * `errors` come from the compiled function. A schema Ajv cannot compile fails its route's first
 * request instead of the start, so a test compiles every route's schemas (test/http/validators.test.ts).
 */
export function lazyValidators(): BuildValidator {
  const build = AjvCompiler()
  return (externalSchemas, options) => {
    const compile = build(externalSchemas, options)
    return (route) => {
      let compiled: Validate | undefined
      const get = () => {
        compiled ??= compile(route) as Validate
        return compiled
      }
      const validate = ((data: unknown, parent?: unknown) => get()(data, parent as never)) as Validate
      Object.defineProperties(validate, {
        schemaEnv: { get: () => get().schemaEnv },
        errors: { get: () => get().errors },
      })
      return validate
    }
  }
}
