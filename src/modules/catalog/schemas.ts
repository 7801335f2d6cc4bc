import { Type, type Static } from '@sinclair/typebox'
import { MAX_PRICE_FEN } from '../../domain/money.ts'
import { blankable, paging } from '../../http/params.ts'

const fen = (description: string) => Type.Integer({ minimum: 0, maximum: MAX_PRICE_FEN, description })

/** Stock is a 32-bit integer column on PostgreSQL. */
export const MAX_STOCK = 2_000_000_000

/** Control characters are refused: PostgreSQL cannot even compare text holding a NUL. */
export const skuId = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[^\\u0000-\\u001f\\u007f]+$',
  description: 'the SKU id',
})

export const GetSku = Type.Object({ sku_id: skuId })

export const ListSkus = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1, description: 'page number, from 1' }),
  count: Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'SKUs per page' }),
})

/** A SKU as the back office creates or updates it; stock is only taken when the SKU is created. */
export const SaveSku = Type.Object({
  sku_id: Type.String({
    minLength: 1,
    maxLength: 64,
    pattern: '^[A-Za-z0-9_.-]+$',
    description: 'letters, digits, _ . -',
  }),
  name: Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f\\u007f]+$' }),
  real_price: Type.Integer({ minimum: 1, maximum: MAX_PRICE_FEN, description: 'price in fen, at most ¥10 000 000' }),
  first_pay: Type.Array(fen('an allowed first payment per unit'), { minItems: 1, maxItems: 10 }),
  postfee: fen('shipping per order line'),
  weight: Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'grams' }),
  images: Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 20 }),
  stock: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_STOCK, description: 'initial stock of a new SKU' })),
  on_sale: Type.Boolean(),
})
export type SaveSkuInput = Static<typeof SaveSku>

export const SetStock = Type.Object({ sku_id: skuId, stock: Type.Integer({ minimum: 0, maximum: MAX_STOCK }) })

export const AdminSkuList = Type.Object({
  on_sale: blankable(
    Type.Integer({ minimum: 0, maximum: 1, description: '1 on sale only, 0 off sale only; every SKU when left out' }),
  ),
  ...paging,
})
