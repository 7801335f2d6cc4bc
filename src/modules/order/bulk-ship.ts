// `/api/order/bulk_send_out`: a warehouse's file of tracking numbers, each row shipped as
// send_out ships one order (shipOrder: its own transaction, the operate log, the customer's
// order_shipped text through the outbox). A bad row is reported and never stops the others; a
// row for an order already shipped with that very number does nothing (511), so the same file
// sent twice, or twice at once, ships nothing twice.
import type { Deps } from '../../deps.ts'
import { Codes } from '../../domain/codes.ts'
import { parseCsv } from '../../domain/csv.ts'
import { fail, ok, type Result } from '../../domain/result.ts'
import type { Actor } from '../oplog/index.ts'
import { findOrder, findOrders } from './repo.ts'
import { shipInTransaction } from './service.ts'
import { OrderState } from './state.ts'

export const BULK_SHIP_MAX_ROWS = 5000

export interface BulkRow {
  line: number
  order_id: string
  code: number
  msg: string
}

export interface BulkShipAnswer {
  shipped: number
  already: number
  failed: number
  rows: BulkRow[]
}

/** C0 controls and DEL: a line break or tab in a carrier or tracking number is a broken row. */
const isControl = (v: string) => [...v].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)
const ORDER_ID = /^[0-9]{1,20}$/
/** A header the warehouse may leave in: its first cell names the column. */
const HEADER = /^(order_id|订单号|订单编号)$/i

/** Why a row cannot be shipped as written, or undefined when it can be tried. */
function badRow(cells: string[]): string | undefined {
  if (cells.length < 3) return '每行需要 order_id,logistics,logistics_id 三列'
  const [orderId, logistics, logisticsId] = cells.map((c) => c.trim())
  if (!ORDER_ID.test(orderId ?? '')) return '订单号格式不正确'
  for (const [name, v] of [
    ['物流公司', logistics],
    ['运单号', logisticsId],
  ] as const) {
    if (!v) return `缺少${name}`
    if (v.length > 64) return `${name}不能超过64个字符`
    if (isControl(v)) return `${name}含有控制字符`
  }
  return undefined
}

const sameShipment = (o: { state: number; logistics: string; logistics_id: string }, logistics: string, id: string) =>
  (o.state === OrderState.SHIPPED || o.state === OrderState.COMPLETE) &&
  o.logistics === logistics &&
  o.logistics_id === id

/** Rows shipped in one transaction: one commit for many rows (5 000 commits alone took a minute on PostgreSQL). */
const SHIP_CHUNK = 100
const CHUNKS_AT_ONCE = 4

export async function bulkShip(deps: Deps, actor: Actor, text: string): Promise<Result<BulkShipAnswer>> {
  const parsed = parseCsv(text)
  const data = parsed.length > 0 && HEADER.test(parsed[0]?.cells[0]?.trim() ?? '') ? parsed.slice(1) : parsed
  if (data.length === 0) return fail(Codes.INVALID_PARAM, '文件中没有要发货的行')
  if (data.length > BULK_SHIP_MAX_ROWS) return fail(Codes.INVALID_PARAM, `一次最多${BULK_SHIP_MAX_ROWS}行`)

  // The file's orders as they stand, read 500 at a time rather than one by one.
  const ids = [...new Set(data.map((r) => r.cells[0]?.trim() ?? '').filter((id) => ORDER_ID.test(id)))]
  const known = new Map<string, { state: number; logistics: string; logistics_id: string }>()
  for (let i = 0; i < ids.length; i += 500)
    for (const o of await findOrders(deps.db, ids.slice(i, i + 500))) known.set(o.order_id, o)

  // Each row's answer, in the file's order; the rows that can be tried wait for their chunk.
  const rows: BulkRow[] = []
  const tries: { at: number; orderId: string; logistics: string; logisticsId: string }[] = []
  const seen = new Set<string>()
  for (const row of data) {
    const orderId = row.cells[0]?.trim() ?? ''
    const logistics = row.cells[1]?.trim() ?? ''
    const logisticsId = row.cells[2]?.trim() ?? ''
    const answer = (code: { code: number; msg: string }, msg = code.msg) =>
      rows.push({ line: row.line, order_id: orderId.slice(0, 20), code: code.code, msg })
    const bad = badRow(row.cells)
    if (bad) answer(Codes.INVALID_PARAM, bad)
    else if (seen.has(orderId)) answer(Codes.DUPLICATE_ROW)
    else {
      seen.add(orderId)
      const order = known.get(orderId)
      if (!order) answer(Codes.ORDER_NOT_FOUND)
      else if (sameShipment(order, logistics, logisticsId)) answer(Codes.ALREADY_SHIPPED)
      else {
        tries.push({ at: rows.length, orderId, logistics, logisticsId })
        answer(Codes.SHIP_REFUSED)
      }
    }
  }
  const chunks: (typeof tries)[] = []
  for (let i = 0; i < tries.length; i += SHIP_CHUNK) chunks.push(tries.slice(i, i + SHIP_CHUNK))
  const shipChunk = async (chunk: typeof tries) => {
    // Each row is send_out's own move; one that cannot ship changes nothing and the others go on.
    const moved = await deps.db.transaction().execute(async (trx) => {
      const out: boolean[] = []
      for (const r of chunk) out.push(await shipInTransaction(trx, actor, r.orderId, r.logisticsId, r.logistics))
      return out
    })
    for (const [k, r] of chunk.entries()) {
      const row = rows[r.at]
      if (!row) continue
      if (moved[k]) Object.assign(row, { code: 0, msg: '已发货' })
      else {
        // Shipped meanwhile by the same file sent at the same time: nothing was done twice.
        const now = await findOrder(deps.db, r.orderId)
        if (now && sameShipment(now, r.logistics, r.logisticsId)) Object.assign(row, Codes.ALREADY_SHIPPED)
      }
    }
  }
  // A few chunks at once: they touch different orders (the file's are distinct by now). SQLite runs them in turn.
  for (let i = 0; i < chunks.length; i += CHUNKS_AT_ONCE)
    await Promise.all(chunks.slice(i, i + CHUNKS_AT_ONCE).map(shipChunk))
  const count = (f: (r: BulkRow) => boolean) => rows.filter(f).length
  return ok({
    shipped: count((r) => r.code === 0),
    already: count((r) => r.code === Codes.ALREADY_SHIPPED.code),
    failed: count((r) => r.code !== 0 && r.code !== Codes.ALREADY_SHIPPED.code),
    rows,
  })
}
