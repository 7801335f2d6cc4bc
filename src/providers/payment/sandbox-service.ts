import type { Static } from '@sinclair/typebox'
import { Codes } from '../../domain/codes.ts'
import { fail, ok, type Result } from '../../domain/result.ts'
import { returnUrlOf, type SandboxProvider } from './sandbox.ts'
import type { SandboxCompleteAnswer } from './schemas.ts'

/** `/api/sandbox/complete`: the sandbox's answer as the customer sees it. */
export async function completeSandboxPayment(
  sandbox: SandboxProvider,
  chargeId: string,
  outcome: 'succeeded' | 'failed',
): Promise<Result<Static<typeof SandboxCompleteAnswer>>> {
  const r = await sandbox.complete(chargeId, outcome)
  switch (r.kind) {
    case 'not_found':
      return fail(Codes.INVALID_PARAM, '支付单不存在')
    case 'expired':
      return fail(Codes.INVALID_PARAM, '支付单已过期')
    case 'closed':
      return fail(Codes.INVALID_PARAM, '支付单已关闭')
    case 'undelivered':
      // Taken: the sandbox delivers the event again until the shop takes it, as Ping++ does.
      return fail(Codes.INTERNAL, '已付款,但商户暂未确认,稍后自动重试通知')
    case 'failed':
      return ok({ charge_id: r.charge.id, order_no: r.charge.order_no, paid: false })
    case 'paid':
      return ok({
        charge_id: r.charge.id,
        order_no: r.charge.order_no,
        paid: true,
        event_id: r.eventId,
        // 'duplicate' when this payment had already been delivered: completing twice has one effect.
        delivery: r.delivery,
        success_url: returnUrlOf(r.charge),
      })
  }
}
