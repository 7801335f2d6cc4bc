import type { FastifyInstance } from 'fastify'
import { apiRoute, NoData } from '../../http/route.ts'
import { adminActor } from '../oplog/index.ts'
import * as S from './schemas.ts'
import { couponList, couponRedemptions, saveCoupon, setEnabled } from './service.ts'

/** The back office's coupons: admins only. */
export default async function couponRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app

  apiRoute(app, {
    path: '/api/coupon/list',
    write: false,
    access: 'admin:admin',
    summary: 'Coupons, newest first, each with its used count: {coupons, pagination: {total, page, count}}',
    params: S.ListCoupons,
    response: S.CouponListAnswer,
    handler: (p) => couponList(deps, p),
  })

  apiRoute(app, {
    path: '/api/coupon/save',
    write: true,
    access: 'admin:admin',
    summary:
      'Create a coupon, or edit the one named by coupon_id; data is the coupon. 280 unknown coupon_id, ' +
      '285 code taken, 286 a new code for a coupon already redeemed',
    params: S.SaveCoupon,
    response: S.CouponAnswer,
    handler: (p, { admin }) => saveCoupon(deps, adminActor(admin), p),
  })

  apiRoute(app, {
    path: '/api/coupon/set_enabled',
    write: true,
    access: 'admin:admin',
    summary: 'Switch a coupon on (1) or off (0); 280 unknown',
    params: S.SetEnabled,
    response: NoData,
    handler: (p, { admin }) => setEnabled(deps, adminActor(admin), p.coupon_id, p.enabled),
  })

  apiRoute(app, {
    path: '/api/coupon/redemptions',
    write: false,
    access: 'admin:admin',
    summary:
      'Who used a coupon on which order, newest first: {coupon, redemptions, pagination: {total, page, count}}; ' +
      '280 unknown',
    params: S.Redemptions,
    response: S.RedemptionsAnswer,
    handler: (p) => couponRedemptions(deps, p.coupon_id, p.page, p.count),
  })
}
