import { Type, type Static } from '@sinclair/typebox'
import { blankable, flagParam, paging } from '../../http/params.ts'

const fen = (description: string) => Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description })

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
  real_price: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'price in fen' }),
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
  on_sale: blankable(flagParam('1 on sale only, 0 off sale only; every SKU when left out')),
  ...paging,
})

// Answers.

const closed = { additionalProperties: false } as const

/** A SKU as every answer shows it (the cart's sku_info too): money in fen, times in Unix seconds. */
export const SkuAnswer = Type.Object(
  {
    sku_id: Type.String(),
    name: Type.String(),
    real_price: Type.Integer({ description: 'the price, fen' }),
    first_pay: Type.Array(Type.Integer(), {
      description: 'the first payments allowed per unit, fen, ascending; the smallest is the minimum',
    }),
    postfee: Type.Integer({ description: 'shipping per order line, fen' }),
    weight: Type.Integer({ description: 'grams' }),
    images: Type.Array(Type.String(), { description: 'image URLs, the first is the main one' }),
    stock: Type.Integer({ description: 'units left' }),
    on_sale: Type.Boolean({ description: 'false when off sale: it cannot be carted or ordered' }),
    create_time: Type.Integer(),
    update_time: Type.Integer(),
  },
  closed,
)

/** A page of SKUs: the public list and the back office's alike. */
export const SkuPage = Type.Object(
  {
    pagination: Type.Object(
      {
        allpage: Type.Integer({ description: 'pages in all (0 when there is no SKU)' }),
        page: Type.Integer(),
        count: Type.Integer({ description: 'SKUs in all (not per page)' }),
      },
      closed,
    ),
    sku_list: Type.Array(SkuAnswer),
  },
  closed,
)
