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

/** An intercepted API answer's text, or why it could not be read. */
export type DecodedAnswer = { text: string; charset: string } | { unreadable: string }

/** The charset a Content-Type header declares ("application/json; charset=GBK" -> "gbk"), or null. */
export function declaredCharset(contentType: string | null | undefined): string | null {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? "")
  return m ? m[1].toLowerCase() : null
}

/**
 * An API answer's bytes decoded as the browser would decode them: by the charset its Content-Type declares
 * (GBK, GB18030, UTF-8 …); with none declared, strict UTF-8 and, failing that, GB18030 (Taobao's answers
 * are not reliably UTF-8, and GB18030 reads every GBK byte sequence). Text that still holds U+FFFD (bytes
 * the charset cannot read, or an undeclared answer in neither encoding) is unreadable: a nick decoded
 * with a replacement character would be stored as a different buyer.
 */
export function decodeAnswerBytes(bytes: Uint8Array, contentType?: string | null): DecodedAnswer {
  const declared = declaredCharset(contentType)
  if (declared) {
    let decoder: TextDecoder
    try {
      decoder = new TextDecoder(declared)
    } catch {
      return { unreadable: `it declares a charset the browser does not know (${declared})` }
    }
    return checkedAnswer(decoder.decode(bytes), declared)
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), charset: "utf-8" }
  } catch {
    // Not UTF-8: Chinese back offices answer in GB18030/GBK.
  }
  try {
    return { text: new TextDecoder("gb18030", { fatal: true }).decode(bytes), charset: "gb18030" }
  } catch {
    return { unreadable: "it declares no charset and is neither UTF-8 nor GB18030 text" }
  }
}

/** Text the browser already decoded (an XHR's responseText): unreadable when decoding replaced bytes. */
export function checkedAnswer(text: string, charset: string): DecodedAnswer {
  return text.includes("\uFFFD")
    ? { unreadable: `its bytes are not valid ${charset} text (the page shows them garbled too)` }
    : { text, charset }
}
