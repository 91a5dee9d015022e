// Export files arrive as UTF-8 (with or without a byte-order mark) or, from Chinese back offices, GBK.
// Decoding uses the platform's WHATWG TextDecoder (Chrome and Node with full ICU both know "gbk"): a strict
// UTF-8 decode that fails means the bytes are not UTF-8, and GBK is the only other encoding the
// marketplaces we support export in.

export type TextEncodingName = "utf-8" | "gbk"

export interface DecodedText {
  text: string
  encoding: TextEncodingName
  /** True when the file started with a UTF-8 byte-order mark (removed from `text`). */
  bom: boolean
}

export class EncodingError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "EncodingError"
  }
}

/** Decodes an export file's bytes, detecting UTF-8 (BOM or not) and GBK. */
export function decodeExportBytes(bytes: Uint8Array): DecodedText {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  const body = bom ? bytes.subarray(3) : bytes
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(body), encoding: "utf-8", bom }
  } catch {
    // Not UTF-8: fall through to GBK.
  }
  if (bom) throw new EncodingError("the file starts with a UTF-8 byte-order mark but is not valid UTF-8")
  try {
    return { text: new TextDecoder("gbk", { fatal: true }).decode(body), encoding: "gbk", bom: false }
  } catch {
    throw new EncodingError("the file is neither UTF-8 nor GBK text")
  }
}
