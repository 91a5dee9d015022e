// One export file from bytes to orders: encoding detection, format detection (or the user's choice),
// parsing with row problems. Shared by the extension's import page and the CLI.
import { ImportError, type ImportOptions, type ImportResult } from "./csv"
import { decodeExportBytes, type TextEncodingName } from "./encoding"
import { detectFormat, formatById, importFormats, type ImportFormat } from "./formats"

export interface ReadFileResult extends ImportResult {
  format: ImportFormat
  encoding: TextEncodingName
  /** The zone the shop's days are counted in: the format's own, else the caller's, else UTC. */
  timeZone: string
}

/** Reads an export file; throws ImportError or EncodingError when nothing in it is usable. */
export function readExportFile(
  bytes: Uint8Array,
  opts: ImportOptions & { format?: string } = {}
): ReadFileResult {
  const decoded = decodeExportBytes(bytes)
  const format = opts.format && opts.format !== "auto" ? formatById(opts.format) : detectFormat(decoded.text)
  if (!format) {
    throw new ImportError(
      1,
      `format not recognised from the header; known formats: ${importFormats.map((f) => `${f.id} (${f.name.en})`).join("; ")}`
    )
  }
  const timeZone = opts.timeZone ?? format.timeZone ?? "UTC"
  const result = format.parse(decoded.text, { ...opts, timeZone })
  return { ...result, format, encoding: decoded.encoding, timeZone }
}
