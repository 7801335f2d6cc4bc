import { ID_IMAGE_ID, ID_IMAGE_PATH } from './id-image-names.ts'

/**
 * What `set_auth` takes as an identity image (SPEC §4): an upload's id, an absolute http(s) URL
 * (the original front end sends URLs of images it stored itself), or the path this server serves
 * an upload at. Anything else is refused, above all what a browser would read as another host:
 * `//host/x` and `/\host/x` look like paths of this server and are not.
 */
export function isIdImageValue(value: string): boolean {
  // No spaces or controls anywhere, and no backslash, which browsers read as a slash.
  if (/[\s\p{Cc}\p{Cf}\\]/u.test(value)) return false
  if (ID_IMAGE_ID.test(value)) return true
  if (/^https?:\/\/[^/]/i.test(value)) return absoluteHttpUrl(value)
  return isUploadPath(value)
}

function absoluteHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && url.username === ''
  } catch {
    return false
  }
}

/** `/api/user/id_image?image_id=idimg_…`, exactly: the one path of this server that serves identity images. */
function isUploadPath(value: string): boolean {
  const [path, query, ...rest] = value.split('?')
  if (path !== ID_IMAGE_PATH || query === undefined || rest.length > 0) return false
  const params = new URLSearchParams(query)
  const id = params.get('image_id')
  return [...params.keys()].length === 1 && id !== null && ID_IMAGE_ID.test(id)
}
