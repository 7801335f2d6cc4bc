import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { openDatabase, type DatabaseHandle } from '../../src/db/dialect.ts'
import { migrateToLatest, migrateUpTo } from '../../src/db/migrate.ts'
import { freshDatabase } from '../helper.ts'

// Rows written before the log kept its amounts as data: sfm's own sentences lose their "N分" to
// `amounts`; whatever a customer or an admin typed stays exactly as they typed it.
let handle: DatabaseHandle
let drop: () => Promise<void>
before(async () => {
  const database = await freshDatabase()
  drop = database.drop
  handle = openDatabase(database.url)
})
after(async () => {
  await handle.close()
  await drop()
})

const OLD: [string, string, { label: string; fen: number }[]][] = [
  [
    '提交订单,应付120000分,额度479900分',
    '提交订单',
    [
      { label: '应付', fen: 120000 },
      { label: '额度', fen: 479900 },
    ],
  ],
  [
    '提交订单,应付0分,额度100000分,优惠券SPRING减5000分',
    '提交订单,优惠券SPRING',
    [
      { label: '应付', fen: 0 },
      { label: '额度', fen: 100000 },
      { label: '优惠', fen: 5000 },
    ],
  ],
  ['支付成功: none 0分', '支付成功: none', [{ label: '金额', fen: 0 }]],
  [
    '调整额度-500050分: 额度0分,剩余0分',
    '调整额度',
    [
      { label: '减少', fen: 500050 },
      { label: '额度', fen: 0 },
      { label: '剩余', fen: 0 },
    ],
  ],
  [
    '保存商品:价格699990分,首付69999/140000分,上架',
    '保存商品,上架',
    [
      { label: '价格', fen: 699990 },
      { label: '首付', fen: 69999 },
      { label: '首付', fen: 140000 },
    ],
  ],
  ['申请退款 SBX1 119900分: 客户说等了30分钟', '申请退款 SBX1: 客户说等了30分钟', [{ label: '金额', fen: 119900 }]],
  ['退款失败 re_1 119900分: 银行卡已注销', '退款失败 re_1: 银行卡已注销', [{ label: '金额', fen: 119900 }]],
  ['退款完成 re_1 119900分', '退款完成 re_1', [{ label: '金额', fen: 119900 }]],
  ['注册并开通额度卡,额度1000000分', '注册并开通额度卡', [{ label: '额度', fen: 1000000 }]],
  [
    '修改优惠券 SPRING 15%,最多5000分,满100000分,1–2,共10次,每人2次,停用',
    '修改优惠券 SPRING 15%,1–2,共10次,每人2次,停用',
    [
      { label: '最多减', fen: 5000 },
      { label: '门槛', fen: 100000 },
    ],
  ],
  // Not sfm's sentences with amounts: kept as they are.
  ['取消订单: 等了30分钟,不想要了', '取消订单: 等了30分钟,不想要了', []],
  ['管理员备注: 客户要求发货前打电话,5分钟内', '管理员备注: 客户要求发货前打电话,5分钟内', []],
  ['发货: 顺丰速运 SF1234567890', '发货: 顺丰速运 SF1234567890', []],
]

test('the migration moves the amounts of old rows into `amounts` and leaves people’s words alone', async () => {
  const db = handle.db
  await migrateUpTo(db, '2026_12_04_001_hot_path_indexes')
  for (const [text] of OLD) {
    await db
      .insertInto('operate_log')
      .values({ actor_type: 'system', actor_id: null, target_type: 'order', target_id: '1', text, time: 1 } as never)
      .execute()
  }
  await migrateToLatest(db)
  const rows = await db.selectFrom('operate_log').select(['text', 'amounts']).orderBy('id').execute()
  assert.deepEqual(
    rows.map((r) => [r.text, JSON.parse(r.amounts)]),
    OLD.map(([, text, amounts]) => [text, amounts]),
  )
})
