import type { Generated, Insertable, Selectable } from 'kysely'

/** A 0/1 column: SQLite has no booleans, and the original API answers these as numbers. */
export type Flag = 0 | 1

export const flag = (on: boolean): Flag => (on ? 1 : 0)

/** 0 unpaid, 99 payment started, 1 paid, 2 shipped, 3 complete, 4 cancelled, 5 expired, 6 refunded */
export type OrderStateCode = 0 | 99 | 1 | 2 | 3 | 4 | 5 | 6

/** What a payment pays for: an order's first payment, or a repayment of its debt on the card. */
export type PaymentPurpose = 'order_pay' | 'card_pay' | 'bill_pay'

/** payments.target_type, the original's names for the same two purposes */
export type PaymentTarget = 'pay' | 'card' | 'bill'

export type ActorType = 'user' | 'admin' | 'system'

/** Times are Unix seconds; money is integer fen. */
export interface UserTable {
  id: Generated<number>
  mobile: string
  user_name: string
  pwd_hash: string
  email: string
  head_img: string
  nick_name: string
  signature: string
  sex: number
  location: string
  register_dt: number
  lastlogin: number | null
  lastloginip: string
}

export interface UserSessionTable {
  /** sha256 of the random session id carried inside the encrypted cookie */
  id: string
  user_id: number
  created_at: number
  expires_at: number
  revoked_at: number | null
}

export interface VerifyCodeTable {
  id: Generated<number>
  mobile: string
  purpose: 'signup' | 'reset_pwd'
  code_hash: string
  created_at: number
  expires_at: number
  tries: number
  used_at: number | null
}

export interface UserAuthTable {
  user_id: number
  real_name: string
  id_code: string
  id_card_up: string
  id_card_down: string
  /** 1 once an admin approved it */
  pass: Flag
  status: 'pending' | 'passed' | 'rejected'
  note: string
  submit_time: number
  review_time: number | null
  /** 1 for the customer's first submission, one more for each after it: what a review names */
  version: number
}

/** A customer's uploaded identity-card image (JPEG or PNG), served only to them and to admins. */
export interface IdImageTable {
  /** idimg_ and 32 hex digits */
  image_id: string
  user_id: number
  mime: 'image/jpeg' | 'image/png'
  size: number
  bytes: Buffer
  create_time: number
}

export interface CreditCardTable {
  id: Generated<number>
  card_id: string
  user_id: number
  amount: number
  remain_amount: number
  channel: string
  create_time: number
  update_time: number
  /** the due time of the holder's oldest owed debt, null when none (kept by the ledger's writes) */
  oldest_due: Generated<number | null>
}

export interface OperateLogTable {
  id: Generated<number>
  /** 'user', 'admin' or 'system' */
  actor_type: ActorType
  actor_id: number | null
  target_type: string
  target_id: string
  text: string
  /** JSON: the row's money as data, [{label, fen}], so nobody reads amounts back out of `text` */
  amounts: Generated<string>
  time: number
}

/** One verified payment webhook event; `event_id` is unique, so a redelivery records nothing. */
export interface PaymentEventTable {
  id: Generated<number>
  event_id: string
  type: string
  /** the charge or refund id the event is about */
  object_id: string
  order_no: string
  /** `data.object.metadata.type` (order_pay, card_pay), '' when absent */
  /** as the event said it, even a purpose this shop does not make (kept for audit) */
  purpose: string
  /** 'applied' when a handler acted on it, 'unmatched' when nothing did (acknowledged all the same) */
  result: 'applied' | 'unmatched'
  created: number
  received_at: number
  /** the verified raw body, for audit */
  body: string
}

/** A charge made by the offline sandbox provider; `charge` is the charge object as first returned (JSON). */
export interface SandboxChargeTable {
  id: string
  order_no: string
  amount: number
  amount_refunded: Generated<number>
  state: 'pending' | 'failed' | 'paid'
  charge: string
  created: number
  time_expire: number
  time_paid: number | null
  transaction_no: string | null
  /** the id of its charge.succeeded event, fixed when first paid so every redelivery is the same event */
  event_id: string | null
  failed_at: number | null
  /** when the shop closed it: it can no longer be paid */
  closed_at: number | null
  /** paid and its event not yet taken by the webhook: when to deliver it again */
  next_delivery_at: number | null
  delivered_at: number | null
  deliveries: Generated<number>
}

export interface SkuTable {
  sku_id: string
  name: string
  /** fen */
  real_price: number
  /** JSON array of the allowed first payments per unit, in fen, ascending */
  first_pay: string
  /** fen, per order line */
  postfee: number
  /** grams */
  weight: number
  /** JSON array of image URLs */
  images: string
  stock: number
  /** 1 on sale, 0 off sale */
  on_sale: Flag
  create_time: number
  update_time: number
}

export interface AddressTable {
  id: Generated<number>
  user_id: number
  name: string
  mobile: string
  address: string
  /** 1 for the user's one default address */
  is_default: Flag
  create_time: number
  update_time: number
}

export interface CartLineTable {
  id: Generated<number>
  user_id: number
  sku_id: string
  sku_count: number
  /** fen per unit */
  first_price: number
  create_time: number
  update_time: number
}

/** state: 0 unpaid, 99 payment started, 1 paid, 2 shipped, 3 complete, 4 cancelled, 5 expired, 6 refunded */
export interface OrderTable {
  order_id: string
  user_id: number
  state: OrderStateCode
  /** 1 visible, 0 deleted by the customer */
  status: Flag
  sku_amount: number
  ship_amount: number
  /** ≤ 0: what the order borrows on the card */
  credit_amount: number
  favour_amount: number
  manual_amount: number
  pay_amount: number
  /** 1 while the credit is taken from the card: held before payment, owed after */
  credit_held: Flag
  /** 0 owed, 1 repaid (or nothing borrowed) */
  credit_card_state: Flag
  user_note: string
  admin_note: string
  cancel_reason: string
  address_id: number
  address_name: string
  address_mobile: string
  address_text: string
  logistics_id: string
  logistics: string
  create_time: number
  update_time: number
  expire_time: number
  pay_time: number | null
  send_time: number | null
  confirm_time: number | null
  cancel_time: number | null
  refund_time: number | null
  repay_time: number | null
  /** the coupon the order used, as the customer typed it (upper-cased); '' when none */
  coupon_code: string
  /** 1 while one of its after-sale requests is open (0 requested, 1 approved, 2 goods received) */
  after_sale_open: Generated<Flag>
}

export interface OrderItemTable {
  id: Generated<number>
  order_id: string
  sku_id: string
  sku_name: string
  sku_image: string
  real_price: number
  first_price: number
  sku_count: number
  weight: number
  postfee: number
}

export interface OrderChargeTable {
  charge_id: string
  order_id: string
  /** 'order_pay' or 'card_pay' */
  purpose: PaymentPurpose
  channel: string
  amount: number
  create_time: number
  /** closing: the shop takes no more money on it and the provider is to be told; closed: told */
  close_state: Generated<'open' | 'closing' | 'closed'>
  closed_time: number | null
}

export interface PaymentTable {
  id: Generated<number>
  order_id: string
  /** 'pay' for the order, 'card' for a repayment of its debt, 'bill' for a repayment of the bill (several debts) */
  target_type: PaymentTarget
  /** the channel's transaction number */
  water_id: string
  /** 0 wx, 1 alipay, −1 none (nothing was charged) */
  channel_id: number
  /** the charge's channel (alipay_pc_direct, wx_pub_qr), or 'none' for an order with nothing to pay */
  channel: Generated<string>
  /** the charge id */
  channel_water_id: string
  amount: number
  event_id: string
  time: number
  /** 1 when the order could not take this money: it is to be refunded */
  needs_refund: Generated<Flag>
  /** 'none', 'requested' (asked of the provider), 'refunded' (its refund.succeeded arrived) */
  refund_state: Generated<'none' | 'requested' | 'refunded'>
  refund_time: number | null
}

/**
 * A refund asked of the provider for one payment. queued: to ask (again, after a network
 * failure); pending: asked, the provider has not finished; then succeeded or failed for good.
 */
/** What the overview sums of a stretch of time: a closed day (stats_days) or quarter hour (stats_slots). */
export interface StatsSums {
  orders: number
  paid_orders: number
  gmv: number
  first_payments: number
  credit_borrowed: number
  repayments: number
  fees: number
  refunds: number
}

/** The overview's sums of one closed day of the shop (src/modules/stats). */
export interface StatsDayTable extends StatsSums {
  zone: string
  date: string
  computed_at: number
  /** the late-payment counters of the day's UTC days when it was summed (stats_late_days) */
  generation: Generated<number>
}

/** A closed quarter hour of a day still open: its sums, keyed by its start (a multiple of 900 seconds). */
export interface StatsSlotTable extends StatsSums {
  slot: number
  /** the late-payment counter of the slot's UTC day when it was summed (stats_late_days) */
  generation: number
  computed_at: number
}

/** The principal still owed, per UTC day of due time (due_time / 86400) and shard (user_id % 8). */
export interface CreditOwedTable {
  due_day: number
  shard: number
  principal: number
}

/** Per UTC day, how many payments were recorded for it after its overview sums may have been kept. */
export interface StatsLateDayTable {
  day: number
  generation: number
}

export interface RefundTable {
  id: Generated<number>
  payment_id: number
  order_id: string
  amount: number
  /** 1: gives back the share of a bill payment applied to order_id's debt; 0: the whole payment */
  share: Generated<Flag>
  reason: string
  state: 'queued' | 'pending' | 'succeeded' | 'failed'
  /** the provider's refund id (re_…), once it answered */
  refund_id: string | null
  /** how often the provider was asked or looked up */
  attempts: number
  /** when the worker next asks or looks: Unix seconds */
  next_attempt_at: number
  /** why the last attempt did not finish it, or why it failed */
  last_error: string
  create_time: number
  update_time: number
  finish_time: number | null
}

export interface IdempotencyKeyTable {
  user_id: number
  key: string
  response: string
  /** sha256 of the request's parameters as validated, keys sorted; '' for keys made before it was kept */
  request_hash: Generated<string>
  create_time: number
}

/**
 * A text message to send (every one but a verification code). `next_attempt_at`: when it is
 * due while queued, when its lease ends while a worker is sending it.
 */
export interface SmsOutboxTable {
  id: Generated<number>
  mobile: string
  /** a template name of the SMS provider's templates */
  template: string
  /** the template's parameters, JSON */
  params: string
  state: 'queued' | 'sending' | 'sent' | 'failed'
  /** how often a worker took it (to send, or to look it up) */
  attempts: number
  next_attempt_at: number
  /** 1 when an attempt may have reached the provider unanswered (a timeout, a worker gone mid-call) */
  maybe_sent: Flag
  /** the provider of the last attempt, and its id of the message once sent */
  provider: string
  provider_ref: string
  /** why the last attempt did not send it, or why it failed for good */
  last_error: string
  create_time: number
  update_time: number
  /** when it was sent or given up */
  finish_time: number | null
}

export type DebtState = 'owed' | 'repaid' | 'closed'

export type EntryKind =
  | 'borrow'
  | 'principal_repaid'
  | 'fee_accrued'
  | 'fee_repaid'
  | 'fee_waived'
  | 'closed'
  | 'fee_cancelled'
  | 'overpaid'

/**
 * A paid order's debt on the card, its balances kept beside its entries, which
 * reconcile proves equal: owed while principal or fee is outstanding, repaid, or closed by a refund.
 */
export interface CreditDebtTable {
  order_id: string
  user_id: number
  principal: number
  principal_repaid: Generated<number>
  /** principal given back to the card when the order was refunded */
  principal_closed: Generated<number>
  fee_accrued: Generated<number>
  fee_repaid: Generated<number>
  fee_waived: Generated<number>
  /** fee outstanding when the order was refunded, cancelled with it */
  fee_cancelled: Generated<number>
  /** money that arrived beyond what was owed, flagged for refund */
  overpaid: Generated<number>
  /** the last day past due whose late fee was accrued (0: none yet) */
  fee_day: Generated<number>
  state: DebtState
  borrow_time: number
  due_time: number
  /** when the next reminder is due; null when none is left */
  next_remind_time: number | null
  close_time: Generated<number | null>
  update_time: number
}

/** One event of a debt, append-only: what happened, how much, when and by whom. */
export interface CreditEntryTable {
  id: Generated<number>
  order_id: string
  user_id: number
  kind: EntryKind
  amount: number
  /** a late fee's day past due */
  day: number | null
  /** the money that paid it */
  payment_id: number | null
  actor_type: ActorType
  actor_id: number | null
  note: string
  time: number
}

/** A reminder sent for a debt, one of each kind (due_soon, after_1, after_8, …). */
export interface DebtReminderTable {
  order_id: string
  kind: string
  mobile: string
  /** when the reminder was put in the SMS outbox (which records its sending) */
  sent_time: number
}

/** A back-office account; never a customer. */
export interface AdminTable {
  id: Generated<number>
  name: string
  pwd_hash: string
  role: 'admin' | 'operator'
  /** 1 when the account may no longer sign in (its sessions are revoked with it) */
  disabled: Flag
  create_time: number
  update_time: number
}

export interface AdminSessionTable {
  /** sha256 of the random session id carried inside the encrypted cookie */
  id: string
  admin_id: number
  created_at: number
  expires_at: number
  revoked_at: number | null
}

/**
 * kind 'amount': `value` fen off; 'percent': `value` % of the order's sku_amount, at most `max_off` fen (0: no cap).
 */
export interface CouponTable {
  id: Generated<number>
  /** letters and digits, stored upper-case */
  code: string
  kind: 'amount' | 'percent'
  value: number
  max_off: number
  /** the order's sku_amount must reach it */
  min_amount: number
  /** inclusive, Unix seconds */
  start_time: number
  end_time: number
  /** 0: unlimited */
  total_limit: number
  per_user_limit: number
  /** redemptions not given back */
  used: Generated<number>
  enabled: Flag
  create_time: number
  update_time: number
}

export interface CouponRedemptionTable {
  id: Generated<number>
  coupon_id: number
  user_id: number
  order_id: string
  /** fen taken off the order (−favour_amount) */
  discount: number
  create_time: number
  /** when a cancelled or expired order gave it back */
  release_time: number | null
}

export interface Database {
  users: UserTable
  user_sessions: UserSessionTable
  verify_codes: VerifyCodeTable
  id_images: IdImageTable
  user_auth: UserAuthTable
  credit_cards: CreditCardTable
  operate_log: OperateLogTable
  payment_events: PaymentEventTable
  sandbox_charges: SandboxChargeTable
  skus: SkuTable
  addresses: AddressTable
  cart_lines: CartLineTable
  orders: OrderTable
  order_items: OrderItemTable
  order_charges: OrderChargeTable
  payments: PaymentTable
  idempotency_keys: IdempotencyKeyTable
  credit_debts: CreditDebtTable
  credit_entries: CreditEntryTable
  debt_reminders: DebtReminderTable
  sms_outbox: SmsOutboxTable
  admins: AdminTable
  admin_sessions: AdminSessionTable
  refunds: RefundTable
  stats_days: StatsDayTable
  stats_slots: StatsSlotTable
  stats_late_days: StatsLateDayTable
  credit_owed: CreditOwedTable
  coupons: CouponTable
  coupon_redemptions: CouponRedemptionTable
  after_sales: AfterSaleTable
}

/** 0 requested, 1 approved, 2 goods received, 3 refunded, 4 rejected, 5 withdrawn */
export type AfterSaleStateCode = 0 | 1 | 2 | 3 | 4 | 5
/** refund: money back for an order not shipped; return: goods back, then money */
export type AfterSaleKind = 'refund' | 'return'

export interface AfterSaleTable {
  id: Generated<number>
  order_id: string
  user_id: number
  kind: AfterSaleKind
  state: AfterSaleStateCode
  reason: string
  /** JSON list of image URLs */
  images: string
  admin_note: Generated<string>
  logistics: Generated<string>
  logistics_id: Generated<string>
  create_time: number
  update_time: number
  receive_time: number | null
  finish_time: number | null
}

export type User = Selectable<UserTable>
export type SkuRow = Selectable<SkuTable>
export type Address = Selectable<AddressTable>
export type CartLine = Selectable<CartLineTable>
export type Order = Selectable<OrderTable>
export type OrderItem = Selectable<OrderItemTable>
export type NewOrder = Insertable<OrderTable>
export type NewOrderItem = Insertable<OrderItemTable>
export type Payment = Selectable<PaymentTable>
export type CreditDebt = Selectable<CreditDebtTable>
export type CreditEntry = Selectable<CreditEntryTable>
export type SandboxCharge = Selectable<SandboxChargeTable>
export type Admin = Selectable<AdminTable>
export type RefundRow = Selectable<RefundTable>
export type SmsOutboxRow = Selectable<SmsOutboxTable>
export type Coupon = Selectable<CouponTable>
export type AfterSaleRow = Selectable<AfterSaleTable>
export type CouponRedemption = Selectable<CouponRedemptionTable>
