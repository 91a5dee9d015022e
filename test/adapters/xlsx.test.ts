import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { ImportError } from "../../src/adapters/csv"
import { readExportFile } from "../../src/adapters/import-file"
import { isZipWorkbook, serialDateText } from "../../src/adapters/xlsx"
import {
  serialOf,
  TAOBAO_CSV,
  taobaoOrderReportXlsx,
  taobaoSheetCells,
  workbookBytes
} from "../fixtures/exports/taobao-xlsx"

describe("the Taobao order report as an .xlsx workbook", () => {
  it("reads the same orders as the GBK CSV, by the same column names", () => {
    const csv = readExportFile(readFileSync(TAOBAO_CSV))
    const xlsx = readExportFile(taobaoOrderReportXlsx())
    expect(xlsx.encoding).toBe("xlsx")
    expect(xlsx.format.id).toBe("taobao")
    expect(xlsx.timeZone).toBe("Asia/Shanghai")
    expect(csv.orders.length).toBeGreaterThan(3)
    expect(xlsx.orders).toEqual(csv.orders)
    expect(xlsx.rows).toBe(csv.rows)
    expect(xlsx.problems).toEqual(csv.problems)
    // One order checked by value, not only by agreement with the CSV.
    const first = xlsx.orders.find((o) => o.orderId === "3002237382410078542")
    expect(first).toMatchObject({
      buyerId: "leo桂1978",
      amount: 140_399,
      currency: "CNY",
      status: "completed",
      createdAt: Date.parse("2026-11-02T09:15:02+08:00")
    })
  })

  it("finds the order sheet among others, and honours a chosen format", () => {
    const bytes = workbookBytes([
      { name: "说明", cells: [[{ t: "s", v: "导出说明" }]] },
      { name: "订单报表", cells: taobaoSheetCells() }
    ])
    expect(readExportFile(bytes).orders.length).toBe(readExportFile(taobaoOrderReportXlsx()).orders.length)
    expect(readExportFile(bytes, { format: "taobao" }).format.id).toBe("taobao")
  })

  it("refuses an order number the workbook holds as a too-long number, naming the cell", () => {
    const cells = taobaoSheetCells()
    cells[1][0] = { t: "n", v: Number("3002237382410078542"), w: "3.00224E+18" }
    expect(() => readExportFile(workbookBytes([{ name: "订单报表", cells }]))).toThrow(ImportError)
    expect(() => readExportFile(workbookBytes([{ name: "订单报表", cells }]))).toThrow(
      /订单报表!A2.*too long/
    )
  })

  it("keeps a row on one line when a cell holds a line break, so problems name the sheet's row", () => {
    const cells = taobaoSheetCells()
    const note = cells[0].findIndex((c) => c.v === "买家留言")
    cells[1][note] = { t: "s", v: "请尽快发货\n谢谢" }
    const amount = cells[0].findIndex((c) => c.v === "买家实际支付金额")
    cells[3][amount] = { t: "s", v: "不详" }
    const read = readExportFile(workbookBytes([{ name: "订单报表", cells }]))
    expect(read.problems).toHaveLength(1)
    expect(read.problems[0].line).toBe(4)
  })

  it("says what is wrong with a zip that is no workbook, and with a workbook of unknown columns", () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8])
    expect(isZipWorkbook(zip)).toBe(true)
    expect(() => readExportFile(zip)).toThrow(/workbook but cannot be read/)
    const other = workbookBytes([{ name: "S", cells: [[{ t: "s", v: "foo" }], [{ t: "s", v: "bar" }]] }])
    expect(() => readExportFile(other)).toThrow(/format not recognised/)
  })

  it("turns date serials into wall-clock text", () => {
    expect(serialDateText(serialOf("2026-11-21 23:59:59"))).toBe("2026-11-21 23:59:59")
    expect(serialDateText(45_658)).toBe("2025-01-01 00:00:00")
  })
})

describe("the CLI reads the workbook too", () => {
  it("analyses the .xlsx order report as it does the CSV", async () => {
    const { runCli } = await import("../../src/cli/main")
    const analyse = (file: string, bytes: Uint8Array) => {
      let out = ""
      const code = runCli(["analyze", file, "--json", "--as-of", "2026-11-30"], {
        out: (t) => (out += t),
        err: () => undefined,
        now: () => Date.UTC(2026, 10, 30, 12),
        readFile: () => bytes
      })
      return { code, json: JSON.parse(out) as { orders: number; customers: number } }
    }
    const csv = analyse("orders.csv", readFileSync(TAOBAO_CSV))
    const xlsx = analyse("订单报表.xlsx", taobaoOrderReportXlsx())
    expect(xlsx.code).toBe(0)
    expect(xlsx.json.orders).toBe(csv.json.orders)
    expect(xlsx.json.customers).toBe(csv.json.customers)
    expect(xlsx.json.orders).toBeGreaterThan(0)
  })
})
