import { createHmac, randomInt, timingSafeEqual } from 'node:crypto'
import type { Db } from '../../db/dialect.ts'
import { nowSeconds } from '../../time.ts'

export type CodePurpose = 'signup' | 'reset_pwd'

export const CODE_TTL_SECONDS = 300
export const CODE_MAX_TRIES = 5

/** Verification codes, stored only as a keyed hash, valid 300 s and for five tries. */
export class VerifyCodes {
  constructor(
    private readonly db: Db,
    private readonly secret: string,
  ) {}

  private hash(mobile: string, purpose: CodePurpose, code: string): string {
    return createHmac('sha256', this.secret).update(`${purpose}:${mobile}:${code}`).digest('hex')
  }

  /** Stores a new code for the mobile and returns it with its id; only the newest code of a purpose counts. */
  async issue(mobile: string, purpose: CodePurpose): Promise<{ id: number; code: string }> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
    const now = nowSeconds()
    const row = await this.db
      .insertInto('verify_codes')
      .values({
        mobile,
        purpose,
        code_hash: this.hash(mobile, purpose, code),
        created_at: now,
        expires_at: now + CODE_TTL_SECONDS,
        tries: 0,
        used_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { id: row.id, code }
  }

  /** Forgets a code that could not be sent, so the one sent before it (if still valid) counts again. */
  async withdraw(id: number): Promise<void> {
    await this.db.deleteFrom('verify_codes').where('id', '=', id).execute()
  }

  /**
   * Uses the code up if it is right. Each check first claims one of the code's tries with a
   * conditional update, so parallel guesses cannot get more than five looks between them.
   */
  async consume(mobile: string, purpose: CodePurpose, code: string): Promise<boolean> {
    const now = nowSeconds()
    const latest = await this.db
      .selectFrom('verify_codes')
      .select(['id', 'code_hash'])
      .where('mobile', '=', mobile)
      .where('purpose', '=', purpose)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()
    if (!latest) return false
    const claimed = await this.db
      .updateTable('verify_codes')
      .set((eb) => ({ tries: eb('tries', '+', 1) }))
      .where('id', '=', latest.id)
      .where('used_at', 'is', null)
      .where('tries', '<', CODE_MAX_TRIES)
      .where('expires_at', '>', now)
      .executeTakeFirst()
    if (Number(claimed.numUpdatedRows) !== 1) return false
    const given = Buffer.from(this.hash(mobile, purpose, code))
    if (!timingSafeEqual(given, Buffer.from(latest.code_hash))) return false
    const used = await this.db
      .updateTable('verify_codes')
      .set({ used_at: now })
      .where('id', '=', latest.id)
      .where('used_at', 'is', null)
      .executeTakeFirst()
    return Number(used.numUpdatedRows) === 1
  }
}
