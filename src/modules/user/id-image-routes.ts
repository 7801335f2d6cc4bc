import { Type } from '@sinclair/typebox'
import { Codes } from '../../domain/codes.ts'
import { fail } from '../../domain/result.ts'
import type { FastifyInstance } from 'fastify'
import { ADMIN_COOKIE, type SessionUser, USER_COOKIE } from '../../http/auth.ts'
import { exact, textResponses } from '../../http/answer-schemas.ts'
import { envelopeFor, responsesOf } from '../../http/route.ts'
import { ID_IMAGE_MAX_BYTES, ID_IMAGE_PATH, ID_IMAGE_UPLOAD_PATH } from './id-image-names.ts'
import { idImageFor, uploadIdImage } from './id-images.ts'

/**
 * The identity-image upload and its serving (names in id-image-names.ts). A plugin of its own:
 * the image body types and the 4 MB limit hold for these routes only, the rest of the API keeps
 * JSON and forms of 64 KiB.
 */
export default async function idImageRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.deps
  for (const type of ['image/jpeg', 'image/png', 'application/octet-stream']) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: ID_IMAGE_MAX_BYTES }, (_req, body, done) =>
      done(null, body),
    )
  }

  app.post(
    ID_IMAGE_UPLOAD_PATH,
    {
      bodyLimit: ID_IMAGE_MAX_BYTES,
      config: { access: 'customer' },
      schema: {
        summary:
          'Upload an identity-card image: the body is the file itself (JPEG or PNG, told by its content, ≤ 4 MB; Content-Type image/jpeg, image/png or application/octet-stream), _xsrf in X-XSRFToken; {image_id} for set_auth; 101 not a JPEG or PNG, 413 too large',
        description: 'Access: customer (a signed-in customer). POST only.',
        tags: ['user'],
        consumes: ['image/jpeg', 'image/png', 'application/octet-stream'],
        'x-access': 'customer',
        response: responsesOf(exact({ image_id: Type.String({ description: 'idimg_ and 32 hex digits' }) })),
      },
    },
    async (req, reply) => envelopeFor(reply, await uploadIdImage(db, req.user as SessionUser, req.body)),
  )

  app.get(
    ID_IMAGE_PATH,
    {
      config: { access: 'public' },
      schema: {
        summary:
          'An uploaded identity image, to its owner and to admins (role admin); 404 to anyone else, as for an id that does not exist',
        tags: ['user'],
        querystring: Type.Object({ image_id: Type.String({ pattern: '^idimg_[0-9a-f]{32}$' }) }),
        response: textResponses('image/jpeg or image/png', 'the image'),
      },
    },
    async (req, reply) => {
      const { image_id } = req.query as { image_id: string }
      const [user, admin] = await Promise.all([
        app.deps.sessions.customer.authenticate(req.cookies[USER_COOKIE]),
        app.deps.sessions.admin.authenticate(req.cookies[ADMIN_COOKIE]),
      ])
      const image = await idImageFor(db, image_id, user, admin)
      if (!image) return envelopeFor(reply, fail(Codes.NOT_FOUND))
      return reply
        .headers({
          'content-type': image.mime,
          // Personal data: never kept by a shared cache or left on a shared computer's disk.
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'",
          'content-disposition': 'inline',
        })
        .send(Buffer.from(image.bytes))
    },
  )
}
