// Each Western export parser on a file whose layout changed (a required column renamed, as a marketplace
// does when it reworks its export): the parser names the missing column on line 1 and reads nothing, and
// format detection no longer claims the file, so the import page asks for a column mapping instead of
// storing wrong orders. (The Taobao export has the same test in exports.test.ts.)
import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import { describe, expect, it } from "vitest"
import { parseAmazonReport } from "../../src/adapters/amazon/export"
import { ImportError, type ImportResult } from "../../src/adapters/csv"
import { parseEbayReport } from "../../src/adapters/ebay/export"
import { decodeExportBytes } from "../../src/adapters/encoding"
import { parseEtsyExport } from "../../src/adapters/etsy/export"
import { detectFormat } from "../../src/adapters/formats"
import { parseShopifyExport } from "../../src/adapters/shopify/export"

const text = (name: string) =>
  decodeExportBytes(readFileSync(resolve(__dirname, "../fixtures/exports", name))).text

/** The file with one header cell renamed (the header is the first line that names it). */
function renamed(name: string, from: string, to: string, delimiter: string): string {
  const lines = text(name).split(/(?<=\n)/)
  const at = lines.findIndex((l) => l.split(delimiter).some((cell) => cell.trim() === from))
  if (at < 0) throw new Error(`${name} has no column ${from}`)
  lines[at] = lines[at]
    .split(delimiter)
    .map((cell) => (cell.trim() === from ? cell.replace(from, to) : cell))
    .join(delimiter)
  return lines.join("")
}

const cases: {
  file: string
  format: string
  parse: (t: string) => ImportResult
  column: string
  to: string
  delimiter: string
  line: number
  message: string
}[] = [
  {
    file: "shopify-orders.csv",
    format: "shopify",
    parse: (t) => parseShopifyExport(t),
    column: "Financial Status",
    to: "Payment Status",
    delimiter: ",",
    line: 1,
    message: "Shopify orders export: missing required column: Financial Status"
  },
  {
    file: "amazon-order-report.txt",
    format: "amazon",
    parse: (t) => parseAmazonReport(t),
    column: "purchase-date",
    to: "order-date",
    delimiter: "\t",
    line: 1,
    message: "Amazon order report: missing required column: purchase-date"
  },
  {
    file: "etsy-orders.csv",
    format: "etsy",
    parse: (t) => parseEtsyExport(t),
    column: "Order Total",
    to: "Total",
    delimiter: ",",
    line: 1,
    message: "Etsy orders export: missing required column: Order Total"
  },
  {
    file: "ebay-orders.csv",
    format: "ebay",
    parse: (t) => parseEbayReport(t),
    column: "Total Price",
    to: "Total",
    delimiter: ",",
    line: 2,
    message: "missing required column: Total Price"
  }
]

describe("export parsers on a changed layout", () => {
  for (const c of cases) {
    it(`${c.format}: names the missing column and reads nothing`, () => {
      // The unchanged file is read and detected.
      expect(c.parse(text(c.file)).orders.length).toBeGreaterThan(0)
      expect(detectFormat(text(c.file))?.id).toBe(c.format)

      const changed = renamed(c.file, c.column, c.to, c.delimiter)
      let error: unknown
      try {
        c.parse(changed)
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(ImportError)
      expect((error as ImportError).line).toBe(c.line)
      expect((error as ImportError).message).toContain(c.message)
    })
  }
})
