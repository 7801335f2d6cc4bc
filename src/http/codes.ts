/** Every business outcome the API can answer with: one table. */
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
  SKU_NOT_FOUND: { code: 230, msg: '商品不存在或已下架' },
  FIRST_PRICE_OUT_OF_RANGE: { code: 231, msg: '首付金额不在允许范围内' },
  OUT_OF_STOCK: { code: 240, msg: '库存不足' },
  CREDIT_SHORT: { code: 271, msg: '额度卡余额不足' },
  COUPON_UNKNOWN: { code: 280, msg: '优惠券不存在或已停用' },
  COUPON_NOT_IN_TIME: { code: 281, msg: '优惠券不在有效期内' },
  COUPON_BELOW_MIN: { code: 282, msg: '订单金额未达到优惠券的使用门槛' },
  COUPON_USED_UP: { code: 283, msg: '优惠券已被用完' },
  COUPON_ALREADY_USED: { code: 284, msg: '您已使用过该优惠券' },
  /** not in the original: a coupon that would take nothing off is not spent on the order */
  COUPON_TAKES_NOTHING: { code: 285, msg: '该订单无可用优惠券抵扣的金额' },
  REPAY_REFUSED: { code: 310, msg: '订单状态不正确, 不能进行还卡' },
  CREDIT_CHANGE_REFUSED: { code: 311, msg: '额度调整失败' },
  SHIP_REFUSED: { code: 510, msg: '确认发货失败' },
  /** not in the original: refunds are new in sfm */
  REFUND_REFUSED: { code: 520, msg: '订单状态不正确,不能退款' },
  /** not in the original (it had no admin accounts): the shop must keep an active admin */
  LAST_ADMIN: { code: 530, msg: '不能停用或降级最后一个可用的管理员' },
  ADMIN_NOT_FOUND: { code: 531, msg: '管理员账号不存在' },
  /** no pending submission to review (never submitted, already reviewed, or resubmitted since) */
  AUTH_REVIEW_REFUSED: { code: 540, msg: '没有待审核的实名认证' },
} as const

export type BizCode = (typeof Codes)[keyof typeof Codes]

/** Messages for answers that carry an HTTP error status: every status the server or Fastify can answer with. */
export const HttpMessages: Record<number, string> = {
  400: '请求参数有误',
  401: '未登录',
  403: '禁止访问',
  404: '请求的资源不存在',
  405: '请求方法不允许',
  406: '无法提供请求的内容格式',
  408: '请求超时',
  411: '缺少请求体长度',
  413: '请求体过大',
  414: '请求地址过长',
  415: '不支持的请求体类型',
  422: '请求无法处理',
  429: '请求过于频繁,请稍后再试',
  431: '请求头过大',
  500: '内部错误',
  501: '不支持的请求',
  502: '上游服务错误',
  503: '服务暂不可用',
  504: '上游服务超时',
  505: '不支持的HTTP版本',
}

/** The bad-URL answer's message: the path or query cannot be decoded. */
export const BAD_URL_MSG = '请求地址无效'
