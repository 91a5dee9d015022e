// Property: whatever mix of valid and invalid rows a sold-orders answer holds, the page's path to the store
// (adapter -> batches -> the background's handler) stores exactly the valid rows and refuses exactly the
// rest, each with a reason, on one capture-log line.
import "../db/env"
import fc from "fast-check"
import { describe, expect, it } from "vitest"

import { parseSoldOrdersAnswer } from "../../src/adapters/taobao/sold-orders"
import { captureBatches } from "../../src/capture-batches"
import { HuikeDB } from "../../src/db/store"
import { handleMessage } from "../../background/handlers"

const origin = {
  platform: "taobao" as const,
  pageKind: "order-list" as const,
  url: "https://trade.taobao.com/trade/itemlist/list_sold_items.htm",
  shopId: "shop"
}
const STATUSES = [
  "交易成功",
  "买家已付款，等待卖家发货",
  "卖家已发货，等待买家确认",
  "交易关闭",
  "等待买家付款"
]

/** A row every check accepts: its order number is unique in the answer (valid rows are told apart by it). */
const validRow = (n: number) =>
  fc
    .record({
      // A nick with "*" is masked: valid only with a buyer id (below, the masked-without-id row is invalid).
      nick: fc
        .string({ minLength: 1, maxLength: 60 })
        .filter((s) => s.trim().length > 0 && !s.includes("*") && !s.includes("\uFFFD")),
      fen: fc.integer({ min: 0, max: 1_000_000_000 }),
      status: fc.constantFrom(...STATUSES),
      minute: fc.integer({ min: 0, max: 59 })
    })
    .map(({ nick, fen, status, minute }) => ({
      orderInfo: {
        id: String(9_000_000_000_000_000_000n + BigInt(n)),
        createTime: `2026-11-21 22:${String(minute).padStart(2, "0")}:00`
      },
      buyer: { nick },
      payInfo: { actualFee: (fen / 100).toFixed(2) },
      statusInfo: { text: status }
    }))

/** A row that is valid but for what `over` changes. */
const brokenRow = (over: {
  id?: string
  createTime?: string
  nick?: string
  fee?: string
  status?: string
}) => ({
  orderInfo: { id: over.id ?? "8000000000000000001", createTime: over.createTime ?? "2026-11-21 10:00:00" },
  buyer: { nick: over.nick ?? "某买家" },
  payInfo: { actualFee: over.fee ?? "1.00" },
  statusInfo: { text: over.status ?? "交易成功" }
})

/** A row some check refuses: a limit broken, a field unreadable, or anything at all that is not a row. */
const invalidRow = fc.oneof(
  fc.anything().filter((v) => typeof v !== "object" || v === null || !("orderInfo" in v)),
  fc.integer({ min: 1, max: 1e9 }).map((fen) => brokenRow({ fee: `-${(fen / 100).toFixed(2)}` })),
  fc.integer({ min: 1_000_000_001, max: 1e14 }).map((fen) => brokenRow({ fee: (fen / 100).toFixed(2) })),
  fc.constantFrom("abc", "", "1.2.3", "¥-").map((fee) => brokenRow({ fee })),
  fc.integer({ min: 201, max: 400 }).map((n) => brokenRow({ nick: "长".repeat(n) })),
  fc.constantFrom("  ", "").map((nick) => brokenRow({ nick })),
  fc.constantFrom("t**1", "陈**平", "*").map((nick) => brokenRow({ nick })),
  fc.constantFrom("2026-02-30 10:00:00", "yesterday", "").map((createTime) => brokenRow({ createTime })),
  fc.constantFrom("12a", "", "-1").map((id) => brokenRow({ id })),
  fc.constant(brokenRow({ status: "未知状态" }))
)

describe("a sold-orders answer of valid and invalid rows", () => {
  it("stores exactly the valid rows and refuses exactly the rest, through batches", async () => {
    let run = 0
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 0, max: 25 })
          .chain((valid) =>
            fc.tuple(
              fc.tuple(...Array.from({ length: valid }, (_, i) => validRow(i))),
              fc.array(invalidRow, { maxLength: 15 }),
              fc.array(fc.nat(), { maxLength: 40 })
            )
          ),
        async ([valid, invalid, shuffle]) => {
          // Interleave the invalid rows among the valid ones.
          const rows: unknown[] = [...valid]
          invalid.forEach((row, i) => rows.splice((shuffle[i] ?? i) % (rows.length + 1), 0, row))
          const result = parseSoldOrdersAnswer({ mainOrders: rows }, "shop")!
          const db = new HuikeDB(`pipeline-${run++}`)
          await db.open()
          for (const message of captureBatches(origin, result, { batchId: `a${run}`, maxOrders: 4 })) {
            const reply = await handleMessage(db, message, Date.UTC(2026, 11, 1))
            expect(reply.ok).toBe(true)
          }
          const stored = (await db.orders.toArray()).map((o) => o.orderId).sort()
          expect(stored).toEqual(valid.map((r) => r.orderInfo.id).sort())
          const lines = await db.captureLog.toArray()
          expect(lines).toHaveLength(1)
          expect(lines[0].rowsSeen).toBe(rows.length)
          expect(lines[0].rowsStored).toBe(valid.length)
          expect(lines[0].refused ?? []).toHaveLength(invalid.length)
          db.close()
          await db.delete()
        }
      ),
      { numRuns: 40 }
    )
  })
})
