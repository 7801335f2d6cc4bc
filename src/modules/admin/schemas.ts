import { Type } from '@sinclair/typebox'
import { flagParam } from '../../http/params.ts'

/** Letters, digits, punctuation and symbols: no spaces, no control characters (config.ts checks SFM_ADMIN_NAME alike). */
export const ADMIN_NAME_PATTERN = '^[\\p{L}\\p{N}\\p{P}\\p{S}]+$'
export const ADMIN_PWD_MIN = 8

export const adminName = Type.String({
  minLength: 1,
  maxLength: 32,
  pattern: ADMIN_NAME_PATTERN,
  description: 'account name, 1–32 characters without spaces',
})
const newPwd = Type.String({
  minLength: ADMIN_PWD_MIN,
  maxLength: 128,
  description: `password, ${ADMIN_PWD_MIN}–128 characters`,
})
const role = Type.Union([Type.Literal('admin'), Type.Literal('operator')], {
  description: 'admin: everything; operator: orders and shipping',
})
const adminId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'the account id' })

export const Signin = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 64 }),
  pwd: Type.String({ minLength: 1, maxLength: 128 }),
})

export const NoParams = Type.Object({})

export const ListAdmins = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
  count: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
})

export const CreateAdmin = Type.Object({ name: adminName, pwd: newPwd, role })

export const SetDisabled = Type.Object({
  admin_id: adminId,
  disabled: flagParam('1 disables (and revokes its sessions), 0 enables'),
})

export const SetRole = Type.Object({ admin_id: adminId, role })

export const ResetPwd = Type.Object({ admin_id: adminId, new_pwd: newPwd })
