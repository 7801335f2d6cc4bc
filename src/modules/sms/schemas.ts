import { Type } from '@sinclair/typebox'
import { exact, flag, orNull, Pagination, unixTime } from '../../http/answer-schemas.ts'
import { blankable, paging } from '../../http/params.ts'
import { TEMPLATE_NAMES } from '../../providers/sms/index.ts'

const OutboxStateAnswer = Type.Union(
  [Type.Literal('queued'), Type.Literal('sending'), Type.Literal('sent'), Type.Literal('failed')],
  { description: 'failed: given up or refused' },
)

export const SmsList = Type.Object({
  state: Type.Union([Type.Literal('all'), Type.Literal('open'), ...OutboxStateAnswer.anyOf], {
    default: 'all',
    description: 'open: queued or sending (not sent yet); failed: given up or refused',
  }),
  u_mobile: blankable(Type.String({ maxLength: 32, description: 'the start of the mobile' })),
  template: blankable(Type.Union(TEMPLATE_NAMES.map((n) => Type.Literal(n)))),
  ...paging,
})

// Answers (the envelope's `data` on success).

const OutboxMessage = exact({
  id: Type.Integer(),
  mobile: Type.String(),
  template: Type.String({ description: 'a template name (one this build no longer has keeps its name)' }),
  params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Integer()]), {
    description: "the template's parameters; amounts in fen",
  }),
  text: Type.String({ description: 'the text the phone shows (without the signature); empty for an unknown template' }),
  state: OutboxStateAnswer,
  attempts: Type.Integer({ minimum: 0, description: 'how often a worker took it (to send, or to look it up)' }),
  next_attempt_at: unixTime('when it is tried again while queued; when the lease ends while sending'),
  maybe_sent: flag('1: an attempt may have reached the provider unanswered'),
  provider: Type.String({ description: 'the provider of the last attempt; empty before the first' }),
  provider_ref: Type.String({ description: "the provider's id of the message once sent" }),
  last_error: Type.String({ description: 'why the last attempt did not send it; empty once sent' }),
  create_time: unixTime(),
  update_time: unixTime(),
  finish_time: orNull(unixTime(), 'when it was sent or given up'),
})

export const SmsListAnswer = exact({ messages: Type.Array(OutboxMessage), pagination: Pagination })
