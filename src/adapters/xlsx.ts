// Export workbooks (.xlsx): today's Taobao order report (订单报表) is one (../../../shared MARKETPLACES.md).
// SheetJS (`@e965/xlsx`, the 0.20 releases as published on npm) reads the workbook; its sheet becomes the
// same rows a CSV export gives, so every format reads both by the same column names. A row's line is its
// row number in the sheet (counted from the sheet's first used row), as the CSV's line would be.
import Papa from "papaparse"
import { read, SSF, utils, type CellObject, type WorkBook, type WorkSheet } from "@e965/xlsx"
import { ImportError } from "./csv"

/** True for the bytes of a zip container (an .xlsx workbook is one): "PK\x03\x04". */
export function isZipWorkbook(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
}

/** Opens a workbook; throws ImportError when the bytes are not one SheetJS can read. */
export function openWorkbook(bytes: Uint8Array): WorkBook {
  try {
    // dense: rows as arrays (a large sheet costs far less memory); no formulas, styles or HTML kept.
    return read(bytes, {
      type: "array",
      dense: true,
      // Number formats kept: they tell a date cell from a number.
      cellNF: true,
      cellFormula: false,
      cellHTML: false,
      cellStyles: false
    })
  } catch (e) {
    throw new ImportError(0, `the file looks like an Excel workbook but cannot be read (${String(e)})`)
  }
}

/** Each sheet of the workbook as CSV text, in the workbook's order. */
export function workbookSheetsAsCsv(book: WorkBook): { name: string; text: string }[] {
  return book.SheetNames.map((name) => ({ name, text: sheetAsCsv(book.Sheets[name], name) }))
}

/**
 * One sheet as CSV text: every cell as the text a CSV export would hold. Dates as "YYYY-MM-DD HH:MM:SS"
 * (the sheet's wall-clock time, as the CSV writes it), numbers in full; a line break inside a cell becomes a
 * space, so a row stays one line. A whole number too long for the workbook to have kept exactly (an order
 * number saved as a number) is refused with its cell: its digits are already lost.
 */
export function sheetAsCsv(sheet: WorkSheet, sheetName = "sheet"): string {
  const ref = sheet["!ref"]
  if (!ref) return ""
  const range = utils.decode_range(ref)
  const rows: string[][] = []
  const dense = (sheet as { "!data"?: (CellObject | undefined)[][] })["!data"]
  for (let r = range.s.r; r <= range.e.r; r++) {
    const row: string[] = []
    for (let c = range.s.c; c <= range.e.c; c++) {
      const cell = dense ? dense[r]?.[c] : (sheet[utils.encode_cell({ r, c })] as CellObject | undefined)
      row.push(cellText(cell, () => `${sheetName}!${utils.encode_cell({ r, c })}`, r - range.s.r + 1))
    }
    rows.push(row)
  }
  return Papa.unparse(rows, { newline: "\n" })
}

function cellText(cell: CellObject | undefined, where: () => string, line: number): string {
  if (!cell || cell.v === undefined || cell.v === null) return ""
  switch (cell.t) {
    case "s":
      return String(cell.v).replace(/\r\n|\r|\n/g, " ")
    case "b":
      return cell.v ? "TRUE" : "FALSE"
    case "e":
      return cell.w ?? ""
    case "d":
      return cell.v instanceof Date ? wallClock(cell.v.getTime()) : String(cell.v)
    case "n": {
      const n = cell.v as number
      if (cell.z !== undefined && SSF.is_date(cell.z)) return serialDateText(n)
      if (Number.isInteger(n) && !Number.isSafeInteger(n))
        throw new ImportError(
          line,
          `cell ${where()} holds the number ${cell.w ?? n}, too long to be exact in a workbook (an order number saved as a number?): export again, or save that column as text`
        )
      return String(n)
    }
    default:
      return cell.w ?? String(cell.v)
  }
}

/** Excel's date serial (days since 1899-12-30, fraction = time of day) as "YYYY-MM-DD HH:MM:SS". */
export function serialDateText(serial: number): string {
  // Whole seconds, rounded: a serial's fraction rarely lands on an exact second.
  const ms = Math.round((serial - 25_569) * 86_400) * 1000
  return wallClock(ms)
}

/** A wall-clock time held as if UTC ms, as "YYYY-MM-DD HH:MM:SS". */
function wallClock(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ")
}
