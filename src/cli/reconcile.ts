import { openDatabase } from '../db/dialect.ts'
import { countCards, findCardMismatches, findLedgerMismatches } from '../modules/credit_card/index.ts'
import { configOrExit, exitOnStartError } from '../startup.ts'

// Checks every card against its orders and debts, and every debt against its ledger; prints each
// mismatch and exits 1 if there is any.
const config = configOrExit()
const { db, close } = openDatabase(config.databaseUrl)
try {
  const mismatches = await findCardMismatches(db).catch(exitOnStartError(config))
  for (const m of mismatches) {
    console.log(
      `card ${m.card_id} (user ${m.user_id}): amount ${m.amount}, remain ${m.remain_amount}, held or owed ${m.held}, expected remain ${m.amount - m.held}`,
    )
  }
  const ledger = await findLedgerMismatches(db, config.credit)
  for (const line of ledger) console.log(line)
  const cards = await countCards(db)
  console.log(
    mismatches.length ? `${mismatches.length} of ${cards} cards do not reconcile` : `all ${cards} cards reconcile`,
  )
  console.log(ledger.length ? `${ledger.length} ledger mismatches` : 'the ledger reconciles')
  process.exitCode = mismatches.length || ledger.length ? 1 : 0
} finally {
  await close()
}
