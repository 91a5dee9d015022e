// The buyer-card window: a small window the copied-text lookup opens (background/copied-lookup.ts) for reps
// who chat in the 千牛 desktop client. It shows the buyer the copied nick or order number names — the hover
// card's content, member rights, notes and reminders (src/ui/HoverCard) — or the buyers a shared name
// names, or that no buyer was found; its search box (shared with the side panel) takes a pasted text too.
// Before the clipboard may be read it says how to allow that, and asks Chrome on the rep's click.
import { useEffect, useState } from "react"
import browser from "webextension-polyfill"
import { HuikeDB } from "~src/db/store"
import { BuyerSearch, type AskedSearch } from "~src/ui/BuyerSearch"
import { cardStyle } from "~src/ui/chip-style"
import {
  CLIPBOARD_PERMISSION,
  COPIED_LOOKUP_KEY,
  LOOKUP_COMMAND,
  type CopiedLookup
} from "~src/ui/copied-lookup"
import { HoverCard } from "~src/ui/HoverCard"
import { loadLanguage, onLanguageChange, t, uiLang } from "~src/ui/i18n"

const db = new HuikeDB()
const languageReady = loadLanguage().catch(() => undefined)

const page: React.CSSProperties = {
  padding: 12,
  font: '13px/1.5 -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif',
  color: "#262626"
}
// The hover card's own rules, outside a shadow root here: the card fills the window's width.
const windowCardStyle = `${cardStyle}\n.huike-card { width: auto; box-shadow: none; margin-top: 8px; }`

/** Asks the background to read the clipboard again and look it up (the shortcut's own lookup). */
async function lookUpCopied(): Promise<void> {
  const reply = (await browser.runtime.sendMessage({ type: "lookupCopied" })) as
    { ok: true } | { ok: false; error: string } | undefined
  if (reply && !reply.ok) throw new Error(reply.error)
}

export default function BuyerCardWindow() {
  const [languageVersion, setLanguageVersion] = useState(0)
  useEffect(() => {
    void languageReady.then(() => setLanguageVersion((v) => v + 1))
    return onLanguageChange(() => setLanguageVersion((v) => v + 1))
  }, [])
  const [lookup, setLookup] = useState<CopiedLookup | null>(null)
  const [picked, setPicked] = useState<string | null>(null)
  const [shortcut, setShortcut] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  // Follow the last lookup: the shortcut pressed again reuses this window.
  useEffect(() => {
    const take = (v: CopiedLookup | undefined) => {
      if (!v) return
      setLookup(v)
      setPicked(null)
      setError(null)
    }
    void browser.storage.session
      .get(COPIED_LOOKUP_KEY)
      .then((v) => take(v[COPIED_LOOKUP_KEY] as CopiedLookup | undefined))
    const onChanged = (changes: Record<string, browser.Storage.StorageChange>, area: string) => {
      if (area === "session" && changes[COPIED_LOOKUP_KEY])
        take(changes[COPIED_LOOKUP_KEY].newValue as CopiedLookup | undefined)
    }
    browser.storage.onChanged.addListener(onChanged)
    return () => browser.storage.onChanged.removeListener(onChanged)
  }, [])

  // The shortcut as Chrome has it (the rep may have changed it, or another extension taken it).
  useEffect(() => {
    void chrome.commands
      .getAll()
      .then((all) => setShortcut(all.find((c) => c.name === LOOKUP_COMMAND)?.shortcut || ""))
  }, [])

  useEffect(() => {
    document.title = t("copiedTitle")
  }, [languageVersion])

  if (languageVersion === 0) return null
  const asked: AskedSearch | null = lookup && "text" in lookup ? { query: lookup.text, at: lookup.at } : null
  const again = () => void lookUpCopied().catch((e: unknown) => setError(String(e)))
  return (
    <main style={page} data-testid="buyer-card-window" lang={uiLang()} key={languageVersion}>
      <style>{windowCardStyle}</style>
      {lookup && "problem" in lookup && lookup.problem === "permission" && (
        <AskPermission onGranted={again} />
      )}
      {lookup && "problem" in lookup && lookup.problem === "empty" && (
        <p data-testid="copied-problem" role="status">
          {t("copiedEmpty")}
        </p>
      )}
      {lookup && "problem" in lookup && lookup.problem === "failed" && (
        <p data-testid="copied-problem" role="alert">
          {t("copiedFailed", [lookup.detail ?? ""])}
        </p>
      )}
      {error && <p role="alert">{error}</p>}
      <BuyerSearch db={db} asked={asked} onPick={setPicked} />
      {picked && <HoverCard customerKey={picked} onClose={() => window.close()} panelButton={false} />}
      <footer style={{ marginTop: 12, color: "#8c8c8c", fontSize: 12 }}>
        <button data-testid="copied-again" onClick={again}>
          {t("copiedAgain")}
        </button>{" "}
        <span data-testid="copied-shortcut">
          {shortcut ? t("copiedShortcut", [shortcut]) : shortcut === "" ? t("copiedNoShortcut") : ""}
        </span>{" "}
        <a
          href="#"
          onClick={(e) => {
            e.preventDefault()
            void chrome.tabs.create({ url: "chrome://extensions/shortcuts" })
          }}>
          {t("copiedChangeShortcut")}
        </a>
      </footer>
    </main>
  )
}

/** Before the first lookup: why Huike asks to read the clipboard, and the button that asks Chrome. */
function AskPermission({ onGranted }: { onGranted: () => void }) {
  const [refused, setRefused] = useState(false)
  return (
    <section data-testid="copied-permission" role="status">
      <p>{t("copiedPermission")}</p>
      <button
        data-testid="copied-allow"
        onClick={() =>
          // Asked on the rep's click (a user gesture in an extension page), as Chrome requires.
          void chrome.permissions
            .request({ permissions: [CLIPBOARD_PERMISSION] })
            .then((granted) => (granted ? onGranted() : setRefused(true)))
            .catch(() => setRefused(true))
        }>
        {t("copiedAllow")}
      </button>
      {refused && <p data-testid="copied-refused">{t("copiedRefused")}</p>}
      <p style={{ color: "#8c8c8c" }}>{t("copiedPasteInstead")}</p>
    </section>
  )
}
