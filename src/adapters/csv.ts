// What every export-file parser shares: rows with their file line numbers (PapaParse does the CSV/TSV
// grammar; line numbers are tracked here because Papa reports only byte cursors), header lookup that
// tolerates the marketplaces' quirks, and the result/problem types of an import.
import Papa from "papaparse"

import type { CapturedOrder } from "../core/types"
import { checkCapturedOrder } from "../refusals"

/** A file-level problem (no header, a missing column, no buyer column): nothing in the file is usable. */
export class ImportError extends Error {
  /** 1-based file line; the header is line 1. 0 when the problem is not on one line. */
  readonly line: number
  constructor(line: number, message: string) {
    super(line > 0 ? `line ${line}: ${message}` : message)
    this.name = "ImportError"
    this.line = line
  }
}

/** One unreadable row: reported with its line, and the row is left out. */
export interface RowProblem {
  line: number
  message: string
}

export interface ImportResult {
  /** Orders from every readable row. */
  orders: CapturedOrder[]
  /** Data rows in the file (not counting the header and blank lines). */
  rows: number
  /** Unreadable rows. An import is all-or-nothing unless the user accepts a partial import with these. */
  problems: RowProblem[]
  /** Things the user should know that are not errors (e.g. columns a report lacks). */
  notes: string[]
}

export interface ImportOptions {
  /** IANA zone for dates without an offset (a format with a fixed zone ignores it). */
  timeZone?: string
  /** Shop the orders belong to when the file does not say (default: the format's id). */
  shopId?: string
  /** Currency when the file has no currency column (default "CNY"). */
  currency?: string
}

export interface CsvRow {
  fields: string[]
  /** 1-based file line where the row starts (rows may span lines inside quoted fields). */
  line: number
}

/**
 * All rows of a CSV or TSV text with their line numbers. `delimiter` defaults to detection (comma or tab).
 * With `limit`, stops after that many rows (for format detection).
 */
export function readCsvRows(text: string, opts: { delimiter?: string; limit?: number } = {}): CsvRow[] {
  const clean = text.replace(/^\uFEFF/, "")
  const rows: CsvRow[] = []
  let line = 1
  let consumed = 0
  const parser = Papa.parse<string[]>(clean, {
    header: false,
    skipEmptyLines: false,
    delimiter: opts.delimiter ?? "",
    delimitersToGuess: [",", "\t"],
    step: (result, p) => {
      const end = result.meta.cursor
      rows.push({ fields: result.data, line })
      for (let i = consumed; i < end; i++) if (clean.charCodeAt(i) === 10) line++
      consumed = end
      // The row's own line break belongs to it.
      if (clean.charCodeAt(consumed) === 13) consumed++
      if (clean.charCodeAt(consumed) === 10) {
        consumed++
        line++
      }
      if (opts.limit !== undefined && rows.length >= opts.limit) p.abort()
    }
  })
  void parser
  return rows
}

/** True for a row that is empty or all blank cells. */
export const isBlankRow = (row: CsvRow): boolean => row.fields.every((f) => f.trim() === "")

/**
 * A cell's text without the spreadsheet guards marketplaces add: `="123"` (Taobao order numbers), a
 * leading tab or apostrophe, surrounding spaces.
 */
export function cleanCell(cell: string | undefined): string {
  if (cell === undefined) return ""
  let s = cell.trim()
  const formula = /^="(.*)"$/.exec(s)
  if (formula) s = formula[1]
  return s.replace(/^[\t']+/, "").trim()
}

/** Header names trimmed (some Taobao releases end names with a space) and without a BOM. */
export const normalizeHeaderName = (h: string): string => h.replace(/^\uFEFF/, "").trim()

/** Column lookup by header name. */
export class Columns {
  private readonly index = new Map<string, number>()
  constructor(
    header: readonly string[],
    private readonly caseInsensitive = false
  ) {
    header.forEach((h, i) => {
      const key = this.key(h)
      if (!this.index.has(key)) this.index.set(key, i)
    })
  }
  private key(name: string): string {
    const n = normalizeHeaderName(name)
    return this.caseInsensitive ? n.toLowerCase() : n
  }
  /** Column index of the first name present, or -1. */
  find(...names: string[]): number {
    for (const n of names) {
      const i = this.index.get(this.key(n))
      if (i !== undefined) return i
    }
    return -1
  }
  has(...names: string[]): boolean {
    return this.find(...names) >= 0
  }
  /** Column indexes of required columns; throws one ImportError naming every missing one. */
  require<K extends string>(
    names: Record<K, string | string[]>,
    line: number,
    what: string
  ): Record<K, number> {
    const out = {} as Record<K, number>
    const missing: string[] = []
    for (const [key, spec] of Object.entries(names) as [K, string | string[]][]) {
      const alts = Array.isArray(spec) ? spec : [spec]
      const i = this.find(...alts)
      if (i < 0) missing.push(alts[0])
      out[key] = i
    }
    if (missing.length > 0) {
      throw new ImportError(
        line,
        `${what}: missing required column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}`
      )
    }
    return out
  }
}

/** Reads a cell, cleaned; "" when the row is shorter than the header. */
export const cellOf = (row: CsvRow, i: number): string => (i >= 0 ? cleanCell(row.fields[i]) : "")

/**
 * Leaves out, each as a row problem on its line, the orders past a limit the store enforces (a buyer name
 * too long, a negative amount, an amount beyond the currency's ceiling: src/refusals.ts), so they count
 * like any unreadable row (all-or-nothing, or left out by a partial import) instead of failing the import
 * when it is written. Problems stay in line order.
 */
export function refuseOutOfLimits(
  result: ImportResult,
  lineOf: (order: CapturedOrder) => number | undefined
): ImportResult {
  const kept: CapturedOrder[] = []
  let refused = false
  for (const order of result.orders) {
    const check = checkCapturedOrder(order)
    if (check.ok) kept.push(order)
    else {
      refused = true
      result.problems.push({ line: lineOf(order) ?? 0, message: `order ${order.orderId}: ${check.detail}` })
    }
  }
  if (refused) {
    result.orders = kept
    result.problems.sort((a, b) => a.line - b.line)
  }
  return result
}
