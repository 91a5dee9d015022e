// The hover card a chip opens: the buyer's figures, why their segment, level progress, member rights and
// the chat sentence, tags, notes, reminders, and quick actions (add a note, a tag, a reminder; open the
// side panel). React renders every page string as text, never as HTML.
import { useEffect, useState } from "react"
import browser from "webextension-polyfill"
import {
  CAPTURED_EVENT,
  type CustomerProfile,
  type DoneReply,
  type ErrorReply,
  type ProfileReply
} from "../messages"
import { maskBuyerId } from "../core/privacy"
import { SEGMENT_COLORS } from "./chip-style"
import { formatMoney, t, uiLang } from "./i18n"
import { MemberRights } from "./MemberRights"
import { PredictionRangeRow } from "./PredictionRange"
import { CoverageBuyerNote, CoverageFiguresNote } from "./CoverageNote"

const segKey = (segment: string) => `seg_${segment.replace(/-/g, "_")}`

function send<T>(message: unknown): Promise<T | ErrorReply> {
  return browser.runtime.sendMessage(message) as Promise<T | ErrorReply>
}

/** Plain words for P(alive). */
function aliveWords(p: number): string {
  if (p >= 0.8) return t("cardAliveHigh")
  if (p >= 0.5) return t("cardAliveMid")
  return t("cardAliveLow")
}

const day = (ms: number | null) => (ms ? new Date(ms).toLocaleDateString(uiLang()) : "—")

export function HoverCard({
  customerKey,
  onClose,
  panelButton = true
}: {
  customerKey: string
  onClose: () => void
  /** "Open in side panel" (not in the buyer-card window, which has no side panel of its own). */
  panelButton?: boolean
}) {
  const [profile, setProfile] = useState<CustomerProfile | null | undefined>(undefined)
  const [error, setError] = useState<string | null>(null)
  const [noteText, setNoteText] = useState("")
  const [reminderDate, setReminderDate] = useState("")
  const [reminderText, setReminderText] = useState("")
  const [tagName, setTagName] = useState("")
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
      <h3>{p.buyerNick ?? maskBuyerId(p.buyerId)}</h3>
      <CoverageBuyerNote profile={p} />
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
        <PredictionRangeRow profile={p} />
      </dl>
      <CoverageFiguresNote profile={p} />
      {p.memberRights && <MemberRights profile={p} rights={p.memberRights} />}
      {p.tags.length > 0 && (
        <div data-huike-tags="">
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
      <div className="actions">
        <input
          data-huike-tag-input=""
          style={{ flex: 1, width: "auto" }}
          maxLength={40}
          placeholder={t("cardTagPlaceholder")}
          value={tagName}
          onChange={(e) => setTagName(e.target.value)}
        />
        <button
          data-huike-add-tag=""
          disabled={!tagName.trim()}
          onClick={() =>
            void act({ type: "addTag", customerKey, name: tagName.trim() }).then(() => setTagName(""))
          }>
          {t("cardAddTag")}
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
        {panelButton && (
          <button
            data-huike-open-panel=""
            onClick={() => void send({ type: "focus", customerKey, openPanel: true })}>
            {t("cardOpenPanel")}
          </button>
        )}
        <button onClick={onClose}>{t("cardClose")}</button>
      </div>
    </div>
  )
}
