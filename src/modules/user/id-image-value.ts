import { ID_IMAGE_ID, ID_IMAGE_PATH } from './id-image-names.ts'

/**
 * What `set_auth` keeps of an identity image, or undefined when it is refused: an
 * upload's id, an absolute http(s) URL (the original front end sends URLs of images it stored
 * itself), or the path this server serves an upload at, kept as that upload's id (so whose upload
 * it is gets checked, and the review page shows it, alike). Anything else is refused, above all
 * what a browser reads as another host: `//host/x` and `/\host/x` look like paths of this server
 * and are not.
 */
export function storedIdImage(value: string): string | undefined {
  // No spaces or controls anywhere, and no backslash, which browsers read as a slash.
  if (/[\s\p{Cc}\p{Cf}\\]/u.test(value)) return undefined
  if (ID_IMAGE_ID.test(value)) return value
  if (/^https?:\/\/[^/]/i.test(value)) return absoluteHttpUrl(value) ? value : undefined
  return uploadOfPath(value)
}

function absoluteHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && url.username === ''
  } catch {
    return false
  }
}

/** `/api/user/id_image?image_id=idimg_…`, exactly (the one path of this server that serves identity images): its id. */
function uploadOfPath(value: string): string | undefined {
  const [path, query, ...rest] = value.split('?')
  if (path !== ID_IMAGE_PATH || query === undefined || rest.length > 0) return undefined
  const params = new URLSearchParams(query)
  const id = params.get('image_id')
  return [...params.keys()].length === 1 && id !== null && ID_IMAGE_ID.test(id) ? id : undefined
}
