import { Type } from '@sinclair/typebox'
import { SkuAnswer, skuId } from '../catalog/index.ts'

/** Most units of one SKU a cart line holds. */
export const MAX_LINE_COUNT = 99
/** Most lines (different SKUs) one cart holds. */
export const MAX_LINES = 50

const firstPrice = Type.Integer({
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
  description: "first payment per unit in fen, from the SKU's smallest first_pay up to its real_price",
})

export const NoParams = Type.Object({})

export const AddCart = Type.Object({
  sku_id: skuId,
  sku_inc_count: Type.Integer({
    minimum: 1,
    maximum: MAX_LINE_COUNT,
    description: 'units to add to the line, usually 1',
  }),
  first_price: firstPrice,
})

export const UpdateCart = Type.Object({
  sku_id: skuId,
  sku_count: Type.Integer({
    minimum: 0,
    maximum: MAX_LINE_COUNT,
    description: 'the quantity the line should have; 0 deletes it',
  }),
  first_price: Type.Optional(Type.Integer({ ...firstPrice, description: 'required unless sku_count is 0' })),
})

export const DelCart = Type.Object({
  sku_ids: Type.Array(skuId, {
    minItems: 1,
    maxItems: 100,
    description: 'the SKUs whose lines to delete; JSON array or sku_ids[]= form fields',
  }),
})

// Answers.

const closed = { additionalProperties: false } as const

/** A line after add_cart or update_cart changed it. */
export const LineAnswer = Type.Object(
  {
    id: Type.Integer({ description: 'the cart id of the line' }),
    sku_count: Type.Integer({ description: 'the quantity it holds now' }),
  },
  closed,
)

export const UpdateCartAnswer = Type.Union([LineAnswer, Type.Object({}, closed)], {
  description: 'the line; {} when sku_count 0 deleted it',
})

export const CartCountAnswer = Type.Object(
  { sku_count: Type.Integer({ description: 'the total quantity in the cart' }) },
  closed,
)

export const CartListAnswer = Type.Array(
  Type.Object(
    {
      id: Type.Integer({ description: 'the cart id' }),
      sku_id: Type.String(),
      sku_count: Type.Integer(),
      first_price: Type.Integer({ description: 'the chosen first payment per unit, fen' }),
      time: Type.Integer({ description: 'when the line was made, Unix seconds' }),
      sku_info: SkuAnswer,
    },
    closed,
  ),
  { description: 'newest line first; an off-sale SKU stays listed with sku_info.on_sale false' },
)
