// The chip as plain DOM: a page can hold hundreds of buyer names, and a React root per chip costs
// ~1 ms each on the page's main thread (measured: 100 chips blocked it for 60–127 ms). Chips are a few
// spans built here with textContent only — page strings never reach an HTML parser.
import type { BuyerSummary } from "../messages"
import { SEGMENT_COLORS } from "./chip-style"
import { formatMoney, t } from "./i18n"
import { ordersText } from "./plural-text"

function span(className: string, text: string): HTMLSpanElement {
  const s = document.createElement("span")
  if (className) s.className = className
  s.textContent = text
  return s
}

/** Fills `chip` (a span) for `nick` with `summary`; returns whether it is clickable (a known buyer). */
export function renderChip(chip: HTMLElement, nick: string, summary: BuyerSummary | null): boolean {
  chip.replaceChildren()
  chip.setAttribute("data-huike-chip", "")
  chip.setAttribute("data-nick", nick)
  if (summary === null || summary.orders === 0) {
    chip.className = "huike-chip huike-chip--unknown"
    chip.setAttribute("data-orders", "0")
    chip.removeAttribute("role")
    chip.removeAttribute("tabindex")
    chip.append(t("chipNotSeen"))
    return false
  }
  const due = summary.remindersDue ?? 0
  const firstSeen = summary.firstSeen === true
  chip.className = `huike-chip ${summary.repeatBuyer ? "huike-chip--repeat" : firstSeen ? "huike-chip--first-seen" : "huike-chip--new"}`
  chip.setAttribute("data-first-seen", String(firstSeen))
  chip.setAttribute("data-orders", String(summary.orders))
  chip.setAttribute("data-spent", String(summary.totalSpent))
  chip.setAttribute("data-segment", summary.segment ?? "")
  chip.setAttribute("data-level", summary.memberLevel ?? "")
  chip.setAttribute("data-reminders", String(due))
  chip.setAttribute("role", "button")
  chip.tabIndex = 0
  chip.title = chipTitle(summary)
  if (summary.segment) {
    const seg = span("huike-chip__seg", t(`seg_${summary.segment.replace(/-/g, "_")}_short`))
    seg.style.background = SEGMENT_COLORS[summary.segment] ?? "#8c8c8c"
    chip.append(seg)
  }
  // Level, repeat count and spend as one text node: every element in a chip costs layout, times the
  // hundred chips a page may add at once.
  const words = [
    summary.repeatBuyer
      ? firstSeen && summary.sinceMonth
        ? t("chipRepeatSince", [String(summary.orders), summary.sinceMonth])
        : t("chipRepeat", [String(summary.orders)])
      : firstSeen
        ? t("chipFirstSeen")
        : t("chipNew"),
    formatMoney(summary.totalSpent, summary.currency)
  ]
  if (summary.memberLevel && summary.memberLevel !== "member")
    words.unshift(t(`level_${summary.memberLevel}`))
  chip.append(words.join(" · "))
  if (due > 0) {
    // From its code point: the production build's minifier wrote the literal as its first UTF-16 half
    // alone ("\ud83d"), which Chrome draws as a replacement box.
    const bell = span("", String.fromCodePoint(0x1f514))
    bell.setAttribute("data-huike-bell", "")
    bell.setAttribute("aria-label", t("chipReminderDue", [String(due)]))
    chip.append(bell)
  }
  return true
}

/** Fills `chip` for a name several buyers share ("2 buyers named Jane Smith"): a click opens the search. */
export function renderSharedChip(chip: HTMLElement, name: string, buyers: number): void {
  chip.replaceChildren()
  chip.setAttribute("data-huike-chip", "")
  chip.setAttribute("data-nick", name)
  chip.setAttribute("data-shared", String(buyers))
  chip.className = "huike-chip huike-chip--shared"
  chip.setAttribute("role", "button")
  chip.tabIndex = 0
  chip.title = t("chipSharedTitle", [name])
  chip.append(t("chipSharedName", [String(buyers), name]))
}

/** The chip's tooltip: counts and spend, and for a first-seen buyer why Huike cannot say "new". */
function chipTitle(summary: BuyerSummary): string {
  const figures = t("chipTitle", [
    ordersText(summary.orders),
    formatMoney(summary.totalSpent, summary.currency)
  ])
  if (summary.firstSeen !== true) return figures
  return `${figures}. ${summary.sinceMonth ? t("chipFirstSeenWhy", [summary.sinceMonth]) : t("chipFirstSeenWhyPages")}`
}
