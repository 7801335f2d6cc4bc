import type { Kysely } from 'kysely'

/**
 * The operate log keeps its amounts as data (`amounts`, a JSON array of {label, fen}) beside the
 * words, so the back office shows money from numbers and never reads it back out of text (which
 * turned a cancel reason's "30分钟" into ¥0.30). Rows written before are rewritten once: only the
 * sentences sfm itself wrote, matched whole, so a customer's or an admin's words are never touched.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('operate_log')
    .addColumn('amounts', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute()
  let after = 0
  for (;;) {
    const rows: { id: number | string; text: string }[] = await db
      .selectFrom('operate_log')
      .select(['id', 'text'])
      .where('id', '>', after)
      .where('text', 'like', '%分%')
      .orderBy('id')
      .limit(1000)
      .execute()
    if (rows.length === 0) break
    for (const row of rows) {
      const split = splitAmounts(row.text)
      if (split) {
        await db
          .updateTable('operate_log')
          .set({ text: split.text, amounts: JSON.stringify(split.amounts) })
          .where('id', '=', row.id)
          .execute()
      }
    }
    after = Number(rows[rows.length - 1]?.id)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('operate_log').dropColumn('amounts').execute()
}

type Amount = { label: string; fen: number }
const n = Number
const a = (label: string, fen: string | undefined): Amount[] => (fen === undefined ? [] : [{ label, fen: n(fen) }])

/** Each sentence sfm wrote with amounts in it (as of 2026-12-04), and what it becomes. */
const RULES: [RegExp, (m: RegExpExecArray) => { text: string; amounts: Amount[] }][] = [
  [
    /^保存商品:价格(\d+)分,首付((?:\d+\/)*\d+)分,(上架|下架)$/,
    (m) => ({
      text: `保存商品,${m[3]}`,
      amounts: [...a('价格', m[1]), ...(m[2] ?? '').split('/').flatMap((f) => a('首付', f))],
    }),
  ],
  [/^注册并开通额度卡,额度(\d+)分$/, (m) => ({ text: '注册并开通额度卡', amounts: a('额度', m[1]) })],
  [/^额度卡还款成功 (\d+)分$/, (m) => ({ text: '额度卡还款成功', amounts: a('金额', m[1]) })],
  [
    /^调整额度([+-]?)(\d+)分: 额度(\d+)分,剩余(\d+)分$/,
    (m) => ({
      text: '调整额度',
      amounts: [...a(m[1] === '-' ? '减少' : '增加', m[2]), ...a('额度', m[3]), ...a('剩余', m[4])],
    }),
  ],
  [/^支付成功: none 0分$/, () => ({ text: '支付成功: none', amounts: a('金额', '0') })],
  [
    /^提交订单,应付(\d+)分,额度(\d+)分(?:,优惠券(\S+?)减(\d+)分)?$/,
    (m) => ({
      text: m[3] ? `提交订单,优惠券${m[3]}` : '提交订单',
      amounts: [...a('应付', m[1]), ...a('额度', m[2]), ...a('优惠', m[4])],
    }),
  ],
  [/^申请退款 (\S*) (\d+)分: ([\s\S]*)$/, (m) => ({ text: `申请退款 ${m[1]}: ${m[3]}`, amounts: a('金额', m[2]) })],
  [/^退款失败 (\d+)分: ([\s\S]*)$/, (m) => ({ text: `退款失败: ${m[2]}`, amounts: a('金额', m[1]) })],
  [/^退款失败 (\S+) (\d+)分: ([\s\S]*)$/, (m) => ({ text: `退款失败 ${m[1]}: ${m[3]}`, amounts: a('金额', m[2]) })],
  [
    /^退款完成 (\S*) 0分,无需经支付渠道$/,
    (m) => ({ text: `退款完成 ${m[1]},无需经支付渠道`, amounts: a('金额', '0') }),
  ],
  [/^退款完成 (\S+) (\d+)分$/, (m) => ({ text: `退款完成 ${m[1]}`, amounts: a('金额', m[2]) })],
  [
    /^收到款项但金额(\d+)分与应付(\d+)分不符,需退款$/,
    (m) => ({ text: '收到款项但金额与应付不符,需退款', amounts: [...a('收到', m[1]), ...a('应付', m[2])] }),
  ],
  [
    /^收到款项但还款金额(\d+)分与欠款(\d+)分不符,需退款$/,
    (m) => ({ text: '收到款项但还款金额与欠款不符,需退款', amounts: [...a('收到', m[1]), ...a('欠款', m[2])] }),
  ],
  [
    /^(创建|修改)优惠券 ([A-Za-z0-9]+) (?:减(\d+)分|(\d+)%(?:,最多(\d+)分)?),满(\d+)分,([\s\S]*)$/,
    (m) => ({
      text: `${m[1]}优惠券 ${m[2]} ${m[4] ? `${m[4]}%` : '满减'},${m[7]}`,
      amounts: [...a('减免', m[3]), ...a('最多减', m[5]), ...a('门槛', m[6])],
    }),
  ],
]

export function splitAmounts(text: string): { text: string; amounts: Amount[] } | undefined {
  for (const [re, to] of RULES) {
    const m = re.exec(text)
    if (m) return to(m)
  }
  return undefined
}
