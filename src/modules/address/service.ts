import type { Deps } from '../../deps.ts'
import { lockUser } from '../../db/dialect.ts'
import type { Address } from '../../db/types.ts'
import { Codes } from '../../domain/codes.ts'
import { fail, invalidParam, ok } from '../../domain/result.ts'
import { nowSeconds } from '../../time.ts'
import {
  countAddresses,
  deleteAddress,
  insertAddress,
  listAddresses,
  makeDefault,
  promoteNewest,
  updateAddress,
} from './repo.ts'
import type { AddressInfoInput } from './schemas.ts'

// The customer's address book. Every change runs in a transaction holding the customer's lock, so the
// book always has exactly one default when it has any address, however requests interleave.

export const MAX_ADDRESSES = 20

const view = (a: Address) => ({
  id: a.id,
  name: a.name,
  mobile: a.mobile,
  address: a.address,
  is_default: a.is_default,
})

function fieldsOf(deps: Deps, info: AddressInfoInput) {
  if (!deps.config.mobilePattern.test(info.mobile)) return invalidParam('address_info.mobile')
  return ok({ name: info.name, mobile: info.mobile, address: info.address })
}

export async function addressBook(deps: Deps, userId: number) {
  return ok((await listAddresses(deps.db, userId)).map(view))
}

/** The first address becomes the default whatever is_default says. Data is the new id. */
export async function addAddress(deps: Deps, userId: number, info: AddressInfoInput) {
  const checked = fieldsOf(deps, info)
  if (!checked.ok) return checked
  const fields = checked.value
  return deps.db.transaction().execute(async (trx) => {
    await lockUser(trx, userId)
    const count = await countAddresses(trx, userId)
    if (count >= MAX_ADDRESSES) return fail(Codes.ADDRESS_BOOK_FULL, `收货地址最多${MAX_ADDRESSES}个`)
    const id = await insertAddress(trx, userId, fields, nowSeconds())
    if (count === 0 || info.is_default === 1) await makeDefault(trx, userId, id)
    return ok(id)
  })
}

export async function editAddress(deps: Deps, userId: number, id: number, info: AddressInfoInput) {
  const checked = fieldsOf(deps, info)
  if (!checked.ok) return checked
  const fields = checked.value
  return deps.db.transaction().execute(async (trx) => {
    await lockUser(trx, userId)
    if (!(await updateAddress(trx, userId, id, fields, nowSeconds()))) return fail(Codes.ADDRESS_NOT_FOUND)
    if (info.is_default === 1) await makeDefault(trx, userId, id)
    return ok()
  })
}

/** Deleting the default hands it to the newest remaining address. */
export async function removeAddress(deps: Deps, userId: number, id: number) {
  return deps.db.transaction().execute(async (trx) => {
    await lockUser(trx, userId)
    const deleted = await deleteAddress(trx, userId, id)
    if (!deleted) return fail(Codes.ADDRESS_NOT_FOUND)
    if (deleted.wasDefault) await promoteNewest(trx, userId)
    return ok()
  })
}

export async function setDefaultAddress(deps: Deps, userId: number, id: number) {
  return deps.db.transaction().execute(async (trx) => {
    await lockUser(trx, userId)
    return (await makeDefault(trx, userId, id)) ? ok() : fail(Codes.ADDRESS_NOT_FOUND)
  })
}
