// Tagging by known names, the page side: finds elements whose whole text is an identifying text the
// known-names filter holds (src/core/known-names.ts: the rule, the filter), in slices of at most `budgetMs`
// of main-thread time each, every slice a task of its own (nextSlice), so a page of thousands of text nodes
// is never blocked for a frame and a whole scan takes about the time of its work. Only the candidates that
// pass the filter leave this file (the overlay resolves them in one message per batch).
// Never inside editable content or Huike's own UI (NOT_HERE), never on part of a longer text.
import { isIdentifyingText, normalizeName, type NameFilter } from "../core/known-names"
import { NOT_HERE } from "./answer-mentions"

/** One element whose whole text may name a buyer. */
export interface NameCandidate {
  element: Element
  /** The normalized text (what the background resolves). */
  text: string
}

/** Longest raw text node looked at (identifying texts are at most 100 characters once normalized). */
const MAX_RAW = 300
/** How often (in text nodes) the slice checks the clock. */
const CLOCK_EVERY = 16
/** Elements whose text is never a page's visible text. */
const SKIPPED_PARENTS = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "TEXTAREA", "TITLE"])

/**
 * The element a text node makes a candidate, or null: its parent, when the parent's whole text is this
 * text's, it passes the rule and the filter, and it is not editable or Huike's. Nothing here reads style
 * or layout (no isContentEditable, no getComputedStyle): a scan never forces the page to recalculate.
 */
export function candidateOf(node: Text, filter: NameFilter): NameCandidate | null {
  const raw = node.data
  if (raw.length < 2 || raw.length > MAX_RAW) return null
  const element = node.parentElement
  if (!element || SKIPPED_PARENTS.has(element.nodeName)) return null
  const text = normalizeName(raw)
  if (!isIdentifyingText(text) || !filter.has(text)) return null
  // Editable areas are found by their attribute (inherited editability included, closest() looks up).
  if (element.closest(NOT_HERE) !== null || element.ownerDocument.designMode === "on") return null
  // The whole text of the element, never a part of a longer one ("Hi 小明" does not name 小明).
  if (element.childNodes.length > 1 && normalizeName(element.textContent ?? "") !== text) return null
  return { element, text }
}

export interface NameScanner {
  /** Scans `root` (and what is below it) in the coming slices. */
  queue(root: Node): void
  /** Resolves when every queued root has been scanned (for tests and the bench). */
  idle(): Promise<void>
}

export interface ScannerOptions {
  filter(): NameFilter | null
  /** Candidates of one slice, in document order. */
  found(candidates: NameCandidate[]): void
  /** Main-thread time per slice. */
  budgetMs?: number
  /** Runs the next slice (default: nextSlice). */
  schedule?(run: () => void): void
  now?(): number
}

interface PostTaskScheduler {
  postTask(run: () => void, options?: { priority?: "user-blocking" | "user-visible" | "background" }): unknown
}

/**
 * Runs `run` in a task of its own, soon: the browser gets its turn in between (input, a frame that is
 * due, the page's own timers), but no frame is waited for, so a scan of several slices takes about the
 * time of its work. scheduler.postTask where the browser has it, else a MessageChannel message.
 */
export function nextSlice(run: () => void): void {
  const s = (globalThis as { scheduler?: Partial<PostTaskScheduler> }).scheduler
  if (typeof s?.postTask === "function") {
    void s.postTask(run, { priority: "user-visible" })
    return
  }
  const channel = new MessageChannel()
  channel.port1.onmessage = () => {
    channel.port1.close()
    run()
  }
  channel.port2.postMessage(null)
}

/** A scanner working through queued subtrees a budgeted slice at a time. */
export function createNameScanner(opts: ScannerOptions): NameScanner {
  const budget = opts.budgetMs ?? 8
  const schedule = opts.schedule ?? nextSlice
  const now = opts.now ?? (() => performance.now())
  const roots: Node[] = []
  let walker: TreeWalker | null = null
  let scheduled = false
  let waiters: (() => void)[] = []

  function slice(): void {
    scheduled = false
    const filter = opts.filter()
    const until = now() + budget
    const found: NameCandidate[] = []
    let n = 0
    while (filter) {
      if (!walker) {
        const root = roots.shift()
        if (!root) break
        if (!root.isConnected) continue
        if (root.nodeType === Node.TEXT_NODE) {
          const c = candidateOf(root as Text, filter)
          if (c) found.push(c)
          continue
        }
        // No JavaScript filter: candidateOf skips scripts and styles (a callback per node costs more).
        walker = (root.ownerDocument ?? (root as Document)).createTreeWalker(root, NodeFilter.SHOW_TEXT)
      }
      const next = walker.nextNode() as Text | null
      if (!next) {
        walker = null
        continue
      }
      // Most text nodes are too short (whitespace between elements) or too long: rejected here at once.
      const length = next.length
      if (length >= 2 && length <= MAX_RAW) {
        const c = candidateOf(next, filter)
        if (c) found.push(c)
      }
      if (++n % CLOCK_EVERY === 0 && now() >= until) break
    }
    if (found.length > 0) opts.found(found)
    if (filter && (walker || roots.length > 0)) return plan()
    if (!filter) roots.length = 0
    const done = waiters
    waiters = []
    for (const w of done) w()
  }

  function plan(): void {
    if (scheduled) return
    scheduled = true
    schedule(slice)
  }

  return {
    queue(root) {
      // A root inside one already queued is covered by it; roots inside this one are dropped (unless
      // the walker is already in them).
      if (roots.some((r) => r === root || r.contains(root))) return
      for (let i = roots.length - 1; i >= 0; i--) if (root.contains(roots[i])) roots.splice(i, 1)
      roots.push(root)
      plan()
    },
    idle() {
      if (!scheduled && !walker && roots.length === 0) return Promise.resolve()
      return new Promise((resolve) => waiters.push(resolve))
    }
  }
}
