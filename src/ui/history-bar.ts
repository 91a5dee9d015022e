// The history reading's small bar on the sold-orders page: one line of text, the buttons that fit the
// reading's state, a "slower" choice and an optional "back to" date. Shadow DOM, text only (no page string
// reaches an HTML parser).

export interface HistoryBarState {
  text: string
  /** "offer" | a ReadingStatus | "elsewhere" (another tab reads this shop). */
  state: string
  buttons: ("start" | "pause" | "resume" | "cancel")[]
  /** Show the options (slower, back to a date) beside the start button. */
  options: boolean
}

export interface HistoryBarLabels {
  start: string
  pause: string
  resume: string
  cancel: string
  slower: string
  until: string
  close: string
}

export interface HistoryBar {
  show(state: HistoryBarState): void
  /** The options chosen in the bar ("until": the "back to" day, YYYY-MM-DD). */
  options(): { slower: boolean; until?: string }
}

const STYLE = `
:host { all: initial; }
.bar { position: fixed; right: 16px; bottom: 16px; z-index: 2147483646; max-width: 520px; padding: 10px 12px;
  background: #fff; color: #262626; border: 1px solid #ffd591; border-left: 4px solid #d63031; border-radius: 6px;
  box-shadow: 0 2px 10px #0002; font: 13px/1.5 -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif; }
.text { margin: 0 0 6px; }
.row { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
button { font: inherit; font-size: 12px; padding: 2px 10px; border: 1px solid #d9d9d9; border-radius: 4px;
  background: #fff; cursor: pointer; }
button.primary { background: #d63031; border-color: #d63031; color: #fff; }
label { font-size: 12px; color: #595959; display: inline-flex; gap: 4px; align-items: center; }
.close { margin-left: auto; border: none; color: #8c8c8c; }
`

export function mountHistoryBar(
  labels: HistoryBarLabels,
  onAction: (action: "start" | "pause" | "resume" | "cancel") => void
): HistoryBar {
  const host = document.createElement("huike-history-bar")
  const root = host.attachShadow({ mode: "open" })
  const style = document.createElement("style")
  style.textContent = STYLE
  const bar = document.createElement("div")
  bar.className = "bar"
  bar.setAttribute("role", "status")
  bar.setAttribute("data-huike-history-bar", "")
  const text = document.createElement("p")
  text.className = "text"
  text.setAttribute("data-huike-history-text", "")
  const row = document.createElement("div")
  row.className = "row"
  const buttons = new Map<string, HTMLButtonElement>()
  for (const action of ["start", "pause", "resume", "cancel"] as const) {
    const b = document.createElement("button")
    b.textContent = labels[action]
    b.setAttribute(`data-huike-history-${action}`, "")
    if (action === "start" || action === "resume") b.className = "primary"
    b.addEventListener("click", () => onAction(action))
    buttons.set(action, b)
    row.appendChild(b)
  }
  const slowerLabel = document.createElement("label")
  const slower = document.createElement("input")
  slower.type = "checkbox"
  slower.setAttribute("data-huike-history-slower", "")
  slowerLabel.append(slower, document.createTextNode(labels.slower))
  const untilLabel = document.createElement("label")
  const until = document.createElement("input")
  until.type = "date"
  until.setAttribute("data-huike-history-until", "")
  untilLabel.append(document.createTextNode(labels.until), until)
  row.append(slowerLabel, untilLabel)
  const close = document.createElement("button")
  close.className = "close"
  close.textContent = "×"
  close.title = labels.close
  close.setAttribute("aria-label", labels.close)
  close.addEventListener("click", () => (host.style.display = "none"))
  row.appendChild(close)
  bar.append(text, row)
  root.append(style, bar)
  let attached = false
  return {
    show(state) {
      if (!attached) {
        document.documentElement.appendChild(host)
        attached = true
      }
      text.textContent = state.text
      bar.dataset.state = state.state
      for (const [action, b] of buttons)
        b.style.display = state.buttons.includes(action as HistoryBarState["buttons"][number]) ? "" : "none"
      slowerLabel.style.display = state.options ? "" : "none"
      untilLabel.style.display = state.options ? "" : "none"
    },
    options() {
      return {
        slower: slower.checked,
        ...(/^\d{4}-\d{2}-\d{2}$/.test(until.value) ? { until: until.value } : {})
      }
    }
  }
}
