import { compiledPerDatabase } from '../../db/compiled.ts'
import type { Executor } from '../../db/dialect.ts'
import type { Address } from '../../db/types.ts'

export interface AddressFields {
  name: string
  mobile: string
  address: string
}

/** One of the caller's addresses, or undefined when it is missing or someone else's. */
export async function findAddress(db: Executor, userId: number, id: number): Promise<Address | undefined> {
  return (await addressOf(db, userId, id))[0]
}

// Compiled once: every order's commit reads its address.
const addressOf = compiledPerDatabase<[number, number], Address>(2, (db, userId, id) =>
  db.selectFrom('addresses').selectAll().where('id', '=', id).where('user_id', '=', userId),
)

/** The default first, then the newest. */
export async function listAddresses(db: Executor, userId: number): Promise<Address[]> {
  return db
    .selectFrom('addresses')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('is_default', 'desc')
    .orderBy('id', 'desc')
    .execute()
}

export async function countAddresses(db: Executor, userId: number): Promise<number> {
  const row = await db
    .selectFrom('addresses')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function insertAddress(
  trx: Executor,
  userId: number,
  fields: AddressFields,
  now: number,
): Promise<number> {
  const row = await trx
    .insertInto('addresses')
    .values({ user_id: userId, ...fields, is_default: 0, create_time: now, update_time: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function updateAddress(
  trx: Executor,
  userId: number,
  id: number,
  fields: AddressFields,
  now: number,
): Promise<boolean> {
  const res = await trx
    .updateTable('addresses')
    .set({ ...fields, update_time: now })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

/** Deletes the address; answers whether it was the default, or undefined when there was none to delete. */
export async function deleteAddress(
  trx: Executor,
  userId: number,
  id: number,
): Promise<{ wasDefault: boolean } | undefined> {
  const row = await trx
    .deleteFrom('addresses')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning('is_default')
    .executeTakeFirst()
  return row && { wasDefault: row.is_default === 1 }
}

/**
 * Makes the address the user's one default: clears the others first, then sets it, so there are never two.
 * Changes nothing and answers false when the address is missing or someone else's.
 */
export async function makeDefault(trx: Executor, userId: number, id: number): Promise<boolean> {
  await trx
    .updateTable('addresses')
    .set({ is_default: 0 })
    .where('user_id', '=', userId)
    .where('is_default', '=', 1)
    .where('id', '!=', id)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('addresses as target')
          .select('target.id')
          .where('target.id', '=', id)
          .where('target.user_id', '=', userId),
      ),
    )
    .execute()
  const res = await trx
    .updateTable('addresses')
    .set({ is_default: 1 })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

/** After the default was deleted, the newest remaining address takes its place. */
export async function promoteNewest(trx: Executor, userId: number): Promise<void> {
  await trx
    .updateTable('addresses')
    .set({ is_default: 1 })
    .where('id', '=', (eb) =>
      eb
        .selectFrom('addresses')
        .select((e) => e.fn.max('id').as('id'))
        .where('user_id', '=', userId),
    )
    .where('user_id', '=', userId)
    .execute()
}
