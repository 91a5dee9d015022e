// Options page: the shop's CouchDB server this browser shares its customer book with. The password is kept
// in chrome.storage.local only and sent to that server only; Chrome is asked for that one origin
// (optional host permissions, as for a self-hosted admin). "Sync now", "Test connection", pause.
import { useEffect, useState } from "react"
import browser from "webextension-polyfill"
import {
  SYNC_CONFIG_KEY,
  ServerAddressError,
  serverOriginOf,
  syncConfigSchema,
  type SyncConfig,
  type SyncStatus
} from "../../sync/config"
import { tr } from "../dashboard/lang"
import { syncStatusLine } from "./status-line"
import { SyncStatusLine } from "./SyncStatusLine"

const empty = { server: "", database: "", username: "", password: "" }
const field: React.CSSProperties = { display: "block", margin: "4px 0" }

export function SyncSettings() {
  const [form, setForm] = useState(empty)
  const [saved, setSaved] = useState<SyncConfig | null>(null)
  const [message, setMessage] = useState("")

  useEffect(() => {
    void chrome.storage.local.get(SYNC_CONFIG_KEY).then((got) => {
      const parsed = syncConfigSchema.safeParse(got[SYNC_CONFIG_KEY])
      if (!parsed.success) return
      setSaved(parsed.data)
      const { server, database, username, password } = parsed.data
      setForm({ server, database, username, password })
    })
  }, [])

  /** The form as a config, or why not. */
  const config = (): { config: SyncConfig; pattern: string } | { error: string } => {
    let pattern: string
    try {
      pattern = serverOriginOf(form.server).pattern
    } catch (e) {
      return { error: e instanceof ServerAddressError ? tr("syncBadServer", [form.server]) : String(e) }
    }
    const parsed = syncConfigSchema.safeParse({
      ...form,
      server: form.server.trim(),
      paused: saved?.paused ?? false
    })
    if (!parsed.success) return { error: tr("syncBadField", [parsed.error.issues[0]?.path.join(".") ?? "?"]) }
    return { config: parsed.data, pattern }
  }

  const save = (next: SyncConfig | null) =>
    (next
      ? chrome.storage.local.set({ [SYNC_CONFIG_KEY]: next })
      : chrome.storage.local.remove(SYNC_CONFIG_KEY)
    ).then(() => setSaved(next))

  const ask = async (msg: unknown) => (await browser.runtime.sendMessage(msg)) as SyncStatus

  const connect = () => {
    const c = config()
    if ("error" in c) return setMessage(c.error)
    // Saved first, so the background knows this origin is the sync server (no page scripts go there);
    // Chrome only asks from a click, so the request starts in this same turn.
    const saving = save(c.config)
    void chrome.permissions.request({ origins: [c.pattern] }).then(async (ok) => {
      await saving
      if (!ok) {
        await save(null)
        return setMessage(tr("syncPermissionRefused", [new URL(c.pattern.slice(0, -2)).origin]))
      }
      // "Syncs now" only once the server answered and accepted the sign-in; a refusal says so instead.
      setMessage(tr("syncSavedChecking"))
      const status = await ask({ type: "syncTest", config: c.config }).catch((e: unknown): SyncStatus => ({
        state: "error",
        pending: 0,
        detail: String(e)
      }))
      setMessage(
        status.state === "synced"
          ? tr("syncSaved")
          : tr("syncSavedRefused", [syncStatusLine(status, Date.now(), tr)])
      )
    })
  }

  const test = () => {
    const c = config()
    if ("error" in c) return setMessage(c.error)
    void chrome.permissions.request({ origins: [c.pattern] }).then(async (ok) => {
      if (!ok) return setMessage(tr("syncPermissionRefused", [c.pattern.slice(0, -2)]))
      setMessage(tr("syncTesting"))
      const status = await ask({ type: "syncTest", config: c.config })
      setMessage(status.state === "synced" ? tr("syncTestOk") : syncStatusLine(status, Date.now(), tr))
    })
  }

  const syncNow = () => {
    setMessage("")
    void ask({ type: "syncNow" })
  }

  const pause = (paused: boolean) => saved && void save({ ...saved, paused })

  const disconnect = () => {
    const pattern = saved ? serverOriginOf(saved.server).pattern : null
    void save(null).then(async () => {
      if (pattern) await chrome.permissions.remove({ origins: [pattern] }).catch(() => false)
      setForm(empty)
      setMessage(tr("syncDisconnected"))
    })
  }

  const input = (name: keyof typeof empty, type = "text", placeholder = "") => (
    <label style={field}>
      {tr(`syncField_${name}`)}{" "}
      <input
        name={`sync-${name}`}
        type={type}
        size={32}
        placeholder={placeholder}
        autoComplete={type === "password" ? "current-password" : "off"}
        value={form[name]}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
      />
    </label>
  )

  return (
    <section data-testid="sync-settings">
      <h1 style={{ fontSize: 20 }}>{tr("syncTitle")}</h1>
      <p>{tr("syncIntro")}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          connect()
        }}>
        {input("server", "url", "https://couch.example.com")}
        {input("database", "text", "myshop")}
        {input("username")}
        {input("password", "password")}
        <button type="submit">{tr("syncConnect")}</button>{" "}
        <button type="button" onClick={test}>
          {tr("syncTest")}
        </button>{" "}
        {saved && (
          <>
            <button type="button" data-testid="sync-now" onClick={syncNow}>
              {tr("syncNow")}
            </button>{" "}
            <button type="button" onClick={() => pause(!saved.paused)}>
              {saved.paused ? tr("syncResume") : tr("syncPause")}
            </button>{" "}
            <button type="button" onClick={disconnect}>
              {tr("syncDisconnect")}
            </button>
          </>
        )}
      </form>
      <p role="status" data-testid="sync-message">
        {message}
      </p>
      <SyncStatusLine showOff />
    </section>
  )
}
