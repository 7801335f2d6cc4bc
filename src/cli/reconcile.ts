import { loadConfig } from '../config.ts'
import { openDatabase } from '../db/dialect.ts'
import { loadEnvFile } from '../env.ts'
import { countCards, findCardMismatches } from '../modules/credit_card/index.ts'

// Checks every card against its orders; prints each mismatch and exits 1 if there is any.
loadEnvFile()
const { db, close } = openDatabase(loadConfig().databaseUrl)
try {
  const mismatches = await findCardMismatches(db)
  for (const m of mismatches) {
    console.log(
      `card ${m.card_id} (user ${m.user_id}): amount ${m.amount}, remain ${m.remain_amount}, held or owed ${m.held}, expected remain ${m.amount - m.held}`,
    )
  }
  const cards = await countCards(db)
  console.log(
    mismatches.length ? `${mismatches.length} of ${cards} cards do not reconcile` : `all ${cards} cards reconcile`,
  )
  process.exitCode = mismatches.length ? 1 : 0
} finally {
  await close()
}
