/** The one statement of what an admin's name and password may be: the API, SFM_ADMIN_* and `npm run admin` check it. */

/** Letters, digits, punctuation and symbols: no spaces, no control or format characters. */
export const ADMIN_NAME_PATTERN = '^[\\p{L}\\p{N}\\p{P}\\p{S}]+$'
export const ADMIN_NAME_MAX = 32
export const ADMIN_PWD_MIN = 8
export const ADMIN_PWD_MAX = 128

const namePattern = new RegExp(ADMIN_NAME_PATTERN, 'u')

/** Why `name` cannot name an admin; undefined when it can. */
export function adminNameProblem(name: string): string | undefined {
  const length = [...name].length
  return length >= 1 && length <= ADMIN_NAME_MAX && namePattern.test(name)
    ? undefined
    : `must be 1–${ADMIN_NAME_MAX} characters without spaces`
}

/** Why `pwd` cannot be an admin's password; undefined when it can. */
export function adminPasswordProblem(pwd: string): string | undefined {
  return pwd.length >= ADMIN_PWD_MIN && pwd.length <= ADMIN_PWD_MAX
    ? undefined
    : `must be ${ADMIN_PWD_MIN}–${ADMIN_PWD_MAX} characters`
}
