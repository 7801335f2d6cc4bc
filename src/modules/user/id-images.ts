import { randomBytes } from 'node:crypto'
import type { Config } from '../../config.ts'
import type { Db } from '../../db/dialect.ts'
import type { SessionAdmin, SessionUser } from '../../http/auth.ts'
import { Codes } from '../../domain/codes.ts'
import { fail, ok, type Result } from '../../domain/result.ts'
import { nowSeconds } from '../../time.ts'
import { ID_IMAGE_ID, ID_IMAGE_MAX_BYTES, idImageUrl } from './id-image-names.ts'
import { findIdImage, type IdImageMime, insertIdImage, isOwnIdImage, pruneIdImages } from './repo.ts'

/** A customer's uploads kept at most (besides the two their submission names): enough to retry, not to fill a disk. */
export const ID_IMAGES_KEPT = 10

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/**
 * What the bytes are, by their content, never by the name or type the client gave: a JPEG starts
 * with its SOI marker and a segment marker; a PNG with its signature and the IHDR chunk.
 */
export function imageTypeOf(bytes: Buffer): IdImageMime | undefined {
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  if (bytes.length >= 24 && bytes.subarray(0, 8).equals(PNG_SIGNATURE) && bytes.toString('latin1', 12, 16) === 'IHDR') {
    return 'image/png'
  }
  return undefined
}

/** Stores an uploaded identity image of the customer's; data `{image_id}` for set_auth. */
export async function uploadIdImage(db: Db, user: SessionUser, body: unknown): Promise<Result<{ image_id: string }>> {
  if (!Buffer.isBuffer(body) || body.length === 0)
    return fail(Codes.INVALID_PARAM, '请上传图片:请求体是JPEG或PNG文件本身')
  if (body.length > ID_IMAGE_MAX_BYTES) return fail(Codes.INVALID_PARAM, '图片不能超过4MB')
  const mime = imageTypeOf(body)
  if (!mime) return fail(Codes.INVALID_PARAM, '图片须为JPEG或PNG格式')
  const imageId = `idimg_${randomBytes(16).toString('hex')}`
  await db.transaction().execute(async (trx) => {
    await insertIdImage(trx, { image_id: imageId, user_id: user.id, mime, bytes: body, create_time: nowSeconds() })
    await pruneIdImages(trx, user.id, ID_IMAGES_KEPT)
  })
  return ok({ image_id: imageId })
}

/**
 * An upload only its owner and admins (role admin: the reviewers) may see; anyone else gets nothing, as for no image.
 */
export async function idImageFor(db: Db, imageId: string, user: SessionUser | null, admin: SessionAdmin | null) {
  const image = await findIdImage(db, imageId)
  if (!image) return undefined
  return image.user_id === user?.id || admin?.role === 'admin' ? image : undefined
}

/** Whether a value set_auth got is an upload id, and then whether it is one of the customer's own. */
export async function uploadRefused(db: Db, userId: number, value: string): Promise<boolean> {
  return ID_IMAGE_ID.test(value) && !(await isOwnIdImage(db, userId, value))
}

/**
 * What the review page may load as an image: an upload (from this server), or a URL on one of the
 * shop's own image hosts (ID_IMAGE_HOSTS); '' for anything else, shown as a link opened on purpose.
 */
export function inlineImage(config: Pick<Config, 'idImageHosts'>, value: string): string {
  if (ID_IMAGE_ID.test(value)) return idImageUrl(value)
  try {
    const url = new URL(value)
    const trusted =
      (url.protocol === 'https:' || url.protocol === 'http:') && config.idImageHosts.includes(url.hostname)
    return trusted && !url.username && !url.password ? url.href : ''
  } catch {
    return ''
  }
}
