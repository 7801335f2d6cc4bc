import { Type } from '@sinclair/typebox'

/** One row of a history (an order's, a card's), as historyOf answers it. */
export const LogEntryAnswer = Type.Object(
  {
    id: Type.Integer(),
    time: Type.Integer({ description: 'Unix seconds' }),
    actor_type: Type.Union([Type.Literal('user'), Type.Literal('admin'), Type.Literal('system')]),
    actor_id: Type.Union([Type.Integer(), Type.Null()], { description: 'null for the system' }),
    actor_name: Type.String({ description: "the admin's account name, the customer's user name, or 系统" }),
    text: Type.String(),
  },
  { additionalProperties: false },
)
