// Chips next to every buyer name the page's adapter finds, and the hover card a chip opens.
//
// Speed (npm run bench -- --only=overlay): a page may add a hundred order rows at once, and a chip that
// enters a row after the page laid it out makes the browser lay that row out again (~10 ms for 100 rows of
// the imitation Taobao list). So chips are drawn, wherever possible, in the page's own task, and the rows
// are laid out once, with their chips:
// - one MutationObserver; its callback scans for names (one querySelectorAll through the adapter) and
//   ignores the mutations our own chips make;
// - at page start the overlay prefetches the shop's 2,000 most recently active buyers (src/ui/buyer-lookup
//   prefetch(), a few short messages off the critical path). Names answered before or prefetched are
//   chipped at once, inside the callback, so in the page's own frame. A prefetched chip is then checked by
//   one lookup for all of them and redrawn only if its figures changed: a prefetched figure is never left
//   standing unchecked;
// - every other name of a scan goes to the background in one message, and those chips are all written in
//   one animation frame, nothing read back from layout.
// A chip never makes its line taller (src/ui/chip-style.ts): inserting one lays its row out again but
// moves no row below it, so a scan's chips cost one layout of the rows they are in.
// Each chip is its own small Shadow DOM (host <huike-chip>, one shared constructed stylesheet), built with
// textContent only, with as few elements as it can (segment badge, one text node, the bell). Plasmo's
// content-script UI holds the hover card: with no anchor functions exported, Plasmo hands us one overlay
// container in its own shadow root, created when the first card opens.
//
// Tagging by known names (src/ui/known-names.ts, src/core/known-names.ts): on every page this script runs
// on — the marketplaces, and the sites the seller added in the options (there this script alone is
// registered) — elements whose whole text is a stored buyer's nick, name, e-mail or order number get the
// same chip. The page is scanned in slices of at most 8 ms, each a task of its own, against the filter the
// background keeps in chrome.storage.local (the whole filter read once per page, then only the adds that
// captures and imports bring); only texts that pass it are resolved, in one message per scan, and the
// scan's chips are drawn in one frame (each frame with chips lays the page out again).
// New text (a chat message, a thread switch) is queued by the MutationObserver. The adapter's precise
// mentions win: an element it chipped, or is asking about, is never chipped by name, and a page the adapter
// reads (its order lists, order pages, chat header) is left to it (namesHere) — except the marketplaces'
// message centres (Buyer-Seller Messaging, Shopify Inbox, the 千牛 message page), tagged by name everywhere.
//
// The buyer a page's address names (a message thread's order, an order or customer page: the adapter's
// pageBuyer) gets a chip in a small panel of Huike's own (src/ui/page-buyer.ts), looked up again when the
// address changes (a thread switch) and when new data lands.
import type { PlasmoCreateShadowRoot, PlasmoCSConfig, PlasmoRender } from "plasmo"
import { createRoot, type Root } from "react-dom/client"
import browser from "webextension-polyfill"
import { adapterForUrl, isMessageCentre, pageBuyerOf } from "~src/adapters/registry"
import type { BuyerMention } from "~src/adapters/types"
import { NameFilter, normalizeName } from "~src/core/known-names"
import {
  CAPTURED_EVENT,
  NAME_INDEX_ADDS_KEY,
  NAME_INDEX_KEY,
  type BuyerSummary,
  type ErrorReply,
  type KnownName,
  type PageBuyerReply,
  type ResolveNamesReply
} from "~src/messages"
import { answeredOrders, findAnswerMentions, onAnsweredOrders } from "~src/ui/answer-mentions"
import { createBuyerLookup } from "~src/ui/buyer-lookup"
import { renderChip, renderSharedChip } from "~src/ui/chip-dom"
import { cardStyle, chipStyle } from "~src/ui/chip-style"
import { HoverCard } from "~src/ui/HoverCard"
import { loadLanguage, onLanguageChange } from "~src/ui/i18n"
import { createNameScanner, type NameCandidate } from "~src/ui/known-names"
import { PAGE_BUYER_TAG, showPageBuyer, type PageBuyerView } from "~src/ui/page-buyer"

export const config: PlasmoCSConfig = {
  matches: [
    "https://trade.taobao.com/*",
    "https://trade.tmall.com/*",
    "https://myseller.taobao.com/*",
    "https://qn.taobao.com/*",
    "https://admin.shopify.com/*",
    "https://sellercentral.amazon.com/*",
    "https://sellercentral.amazon.ca/*",
    "https://sellercentral.amazon.co.uk/*",
    "https://sellercentral.amazon.de/*",
    "https://sellercentral.amazon.fr/*",
    "https://sellercentral.amazon.it/*",
    "https://sellercentral.amazon.es/*",
    "https://sellercentral.amazon.co.jp/*",
    "https://sellercentral.amazon.in/*",
    "https://sellercentral.amazon.com.au/*"
  ]
}

const HOST_TAG = "huike-chip"

const match = adapterForUrl(new URL(location.href))
const lookup = match
  ? createBuyerLookup(
      match.adapter.platform,
      () => match.adapter.readShopId(document) ?? `${match.adapter.platform}-shop`
    )
  : null

/** A chip on the page: the buyer name it follows and its shadow host right after that name. */
interface Chip {
  anchor: Element
  /** The name shown, and the name the store finds the buyer by (a masked nick's stand-in). */
  nick: string
  name: string
  host: HTMLElement
  chip: HTMLElement
  summary: BuyerSummary | null
  /** Chipped because its whole text is a known name (not by the adapter): refreshed by resolveNames. */
  byName?: boolean
  /** A name several buyers share: the chip opens the side panel's search instead of a card. */
  shared?: number
}

const chipOfAnchor = new WeakMap<Element, Chip>()
const live = new Set<Chip>()
/** Names whose figures were asked for: not asked again by the next scan. */
const asked = new WeakMap<Element, string>()

const drawQueue: (() => void)[] = []
let drawScheduled = false

/**
 * Queues chip writes (one function, one chip) for the next animation frame, where all that are queued are
 * written: the rows they are in are laid out once. A chip takes no height in its line (chip-style.ts), so
 * that layout moves no row; nothing is read back from layout.
 */
function draw(writes: readonly (() => void)[]): void {
  drawQueue.push(...writes)
  if (drawScheduled || drawQueue.length === 0) return
  drawScheduled = true
  requestAnimationFrame(() => {
    drawScheduled = false
    for (const write of drawQueue.splice(0)) write()
  })
}

let chipSheet: CSSStyleSheet | null = null
function sheetFor(css: string): CSSStyleSheet {
  const sheet = new CSSStyleSheet()
  sheet.replaceSync(css)
  return sheet
}

function placeChip(mention: BuyerMention, summary: BuyerSummary | null, byName?: { shared?: number }): Chip {
  const host = document.createElement(HOST_TAG)
  const root = host.attachShadow({ mode: "open" })
  chipSheet ??= sheetFor(chipStyle)
  root.adoptedStyleSheets = [chipSheet]
  const chip = document.createElement("span")
  const entry: Chip = {
    anchor: mention.element,
    nick: mention.buyerNick,
    name: lookupName(mention),
    host,
    chip,
    summary,
    ...(byName ? { byName: true } : {}),
    ...(byName?.shared ? { shared: byName.shared } : {})
  }
  paint(entry)
  root.append(chip)
  wire(entry)
  chipOfAnchor.set(mention.element, entry)
  live.add(entry)
  mention.element.after(host)
  return entry
}

function dropChip(entry: Chip): void {
  if (card?.entry === entry) closeCard()
  entry.host.remove()
  live.delete(entry)
  if (chipOfAnchor.get(entry.anchor) === entry) chipOfAnchor.delete(entry.anchor)
}

const lookupName = (m: BuyerMention) => m.lookupName ?? m.buyerNick

/** The buyer mentions the last scan found (adapter's and answers'): each element and the name it stands for. */
let mentioned = new Map<Element, string>()

/** Buyer names on the page: the adapter's precise ones, then (where it asks) those the answers named. */
function mentionsOnPage(): BuyerMention[] {
  if (!match) return []
  const precise = match.adapter.findBuyerMentions(document)
  const answered = answeredOrders()
  if (answered.size === 0 || !document.body || !match.adapter.tagsRowsFromAnswers?.(new URL(location.href)))
    return precise
  // Where both find the same element, the adapter's mention wins.
  const taken = new Set(precise.map((m) => m.element))
  return [...precise, ...findAnswerMentions(document.body, answered).filter((m) => !taken.has(m.element))]
}

/** Names on the page without their chip: known buyers are chipped at once, the rest after one lookup. */
function scan(): void {
  if (!match || !lookup) return
  const mentions = mentionsOnPage()
  mentioned = new Map(mentions.map((m) => [m.element, lookupName(m)]))
  // A chip belongs to its mention: when the page redrew its row, or the row's buyer is now found elsewhere
  // in it (a re-query turned a masked nick full: the last answer placed the chip after the order number,
  // the new one after the nick), the old chip goes, so a row never shows two.
  for (const entry of live)
    if (!entry.host.isConnected || (!entry.byName && mentioned.get(entry.anchor) !== entry.name))
      dropChip(entry)
  const unknown: BuyerMention[] = []
  const hinted: Chip[] = []
  for (const mention of mentions) {
    const name = lookupName(mention)
    const existing = chipOfAnchor.get(mention.element)
    // Chipped by name before the adapter found it: the adapter's precise mention wins.
    if (existing?.byName) dropChip(existing)
    else if (existing) {
      // Still in place for the same buyer: nothing to do. Otherwise the page replaced the name's text or
      // removed our chip, and the name gets a fresh one.
      if (existing.name === name && existing.host.previousElementSibling === mention.element) continue
      dropChip(existing)
    }
    const known = lookup.cached(name)
    const hint = known === undefined ? lookup.hint(name) : undefined
    // Answered before: drawn now, within the page's own task, so laid out with the page's own change.
    if (known !== undefined) placeChip(mention, known)
    // Prefetched (or answered before new data came): drawn now too, and checked by one lookup after.
    else if (hint !== undefined) hinted.push(placeChip(mention, hint))
    else if (asked.get(mention.element) !== name) {
      asked.set(mention.element, name)
      unknown.push(mention)
    }
  }
  if (hinted.length > 0) check(hinted)
  if (unknown.length === 0) return
  void lookup.getMany(unknown.map(lookupName)).then((answers) =>
    draw(
      unknown.map((m) => () => {
        if (asked.get(m.element) !== lookupName(m)) return
        asked.delete(m.element)
        // Gone while we waited, chipped by a later scan, or no longer this buyer's mention.
        if (
          m.element.isConnected &&
          !chipOfAnchor.has(m.element) &&
          mentioned.get(m.element) === lookupName(m)
        )
          placeChip(m, answers.get(lookupName(m)) ?? null)
      })
    )
  )
}

/**
 * Chips drawn from hints (prefetched figures, or figures from before new data was stored) are checked with
 * one lookup; only those whose figures changed are drawn again.
 */
function check(entries: readonly Chip[]): void {
  if (!lookup) return
  void lookup.getMany(entries.map((e) => e.name)).then((answers) => {
    const changed = entries.filter((entry) => {
      const answer = answers.get(entry.name) ?? null
      if (JSON.stringify(answer) === JSON.stringify(entry.summary)) return false
      entry.summary = answer
      return true
    })
    if (changed.length > 0) redraw(changed)
  })
}

function paint(entry: Chip): void {
  if (entry.shared) renderSharedChip(entry.chip, entry.nick, entry.shared)
  else renderChip(entry.chip, entry.nick, entry.summary)
}

/** Chips drawn again, e.g. with new figures or in another language. */
function redraw(entries: readonly Chip[]): void {
  draw(
    entries.map((entry) => () => {
      if (entry.host.isConnected) paint(entry)
    })
  )
}

/** Huike's own elements in the page: their coming and going is no page change. */
const OURS = new Set(["HUIKE-CHIP", "PLASMO-CSUI", PAGE_BUYER_TAG.toUpperCase()])

/** Whether a mutation could have brought a buyer name: anything but our own chips coming and going. */
function pageChanged(records: MutationRecord[]): boolean {
  for (const r of records) {
    if (r.type === "characterData") return true
    for (const n of r.addedNodes) if (!OURS.has(n.nodeName)) return true
    for (const n of r.removedNodes) if (n.nodeName === "HUIKE-CHIP") return true
  }
  return false
}

// ---- The hover card: one at a time, in Plasmo's overlay container. ----

let createCardContainer: (() => Promise<Element> | Element) | null = null
let cardLayer: Element | null = null
let card: { entry: Chip; slot: HTMLElement; root: Root } | null = null
let hoverTimer: ReturnType<typeof setTimeout> | undefined
/** The hover card's width (src/ui/chip-style.ts .huike-card, border included). */
const CARD_WIDTH = 322

export const getShadowHostId = () => "huike-card-layer"

export const createShadowRoot: PlasmoCreateShadowRoot = (host) => {
  const root = host.attachShadow({ mode: "open" })
  root.adoptedStyleSheets = [sheetFor(cardStyle)]
  return root
}

async function layer(): Promise<Element | null> {
  if (cardLayer?.isConnected) return cardLayer
  if (!createCardContainer) return null
  cardLayer = await createCardContainer()
  return cardLayer
}

function closeCard(): void {
  if (!card) return
  card.root.unmount()
  card.slot.remove()
  card = null
}

async function openCard(entry: Chip): Promise<void> {
  const key = entry.summary?.customerKey
  if (card?.entry === entry || !key) return
  closeCard()
  const container = await layer()
  if (!container || !entry.host.isConnected) return
  // Read once, on the rep's gesture: the card sits under the chip, in page coordinates.
  // The chip's own box: its host on the page is a zero-height anchor in the text's line (chip-style.ts).
  const at = entry.chip.getBoundingClientRect()
  const slot = document.createElement("div")
  slot.className = "huike-card-slot"
  // Kept inside the window (a chip near its right edge, such as the page buyer's panel).
  const left = Math.max(0, Math.min(at.left, document.documentElement.clientWidth - CARD_WIDTH - 8))
  slot.style.left = `${Math.round(left + scrollX)}px`
  slot.style.top = `${Math.round(at.bottom + scrollY + 4)}px`
  slot.addEventListener("mouseenter", () => clearTimeout(hoverTimer))
  slot.addEventListener("mouseleave", () => later(closeCard, 300))
  container.append(slot)
  const root = createRoot(slot)
  card = { entry, slot, root }
  root.render(<HoverCard customerKey={key} onClose={closeCard} />)
}

function later(fn: () => void, ms: number): void {
  clearTimeout(hoverTimer)
  hoverTimer = setTimeout(fn, ms)
}

function toggleCard(entry: Chip): void {
  clearTimeout(hoverTimer)
  // A name several buyers share: the side panel's search lists them.
  if (entry.shared) {
    void browser.runtime.sendMessage({ type: "searchPanel", query: entry.nick }).catch(() => undefined)
    return
  }
  if (card?.entry === entry) closeCard()
  else void openCard(entry)
}

function wire(entry: Chip): void {
  if (!entry.shared) entry.host.addEventListener("mouseenter", () => later(() => void openCard(entry), 250))
  entry.host.addEventListener("mouseleave", () => later(closeCard, 300))
  entry.chip.addEventListener("click", () => toggleCard(entry))
  entry.chip.addEventListener("keydown", (e) => e.key === "Enter" && toggleCard(entry))
}

// New data (a capture, a note, a tag, a reminder): every chip on the page re-reads its buyer, in one batch.
// Chips still queued for a frame carry answers read before this data landed: the refresh is queued behind
// them, so it covers them too.
document.addEventListener(CAPTURED_EVENT, () => {
  followPageBuyer(true)
  forgetNames()
  if (!lookup) return
  lookup.invalidate()
  draw([refreshLive])
})

function refreshLive(): void {
  if (!lookup) return
  for (const entry of live) if (!entry.host.isConnected) dropChip(entry)
  const entries = [...live].filter((e) => !e.byName)
  if (entries.length === 0) return
  void lookup.getMany(entries.map((e) => e.name)).then((answers) => {
    for (const entry of entries) entry.summary = answers.get(entry.name) ?? null
    redraw(entries)
  })
}

// Plasmo calls this once (no anchor functions exported): the card layer is made on the first open.
// ---- Tagging by known names ----

let nameFilter: NameFilter | null = null
/** What each text resolved to (null: no one); cleared when new data lands. */
const resolved = new Map<string, KnownName | null>()
const resolving = new Set<string>()
let waiting: NameCandidate[] = []
/** Texts per resolveNames message (the background's limit). */
const TEXTS_PER_MESSAGE = 500
/** More nodes added at once than this: the whole page is queued once instead of each of them. */
const MANY_ADDED = 100

/**
 * Pages an adapter reads (an order list, an order, its chat header) carry its precise chips, one per buyer
 * row: tagging by known names runs everywhere else Huike runs (the marketplaces' other pages, such as their
 * message centres, and the sites the seller added). Checked per slice: a single-page app changes its page.
 */
const namesHere = () => {
  const url = new URL(location.href)
  return !match || match.adapter.detectPage(url) === null || isMessageCentre(url)
}

const scanner = createNameScanner({
  filter: () => (namesHere() ? nameFilter : null),
  found: tagByName,
  budgetMs: 8
})

/** True when `element` may get a chip by name: not chipped, nor asked about, by the adapter (or by us). */
function freeForName(element: Element): boolean {
  if (!element.isConnected || chipOfAnchor.has(element) || asked.has(element)) return false
  // An adapter's chip on an element around this one already tags this name.
  let up = element.parentElement
  for (let depth = 0; up && depth < 6; depth++, up = up.parentElement) {
    const around = chipOfAnchor.get(up)
    if (around && !around.byName) return false
  }
  return true
}

function placeByName(c: NameCandidate, known: KnownName): void {
  const mention = { element: c.element, buyerNick: c.text, lookupName: c.text }
  if ("buyer" in known) placeChip(mention, known.buyer, {})
  else placeChip({ ...mention, buyerNick: known.name }, null, { shared: known.shared })
}

/** Texts to resolve, gathered over a scan's slices: asked about in one message once the scan is done. */
let toAsk: string[] = []
/** When the texts waiting in toAsk were first planned to be asked about (0: none waiting). */
let askPlanned = 0

/**
 * Candidates of one scan slice: those already resolved are chipped now, the rest once the scan is done,
 * after one message for all of them, and drawn in one frame (one layout of the page, not one per slice).
 */
function tagByName(found: NameCandidate[]): void {
  const ask = toAsk
  for (const c of found) {
    if (!freeForName(c.element)) continue
    const known = resolved.get(c.text)
    if (known !== undefined) {
      if (known) placeByName(c, known)
      continue
    }
    waiting.push(c)
    if (!resolving.has(c.text)) {
      resolving.add(c.text)
      ask.push(c.text)
    }
  }
  // A page that keeps changing keeps the scanner busy: its texts are asked about at least every 100 ms.
  if (ask.length >= TEXTS_PER_MESSAGE || (askPlanned && performance.now() - askPlanned >= 100)) askNow()
  else if (ask.length > 0 && !askPlanned) {
    const planned = (askPlanned = performance.now())
    void scanner.idle().then(() => askPlanned === planned && askNow())
  }
}

function askNow(): void {
  askPlanned = 0
  const ask = toAsk
  toAsk = []
  if (ask.length > 0) void resolveTexts(ask).then(drawWaiting)
}

function drawWaiting(): void {
  const ready = waiting.filter((c) => resolved.has(c.text))
  waiting = waiting.filter((c) => !resolved.has(c.text))
  if (ready.length === 0) return
  // One write for all of them: the page is laid out again once, in one frame.
  draw([
    () => {
      for (const c of ready) {
        const known = resolved.get(c.text)
        if (known && freeForName(c.element) && normalizeName(c.element.textContent ?? "") === c.text)
          placeByName(c, known)
      }
    }
  ])
}

async function resolveTexts(texts: readonly string[]): Promise<void> {
  for (let i = 0; i < texts.length; i += TEXTS_PER_MESSAGE) {
    const chunk = texts.slice(i, i + TEXTS_PER_MESSAGE)
    let names: Record<string, KnownName | null> = {}
    try {
      const reply = (await browser.runtime.sendMessage({ type: "resolveNames", texts: chunk })) as
        ResolveNamesReply | ErrorReply
      if (reply.ok) names = reply.names
      else console.warn("[huike] resolveNames refused:", reply.error)
    } catch (error) {
      console.warn("[huike] resolveNames failed:", error)
    }
    for (const text of chunk) {
      resolving.delete(text)
      resolved.set(text, names[text] ?? null)
    }
  }
}

/** Chips by name whose element no longer shows their text (the page reused it) go; it is scanned again. */
function checkNamedChips(): void {
  for (const entry of live) {
    if (!entry.byName) continue
    if (!entry.anchor.isConnected) dropChip(entry)
    else if (!entry.host.isConnected || normalizeName(entry.anchor.textContent ?? "") !== entry.name) {
      dropChip(entry)
      scanner.queue(entry.anchor)
    }
  }
}

/** New data (a capture, a new filter): every text is resolved again and the page rescanned. */
function forgetNames(): void {
  resolved.clear()
  const named = [...live].filter((e) => e.byName)
  for (const entry of named) dropChip(entry)
  if (document.body) scanner.queue(document.body)
}

/** How many texts of the saved adds record this tab's filter holds. */
let addsApplied = 0

/** The whole filter (as saved after a build) and the adds saved after it, read once per page. */
async function loadNameFilter(): Promise<void> {
  try {
    const saved = await browser.storage.local.get([NAME_INDEX_KEY, NAME_INDEX_ADDS_KEY])
    nameFilter = NameFilter.load(saved[NAME_INDEX_KEY])
    addsApplied = Math.max(0, nameFilter?.applyAdds(saved[NAME_INDEX_ADDS_KEY]) ?? 0)
  } catch (error) {
    console.warn("[huike] could not read the name index:", error)
  }
}

/**
 * The background saved the filter again (a build: every name is resolved again, the page rescanned) or
 * only what captures and imports added since (a few bytes a text): those are added here, texts that
 * resolved to no one are asked about again, and the page is rescanned; chips already drawn stay.
 */
function nameIndexChanged(changes: Record<string, { newValue?: unknown }>): void {
  if (NAME_INDEX_KEY in changes) {
    nameFilter = NameFilter.load(changes[NAME_INDEX_KEY].newValue)
    addsApplied = Math.max(0, nameFilter?.applyAdds(changes[NAME_INDEX_ADDS_KEY]?.newValue) ?? 0)
    forgetNames()
    return
  }
  if (!(NAME_INDEX_ADDS_KEY in changes) || !nameFilter) return
  const count = nameFilter.applyAdds(changes[NAME_INDEX_ADDS_KEY].newValue, addsApplied)
  if (count <= addsApplied) return
  addsApplied = count
  for (const [text, known] of resolved) if (known === null) resolved.delete(text)
  if (document.body) scanner.queue(document.body)
}

/** Queues what the page added or changed for the name scan. */
function queueChanged(records: MutationRecord[]): void {
  const roots: Node[] = []
  for (const r of records) {
    if (r.type === "characterData") roots.push(r.target)
    else for (const n of r.addedNodes) if (!OURS.has(n.nodeName)) roots.push(n)
  }
  if (roots.length === 0) return
  if (roots.length > MANY_ADDED && document.body) scanner.queue(document.body)
  else for (const root of roots) scanner.queue(root)
}

// Plasmo calls this once (no anchor functions exported): the card layer is made on the first open.
export const render: PlasmoRender<unknown> = async ({ anchor, createRootContainer }) => {
  if (!anchor || !createRootContainer) return
  createCardContainer = () => createRootContainer(anchor)
  await loadLanguage()
  onLanguageChange(() => {
    closeCard()
    redraw([...live])
    followPageBuyer(true)
  })
  await loadNameFilter()
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== "local" || !(NAME_INDEX_KEY in changes || NAME_INDEX_ADDS_KEY in changes)) return
    nameIndexChanged(changes)
    // An import or another tab's capture may have brought the page's buyer.
    followPageBuyer(true)
  })
  new MutationObserver((records) => {
    // A single-page app's thread switch changes the address and then the page.
    followPageBuyer()
    if (!pageChanged(records)) return
    scan()
    checkNamedChips()
    queueChanged(records)
  }).observe(document.documentElement, { childList: true, subtree: true, characterData: true })
  // The orders the page's own answers named (the capture script remembers them): their rows get chips.
  onAnsweredOrders(scan)
  addEventListener("popstate", () => followPageBuyer())
  followPageBuyer()
  scan()
  if (document.body) scanner.queue(document.body)
  void prefetch(lookup)
}

// ---- The buyer the page's address names ----

let pageBuyerEntry: Chip | null = null
/** The address the panel was last looked up for, and a counter so only the newest answer is shown. */
let pageBuyerHref = ""
let pageBuyerAsks = 0

/** Looks the address's buyer up when the address changed (or `again`: new data, a new language). */
function followPageBuyer(again = false): void {
  if (!again && location.href === pageBuyerHref) return
  pageBuyerHref = location.href
  const ask = ++pageBuyerAsks
  const url = new URL(location.href)
  const named = pageBuyerOf(url)
  // Another thread: the last one's buyer goes at once, before the new one is known.
  if (!again) setPageBuyer(null)
  if (!named) return setPageBuyer(null)
  // The order number is named where sellers see it as such: a message thread's order.
  const orderId = isMessageCentre(url) ? named.buyer.orderId : undefined
  void browser.runtime
    .sendMessage({ type: "pageBuyer", platform: named.adapter.platform, ...named.buyer })
    .then((reply: unknown) => {
      if (ask !== pageBuyerAsks) return
      const answer = reply as PageBuyerReply | ErrorReply
      if (!answer.ok) return console.warn("[huike] pageBuyer refused:", answer.error)
      if (answer.buyer) return setPageBuyer({ state: "buyer", summary: answer.buyer, orderId })
      if (named.buyer.orderId) {
        // Not an error: the order was never captured or imported here.
        console.info(`[huike] order ${named.buyer.orderId} is not in Huike yet`)
        return setPageBuyer({ state: "not-stored", orderId })
      }
      // A customer the store does not know by their number (an export import carries none): nothing said.
      setPageBuyer(null)
    })
    .catch((error: unknown) => console.warn("[huike] pageBuyer failed:", error))
}

function setPageBuyer(view: PageBuyerView | null): void {
  if (pageBuyerEntry && card?.entry === pageBuyerEntry) closeCard()
  pageBuyerEntry = null
  const panel = showPageBuyer(view)
  if (!panel?.chip || view?.state !== "buyer") return
  const nick = view.summary.buyerNick
  pageBuyerEntry = {
    anchor: panel.host,
    nick,
    name: nick,
    host: panel.host,
    chip: panel.chip,
    summary: view.summary
  }
  wire(pageBuyerEntry)
}

/** How many of the shop's most recently active buyers are prefetched at page start. */
const PREFETCH_BUYERS = 2_000
async function prefetch(lookup: ReturnType<typeof createBuyerLookup> | null): Promise<void> {
  if (!lookup) return
  await lookup.prefetch(PREFETCH_BUYERS)
}

export default function Overlay() {
  return null
}
