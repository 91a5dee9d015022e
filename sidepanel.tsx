// Chrome's side panel: the current customer's profile follows the page (the buyer whose chip the rep
// last opened), with their member rights and the chat sentence, the order timeline, notes (add, edit,
// delete), shop tags, reminders (add, done, snooze) and a search over customers by order number, buyer id,
// nick or e-mail, typed or pasted (src/ui/BuyerSearch, shared with the buyer-card window).
// An extension page: it reads and writes the extension's own database directly.
import { useCallback, useEffect, useState } from "react"
import browser from "webextension-polyfill"
import {
  FOCUS_KEY,
  SEARCH_KEY,
  type CustomerProfile,
  type ErrorReply,
  type ProfileReply
} from "~src/messages"
import { HuikeDB } from "~src/db/store"
import { maskBuyerId } from "~src/core/privacy"
import { TAG_COLORS } from "~src/db/writes/attachments"
import { BuyerSearch, type AskedSearch } from "~src/ui/BuyerSearch"
import { SEGMENT_COLORS } from "~src/ui/chip-style"
import { MemberRights } from "~src/ui/MemberRights"
import { useSyncLive } from "~src/ui/sync/SyncStatusLine"
import { formatMoney, loadLanguage, onLanguageChange, t, uiLang } from "~src/ui/i18n"

const db = new HuikeDB()
const DAY_MS = 86_400_000

const page: React.CSSProperties = {
  padding: 12,
  font: '13px/1.5 -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif',
  color: "#262626"
}
const section: React.CSSProperties = { borderTop: "1px solid #f0f0f0", paddingTop: 8, marginTop: 8 }
const when = (ms: number) => new Date(ms).toLocaleString(uiLang())

async function loadProfile(customerKey: string): Promise<CustomerProfile | null> {
  const r = (await browser.runtime.sendMessage({ type: "profile", customerKey })) as ProfileReply | ErrorReply
  if (!r.ok) throw new Error(r.error)
  return r.profile
}

// The language chosen in the options page, read before the first render.
const languageReady = loadLanguage().catch(() => undefined)

export default function SidePanel() {
  useSyncLive()
  const [languageVersion, setLanguageVersion] = useState(0)
  useEffect(() => {
    void languageReady.then(() => setLanguageVersion((v) => v + 1))
    return onLanguageChange(() => setLanguageVersion((v) => v + 1))
  }, [])
  const [customerKey, setCustomerKey] = useState<string | null>(null)
  const [profile, setProfile] = useState<CustomerProfile | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [version, setVersion] = useState(0)
  const refresh = useCallback(() => setVersion((v) => v + 1), [])

  // Follow the focused customer.
  useEffect(() => {
    void browser.storage.session.get(FOCUS_KEY).then((v) => {
      const focus = v[FOCUS_KEY] as { customerKey?: string } | undefined
      if (focus?.customerKey) setCustomerKey(focus.customerKey)
    })
    const onChanged = (changes: Record<string, browser.Storage.StorageChange>, area: string) => {
      const focus = changes[FOCUS_KEY]?.newValue as { customerKey?: string } | undefined
      if (area === "session" && focus?.customerKey) setCustomerKey(focus.customerKey)
    }
    browser.storage.onChanged.addListener(onChanged)
    return () => browser.storage.onChanged.removeListener(onChanged)
  }, [])

  useEffect(() => {
    if (!customerKey) return
    let live = true
    loadProfile(customerKey)
      .then((p) => live && (setProfile(p), setError(null)))
      .catch((e: unknown) => live && setError(String(e)))
    return () => {
      live = false
    }
  }, [customerKey, version])

  if (languageVersion === 0) return null
  return (
    <main style={page} data-testid="sidepanel" lang={uiLang()} key={languageVersion}>
      <Search onPick={setCustomerKey} />
      {error && <p role="alert">{error}</p>}
      {!profile && !error && <p style={{ color: "#8c8c8c" }}>{t("panelEmpty")}</p>}
      {profile && <Profile profile={profile} onChange={refresh} />}
    </main>
  )
}

/** The search box, and the searches a page asks for (a chip for a name several buyers share). */
function Search({ onPick }: { onPick: (key: string) => void }) {
  const [asked, setAsked] = useState<AskedSearch | null>(null)
  useEffect(() => {
    const take = (v: { query?: string; at?: number } | undefined) => {
      if (v?.query) setAsked({ query: v.query, at: v.at ?? Date.now() })
    }
    void browser.storage.session.get(SEARCH_KEY).then((v) => take(v[SEARCH_KEY] as { query?: string }))
    const onChanged = (changes: Record<string, browser.Storage.StorageChange>, area: string) => {
      if (area === "session" && changes[SEARCH_KEY]) take(changes[SEARCH_KEY].newValue as { query?: string })
    }
    browser.storage.onChanged.addListener(onChanged)
    return () => browser.storage.onChanged.removeListener(onChanged)
  }, [])
  return <BuyerSearch db={db} asked={asked} onPick={onPick} />
}

function Profile({ profile: p, onChange }: { profile: CustomerProfile; onChange: () => void }) {
  const zh = uiLang().startsWith("zh")
  const [note, setNote] = useState("")
  const [editing, setEditing] = useState<{ id: number; text: string } | null>(null)
  const [due, setDue] = useState("")
  const [dueText, setDueText] = useState("")
  const [tagName, setTagName] = useState("")
  const [shopTags, setShopTags] = useState<{ id: number; name: string; color: string }[]>([])
  const shopKey = `${p.platform}:${p.shopId}`

  useEffect(() => {
    void db.tags
      .where("shopKey")
      .equals(shopKey)
      .toArray()
      .then((tags) =>
        setShopTags(
          tags.flatMap((x) => (x.id === undefined ? [] : [{ id: x.id, name: x.name, color: x.color }]))
        )
      )
  }, [shopKey, p])

  const now = Date.now()
  async function addNote() {
    await db.notes.add({
      customerKey: p.customerKey,
      text: note.trim(),
      createdAt: Date.now(),
      updatedAt: Date.now()
    })
    setNote("")
    onChange()
  }
  async function saveNote() {
    if (!editing) return
    await db.notes.update(editing.id, { text: editing.text.trim(), updatedAt: Date.now() })
    setEditing(null)
    onChange()
  }
  async function addReminder() {
    await db.reminders.add({
      customerKey: p.customerKey,
      shopKey,
      dueAt: new Date(`${due}T09:00:00`).getTime(),
      text: dueText.trim(),
      status: "open",
      createdAt: Date.now()
    })
    setDue("")
    setDueText("")
    onChange()
  }
  async function toggleTag(id: number) {
    const c = await db.customers.get(p.customerKey)
    if (!c) return
    const tagIds = c.tagIds.includes(id) ? c.tagIds.filter((x) => x !== id) : [...c.tagIds, id]
    await db.customers.update(p.customerKey, { tagIds })
    onChange()
  }
  async function createTag() {
    const id = (await db.tags.add({
      shopKey,
      name: tagName.trim(),
      color: TAG_COLORS[shopTags.length % TAG_COLORS.length]
    })) as number
    setTagName("")
    await toggleTag(id)
  }

  return (
    <article data-testid="panel-profile" data-customer={p.customerKey}>
      <h2 style={{ fontSize: 16, margin: "8px 0 2px" }} data-testid="panel-name">
        {p.buyerNick ?? maskBuyerId(p.buyerId)}
      </h2>
      {p.segment && (
        <div>
          <strong style={{ color: SEGMENT_COLORS[p.segment] }}>
            {t(`seg_${p.segment.replace(/-/g, "_")}`)}
          </strong>
          {p.segmentWhy && <div style={{ color: "#595959" }}>{zh ? p.segmentWhy.zh : p.segmentWhy.en}</div>}
        </div>
      )}
      <p data-testid="panel-figures">
        {t("panelFigures", [
          String(p.orders),
          formatMoney(p.totalSpent, p.currency),
          formatMoney(p.averageOrderValue, p.currency),
          p.daysSinceLastOrder === null ? "—" : String(p.daysSinceLastOrder)
        ])}
        {p.memberLevel && ` · ${t(`level_${p.memberLevel}`)}`}
      </p>
      {p.memberRights && (
        <section style={section} data-testid="panel-rights">
          <MemberRights profile={p} rights={p.memberRights} />
        </section>
      )}

      <section style={section}>
        <h3 style={{ fontSize: 13, margin: 0 }}>{t("panelTags")}</h3>
        {shopTags.map((tag) => {
          const on = p.tags.some((x) => x.id === tag.id)
          return (
            <button
              key={tag.id}
              data-testid="panel-tag"
              aria-pressed={on}
              onClick={() => void toggleTag(tag.id)}
              style={{
                margin: 2,
                border: `1px solid ${tag.color}`,
                background: on ? tag.color : "#fff",
                color: on ? "#fff" : tag.color
              }}>
              {tag.name}
            </button>
          )
        })}
        <div>
          <input
            data-testid="panel-tag-name"
            value={tagName}
            placeholder={t("panelNewTag")}
            onChange={(e) => setTagName(e.target.value)}
          />
          <button disabled={!tagName.trim()} onClick={() => void createTag()}>
            +
          </button>
        </div>
      </section>

      <section style={section}>
        <h3 style={{ fontSize: 13, margin: 0 }}>{t("panelNotes")}</h3>
        <ul data-testid="panel-notes" style={{ paddingLeft: 16 }}>
          {p.notes.map((n) =>
            editing?.id === n.id ? (
              <li key={n.id}>
                <textarea
                  value={editing.text}
                  onChange={(e) => setEditing({ id: n.id, text: e.target.value })}
                />
                <button disabled={!editing.text.trim()} onClick={() => void saveNote()}>
                  {t("panelSave")}
                </button>
              </li>
            ) : (
              <li key={n.id}>
                <span data-testid="panel-note-text">{n.text}</span>{" "}
                <small style={{ color: "#8c8c8c" }}>{when(n.updatedAt)}</small>{" "}
                <button onClick={() => setEditing({ id: n.id, text: n.text })}>{t("panelEdit")}</button>
                <button
                  onClick={() => {
                    if (confirm(t("panelDeleteNoteConfirm"))) void db.notes.delete(n.id).then(onChange)
                  }}>
                  {t("panelDelete")}
                </button>
              </li>
            )
          )}
        </ul>
        <textarea
          data-testid="panel-note-input"
          rows={2}
          style={{ width: "100%", boxSizing: "border-box" }}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <button data-testid="panel-add-note" disabled={!note.trim()} onClick={() => void addNote()}>
          {t("cardAddNote")}
        </button>
      </section>

      <section style={section}>
        <h3 style={{ fontSize: 13, margin: 0 }}>{t("panelReminders")}</h3>
        <ul data-testid="panel-reminders" style={{ paddingLeft: 16 }}>
          {p.reminders.map((r) => (
            <li
              key={r.id}
              style={{ color: r.status === "done" ? "#8c8c8c" : r.dueAt <= now ? "#cf1322" : undefined }}>
              {when(r.dueAt)} · <span data-testid="panel-reminder-text">{r.text}</span>
              {r.status === "open" && (
                <>
                  {" "}
                  <button onClick={() => void db.reminders.update(r.id, { status: "done" }).then(onChange)}>
                    {t("panelDone")}
                  </button>
                  <button
                    onClick={() =>
                      void db.reminders
                        .update(r.id, { dueAt: Math.max(r.dueAt, now) + DAY_MS })
                        .then(onChange)
                    }>
                    {t("panelSnooze")}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
        <input
          data-testid="panel-reminder-date"
          type="date"
          value={due}
          onChange={(e) => setDue(e.target.value)}
        />
        <input
          data-testid="panel-reminder-text-input"
          value={dueText}
          placeholder={t("cardReminderPlaceholder")}
          onChange={(e) => setDueText(e.target.value)}
        />
        <button
          data-testid="panel-add-reminder"
          disabled={!due || !dueText.trim()}
          onClick={() => void addReminder()}>
          {t("cardAddReminder")}
        </button>
      </section>

      <section style={section}>
        <h3 style={{ fontSize: 13, margin: 0 }}>{t("panelTimeline")}</h3>
        <ol data-testid="panel-timeline" style={{ paddingLeft: 16 }}>
          {p.timeline.map((o) => (
            <li key={o.orderId}>
              {when(o.createdAt)} · {o.orderId} · {o.status} · {formatMoney(o.amount, p.currency)}
              {o.refunded > 0 && ` (−${formatMoney(o.refunded, p.currency)})`}
            </li>
          ))}
        </ol>
      </section>
    </article>
  )
}
