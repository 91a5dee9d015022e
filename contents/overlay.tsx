// Chips next to every buyer name the page's adapter finds, each in its own Shadow DOM (Plasmo's
// content-script UI makes the shadow host, so neither the page's styles nor ours leak across).
//
// Speed: Plasmo's default mounts one React root per anchor, all in one task (100 names blocked the page's
// main thread for 60–127 ms). Instead, `render` below only queues each anchor; a frame-budgeted loop
// creates the shadow containers and plain-DOM chips a few milliseconds at a time, and every name queued
// before the next frame shares one database lookup (src/ui/buyer-lookup). React is used for the hover card
// only, mounted when it opens.
import type {
  PlasmoCSConfig,
  PlasmoCreateShadowRoot,
  PlasmoCSUIAnchor,
  PlasmoGetInlineAnchorList,
  PlasmoRender
} from "plasmo"
import { createRoot, type Root } from "react-dom/client"
import { adapterForUrl } from "~src/adapters/registry"
import { CAPTURED_EVENT, type BuyerSummary } from "~src/messages"
import { chipStyle } from "~src/ui/chip-style"
import { HoverCard } from "~src/ui/HoverCard"
import { createBuyerLookup } from "~src/ui/buyer-lookup"
import { renderChip } from "~src/ui/chip-dom"

export const config: PlasmoCSConfig = {
  matches: [
    "https://trade.taobao.com/*",
    "https://trade.tmall.com/*",
    "https://myseller.taobao.com/*",
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

const match = adapterForUrl(new URL(location.href))
const lookup = match
  ? createBuyerLookup(
      match.adapter.platform,
      () => match.adapter.readShopId(document) ?? `${match.adapter.platform}-shop`
    )
  : null

/** Per frame, at most this long creating chips, so the page stays responsive. */
const FRAME_BUDGET_MS = 6

/** Names waiting for their chip, and names that have one: neither is handed to Plasmo again. */
const queued = new WeakSet<Element>()
const mounted = new WeakSet<Element>()

export const getInlineAnchorList: PlasmoGetInlineAnchorList = async () => {
  if (!match) return []
  return match.adapter
    .findBuyerMentions(document)
    .filter((m) => {
      const el = m.element
      if (queued.has(el)) return false
      if (!mounted.has(el)) return true
      // The page removed our chip but kept the name: chip it again.
      if (el.nextElementSibling?.tagName === "PLASMO-CSUI") return false
      mounted.delete(el)
      return true
    })
    .map((m) => ({ element: m.element, insertPosition: "afterend" as const }))
}

export const getShadowHostId = () => "huike-chip"

// One stylesheet object shared by every chip's shadow root: parsed once, not once per chip.
let sheet: CSSStyleSheet | null = null
export const createShadowRoot: PlasmoCreateShadowRoot = (host) => {
  const root = host.attachShadow({ mode: "open" })
  if (!sheet) {
    sheet = new CSSStyleSheet()
    sheet.replaceSync(chipStyle)
  }
  root.adoptedStyleSheets = [sheet]
  return root
}

interface LiveChip {
  nick: string
  chip: HTMLElement
  wrapper: HTMLElement
  summary: BuyerSummary | null
  card: { host: HTMLElement; root: Root } | null
}

const live = new Set<LiveChip>()
const queue: {
  anchor: PlasmoCSUIAnchor
  createRootContainer: (a?: PlasmoCSUIAnchor) => Promise<Element> | Element
}[] = []
let scheduled = false

function fill(entry: LiveChip, summary: BuyerSummary | null) {
  entry.summary = summary
  renderChip(entry.chip, entry.nick, summary)
}

function closeCard(entry: LiveChip) {
  if (!entry.card) return
  entry.card.root.unmount()
  entry.card.host.remove()
  entry.card = null
}

function openCard(entry: LiveChip) {
  const key = entry.summary?.customerKey
  if (entry.card || !key) return
  const host = document.createElement("span")
  entry.wrapper.append(host)
  const root = createRoot(host)
  entry.card = { host, root }
  root.render(<HoverCard customerKey={key} onClose={() => closeCard(entry)} />)
}

function wire(entry: LiveChip) {
  let timer: ReturnType<typeof setTimeout> | undefined
  entry.wrapper.addEventListener("mouseenter", () => {
    clearTimeout(timer)
    timer = setTimeout(() => openCard(entry), 250)
  })
  entry.wrapper.addEventListener("mouseleave", () => {
    clearTimeout(timer)
    timer = setTimeout(() => closeCard(entry), 300)
  })
  entry.chip.addEventListener("click", () => {
    if (entry.card) closeCard(entry)
    else openCard(entry)
  })
  entry.chip.addEventListener("keydown", (e) => {
    if (e.key !== "Enter") return
    if (entry.card) closeCard(entry)
    else openCard(entry)
  })
}

async function drain() {
  scheduled = false
  const start = performance.now()
  while (queue.length > 0 && performance.now() - start < FRAME_BUDGET_MS) {
    const { anchor, createRootContainer } = queue.shift()!
    queued.delete(anchor.element)
    const nick = match?.adapter.buyerOfMention(anchor.element)?.buyerNick
    if (!nick || !lookup || !document.contains(anchor.element)) continue
    mounted.add(anchor.element)
    const container = await createRootContainer(anchor)
    const wrapper = document.createElement("span")
    wrapper.className = "huike-wrap"
    const chip = document.createElement("span")
    wrapper.append(chip)
    container.append(wrapper)
    const entry: LiveChip = { nick, chip, wrapper, summary: null, card: null }
    live.add(entry)
    wire(entry)
    void lookup.get(nick).then((summary) => fill(entry, summary))
  }
  if (queue.length > 0) schedule()
}

function schedule() {
  if (scheduled) return
  scheduled = true
  requestAnimationFrame(() => void drain())
}

export const render: PlasmoRender<unknown> = async ({ anchor, createRootContainer }) => {
  if (!anchor || !createRootContainer || anchor.type !== "inline") return
  if (queued.has(anchor.element)) return
  queued.add(anchor.element)
  queue.push({ anchor, createRootContainer })
  schedule()
}

// New data (a capture, a note, a reminder): every chip on the page re-reads its buyer, in one batch.
document.addEventListener(CAPTURED_EVENT, () => {
  if (!lookup) return
  lookup.invalidate()
  for (const entry of live) {
    if (!entry.chip.isConnected) {
      closeCard(entry)
      live.delete(entry)
      continue
    }
    void lookup.get(entry.nick).then((summary) => fill(entry, summary))
  }
})

export default function Overlay() {
  return null
}
