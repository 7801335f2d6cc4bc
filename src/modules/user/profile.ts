import type { Deps } from '../../deps.ts'
import { isUniqueViolation } from '../../db/dialect.ts'
import type { SessionUser } from '../../http/auth.ts'
import { Codes } from '../../http/codes.ts'
import { fail, ok, type Outcome } from '../../http/envelope.ts'
import { invalidParam } from '../../http/params.ts'
import { nowSeconds } from '../../time.ts'
import { isValidResidentId, maskResidentId } from './idcard.ts'
import { findUserById, nameTakenByOther, updateProfile } from './repo.ts'

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

/** The customer's profile and real-name verification. */
export class ProfileService {
  constructor(private readonly deps: Deps) {}

  async getUserInfo(user: SessionUser): Promise<Outcome> {
    const row = await findUserById(this.deps.db, user.id)
    if (!row) throw new Error(`session of missing user ${user.id}`)
    const { pwd_hash: _hidden, ...profile } = row
    return ok(profile)
  }

  /** Returns the new name for the refreshed user_name cookie, or the refusal. */
  async modifyUserInfo(
    user: SessionUser,
    newName: string,
    sex: number | undefined,
  ): Promise<{ userName: string } | Outcome> {
    const { db, config } = this.deps
    if (!hasVisibleCharacter(newName)) throw invalidParam('new_user_name')
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
    return { userName: newName }
  }

  /** (Re)submits verification: it goes back to pending until an admin reviews it. */
  async setAuth(user: SessionUser, sub: AuthSubmission): Promise<Outcome> {
    const idCode = sub.id_code.toUpperCase()
    if (!isValidResidentId(idCode)) throw invalidParam('id_code')
    const { real_name, id_card_up, id_card_down } = sub
    const values = {
      real_name,
      id_card_up,
      id_card_down,
      id_code: idCode,
      pass: 0,
      status: 'pending' as const,
      note: '',
      submit_time: nowSeconds(),
      review_time: null,
    }
    await this.deps.db
      .insertInto('user_auth')
      .values({ user_id: user.id, ...values, version: 1 })
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet((eb) => ({ ...values, version: eb('user_auth.version', '+', 1) })),
      )
      .execute()
    return ok()
  }

  async getAuth(user: SessionUser): Promise<Outcome> {
    const row = await this.deps.db.selectFrom('user_auth').selectAll().where('user_id', '=', user.id).executeTakeFirst()
    if (!row) return ok({ status: 'none', pass: 0, note: '' })
    return ok({ ...row, id_code: maskResidentId(row.id_code) })
  }
}
