// The popup's "Order history" block: each shop's history reading (progress, pause, resume, cancel) and the
// offer of an open sold-orders page to read it. Reads and watches chrome.storage.local (src/history/messages);
// its buttons write the shop's control key, which the sold-orders page's reader follows.
import { useEffect, useState } from "react"
import browser from "webextension-polyfill"
import { adapters } from "~src/adapters/registry"
import {
  checkpointKey,
  controlKey,
  HISTORY_PREFIX,
  offerKey,
  PAUSE_OVERRIDE_KEY,
  type HistoryControl,
  type HistoryOffer
} from "~src/history/messages"
import { PACES, type ReadingCheckpoint } from "~src/history/reader"
import { offerText, progressText } from "~src/history/text"
import { ownerLang, tr } from "~src/ui/dashboard/lang"

/** An offer older than this is from a page closed long ago: not shown. */
const OFFER_FRESH_MS = 30 * 60_000

interface ShopReading {
  shopKey: string
  checkpoint?: ReadingCheckpoint
  offer?: HistoryOffer
}

async function readAll(): Promise<{ shops: ShopReading[]; pauseOverride?: number }> {
  const all = await browser.storage.local.get(null)
  const shops = new Map<string, ShopReading>()
  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith(HISTORY_PREFIX)) continue
    const reading = key.startsWith(checkpointKey(""))
    const offer = key.startsWith(offerKey(""))
    if (!reading && !offer) continue
    const shopKey = key.slice((reading ? checkpointKey("") : offerKey("")).length)
    const entry = shops.get(shopKey) ?? { shopKey }
    if (reading) entry.checkpoint = value as ReadingCheckpoint
    else if (Date.now() - (value as HistoryOffer).at < OFFER_FRESH_MS) entry.offer = value as HistoryOffer
    shops.set(shopKey, entry)
  }
  const pauseOverride = all[PAUSE_OVERRIDE_KEY]
  return {
    shops: [...shops.values()].filter((s) => s.checkpoint || s.offer),
    ...(typeof pauseOverride === "number" ? { pauseOverride } : {})
  }
}

const control = (shopKey: string, action: HistoryControl["action"]) =>
  browser.storage.local.set({ [controlKey(shopKey)]: { action, at: Date.now() } satisfies HistoryControl })

export function HistoryPanel() {
  const [state, setState] = useState<{ shops: ShopReading[]; pauseOverride?: number } | null>(null)
  useEffect(() => {
    const load = () => void readAll().then(setState)
    load()
    const listener = (changes: Record<string, unknown>, area: string) => {
      if (area === "local" && Object.keys(changes).some((k) => k.startsWith(HISTORY_PREFIX))) load()
    }
    browser.storage.onChanged.addListener(listener)
    return () => browser.storage.onChanged.removeListener(listener)
  }, [])
  if (!state || state.shops.length === 0) return null
  const zh = ownerLang() === "zh"
  const t = (key: string, subs?: string[]) => tr(key, subs)
  return (
    <section data-testid="history-reading">
      <h2 style={{ fontSize: 13, margin: "14px 0 6px", color: "#595959" }}>{tr("historyPopupTitle")}</h2>
      {state.shops.map(({ shopKey, checkpoint: cp, offer }) => {
        const adapter = adapters.find((a) => a.platform === (cp?.platform ?? offer?.platform))
        const history = adapter?.history
        if (!history) return null
        const label = (id: string) => {
          const v = history.views.find((x) => x.id === id)
          return v ? (zh ? v.label.zh : v.label.en) : id
        }
        const live = cp && (cp.status === "running" || cp.status === "paused" || cp.status === "stopped")
        const pace =
          state.pauseOverride !== undefined ? { pauseMs: state.pauseOverride, jitterMs: 0 } : PACES.normal
        return (
          <div
            key={shopKey}
            data-shop={shopKey}
            data-state={cp?.status ?? "offer"}
            style={{ marginBottom: 6 }}>
            <div style={{ color: "#8c8c8c" }}>{shopKey.slice(shopKey.indexOf(":") + 1)}</div>
            <p data-testid="history-text" style={{ margin: "2px 0" }}>
              {cp && (live || cp.status === "done" || !offer)
                ? progressText(t, zh, cp, history.timeZone, label)
                : offer
                  ? offerText(t, zh, offer, pace)
                  : null}
            </p>
            {cp?.status === "running" && (
              <>
                <button onClick={() => void control(shopKey, "pause")}>{tr("historyPause")}</button>{" "}
                <button onClick={() => void control(shopKey, "cancel")}>{tr("historyCancel")}</button>
              </>
            )}
            {(cp?.status === "paused" || cp?.status === "stopped") && (
              <>
                <button onClick={() => void control(shopKey, "resume")}>{tr("historyResume")}</button>{" "}
                <button onClick={() => void control(shopKey, "cancel")}>{tr("historyCancel")}</button>
              </>
            )}
            {offer && (!cp || cp.status === "cancelled") && (
              <button data-testid="history-start" onClick={() => void control(shopKey, "start")}>
                {tr("historyStart")}
              </button>
            )}
          </div>
        )
      })}
    </section>
  )
}
