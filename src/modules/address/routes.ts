import type { FastifyInstance } from 'fastify'
import { apiRoute, NoData } from '../../http/route.ts'
import * as S from './schemas.ts'
import { addAddress, addressBook, editAddress, removeAddress, setDefaultAddress } from './service.ts'

/** The address book lives under /api/order/, where the original system put it. */
export default async function addressRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app

  apiRoute(app, {
    path: '/api/order/get_address',
    write: false,
    access: 'customer',
    summary: "The caller's addresses, default first",
    params: S.NoParams,
    response: S.AddressList,
    handler: (_p, { user }) => addressBook(deps, user.id),
  })

  apiRoute(app, {
    path: '/api/order/add_address',
    write: true,
    access: 'customer',
    summary: 'Add an address (at most 20; the first becomes the default); data is the new id',
    params: S.AddAddress,
    response: S.NewAddressId,
    handler: (p, { user }) => addAddress(deps, user.id, p.address_info),
  })

  apiRoute(app, {
    path: '/api/order/update_address',
    write: true,
    access: 'customer',
    summary: "Change one of the caller's addresses; is_default 1 also makes it the default",
    params: S.UpdateAddress,
    response: NoData,
    handler: (p, { user }) => editAddress(deps, user.id, p.id, p.address_info),
  })

  apiRoute(app, {
    path: '/api/order/delete_address',
    write: true,
    access: 'customer',
    summary: 'Delete an address; deleting the default makes the newest other one the default',
    params: S.AddressId,
    response: NoData,
    handler: (p, { user }) => removeAddress(deps, user.id, p.id),
  })

  apiRoute(app, {
    path: '/api/order/set_default',
    write: true,
    access: 'customer',
    summary: 'Make an address the default; the others stop being default',
    params: S.AddressId,
    response: NoData,
    handler: (p, { user }) => setDefaultAddress(deps, user.id, p.id),
  })
}
