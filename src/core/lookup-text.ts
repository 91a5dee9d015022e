// What a rep pastes or copies to find a buyer (the side panel's search, the copied-text lookup for the 千牛
// desktop client): the text as it comes off a chat window, a spreadsheet or a web page, read into the one
// thing it names. Pure code: no browser APIs.
//
// The rules, in order:
// - NFKC, so full-width letters and digits (ｔｂ１２３, １２３４) read as their ASCII forms; zero-width
//   characters and the BOM go;
// - a text of several lines is its first non-empty line (a chat header copied with its status line);
// - a spreadsheet's wrappers go: `="1234…"` (how order exports stop spreadsheets mangling long numbers), a
//   leading apostrophe before digits, a pair of quotes around the whole (" ", ' ', “ ”, 「 」);
// - a leading label goes: 订单号：, 买家：, 旺旺：, 手机尾号：, Order ID:, Buyer:, E-mail: …;
// - whitespace at the ends goes, and runs of it inside become one space; digits with spaces or hyphens
//   between groups (1234 5678 9012 3456) read as one number, unless the hyphens are an order number's own
//   (Amazon's 114-1234567-1234567 keeps them).
// What it then is: an e-mail (has an @), a phone tail (exactly 4 digits), an order number (digits only, at
// least 8, or Amazon's form), or otherwise a name (a member nick, a buyer's name, a buyer id, a Shopify "#1001").

export type LookupKind = "order" | "phoneTail" | "email" | "name"

export type LookupText =
  | {
      ok: true
      /** The text to look up. */
      text: string
      /** The text before NFKC (trimmed, unwrapped), for a stored name that itself has full-width characters. */
      asTyped: string
      kind: LookupKind
    }
  | { ok: false; reason: "empty" | "tooLong" }

/** Longer than any nick, name, e-mail or order number Huike stores (src/messages: 200). */
export const MAX_LOOKUP_LENGTH = 200

const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g
const QUOTES: readonly [string, string][] = [
  ['"', '"'],
  ["'", "'"],
  ["“", "”"],
  ["‘", "’"],
  ["「", "」"],
  ["『", "』"],
  ["《", "》"],
  ["【", "】"]
]
const LABEL =
  /^(?:订单(?:编?号|编码)?|买家(?:昵称|会员名|账号|旺旺)?|会员名|昵称|旺旺(?:号)?|客户|手机(?:尾号)?|电话|尾号|邮箱|order(?:\s*(?:id|no\.?|number))?|buyer(?:\s*(?:name|nick|id))?|nick(?:name)?|customer|e-?mail|phone(?:\s*tail)?)\s*[:：]\s*/i
const AMAZON_ORDER = /^\d{3}-\d{7}-\d{7}$/
const GROUPED_DIGITS = /^\d+(?:[ -]\d+)+$/
const EMAIL = /^[^\s@]+@[^\s@]+$/

function unwrap(text: string): string {
  let t = text
  for (let changed = true; changed;) {
    changed = false
    const before = t
    const formula = /^=\s*"(.*)"$/s.exec(t)
    if (formula) t = formula[1].trim()
    if (/^'\d/.test(t)) t = t.slice(1)
    for (const [open, close] of QUOTES) {
      if (t.length > 2 && t.startsWith(open) && t.endsWith(close)) {
        t = t.slice(open.length, -close.length).trim()
        break
      }
    }
    t = t.replace(LABEL, "").trim()
    if (t !== before) changed = true
  }
  return t
}

function firstLine(text: string): string {
  return text.split(/\r\n|\r|\n/).find((line) => line.trim() !== "") ?? ""
}

/** Reads a pasted or copied text into what it names (the rules at the top of this file). */
export function readLookupText(raw: string): LookupText {
  const cleaned = raw.replace(ZERO_WIDTH, "")
  const asTyped = unwrap(firstLine(cleaned).trim()).replace(/\s+/g, " ")
  let text = unwrap(firstLine(cleaned.normalize("NFKC")).trim()).replace(/\s+/g, " ")
  if (text === "") return { ok: false, reason: "empty" }
  if ([...text].length > MAX_LOOKUP_LENGTH) return { ok: false, reason: "tooLong" }
  let kind: LookupKind = "name"
  if (text.includes("@") && EMAIL.test(text)) {
    text = text.toLowerCase()
    kind = "email"
  } else if (AMAZON_ORDER.test(text)) {
    kind = "order"
  } else {
    const digits = GROUPED_DIGITS.test(text) ? text.replace(/[ -]/g, "") : text
    if (/^\d+$/.test(digits)) {
      text = digits
      if (digits.length === 4) kind = "phoneTail"
      else if (digits.length >= 8) kind = "order"
    }
  }
  return { ok: true, text, asTyped: asTyped === "" ? text : asTyped, kind }
}
