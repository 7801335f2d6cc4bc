import type { Deps } from '../../deps.ts'
import { lockUser } from '../../db/dialect.ts'
import type { Address } from '../../db/types.ts'
import type { SessionUser } from '../../http/auth.ts'
import { Codes } from '../../domain/codes.ts'
import { fail, ok } from '../../domain/result.ts'
import { invalidParam } from '../../domain/result.ts'
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

export const MAX_ADDRESSES = 20

const view = (a: Address) => ({
  id: a.id,
  name: a.name,
  mobile: a.mobile,
  address: a.address,
  is_default: a.is_default,
})

/**
 * The customer's address book. Every change runs in a transaction holding the customer's lock, so the
 * book always has exactly one default when it has any address, however requests interleave.
 */
export class AddressService {
  constructor(private readonly deps: Deps) {}

  private fields(info: AddressInfoInput) {
    if (!this.deps.config.mobilePattern.test(info.mobile)) return invalidParam('address_info.mobile')
    return ok({ name: info.name, mobile: info.mobile, address: info.address })
  }

  async list(user: SessionUser) {
    return ok((await listAddresses(this.deps.db, user.id)).map(view))
  }

  /** The first address becomes the default whatever is_default says. Data is the new id. */
  async add(user: SessionUser, info: AddressInfoInput) {
    const checked = this.fields(info)
    if (!checked.ok) return checked
    const fields = checked.value
    return this.deps.db.transaction().execute(async (trx) => {
      await lockUser(trx, user.id)
      const count = await countAddresses(trx, user.id)
      if (count >= MAX_ADDRESSES) return fail(Codes.ADDRESS_BOOK_FULL, `收货地址最多${MAX_ADDRESSES}个`)
      const id = await insertAddress(trx, user.id, fields, nowSeconds())
      if (count === 0 || info.is_default === 1) await makeDefault(trx, user.id, id)
      return ok(id)
    })
  }

  async update(user: SessionUser, id: number, info: AddressInfoInput) {
    const checked = this.fields(info)
    if (!checked.ok) return checked
    const fields = checked.value
    return this.deps.db.transaction().execute(async (trx) => {
      await lockUser(trx, user.id)
      if (!(await updateAddress(trx, user.id, id, fields, nowSeconds()))) return fail(Codes.ADDRESS_NOT_FOUND)
      if (info.is_default === 1) await makeDefault(trx, user.id, id)
      return ok()
    })
  }

  /** Deleting the default hands it to the newest remaining address. */
  async remove(user: SessionUser, id: number) {
    return this.deps.db.transaction().execute(async (trx) => {
      await lockUser(trx, user.id)
      const deleted = await deleteAddress(trx, user.id, id)
      if (!deleted) return fail(Codes.ADDRESS_NOT_FOUND)
      if (deleted.wasDefault) await promoteNewest(trx, user.id)
      return ok()
    })
  }

  async setDefault(user: SessionUser, id: number) {
    return this.deps.db.transaction().execute(async (trx) => {
      await lockUser(trx, user.id)
      return (await makeDefault(trx, user.id, id)) ? ok() : fail(Codes.ADDRESS_NOT_FOUND)
    })
  }
}
