import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely'
import * as m001 from './migrations/2026_11_29_001_users.ts'
import * as m002 from './migrations/2026_11_29_002_catalog_cart.ts'
import * as m003 from './migrations/2026_11_29_003_payments.ts'
import * as m004 from './migrations/2026_11_29_004_orders.ts'
import * as m005 from './migrations/2026_11_29_005_idempotency_request.ts'
import * as m006 from './migrations/2026_12_01_001_admins.ts'
import * as m007 from './migrations/2026_12_01_002_refunds.ts'
import * as m008 from './migrations/2026_12_03_001_coupons.ts'
import * as m009 from './migrations/2026_12_04_001_hot_path_indexes.ts'
import * as m010 from './migrations/2026_12_05_001_auth_version.ts'
import * as m011 from './migrations/2026_12_05_002_closing_charges.ts'
import * as m012 from './migrations/2026_12_05_002_oplog_amounts.ts'
import * as m013 from './migrations/2026_12_05_003_sandbox_deliveries.ts'
import * as m014 from './migrations/2026_12_05_004_customer_debt_index.ts'
import * as m015 from './migrations/2026_12_06_001_demo_skus_out.ts'
import * as m016 from './migrations/2026_12_06_001_sms_outbox.ts'
import * as m017 from './migrations/2026_12_06_002_id_images.ts'
import * as m018 from './migrations/2026_12_07_001_credit_ledger.ts'
import * as m019 from './migrations/2026_12_08_001_after_sales.ts'
import * as m020 from './migrations/2026_12_09_001_backoffice_indexes.ts'
import * as m021 from './migrations/2026_12_09_002_stats_indexes.ts'
import * as m022 from './migrations/2026_12_09_003_stats_days.ts'
import * as m023 from './migrations/2026_12_11_001_refund_shares.ts'
import * as m024 from './migrations/2026_12_12_001_overview_aggregates.ts'
import * as m025 from './migrations/2026_12_13_001_card_oldest_due.ts'
import * as m026 from './migrations/2026_12_13_002_after_sale_list_index.ts'
import * as m027 from './migrations/2026_12_13_003_stats_slots.ts'

/** Listed by hand so the set is fixed at build time and works the same under tsx and in tests. */
const migrations: Record<string, Migration> = {
  '2026_11_29_001_users': m001,
  '2026_11_29_002_catalog_cart': m002,
  '2026_11_29_003_payments': m003,
  '2026_11_29_004_orders': m004,
  '2026_11_29_005_idempotency_request': m005,
  '2026_12_01_001_admins': m006,
  '2026_12_01_002_refunds': m007,
  '2026_12_03_001_coupons': m008,
  '2026_12_04_001_hot_path_indexes': m009,
  '2026_12_05_001_auth_version': m010,
  '2026_12_05_002_closing_charges': m011,
  '2026_12_05_002_oplog_amounts': m012,
  '2026_12_05_003_sandbox_deliveries': m013,
  '2026_12_05_004_customer_debt_index': m014,
  '2026_12_06_001_demo_skus_out': m015,
  '2026_12_06_001_sms_outbox': m016,
  '2026_12_06_002_id_images': m017,
  '2026_12_07_001_credit_ledger': m018,
  '2026_12_08_001_after_sales': m019,
  '2026_12_09_001_backoffice_indexes': m020,
  '2026_12_09_002_stats_indexes': m021,
  '2026_12_09_003_stats_days': m022,
  '2026_12_11_001_refund_shares': m023,
  '2026_12_12_001_overview_aggregates': m024,
  '2026_12_13_001_card_oldest_due': m025,
  '2026_12_13_002_after_sale_list_index': m026,
  '2026_12_13_003_stats_slots': m027,
}

const provider: MigrationProvider = { getMigrations: async () => migrations }

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest()
  if (error) throw error
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

/** Migrates up to and including `name` only: for tests of a later migration on an older database. */
export async function migrateUpTo(db: Kysely<any>, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider }).migrateTo(name)
  if (error) throw error
}
