import { Type } from '@sinclair/typebox'
import { ADMIN_NAME_MAX, ADMIN_NAME_PATTERN, ADMIN_PWD_MAX, ADMIN_PWD_MIN } from '../../domain/admin-credentials.ts'
import { exact, flag, Pagination, unixTime } from '../../http/answer-schemas.ts'
import { flagParam } from '../../http/params.ts'

export const adminName = Type.String({
  minLength: 1,
  maxLength: ADMIN_NAME_MAX,
  pattern: ADMIN_NAME_PATTERN,
  description: 'account name, 1–32 characters without spaces',
})
const newPwd = Type.String({
  minLength: ADMIN_PWD_MIN,
  maxLength: ADMIN_PWD_MAX,
  description: `password, ${ADMIN_PWD_MIN}–${ADMIN_PWD_MAX} characters`,
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

// Answers (the envelope's `data` on success).

/** An account as the back office shows it: never its password hash. */
export const AdminAccount = exact({
  id: Type.Integer({ description: 'the account id' }),
  name: Type.String(),
  role,
  disabled: flag('1 when the account may no longer sign in'),
  create_time: unixTime(),
  update_time: unixTime(),
})

export const Me = exact({ id: Type.Integer({ description: 'the account id' }), name: Type.String(), role })

export const AdminList = exact({ admins: Type.Array(AdminAccount), pagination: Pagination })
