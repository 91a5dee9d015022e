// Order-file formats the import page and the CLI read. Adding a format = one parser module in its
// marketplace's folder + one entry here; `--format auto` asks each format's detect() in order, most
// specific first (generic last: its three columns could appear in anything).
import type { Platform } from "../core/types"
import { detectAmazonReport, parseAmazonReport } from "./amazon/export"
import { ImportError, readCsvRows, type CsvRow, type ImportOptions, type ImportResult } from "./csv"
import { detectEbayReport, parseEbayReport } from "./ebay/export"
import { detectEtsyExport, parseEtsyExport } from "./etsy/export"
import { detectGeneric, parseGenericCsv } from "./generic/csv"
import {
  CUSTOMERS_NOT_ORDERS,
  detectShopifyCustomersExport,
  parseShopifyCustomersExport,
  type CustomerImportResult
} from "./shopify/customers-export"
import { detectShopifyExport, parseShopifyExport } from "./shopify/export"
import { detectTaobaoExport, parseTaobaoExport } from "./taobao/export"

export interface ImportFormat {
  id: string
  platform: Platform
  name: { en: string; zh: string }
  /** Zone the format's own times are in, and the shop's default day zone. */
  timeZone?: string
  /** True when the file's first rows (up to 3) are this format's. */
  detect(head: readonly CsvRow[]): boolean
  /** Every readable order; unreadable rows become problems; throws ImportError when nothing is usable
   *  (a file that holds customers, not orders, always throws, saying so). */
  parse(text: string, opts?: ImportOptions): ImportResult
  /**
   * The marketplace writes every order of the period the seller chose into the file: a whole file (no
   * unreadable row) covers its oldest to its newest order completely (src/core/coverage.ts). Not for the
   * generic CSV, which anything may have written.
   */
  wholePeriod?: boolean
  /** What the file holds: orders (the default), or customers only (enrichment, never orders). */
  holds?: "orders" | "customers"
  /** For a customers file: its customers. */
  parseCustomers?(text: string, opts?: ImportOptions): CustomerImportResult
}

export const importFormats: readonly ImportFormat[] = [
  {
    id: "taobao",
    platform: "taobao",
    name: { en: "Taobao / Tmall order export (订单报表)", zh: "淘宝/天猫订单报表" },
    timeZone: "Asia/Shanghai",
    detect: detectTaobaoExport,
    parse: parseTaobaoExport,
    wholePeriod: true
  },
  {
    id: "shopify",
    platform: "shopify",
    name: { en: "Shopify orders export", zh: "Shopify 订单导出" },
    detect: detectShopifyExport,
    parse: parseShopifyExport,
    wholePeriod: true
  },
  {
    id: "shopify-customers",
    platform: "shopify",
    name: { en: "Shopify customers export (customers, not orders)", zh: "Shopify 客户导出（客户，非订单）" },
    holds: "customers",
    detect: detectShopifyCustomersExport,
    parse: () => {
      throw new ImportError(0, CUSTOMERS_NOT_ORDERS)
    },
    parseCustomers: parseShopifyCustomersExport
  },
  {
    id: "amazon",
    platform: "amazon",
    name: { en: "Amazon order report (TSV)", zh: "亚马逊订单报告（TSV）" },
    detect: detectAmazonReport,
    parse: parseAmazonReport,
    wholePeriod: true
  },
  {
    id: "etsy",
    platform: "etsy",
    name: { en: "Etsy orders CSV", zh: "Etsy 订单 CSV" },
    detect: detectEtsyExport,
    parse: parseEtsyExport,
    wholePeriod: true
  },
  {
    id: "ebay",
    platform: "ebay",
    name: { en: "eBay orders report", zh: "eBay 订单报告" },
    detect: detectEbayReport,
    parse: parseEbayReport,
    wholePeriod: true
  },
  {
    id: "generic",
    platform: "generic",
    name: { en: "Generic CSV (customer_id, date, amount)", zh: "通用 CSV（customer_id、date、amount）" },
    detect: detectGeneric,
    parse: parseGenericCsv
  }
]

export function formatById(id: string): ImportFormat | undefined {
  return importFormats.find((f) => f.id === id)
}

/** The first format that recognises the file's first rows, or undefined. */
export function detectFormat(text: string): ImportFormat | undefined {
  const head = readCsvRows(text, { limit: 3 })
  return importFormats.find((f) => f.detect(head))
}
