import { Type } from '@sinclair/typebox'
import { MAX_PRICE_FEN } from '../../domain/money.ts'
import { skuId } from '../catalog/index.ts'

/** Most units of one SKU a cart line holds. */
export const MAX_LINE_COUNT = 99
/** Most lines (different SKUs) one cart holds. */
export const MAX_LINES = 50

const firstPrice = Type.Integer({
  minimum: 0,
  maximum: MAX_PRICE_FEN,
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
