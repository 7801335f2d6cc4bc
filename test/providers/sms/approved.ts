// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Aliyun writes its template variables as ${name}
import type { TemplateName } from '../../../src/providers/sms/index.ts'

// The templates a shop would have approved at each provider, as the fakes hold them: Aliyun's
// name their variables ${name}; Tencent's number them {1}, {2}… in sfm's order.

export const SIGN_NAME = '首付买'

export const ALIYUN_TEMPLATE_CODES: Record<TemplateName, string> = {
  verify_code: 'SMS_900001',
  reset_code: 'SMS_900002',
  order_shipped: 'SMS_900003',
  repay_due_soon: 'SMS_900004',
  repay_overdue: 'SMS_900005',
  after_sale_update: 'SMS_900006',
  refund_done: 'SMS_900007',
}

export const ALIYUN_APPROVED: Record<string, string> = {
  SMS_900001: '验证码${code},5分钟内有效,请勿告诉他人。如非本人操作,请忽略本短信。',
  SMS_900002: '验证码${code},您正在重置登录密码,5分钟内有效,请勿告诉他人。',
  SMS_900003: '您的订单${order_id}已发货,${logistics}运单号${logistics_id}。',
  SMS_900004: '您的订单${order_id}额度卡欠款${amount}元将于${due_date}到期,请按时还款。',
  SMS_900005: '您的订单${order_id}额度卡欠款${amount}元已逾期,逾期费${fee}元,请尽快还款。',
  SMS_900006: '您的订单${order_id}的售后申请${state}。',
  SMS_900007: '您的订单${order_id}已退款${amount}元,将原路退回。',
}

export const TENCENT_TEMPLATE_CODES: Record<TemplateName, string> = {
  verify_code: '2100001',
  reset_code: '2100002',
  order_shipped: '2100003',
  repay_due_soon: '2100004',
  repay_overdue: '2100005',
  after_sale_update: '2100006',
  refund_done: '2100007',
}

export const TENCENT_APPROVED: Record<string, string> = {
  '2100001': '验证码{1},5分钟内有效,请勿告诉他人。如非本人操作,请忽略本短信。',
  '2100002': '验证码{1},您正在重置登录密码,5分钟内有效,请勿告诉他人。',
  '2100003': '您的订单{1}已发货,{2}运单号{3}。',
  '2100004': '您的订单{1}额度卡欠款{2}元将于{3}到期,请按时还款。',
  '2100005': '您的订单{1}额度卡欠款{2}元已逾期,逾期费{3}元,请尽快还款。',
  '2100006': '您的订单{1}的售后申请{2}。',
  '2100007': '您的订单{1}已退款{2}元,将原路退回。',
}
