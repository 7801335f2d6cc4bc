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
  on_sale: number
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
  is_default: number
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

export interface Database {
  users: UserTable
  user_sessions: UserSessionTable
  verify_codes: VerifyCodeTable
  user_auth: UserAuthTable
  credit_cards: CreditCardTable
  operate_log: OperateLogTable
  skus: SkuTable
  addresses: AddressTable
  cart_lines: CartLineTable
}

export type User = Selectable<UserTable>
export type SkuRow = Selectable<SkuTable>
export type Address = Selectable<AddressTable>
export type CartLine = Selectable<CartLineTable>
export type NewOperateLog = Insertable<OperateLogTable>
