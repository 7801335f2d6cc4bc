/**
 * The names the identity-image upload shares with its clients (the shop's front end and the
 * /admin review page), fixed here so both sides agree:
 *
 * - `POST /api/user/upload_id_image` (customer): the body is the image's bytes (a JPEG or PNG,
 *   told by its content, at most 4 MB), with the `_xsrf` value in `X-XSRFToken`; data
 *   `{image_id}`.
 * - `image_id` is `idimg_` and 32 lower-case hex digits; `set_auth` takes it as `id_card_up` /
 *   `id_card_down` (as well as the `http(s)` URLs the original front end sends).
 * - `GET /api/user/id_image?image_id=…` serves the image to its owner and to signed-in admins;
 *   anyone else gets 404, as for an id that does not exist.
 * - `list_auth` gives each submission `id_card_up_inline` / `id_card_down_inline`: the address the
 *   review page may load as an image (an upload, or a URL on a host of `ID_IMAGE_HOSTS`), or ''
 *   when the image is elsewhere and is to be shown only as a link the reviewer opens on purpose.
 */
export const ID_IMAGE_ID = /^idimg_[0-9a-f]{32}$/

export const ID_IMAGE_UPLOAD_PATH = '/api/user/upload_id_image'
export const ID_IMAGE_PATH = '/api/user/id_image'

/** Where an upload is served, for the review page's <img src>. */
export const idImageUrl = (imageId: string): string => `${ID_IMAGE_PATH}?image_id=${imageId}`

/** At most this many bytes in one image. */
export const ID_IMAGE_MAX_BYTES = 4 * 1024 * 1024
