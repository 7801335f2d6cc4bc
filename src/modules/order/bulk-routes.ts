import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { Codes } from '../../domain/codes.ts'
import { fail } from '../../domain/result.ts'
import { exact } from '../../http/answer-schemas.ts'
import type { SessionAdmin } from '../../http/auth.ts'
import { fileOfMultipart } from '../../http/multipart.ts'
import { envelopeFor, responsesOf } from '../../http/route.ts'
import { adminActor } from '../oplog/index.ts'
import { BULK_SHIP_MAX_ROWS, bulkShip } from './bulk-ship.ts'

/** 5 000 rows of the longest order id, carrier and tracking number, with room for quotes. */
const BULK_SHIP_MAX_BYTES = 2 * 1024 * 1024

const BulkShipAnswer = exact({
  shipped: Type.Integer({ description: 'rows shipped now' }),
  already: Type.Integer({ description: 'rows whose order was already shipped with that number: nothing done (511)' }),
  failed: Type.Integer({ description: 'rows not shipped: see each row’s code' }),
  rows: Type.Array(
    exact({
      line: Type.Integer({ description: 'the line of the file the row starts on, from 1' }),
      order_id: Type.String(),
      code: Type.Integer({ description: '0 shipped; 101 bad row, 218 unknown order, 510 not shippable, 511, 512' }),
      msg: Type.String(),
    }),
    { description: 'one per row of the file, in its order' },
  ),
})

/**
 * The bulk-ship upload. A plugin of its own: the CSV and multipart body types and their 2 MB
 * limit hold for this route only; the rest of the API keeps JSON and forms of 64 KiB.
 */
export default async function bulkShipRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app
  for (const type of ['text/csv', 'multipart/form-data'])
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: BULK_SHIP_MAX_BYTES }, (_req, body, done) =>
      done(null, body),
    )

  app.post(
    '/api/order/bulk_send_out',
    {
      bodyLimit: BULK_SHIP_MAX_BYTES,
      config: { access: 'admin:operator' },
      schema: {
        summary:
          `Ship a file of orders: CSV rows order_id,logistics,logistics_id (a header row may stay), at most ${BULK_SHIP_MAX_ROWS}, ` +
          'as a text/csv body or the file of a multipart/form-data upload, _xsrf in X-XSRFToken; each row as send_out ' +
          'ships one (its log, its text message); a bad row never stops the others; the same file twice ships nothing twice',
        description: 'Access: admin:operator (a signed-in admin, role operator or admin). POST only.',
        tags: ['order'],
        consumes: ['text/csv', 'multipart/form-data'],
        'x-access': 'admin:operator',
        response: responsesOf(BulkShipAnswer),
      },
    },
    async (req, reply) => {
      const body = Buffer.isBuffer(req.body) ? req.body : undefined
      const file =
        body && req.headers['content-type']?.startsWith('multipart/')
          ? fileOfMultipart(body, req.headers['content-type'])
          : body
      if (!file) return envelopeFor(reply, fail(Codes.INVALID_PARAM, '请上传CSV文件'))
      // The access hook let only a signed-in operator through.
      const admin = req.admin as SessionAdmin
      return envelopeFor(reply, await bulkShip(deps, adminActor(admin), file.toString('utf8')))
    },
  )
}
