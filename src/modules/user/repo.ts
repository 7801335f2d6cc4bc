import { compiledPerDatabase } from '../../db/compiled.ts'
import type { Executor } from '../../db/dialect.ts'
import type { ExpressionBuilder, Insertable } from 'kysely'
import type { Database, IdImageTable, User, UserAuthTable } from '../../db/types.ts'

// The customer's own row: read by most signed-in routes (get_user_info, each profile change).
const userById = compiledPerDatabase<[number], User>(1, (db, id) =>
  db.selectFrom('users').selectAll().where('id', '=', id),
)

export async function findUserById(db: Executor, id: number): Promise<User | undefined> {
  return (await userById(db, id))[0]
}

export async function findUserByMobile(db: Executor, mobile: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('mobile', '=', mobile).executeTakeFirst()
}

/** Sign-in takes a mobile or a user name; a mobile match wins. */
export async function findUserByAccount(db: Executor, account: string): Promise<User | undefined> {
  return (
    (await findUserByMobile(db, account)) ??
    db.selectFrom('users').selectAll().where('user_name', '=', account).executeTakeFirst()
  )
}

export async function insertUser(trx: Executor, mobile: string, pwdHash: string, now: number): Promise<number> {
  const row = await trx
    .insertInto('users')
    .values({
      mobile,
      user_name: mobile,
      pwd_hash: pwdHash,
      email: '',
      head_img: '',
      nick_name: '',
      signature: '',
      sex: 0,
      location: '',
      register_dt: now,
      lastlogin: null,
      lastloginip: '',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function recordLogin(db: Executor, id: number, now: number, ip: string): Promise<void> {
  await db.updateTable('users').set({ lastlogin: now, lastloginip: ip }).where('id', '=', id).execute()
}

export async function setPasswordHash(db: Executor, id: number, pwdHash: string): Promise<void> {
  await db.updateTable('users').set({ pwd_hash: pwdHash }).where('id', '=', id).execute()
}

/** Whether a name is someone else's user name or mobile: either would make sign-in ambiguous. */
export async function nameTakenByOther(db: Executor, id: number, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('id', '!=', id)
    .where((eb) => eb.or([eb('user_name', '=', name), eb('mobile', '=', name)]))
    .executeTakeFirst()
  return row !== undefined
}

export async function updateProfile(
  db: Executor,
  id: number,
  changes: { user_name: string; sex?: number },
): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute()
}

export async function authPassed(db: Executor, userId: number): Promise<boolean> {
  const row = await db.selectFrom('user_auth').select('pass').where('user_id', '=', userId).executeTakeFirst()
  return row?.pass === 1
}

export type AuthSubmissionRow = Omit<Insertable<UserAuthTable>, 'user_id' | 'version'>

/** Files a customer's verification, replacing any earlier one: version 1, then one more each time. */
export async function upsertAuth(db: Executor, userId: number, values: AuthSubmissionRow): Promise<void> {
  await db
    .insertInto('user_auth')
    .values({ user_id: userId, ...values, version: 1 })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet((eb) => ({ ...values, version: eb('user_auth.version', '+', 1) })),
    )
    .execute()
}

export async function findAuth(db: Executor, userId: number) {
  return db.selectFrom('user_auth').selectAll().where('user_id', '=', userId).executeTakeFirst()
}

/** Deletes sessions past their expiry or revoked, and verification codes past theirs, before `before`. */
export async function pruneSessionsAndCodes(db: Executor, before: number): Promise<number> {
  const sessions = await db
    .deleteFrom('user_sessions')
    .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
    .executeTakeFirst()
  const codes = await db.deleteFrom('verify_codes').where('expires_at', '<', before).executeTakeFirst()
  return Number(sessions.numDeletedRows) + Number(codes.numDeletedRows)
}

export type IdImageMime = IdImageTable['mime']

export async function insertIdImage(
  trx: Executor,
  image: { image_id: string; user_id: number; mime: IdImageMime; bytes: Buffer; create_time: number },
): Promise<void> {
  await trx
    .insertInto('id_images')
    .values({ ...image, size: image.bytes.length })
    .execute()
}

export async function findIdImage(db: Executor, imageId: string) {
  return db.selectFrom('id_images').selectAll().where('image_id', '=', imageId).executeTakeFirst()
}

export async function isOwnIdImage(db: Executor, userId: number, imageId: string): Promise<boolean> {
  const row = await db
    .selectFrom('id_images')
    .select('image_id')
    .where('image_id', '=', imageId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return row !== undefined
}

/**
 * Keeps a customer's newest `keep` uploads, and always the ones their submission names: a
 * customer cannot fill the database by uploading, and the reviewer never loses an image.
 */
export async function pruneIdImages(trx: Executor, userId: number, keep: number): Promise<void> {
  const submitted = (eb: ExpressionBuilder<Database, 'id_images'>) =>
    eb.or([
      eb('image_id', 'in', eb.selectFrom('user_auth').select('id_card_up').where('user_id', '=', userId)),
      eb('image_id', 'in', eb.selectFrom('user_auth').select('id_card_down').where('user_id', '=', userId)),
    ])
  const newest = trx
    .selectFrom('id_images')
    .select('image_id')
    .where('user_id', '=', userId)
    .where((eb) => eb.not(submitted(eb)))
    .orderBy('create_time', 'desc')
    .orderBy('image_id', 'desc')
    .limit(keep)
  await trx
    .deleteFrom('id_images')
    .where('user_id', '=', userId)
    .where((eb) => eb.not(submitted(eb)))
    .where('image_id', 'not in', newest)
    .execute()
}
