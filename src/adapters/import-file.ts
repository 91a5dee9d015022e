// One export file from bytes to orders: encoding detection (or an .xlsx workbook), format detection (or the
// user's choice), parsing with row problems. Shared by the extension's import page and the CLI.
import { ImportError, readCsvRows, type ImportOptions, type ImportResult } from "./csv"
import { decodeExportBytes, type TextEncodingName } from "./encoding"
import { detectFormat, formatById, importFormats, type ImportFormat } from "./formats"
import { isZipWorkbook, openWorkbook, workbookSheetsAsCsv } from "./xlsx"

export interface ReadFileResult extends ImportResult {
  format: ImportFormat
  /** The text's encoding, or "xlsx" for a workbook (read by its sheet's cells, no encoding involved). */
  encoding: TextEncodingName | "xlsx"
  /** The zone the shop's days are counted in: the format's own, else the caller's, else UTC. */
  timeZone: string
}

/** Reads an export file; throws ImportError or EncodingError when nothing in it is usable. */
export function readExportFile(
  bytes: Uint8Array,
  opts: ImportOptions & { format?: string } = {}
): ReadFileResult {
  const chosen = opts.format && opts.format !== "auto" ? formatById(opts.format) : undefined
  let text: string
  let encoding: ReadFileResult["encoding"]
  let format: ImportFormat | undefined
  if (isZipWorkbook(bytes)) {
    // A workbook: the first sheet whose header a format knows (the order report has one sheet).
    const sheets = workbookSheetsAsCsv(openWorkbook(bytes))
    if (sheets.length === 0) throw new ImportError(0, "the workbook has no sheet")
    let sheet = sheets[0]
    for (const s of sheets) {
      const f = chosen
        ? chosen.detect(readCsvRows(s.text, { limit: 3 }))
          ? chosen
          : undefined
        : detectFormat(s.text)
      if (f) {
        sheet = s
        format = f
        break
      }
    }
    format ??= chosen
    text = sheet.text
    encoding = "xlsx"
  } else {
    const decoded = decodeExportBytes(bytes)
    text = decoded.text
    encoding = decoded.encoding
    format = chosen ?? detectFormat(text)
  }
  if (!format) {
    throw new ImportError(
      1,
      `format not recognised from the header; known formats: ${importFormats.map((f) => `${f.id} (${f.name.en})`).join("; ")}`
    )
  }
  const timeZone = opts.timeZone ?? format.timeZone ?? "UTC"
  const result = format.parse(text, { ...opts, timeZone })
  return { ...result, format, encoding, timeZone }
}
