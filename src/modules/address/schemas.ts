import { Type, type Static } from '@sinclair/typebox'
import { flagParam } from '../../http/params.ts'

/** Printable text with something other than spaces in it. */
const text = (max: number, description: string) =>
  Type.String({ minLength: 1, maxLength: max, pattern: '^(?=.*\\S)[^\\u0000-\\u001f\\u007f]+$', description })

const addressId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'the address id' })

const AddressInfo = Type.Object({
  name: text(60, "the receiver's name"),
  mobile: Type.String({
    minLength: 1,
    maxLength: 32,
    description: "the receiver's mobile, 11 digits starting with 1 by default",
  }),
  address: text(500, 'the full postal address'),
  is_default: Type.Optional(
    flagParam('1 makes it the default address. 0 never leaves the user without one: choose another default instead.'),
  ),
})
export type AddressInfoInput = Static<typeof AddressInfo>

export const NoParams = Type.Object({})
export const AddAddress = Type.Object({ address_info: AddressInfo })
export const UpdateAddress = Type.Object({ id: addressId, address_info: AddressInfo })
export const AddressId = Type.Object({ id: addressId })

// Answers.

/** One address of the caller's book. */
export const AddressAnswer = Type.Object(
  {
    id: Type.Integer({ description: 'the address id' }),
    name: Type.String({ description: "the receiver's name" }),
    mobile: Type.String({ description: "the receiver's mobile" }),
    address: Type.String(),
    is_default: Type.Union([Type.Literal(0), Type.Literal(1)], { description: '1 for the one default address' }),
  },
  { additionalProperties: false },
)

export const AddressList = Type.Array(AddressAnswer, { description: 'the default first, then the newest' })

export const NewAddressId = Type.Integer({ description: 'the new address id' })
