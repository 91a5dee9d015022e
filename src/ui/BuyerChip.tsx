// The chip shown next to a buyer's name on the seller's page, and its hover card. Text only: page
// strings (nicks, notes) are rendered by React as text, never parsed as HTML.
import { useEffect, useRef, useState } from "react"
import browser from "webextension-polyfill"
import {
  CAPTURED_EVENT,
  type BuyerSummary,
  type CustomerProfile,
  type DoneReply,
  type ErrorReply,
  type ProfileReply
} from "../messages"
import { formatMoney, t, uiLang } from "./i18n"

/** Segment colours: important-* warm, general-* cool; win-back the palest. */
export const SEGMENT_COLORS: Record<string, string> = {
  "important-value": "#cf1322",
  "important-develop": "#d46b08",
  "important-keep": "#ad6800",
  "important-winback": "#c41d7f",
  "general-value": "#0958d9",
  "general-develop": "#08979c",
  "general-keep": "#389e0d",
  "general-winback": "#8c8c8c"
}

const segKey = (segment: string) => `seg_${segment.replace(/-/g, "_")}`

export const chipStyle = `
  :host { display: inline-block !important; vertical-align: middle; position: relative; }
  #plasmo-shadow-container, #plasmo-inline { display: inline-block !important; position: static !important; }
  .huike-chip { display: inline-flex; gap: 4px; align-items: center; margin-left: 6px; padding: 1px 6px;
    border-radius: 9px; font: 12px/16px -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif;
    white-space: nowrap; vertical-align: middle; border: 1px solid transparent; cursor: pointer; }
  .huike-chip--repeat { background: #fff1f0; color: #c41d1d; border-color: #ffccc7; }
  .huike-chip--new { background: #f0f5ff; color: #1d39c4; border-color: #adc6ff; }
  .huike-chip--unknown { background: #fafafa; color: #8c8c8c; border-color: #e8e8e8; cursor: default; }
  .huike-chip__seg { color: #fff; border-radius: 7px; padding: 0 5px; }
  .huike-chip__level { font-weight: 600; }
  .huike-chip__spent { opacity: 0.8; }
  .huike-card { position: absolute; z-index: 2147483647; top: 100%; left: 0; margin-top: 4px; width: 320px;
    background: #fff; color: #262626; border: 1px solid #d9d9d9; border-radius: 8px; padding: 10px 12px;
    box-shadow: 0 6px 16px rgba(0,0,0,.12); font: 12px/1.5 -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif;
    white-space: normal; text-align: left; }
  .huike-card h3 { font-size: 13px; margin: 0 0 4px; }
  .huike-card dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 6px 0; }
  .huike-card dt { color: #8c8c8c; }
  .huike-card dd { margin: 0; }
  .huike-card .why { color: #595959; margin: 4px 0; }
  .huike-card ul { margin: 4px 0; padding-left: 16px; }
  .huike-card textarea, .huike-card input { width: 100%; box-sizing: border-box; font: inherit; margin: 2px 0; }
  .huike-card .actions { display: flex; gap: 6px; flex-wrap: wrap; margin-top: 6px; }
  .huike-card button { font: inherit; padding: 1px 8px; }
`

function send<T>(message: unknown): Promise<T | ErrorReply> {
  return browser.runtime.sendMessage(message) as Promise<T | ErrorReply>
}

export function BuyerChip({ nick, summary }: { nick: string; summary: BuyerSummary | null | undefined }) {
  const [open, setOpen] = useState(false)
  const hoverTimer = useRef<ReturnType<typeof setTimeout>>()
  if (summary === undefined) return null
  if (summary === null || summary.orders === 0) {
    return (
      <span className="huike-chip huike-chip--unknown" data-huike-chip="" data-nick={nick} data-orders="0">
        {t("chipNotSeen")}
      </span>
    )
  }
  const repeat = summary.repeatBuyer
  const due = summary.remindersDue ?? 0
  const show = () => {
    clearTimeout(hoverTimer.current)
    hoverTimer.current = setTimeout(() => setOpen(true), 250)
  }
  const hide = () => {
    clearTimeout(hoverTimer.current)
    hoverTimer.current = setTimeout(() => setOpen(false), 300)
  }
  return (
    <span onMouseEnter={show} onMouseLeave={hide} style={{ position: "relative", display: "inline-block" }}>
      <span
        className={`huike-chip ${repeat ? "huike-chip--repeat" : "huike-chip--new"}`}
        data-huike-chip=""
        data-nick={nick}
        data-orders={summary.orders}
        data-spent={summary.totalSpent}
        data-segment={summary.segment ?? ""}
        data-level={summary.memberLevel ?? ""}
        data-reminders={due}
        role="button"
        tabIndex={0}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => e.key === "Enter" && setOpen((o) => !o)}
        title={t("chipTitle", [String(summary.orders), formatMoney(summary.totalSpent, summary.currency)])}>
        {summary.segment && (
          <span
            className="huike-chip__seg"
            style={{ background: SEGMENT_COLORS[summary.segment] ?? "#8c8c8c" }}>
            {t(`${segKey(summary.segment)}_short`)}
          </span>
        )}
        {summary.memberLevel && summary.memberLevel !== "member" && (
          <span className="huike-chip__level">{t(`level_${summary.memberLevel}`)}</span>
        )}
        <span>{repeat ? t("chipRepeat", [String(summary.orders)]) : t("chipNew")}</span>
        <span className="huike-chip__spent">{formatMoney(summary.totalSpent, summary.currency)}</span>
        {due > 0 && (
          <span aria-label={t("chipReminderDue", [String(due)])} data-huike-bell="">
            🔔
          </span>
        )}
      </span>
      {open && summary.customerKey && (
        <HoverCard customerKey={summary.customerKey} onClose={() => setOpen(false)} />
      )}
    </span>
  )
}

/** Plain words for P(alive). */
function aliveWords(p: number): string {
  if (p >= 0.8) return t("cardAliveHigh")
  if (p >= 0.5) return t("cardAliveMid")
  return t("cardAliveLow")
}

const day = (ms: number | null) => (ms ? new Date(ms).toLocaleDateString(uiLang()) : "—")

export function HoverCard({ customerKey, onClose }: { customerKey: string; onClose: () => void }) {
  const [profile, setProfile] = useState<CustomerProfile | null | undefined>(undefined)
  const [error, setError] = useState<string | null>(null)
  const [noteText, setNoteText] = useState("")
  const [reminderDate, setReminderDate] = useState("")
  const [reminderText, setReminderText] = useState("")
  const [version, setVersion] = useState(0)

  useEffect(() => {
    // The side panel, if open, follows the customer the rep is looking at.
    void send({ type: "focus", customerKey, openPanel: false }).catch(() => undefined)
  }, [customerKey])

  useEffect(() => {
    let live = true
    send<ProfileReply>({ type: "profile", customerKey })
      .then((r) => live && (r.ok ? setProfile(r.profile) : setError(r.error)))
      .catch((e: unknown) => live && setError(String(e)))
    return () => {
      live = false
    }
  }, [customerKey, version])

  async function act(message: unknown) {
    const r = await send<DoneReply>(message)
    if (!r.ok) setError(r.error)
    setVersion((v) => v + 1)
    // Chips re-read their buyers (a new reminder may ring a bell).
    document.dispatchEvent(new CustomEvent(CAPTURED_EVENT))
  }

  if (error)
    return (
      <div className="huike-card" role="alert">
        {error}
      </div>
    )
  if (profile === undefined) return <div className="huike-card">{t("cardLoading")}</div>
  if (profile === null) return null
  const p = profile
  const zh = uiLang().startsWith("zh")
  const openReminders = p.reminders.filter((r) => r.status === "open")
  return (
    <div className="huike-card" data-huike-card="" onClick={(e) => e.stopPropagation()}>
      <h3>{p.buyerNick ?? p.buyerId}</h3>
      {p.segment && (
        <div>
          <strong style={{ color: SEGMENT_COLORS[p.segment] }}>{t(segKey(p.segment))}</strong>
          {p.segmentWhy && (
            <div className="why" data-huike-why="">
              {zh ? p.segmentWhy.zh : p.segmentWhy.en}
            </div>
          )}
        </div>
      )}
      <dl>
        <dt>{t("cardOrders")}</dt>
        <dd data-field="orders">{p.orders}</dd>
        <dt>{t("cardTotal")}</dt>
        <dd data-field="totalSpent">{formatMoney(p.totalSpent, p.currency)}</dd>
        <dt>{t("cardAov")}</dt>
        <dd data-field="aov">{formatMoney(p.averageOrderValue, p.currency)}</dd>
        <dt>{t("cardFirstLast")}</dt>
        <dd>
          {day(p.firstOrderAt)} – {day(p.lastOrderAt)}
        </dd>
        <dt>{t("cardDaysSince")}</dt>
        <dd data-field="daysSince">{p.daysSinceLastOrder ?? "—"}</dd>
        <dt>{t("cardRefundRate")}</dt>
        <dd data-field="refundRate">{Math.round(p.refundRate * 100)}%</dd>
        <dt>{t("cardLevel")}</dt>
        <dd data-field="level">
          {p.memberLevel ? t(`level_${p.memberLevel}`) : "—"}
          {p.nextLevel &&
            ` · ${t("cardNextLevel", [
              t(`level_${p.nextLevel.id}`),
              formatMoney(p.nextLevel.spendNeeded, p.currency),
              String(p.nextLevel.ordersNeeded)
            ])}`}
        </dd>
        <dt>{t("cardOutlook")}</dt>
        <dd data-field="outlook">
          {p.pAlive === undefined
            ? t("cardOutlookUnknown")
            : `${aliveWords(p.pAlive)}${p.clv12m !== undefined ? ` · ${t("cardClv", [formatMoney(p.clv12m, p.currency)])}` : ""}`}
        </dd>
      </dl>
      {p.tags.length > 0 && (
        <div>
          {p.tags.map((tag) => (
            <span
              key={tag.id}
              className="huike-chip"
              style={{ background: tag.color, color: "#fff", marginLeft: 0, marginRight: 4 }}>
              {tag.name}
            </span>
          ))}
        </div>
      )}
      {p.notes.length > 0 && (
        <ul data-huike-notes="">
          {p.notes.slice(0, 3).map((n) => (
            <li key={n.id}>{n.text}</li>
          ))}
        </ul>
      )}
      {openReminders.length > 0 && (
        <ul data-huike-reminders="">
          {openReminders.map((r) => (
            <li key={r.id}>
              {day(r.dueAt)} · {r.text}
            </li>
          ))}
        </ul>
      )}
      <textarea
        data-huike-note-input=""
        rows={2}
        placeholder={t("cardNotePlaceholder")}
        value={noteText}
        onChange={(e) => setNoteText(e.target.value)}
      />
      <div className="actions">
        <button
          data-huike-add-note=""
          disabled={!noteText.trim()}
          onClick={() =>
            void act({ type: "addNote", customerKey, text: noteText.trim() }).then(() => setNoteText(""))
          }>
          {t("cardAddNote")}
        </button>
      </div>
      <input
        data-huike-reminder-date=""
        type="date"
        value={reminderDate}
        onChange={(e) => setReminderDate(e.target.value)}
      />
      <input
        data-huike-reminder-text=""
        placeholder={t("cardReminderPlaceholder")}
        value={reminderText}
        onChange={(e) => setReminderText(e.target.value)}
      />
      <div className="actions">
        <button
          data-huike-add-reminder=""
          disabled={!reminderDate || !reminderText.trim()}
          onClick={() =>
            void act({
              type: "addReminder",
              customerKey,
              // Local midnight of the chosen day, 9:00, as a UTC instant.
              dueAt: new Date(`${reminderDate}T09:00:00`).getTime(),
              text: reminderText.trim()
            }).then(() => {
              setReminderDate("")
              setReminderText("")
            })
          }>
          {t("cardAddReminder")}
        </button>
        <button
          data-huike-open-panel=""
          onClick={() => void send({ type: "focus", customerKey, openPanel: true })}>
          {t("cardOpenPanel")}
        </button>
        <button onClick={onClose}>{t("cardClose")}</button>
      </div>
    </div>
  )
}
