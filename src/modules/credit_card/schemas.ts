import { Type } from '@sinclair/typebox'

export const CardDetail = Type.Object({
  type: Type.Union(
    [Type.Literal('all'), Type.Literal('need_pay'), Type.Literal('over_time'), Type.Literal('has_pay')],
    {
      default: 'all',
      description: 'all; need_pay: owed; over_time: owed past the due date; has_pay: repaid',
    },
  ),
  page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
  count: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
})
