/** A business outcome: its code (0 is success) and the message the customer reads. */
export interface BizCode {
  readonly code: number
  readonly msg: string
}

/**
 * Every outcome a module can answer with: one table. Codes 100 and 101 (a missing or invalid
 * parameter) travel with HTTP 400, codes from 400 up with the HTTP status of the same number,
 * every other one with 200 (the original server's way): http/result.ts maps them.
 */
export const Codes = {
  OK: { code: 0, msg: 'http请求成功' },
  MISSING_PARAM: { code: 100, msg: '缺少参数' },
  INVALID_PARAM: { code: 101, msg: '参数无效' },
  INTERNAL: { code: 102, msg: '内部错误' },
  MOBILE_REGISTERED: { code: 110, msg: '该手机号码已经注册' },
  SIGNUP_FAILED: { code: 111, msg: '注册失败' },
  NAME_OR_PWD_MISMATCH: { code: 112, msg: '用户名或者密码不匹配' },
  OLD_PWD_WRONG: { code: 113, msg: '原密码错误' },
  USER_NAME_TAKEN: { code: 115, msg: '用户名已被占用' },
  MOBILE_TAKEN_FOR_CODE: { code: 117, msg: '该手机号码已经注册' },
  VERIFY_CODE_WRONG: { code: 117, msg: '验证码错误' },
  SMS_FAILED: { code: 118, msg: '短信发送失败' },
  MOBILE_NOT_REGISTERED: { code: 121, msg: '该手机号码未注册' },
  ORDER_NOT_PAYABLE: { code: 134, msg: '订单错误' },
  BAD_ORDER_TYPE: { code: 201, msg: '订单类型错误' },
  ABNORMAL_ORDER_DATA: { code: 210, msg: '异常数据' },
  CONFIRM_REFUSED: { code: 211, msg: '卖家可能还未发货,订单确认失败' },
  CANCEL_REFUSED: { code: 212, msg: '订单状态不正确,不能取消' },
  DELETE_REFUSED: { code: 213, msg: '订单未完成,不能删除' },
  ORDER_NOT_FOUND: { code: 218, msg: '订单不存在' },
  ADDRESS_NOT_FOUND: { code: 220, msg: '地址不存在' },
  /** not in the original: a customer keeps at most 20 addresses */
  ADDRESS_BOOK_FULL: { code: 221, msg: '收货地址已达上限' },
  SKU_NOT_FOUND: { code: 230, msg: '商品不存在或已下架' },
  FIRST_PRICE_OUT_OF_RANGE: { code: 231, msg: '首付金额不在允许范围内' },
  /** not in the original (it had no catalog): an ordered SKU stays, for its orders' sake; it can only go off sale */
  SKU_ORDERED: { code: 232, msg: '该商品已有订单,不能删除,只能下架' },
  OUT_OF_STOCK: { code: 240, msg: '库存不足' },
  /** not in the original: a cart holds at most 50 kinds of SKU, a line at most 99 of one */
  CART_FULL: { code: 250, msg: '购物车已满' },
  CART_LINE_FULL: { code: 251, msg: '每种商品最多99件' },
  CREDIT_SHORT: { code: 271, msg: '额度卡余额不足' },
  CARD_FROZEN: { code: 272, msg: '额度卡已逾期, 请先还款' },
  COUPON_UNKNOWN: { code: 280, msg: '优惠券不存在或已停用' },
  COUPON_NOT_IN_TIME: { code: 281, msg: '优惠券不在有效期内' },
  COUPON_BELOW_MIN: { code: 282, msg: '订单金额未达到优惠券的使用门槛' },
  COUPON_USED_UP: { code: 283, msg: '优惠券已被用完' },
  COUPON_ALREADY_USED: { code: 284, msg: '您已使用过该优惠券' },
  /** back office: another coupon has the code, or a redeemed coupon's code cannot change */
  COUPON_CODE_TAKEN: { code: 285, msg: '优惠券代码已存在' },
  COUPON_CODE_LOCKED: { code: 286, msg: '优惠券已被使用,不能修改代码' },
  /** not in the original: a coupon that would take nothing off an order is not spent on it */
  COUPON_TAKES_NOTHING: { code: 287, msg: '该订单无可用优惠券抵扣的金额' },
  REPAY_REFUSED: { code: 310, msg: '订单状态不正确, 不能进行还卡' },
  CREDIT_CHANGE_REFUSED: { code: 311, msg: '额度调整失败' },
  REPAY_AMOUNT: { code: 312, msg: '还款金额不正确' },
  WAIVE_AMOUNT: { code: 313, msg: '减免金额不正确' },
  /** not in the original (its back office named cards by user): an admin route's card id that is no card */
  CARD_NOT_FOUND: { code: 314, msg: '额度卡不存在' },
  SHIP_REFUSED: { code: 510, msg: '确认发货失败' },
  /** not in the original: a bulk-ship row for an order already shipped with this very number (nothing done) */
  ALREADY_SHIPPED: { code: 511, msg: '该订单已按此运单号发货' },
  /** not in the original: a bulk-ship row for an order an earlier row of the same file names */
  DUPLICATE_ROW: { code: 512, msg: '文件中该订单重复, 只按第一行发货' },
  /** not in the original: refunds are new in sfm */
  REFUND_REFUSED: { code: 520, msg: '订单状态不正确,不能退款' },
  /** not in the original (it had no admin accounts): the shop must keep an active admin */
  LAST_ADMIN: { code: 530, msg: '不能停用或降级最后一个可用的管理员' },
  ADMIN_NOT_FOUND: { code: 531, msg: '管理员账号不存在' },
  /** no pending submission to review (never submitted, already reviewed, or resubmitted since) */
  AUTH_REVIEW_REFUSED: { code: 540, msg: '没有待审核的实名认证' },
  /** after-sale (SPEC §6.8): the order cannot ask now (not eligible, window passed, a request already open) */
  AFTER_SALE_REFUSED: { code: 550, msg: '该订单不能申请售后' },
  AFTER_SALE_WRONG_STATE: { code: 551, msg: '售后单状态不正确' },
  /** refusals that carry an HTTP status of the same number */
  BAD_SIGNATURE: { code: 401, msg: '签名验证失败' },
  IDEMPOTENCY_KEY_REUSED: { code: 422, msg: 'Idempotency-Key已用于另一个不同的请求' },
  TOO_MANY_REQUESTS: { code: 429, msg: '请求过于频繁,请稍后再试' },
  /** what a route answers for something that is not there, or not the caller's to see */
  NOT_FOUND: { code: 404, msg: '请求的资源不存在' },
  SERVICE_UNAVAILABLE: { code: 503, msg: '服务暂不可用' },
} as const satisfies Record<string, BizCode>
