// Import formats the CLI (and later the extension's import page) can read. Adding a marketplace export
// format = one parser module + one entry here; `--format auto` asks each format's detect() in order.
import { detectGeneric, parseGenericCsv, type ImportOptions } from "./generic/csv"
import type { CapturedOrder } from "../core/types"

export interface ImportFormat {
  id: string
  name: { en: string; zh: string }
  /** True when a file with this header row (the first CSV row's fields) is in this format. */
  detect(headerFields: readonly string[]): boolean
  /** All orders in the file; throws ImportError (with the file line) on the first bad row. */
  parse(text: string, opts?: ImportOptions): CapturedOrder[]
}

export const importFormats: readonly ImportFormat[] = [
  {
    id: "generic",
    name: { en: "Generic CSV (customer_id, date, amount)", zh: "通用 CSV（customer_id、date、amount）" },
    detect: detectGeneric,
    parse: parseGenericCsv
  }
]

export function formatById(id: string): ImportFormat | undefined {
  return importFormats.find((f) => f.id === id)
}

/** The first format that recognises the header, or undefined. */
export function detectFormat(headerFields: readonly string[]): ImportFormat | undefined {
  return importFormats.find((f) => f.detect(headerFields))
}
