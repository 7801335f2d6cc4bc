import type { FastifyInstance } from 'fastify'
import { apiRoute, NoData } from '../../http/route.ts'
import { adminActor } from '../oplog/index.ts'
import * as S from './admin-schemas.ts'
import { listAuthsForAdmin, reviewAuthForAdmin } from './admin-service.ts'

/** Identity review: admins only. */
export default async function userAdminRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app

  apiRoute(app, {
    path: '/api/user/list_auth',
    write: false,
    access: 'admin:admin',
    summary:
      'Identity submissions (pending by default), newest first, with both images and the full id number: ' +
      '{auths, pagination: {total, page, count}}',
    params: S.ListAuth,
    response: S.AuthList,
    handler: (p) => listAuthsForAdmin(deps, p),
  })

  apiRoute(app, {
    path: '/api/user/review_auth',
    write: true,
    access: 'admin:admin',
    summary:
      'Approve (is_pass 1) or reject a pending identity submission; the customer’s next sign-in sets ' +
      'auth_is_pass; 540 when none is pending',
    params: S.ReviewAuth,
    response: NoData,
    handler: (p, { admin }) =>
      reviewAuthForAdmin(deps, adminActor(admin), p.user_id, p.is_pass === 1, p.note, p.submit_time),
  })
}
