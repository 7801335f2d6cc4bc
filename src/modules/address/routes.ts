import type { FastifyInstance } from 'fastify'
import { apiRoute, UNDOCUMENTED } from '../../http/route.ts'
import * as S from './schemas.ts'
import { AddressService } from './service.ts'

/** The address book lives under /api/order/, where the original system put it. */
export default async function addressRoutes(app: FastifyInstance): Promise<void> {
  const addresses = new AddressService(app.deps)

  apiRoute(app, {
    path: '/api/order/get_address',
    write: false,
    access: 'customer',
    summary: "The caller's addresses, default first",
    params: S.NoParams,
    response: UNDOCUMENTED,
    handler: (_p, { user }) => addresses.list(user),
  })

  apiRoute(app, {
    path: '/api/order/add_address',
    write: true,
    access: 'customer',
    summary: 'Add an address (at most 20; the first becomes the default); data is the new id',
    params: S.AddAddress,
    response: UNDOCUMENTED,
    handler: (p, { user }) => addresses.add(user, p.address_info),
  })

  apiRoute(app, {
    path: '/api/order/update_address',
    write: true,
    access: 'customer',
    summary: "Change one of the caller's addresses; is_default 1 also makes it the default",
    params: S.UpdateAddress,
    response: UNDOCUMENTED,
    handler: (p, { user }) => addresses.update(user, p.id, p.address_info),
  })

  apiRoute(app, {
    path: '/api/order/delete_address',
    write: true,
    access: 'customer',
    summary: 'Delete an address; deleting the default makes the newest other one the default',
    params: S.AddressId,
    response: UNDOCUMENTED,
    handler: (p, { user }) => addresses.remove(user, p.id),
  })

  apiRoute(app, {
    path: '/api/order/set_default',
    write: true,
    access: 'customer',
    summary: 'Make an address the default; the others stop being default',
    params: S.AddressId,
    response: UNDOCUMENTED,
    handler: (p, { user }) => addresses.setDefault(user, p.id),
  })
}
