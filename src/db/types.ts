import type { Generated, Insertable, Selectable } from 'kysely'

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
  purpose: string
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
  pass: number
  status: 'pending' | 'passed' | 'rejected'
  note: string
  submit_time: number
  review_time: number | null
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
}

export interface OperateLogTable {
  id: Generated<number>
  /** 'user', 'admin' or 'system' */
  actor_type: string
  actor_id: number | null
  target_type: string
  target_id: string
  text: string
  time: number
}

/** One verified payment webhook event (SPEC §6.5); `event_id` is unique, so a redelivery records nothing. */
export interface PaymentEventTable {
  id: Generated<number>
  event_id: string
  type: string
  /** the charge or refund id the event is about */
  object_id: string
  order_no: string
  /** `data.object.metadata.type` (order_pay, card_pay), '' when absent */
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
}

export interface Database {
  users: UserTable
  user_sessions: UserSessionTable
  verify_codes: VerifyCodeTable
  user_auth: UserAuthTable
  credit_cards: CreditCardTable
  operate_log: OperateLogTable
  payment_events: PaymentEventTable
  sandbox_charges: SandboxChargeTable
}

export type User = Selectable<UserTable>
export type NewOperateLog = Insertable<OperateLogTable>
export type SandboxCharge = Selectable<SandboxChargeTable>
