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
import { shipOrder } from './service.ts'
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

const CONTROL = /[\u0000-\u001f\u007f]/
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
    if (CONTROL.test(v)) return `${name}含有控制字符`
  }
  return undefined
}

const sameShipment = (o: { state: number; logistics: string; logistics_id: string }, logistics: string, id: string) =>
  (o.state === OrderState.SHIPPED || o.state === OrderState.COMPLETE) &&
  o.logistics === logistics &&
  o.logistics_id === id

export async function bulkShip(deps: Deps, actor: Actor, text: string): Promise<Result<BulkShipAnswer>> {
  const parsed = parseCsv(text)
  const data = parsed.length > 0 && HEADER.test(parsed[0]?.cells[0]?.trim() ?? '') ? parsed.slice(1) : parsed
  if (data.length === 0) return fail(Codes.INVALID_PARAM, '文件中没有要发货的行')
  if (data.length > BULK_SHIP_MAX_ROWS) return fail(Codes.INVALID_PARAM, `一次最多${BULK_SHIP_MAX_ROWS}行`)

  const answer: BulkShipAnswer = { shipped: 0, already: 0, failed: 0, rows: [] }
  const report = (line: number, orderId: string, code: number, msg: string) => {
    answer.rows.push({ line, order_id: orderId, code, msg })
    if (code === 0) answer.shipped++
    else if (code === Codes.ALREADY_SHIPPED.code) answer.already++
    else answer.failed++
  }
  // The file's orders as they stand, read 500 at a time rather than one by one.
  const ids = [...new Set(data.map((r) => r.cells[0]?.trim() ?? '').filter((id) => ORDER_ID.test(id)))]
  const known = new Map<string, { state: number; logistics: string; logistics_id: string }>()
  for (let i = 0; i < ids.length; i += 500)
    for (const o of await findOrders(deps.db, ids.slice(i, i + 500))) known.set(o.order_id, o)

  const seen = new Set<string>()
  for (const row of data) {
    const orderId = row.cells[0]?.trim() ?? ''
    const bad = badRow(row.cells)
    if (bad) {
      report(row.line, orderId.slice(0, 20), Codes.INVALID_PARAM.code, bad)
      continue
    }
    const logistics = row.cells[1]!.trim()
    const logisticsId = row.cells[2]!.trim()
    if (seen.has(orderId)) {
      report(row.line, orderId, Codes.DUPLICATE_ROW.code, Codes.DUPLICATE_ROW.msg)
      continue
    }
    seen.add(orderId)
    const order = known.get(orderId)
    if (!order) {
      report(row.line, orderId, Codes.ORDER_NOT_FOUND.code, Codes.ORDER_NOT_FOUND.msg)
      continue
    }
    if (sameShipment(order, logistics, logisticsId)) {
      report(row.line, orderId, Codes.ALREADY_SHIPPED.code, Codes.ALREADY_SHIPPED.msg)
      continue
    }
    const shipped = await shipOrder(deps, actor, orderId, logisticsId, logistics)
    if (shipped.ok) report(row.line, orderId, 0, '已发货')
    else {
      // Shipped meanwhile by the same file sent at the same time: nothing was done twice.
      const now = await findOrder(deps.db, orderId)
      if (now && sameShipment(now, logistics, logisticsId))
        report(row.line, orderId, Codes.ALREADY_SHIPPED.code, Codes.ALREADY_SHIPPED.msg)
      else report(row.line, orderId, shipped.code, shipped.msg)
    }
  }
  return ok(answer)
}
