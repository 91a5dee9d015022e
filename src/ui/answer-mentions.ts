// Chips on rows whose markup is not known (the 千牛 workbench's sold-orders table): the page's own answers
// named each order's number and buyer, and the page shows both. Each answered order whose number is on the
// page is a row; the chip goes after that order's buyer name, found as a text that equals the name within
// the smallest part of the page around the order number that holds no other buyer's order — or, when the
// row shows no name, after the order number itself. No class name is relied on, and a masked nick ("陈**平")
// shared by two buyers is told apart by the order number beside it. A row may show the name masked while
// the answer also gave it whole (decodeNick): the masked text counts as the name when it agrees with it.
import type { BuyerMention } from "../adapters/types"
import { isMaskedName } from "../core/buyer-identity"

/** One order an answer named: its number, the buyer's shown name and the name the store knows them by. */
export interface AnsweredOrder {
  orderId: string
  buyerNick: string
  lookupName: string
}

/** How far up from an order number a row may reach. */
const MAX_ROW_DEPTH = 12
/** Order numbers are long digit runs; shorter ones (prices, dates, counts) are not looked up. */
const DIGIT_RUN = /\d{6,}/g
/** Where chips never go: Huike's own UI, and anything a rep types into. */
export const NOT_HERE =
  'huike-chip, huike-notice, plasmo-csui, script, style, textarea, input, [contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"]'

function* textNodes(root: Node): Generator<Text> {
  const walker = (root.ownerDocument ?? (root as Document)).createTreeWalker(root, NodeFilter.SHOW_TEXT)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) yield n as Text
}

const usable = (el: Element | null): el is Element => el !== null && el.closest(NOT_HERE) === null

/** The answered orders shown in `root`, each with the element its chip follows. */
export function findAnswerMentions(
  root: Element,
  orders: ReadonlyMap<string, AnsweredOrder>
): BuyerMention[] {
  if (orders.size === 0) return []
  // Where each answered order's number is shown (its first showing), and every element that shows a
  // number like one: a row ends where another order's number begins, answered or not.
  const shown = new Map<string, Element>()
  const numbered: { element: Element; numbers: string[] }[] = []
  for (const text of textNodes(root)) {
    const data = text.data
    if (data.length < 6) continue
    const numbers = [...data.matchAll(DIGIT_RUN)].map((m) => m[0])
    if (numbers.length === 0 || !usable(text.parentElement)) continue
    numbered.push({ element: text.parentElement, numbers })
    for (const n of numbers) if (orders.has(n) && !shown.has(n)) shown.set(n, text.parentElement)
  }
  const mentions: BuyerMention[] = []
  for (const [orderId, at] of shown) {
    const order = orders.get(orderId)!
    // A nick with a long digit run ("tb524497367", Taobao's default nicks) is this row's name, not a row
    // boundary.
    const others = numbered.filter(
      (n) => n.element !== at && !n.numbers.includes(orderId) && !showsName(n.element, order.buyerNick)
    )
    let element: Element = at
    let row: Element | null = at
    for (let depth = 0; row && row !== root.parentElement && depth < MAX_ROW_DEPTH; depth++) {
      // Another order's number inside: this is no longer one order's row.
      if (depth > 0 && others.some((n) => row!.contains(n.element))) break
      const name = nameIn(row, order.buyerNick)
      if (name) {
        element = name
        break
      }
      row = row.parentElement
    }
    mentions.push({ element, buyerNick: order.buyerNick, lookupName: order.lookupName })
  }
  return mentions
}

/** The element whose own text is `name`, or a mask of it ("l**8" for "leo桂1978"), inside `row`. */
function nameIn(row: Element, name: string): Element | null {
  for (const text of textNodes(row)) {
    const shown = text.data.trim()
    if ((shown === name || masks(shown, name)) && usable(text.parentElement)) return text.parentElement
  }
  return null
}

/** True when `element`'s whole text is `name` or a mask of it. */
function showsName(element: Element, name: string): boolean {
  const shown = (element.textContent ?? "").trim()
  return shown === name || masks(shown, name)
}

/** True when `shown` hides characters of `name` behind "*" and agrees with it everywhere else. */
export function masks(shown: string, name: string): boolean {
  if (!isMaskedName(shown) || shown.length < 2) return false
  const parts = shown.split(/\*+/)
  if (parts.every((p) => p === "")) return false
  let at = 0
  for (const [i, part] of parts.entries()) {
    const found = i === 0 ? (name.startsWith(part) ? 0 : -1) : name.indexOf(part, at)
    if (found < 0) return false
    at = found + part.length
  }
  return name.endsWith(parts[parts.length - 1]) && at <= name.length
}

// The orders the page's answers named, shared between Huike's content scripts in this page: the capture
// script (run at document start, it sees the first answer) remembers them, the overlay (run once the page
// is parsed) reads them. Both live in the extension's isolated world, which the page cannot reach.
interface AnsweredStore {
  orders: Map<string, AnsweredOrder>
  listeners: Set<() => void>
}
const STORE_KEY = Symbol.for("huike.answeredOrders")
/** Enough for many pages of a long list; the oldest go first. */
const ANSWERED_MAX = 5_000

function store(): AnsweredStore {
  const g = globalThis as { [STORE_KEY]?: AnsweredStore }
  return (g[STORE_KEY] ??= { orders: new Map(), listeners: new Set() })
}

/** Remembers the orders one answer named and tells the overlay. */
export function rememberAnsweredOrders(
  orders: readonly { orderId: string; buyerId: string; buyerNick?: string }[]
): void {
  if (orders.length === 0) return
  const { orders: known, listeners } = store()
  for (const o of orders) {
    known.delete(o.orderId)
    known.set(o.orderId, { orderId: o.orderId, buyerNick: o.buyerNick ?? o.buyerId, lookupName: o.buyerId })
  }
  for (const id of known.keys()) {
    if (known.size <= ANSWERED_MAX) break
    known.delete(id)
  }
  for (const listener of listeners) listener()
}

export function answeredOrders(): ReadonlyMap<string, AnsweredOrder> {
  return store().orders
}

export function onAnsweredOrders(listener: () => void): void {
  store().listeners.add(listener)
}
