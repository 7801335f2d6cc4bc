import type { Static } from '@sinclair/typebox'
import type { Deps } from '../../deps.ts'
import { isUniqueViolation } from '../../db/errors.ts'
import { flag } from '../../db/types.ts'
import type { SessionUser } from '../../http/auth.ts'
import { Codes } from '../../domain/codes.ts'
import { type Result, fail, invalidParam, ok } from '../../domain/result.ts'
import { nowSeconds } from '../../time.ts'
import { storedIdImage } from './id-image-value.ts'
import { uploadRefused } from './id-images.ts'
import { isValidResidentId, maskResidentId } from './idcard.ts'
import type { AuthAnswer } from './schemas.ts'
import { findAuth, findUserById, nameTakenByOther, updateProfile, upsertAuth } from './repo.ts'

// The customer's profile and real-name verification.

/**
 * Spaces, format characters (zero-width space, BOM…), controls and the blank-looking letters
 * (Hangul fillers, the braille blank): a name made only of these shows as nothing.
 */
const INVISIBLE = /[\p{White_Space}\p{Cf}\p{Cc}\u115F\u1160\u3164\uFFA0\u2800]/gu
const hasVisibleCharacter = (text: string) => text.replace(INVISIBLE, '').length > 0

export interface AuthSubmission {
  real_name: string
  id_code: string
  id_card_up: string
  id_card_down: string
}

export async function getUserInfo(deps: Deps, user: SessionUser) {
  const row = await findUserById(deps.db, user.id)
  if (!row) throw new Error(`session of missing user ${user.id}`)
  const { pwd_hash: _hidden, ...profile } = row
  return ok(profile)
}

/** Returns the new name for the refreshed user_name cookie, or the refusal. */
export async function modifyUserInfo(
  deps: Deps,
  user: SessionUser,
  newName: string,
  sex: number | undefined,
): Promise<Result<{ userName: string }>> {
  const { db, config } = deps
  if (!hasVisibleCharacter(newName)) return invalidParam('new_user_name')
  const own = await findUserById(db, user.id)
  if (!own) throw new Error(`session of missing user ${user.id}`)
  // A mobile-shaped name other than one's own would shadow that mobile at sign-in.
  if (newName !== own.mobile && config.mobilePattern.test(newName)) return fail(Codes.USER_NAME_TAKEN)
  if (await nameTakenByOther(db, user.id, newName)) return fail(Codes.USER_NAME_TAKEN)
  try {
    await updateProfile(db, user.id, sex === undefined ? { user_name: newName } : { user_name: newName, sex })
  } catch (err) {
    if (isUniqueViolation(err)) return fail(Codes.USER_NAME_TAKEN)
    throw err
  }
  return ok({ userName: newName })
}

/** (Re)submits verification: it goes back to pending until an admin reviews it. */
export async function setAuth(deps: Deps, user: SessionUser, sub: AuthSubmission) {
  const idCode = sub.id_code.toUpperCase()
  if (!isValidResidentId(idCode)) return invalidParam('id_code')
  const id_card_up = storedIdImage(sub.id_card_up)
  if (id_card_up === undefined) return invalidParam('id_card_up')
  const id_card_down = storedIdImage(sub.id_card_down)
  if (id_card_down === undefined) return invalidParam('id_card_down')
  const { real_name } = sub
  // An upload id must be one of the caller's own uploads: nobody submits another's ID card.
  if (await uploadRefused(deps.db, user.id, id_card_up)) return invalidParam('id_card_up')
  if (await uploadRefused(deps.db, user.id, id_card_down)) return invalidParam('id_card_down')
  await upsertAuth(deps.db, user.id, {
    real_name,
    id_card_up,
    id_card_down,
    id_code: idCode,
    pass: flag(false),
    status: 'pending',
    note: '',
    submit_time: nowSeconds(),
    review_time: null,
  })
  return ok()
}

export async function getAuth(deps: Deps, user: SessionUser): Promise<Result<Static<typeof AuthAnswer>>> {
  const row = await findAuth(deps.db, user.id)
  if (!row) return ok({ status: 'none', pass: 0, note: '' })
  return ok({ ...row, id_code: maskResidentId(row.id_code) })
}
