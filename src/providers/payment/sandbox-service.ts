import type { Static } from '@sinclair/typebox'
import { Codes } from '../../domain/codes.ts'
import { fail, ok, type Result } from '../../domain/result.ts'
import type { SandboxProvider } from './sandbox.ts'
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
    case 'undelivered':
      return fail(Codes.INTERNAL, '支付结果通知处理失败,请重试')
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
        success_url: typeof r.charge.extra.success_url === 'string' ? r.charge.extra.success_url : '',
      })
  }
}
