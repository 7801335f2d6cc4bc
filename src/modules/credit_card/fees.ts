import type { Db } from '../../db/dialect.ts'
import { lockOrderOwner } from '../../db/dialect.ts'
import type { CreditTerms } from '../../domain/credit.ts'
import { accrueDebt, debtsToAccrue } from '../credit/index.ts'

/**
 * The worker's late fees: every owed debt with a day past its grace period that has ended since its
 * last accrual gets those days, each once (accrueDebt), under its owner's lock so a repayment
 * and the day's accrual never interleave. Answers how many debts were charged.
 */
export async function accrueLateFees(db: Db, terms: CreditTerms, now: number, batch = 200): Promise<number> {
  let charged = 0
  for (const orderId of await debtsToAccrue(db, terms, now, batch)) {
    const fee = await db.transaction().execute(async (trx) => {
      await lockOrderOwner(trx, orderId)
      return accrueDebt(trx, terms, orderId, now)
    })
    if (fee > 0) charged++
  }
  return charged
}
