import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

const DOCS = '/docs'

/** What `GET /docs/json` answers: the OpenAPI document itself, not the envelope; its inside is OpenAPI's to define. */
const OpenApiDocument = Type.Object(
  {
    openapi: Type.String({ description: 'the OpenAPI version' }),
    info: Type.Object({ title: Type.String(), version: Type.String() }, { additionalProperties: true }),
    paths: Type.Object({}, { additionalProperties: true, description: 'every route but the hidden ones' }),
  },
  { additionalProperties: true, description: 'the OpenAPI 3 document of this API' },
)

/**
 * `/docs` (the UI) and `/docs/json` (the document), generated from the routes' schemas. The UI's
 * own routes are hidden from the document; the document's route is given its response schema
 * here, as it is registered, so it too is a route whose answer is declared.
 */
async function openApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'sfm API',
        version: '1',
        description:
          'Every answer is the envelope {status_code, code, msg, data}. Success and business outcomes are ' +
          'HTTP 200 (the original server never sent the 202 its document listed); code 0 is success. POSTs need ' +
          'the _xsrf cookie value in the _xsrf field or an X-XSRFToken header. Bodies may be JSON or jQuery-style ' +
          'forms.',
      },
    },
  })
  app.addHook('onRoute', (route) => {
    if (route.url !== `${DOCS}/json`) return
    route.schema = { ...route.schema, response: { 200: OpenApiDocument } }
    // Serialised whole, as the plugin made it: the schema says what it is, it must not filter it.
    route.serializerCompiler = () => (data) => JSON.stringify(data)
  })
  await app.register(swaggerUi, { routePrefix: DOCS })
}

export default fp(openApi, { name: 'sfm-openapi' })
