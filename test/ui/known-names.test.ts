// The page side of tagging by known names: which elements are candidates (whole text only, never in what a
// rep types or in Huike's UI), and the scanner's budgeted slices.
// @vitest-environment happy-dom
import { describe, expect, it } from "vitest"
import { NameFilter } from "../../src/core/known-names"
import { candidateOf, createNameScanner, type NameCandidate } from "../../src/ui/known-names"

const known = ["小明同学", "Jane Smith", "3001234567890003", "jane@example.com", "客服"]
function filterOf(texts: readonly string[]): NameFilter {
  const f = NameFilter.create(100)
  for (const t of texts) f.add(t)
  return f
}

/** Test markup (ours, not a page's) parsed into the document. */
function page(html: string): HTMLElement {
  const parsed = new DOMParser().parseFromString(html, "text/html")
  document.body.replaceChildren(...parsed.body.childNodes)
  return document.body
}

function candidates(root: Node, filter = filterOf(known)): string[] {
  const out: string[] = []
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const c = candidateOf(n as Text, filter)
    if (c) out.push(`${c.element.tagName.toLowerCase()}:${c.text}`)
  }
  return out
}

describe("candidateOf", () => {
  it("takes elements whose whole text is a known name, nick, e-mail or order number", () => {
    page(`<div class="x7f"><span class="a1"> 小明同学 </span><b>Jane  Smith</b>
      <i>3001234567890003</i><em>Jane@Example.com</em></div>`)
    expect(candidates(document.body)).toEqual([
      "span:小明同学",
      "b:Jane Smith",
      "i:3001234567890003",
      "em:jane@example.com"
    ])
  })

  it("never a part of a longer text, an unknown name, a stoplisted word or a too-short text", () => {
    page(`<p>你好 小明同学</p><p>小明同学<b>VIP</b></p><p>Jane Smithers</p><p>客服</p><p>小明</p>`)
    expect(candidates(document.body)).toEqual([])
  })

  it("reads no style or layout (a scan never makes the page recalculate): no isContentEditable", () => {
    page(
      `<div><span>小明同学</span><span>Jane Smith</span><div contenteditable="true"><b>小明同学</b></div></div>`
    )
    const proto = HTMLElement.prototype
    const own = Object.getOwnPropertyDescriptor(proto, "isContentEditable")
    let reads = 0
    Object.defineProperty(proto, "isContentEditable", {
      configurable: true,
      get() {
        reads++
        return false
      }
    })
    try {
      expect(candidates(document.body)).toEqual(["span:小明同学", "span:Jane Smith"])
    } finally {
      if (own) Object.defineProperty(proto, "isContentEditable", own)
      else delete (proto as { isContentEditable?: boolean }).isContentEditable
    }
    expect(reads).toBe(0)
  })

  it("never in a reply being typed, nor in Huike's own UI", () => {
    page(`<textarea>小明同学</textarea><div contenteditable="true"><p>Jane Smith</p></div>
      <div contenteditable=""><span>3001234567890003</span></div><huike-notice><span>小明同学</span></huike-notice>`)
    expect(candidates(document.body)).toEqual([])
  })
})

describe("createNameScanner", () => {
  it("scans in slices within the budget, finds every candidate once, in document order", async () => {
    const rows = Array.from({ length: 300 }, (_, i) =>
      i % 100 === 7 ? `<div><span>小明同学</span></div>` : `<div><span>message ${i}</span></div>`
    )
    page(rows.join(""))
    let clock = 0
    const slices: number[] = []
    const found: NameCandidate[] = []
    const queue: (() => void)[] = []
    const scanner = createNameScanner({
      filter: () => filterOf(known),
      found: (c) => found.push(...c),
      budgetMs: 8,
      // Each clock read here stands for 3.2 ms of work since the last: the 300 nodes take several slices.
      now: () => (clock += 3.2),
      schedule: (run) => queue.push(run)
    })
    scanner.queue(document.body)
    const idle = scanner.idle()
    while (queue.length > 0) {
      const start = clock
      queue.shift()!()
      slices.push(clock - start)
    }
    await idle
    expect(slices.length).toBeGreaterThan(2)
    // A slice ends at the first clock read past its budget.
    expect(Math.max(...slices)).toBeLessThanOrEqual(8 + 2 * 3.2 + 0.01)
    expect(found.map((c) => c.text)).toEqual(["小明同学", "小明同学", "小明同学"])
  })

  it("scans only what is queued: a new message, not the whole page again", () => {
    page(`<div id="thread"><span>小明同学</span></div>`)
    const found: string[] = []
    const queue: (() => void)[] = []
    const scanner = createNameScanner({
      filter: () => filterOf(known),
      found: (c) => found.push(...c.map((x) => x.text)),
      schedule: (run) => queue.push(run)
    })
    const msg = document.createElement("div")
    const name = document.createElement("span")
    name.textContent = "Jane Smith"
    msg.append(name)
    document.getElementById("thread")!.append(msg)
    scanner.queue(msg)
    // Queued twice, or inside one already queued: scanned once.
    scanner.queue(msg.firstChild!)
    while (queue.length > 0) queue.shift()!()
    expect(found).toEqual(["Jane Smith"])
  })

  it("by default runs each slice as a task of its own, never waiting for an animation frame", async () => {
    const rows = Array.from({ length: 200 }, (_, i) =>
      i % 50 === 3 ? `<div><span>Jane Smith</span></div>` : `<div><span>message ${i}</span></div>`
    )
    page(rows.join(""))
    const frames: FrameRequestCallback[] = []
    const realFrame = globalThis.requestAnimationFrame
    // Frames never come (a background tab): a scan waiting for them would never end.
    globalThis.requestAnimationFrame = (cb) => frames.push(cb)
    let clock = 0
    let slices = 0
    let inTask = false
    const found: string[] = []
    try {
      const scanner = createNameScanner({
        filter: () => filterOf(known),
        found: (c) => found.push(...c.map((x) => x.text)),
        budgetMs: 8,
        // Each clock read stands for 1 ms; the first read of a task starts a slice.
        now: () => {
          if (!inTask) {
            slices++
            inTask = true
            queueMicrotask(() => (inTask = false))
          }
          clock += 1
          return clock
        }
      })
      const start = clock
      scanner.queue(document.body)
      // Nothing runs in the caller's task.
      expect(clock).toBe(start)
      const done = await Promise.race([
        scanner.idle().then(() => "done"),
        new Promise((r) => setTimeout(() => r("stuck"), 2_000))
      ])
      expect(done).toBe("done")
    } finally {
      globalThis.requestAnimationFrame = realFrame
    }
    expect(frames).toHaveLength(0)
    expect(slices).toBeGreaterThan(1)
    expect(found).toEqual(["Jane Smith", "Jane Smith", "Jane Smith", "Jane Smith"])
  })

  it("without a filter (none saved yet) finds nothing and asks for nothing", () => {
    page(`<span>小明同学</span>`)
    const found: string[] = []
    const queue: (() => void)[] = []
    const scanner = createNameScanner({
      filter: () => null,
      found: (c) => found.push(...c.map((x) => x.text)),
      schedule: (run) => queue.push(run)
    })
    scanner.queue(document.body)
    while (queue.length > 0) queue.shift()!()
    expect(found).toEqual([])
  })
})
