// The toolbar popup: the owner's morning check. Today's figures for the selected shop (its own time zone)
// against the 7 days before, 30 days of daily repurchase rate, reminders due today, the last capture's
// problems, what is stored, and the way to the dashboard. Figures come from the store's precomputed daily
// figures (one indexed read); nothing here scans orders.
import { lazy, Suspense, useEffect, useMemo, useState } from "react"
import browser from "webextension-polyfill"
import { HuikeDB, type ReminderRecord, type ShopRecord } from "~src/db/store"
import type { ErrorReply, StatsReply } from "~src/messages"
import {
  DAY_MS,
  listShops,
  remindersDueToday,
  todayFigures,
  type DayFigures,
  type TodayFigures
} from "~src/ui/dashboard/today"
import { loadLanguage, ownerLang, ownerLocale, pct, tr } from "~src/ui/dashboard/lang"
import { refusalReasonsText } from "~src/ui/refusal-text"
import { SyncStatusLine } from "~src/ui/sync/SyncStatusLine"
import { EmptyWelcome, KnownRangeLine } from "~src/ui/KnownRange"
import { useStoreVersion } from "~src/ui/live-store"
import { HistoryPanel } from "~src/ui/HistoryPanel"

const db = new HuikeDB()
const SHOP_KEY = "huike.popupShop"

const box: React.CSSProperties = {
  width: 360,
  padding: "12px 16px",
  font: '13px/1.5 -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif',
  color: "#262626"
}
const h2: React.CSSProperties = { fontSize: 13, margin: "14px 0 6px", color: "#595959" }
const button: React.CSSProperties = { fontSize: 12, padding: "1px 6px", marginLeft: 4 }

// Started before React renders: the language, the shops and the selected shop's figures load at once.
const languageReady = loadLanguage().catch(() => undefined)
const shopsReady = listShops(db).then((list) => {
  performance.mark("huike:shops-read")
  return list
})
// chart.js is a large part of the code: it loads after the figures are on screen (chartOn below).
const LineChart = lazy(() => import("~src/ui/charts/LineChart").then((m) => ({ default: m.LineChart })))

export default function Popup() {
  const [ready, setReady] = useState(false)
  const [stats, setStats] = useState<StatsReply | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [shops, setShops] = useState<ShopRecord[] | null>(null)
  const [shopKey, setShopKey] = useState<string | null>(null)
  const [figures, setFigures] = useState<{ shopKey: string; data: TodayFigures } | null>(null)
  const [due, setDue] = useState<ReminderRecord[]>([])
  const [now] = useState(() => Date.now())

  useEffect(() => {
    performance.mark("huike:first-effect")
    void languageReady.then(() => {
      performance.mark("huike:language-ready")
      setReady(true)
    })
    void shopsReady
      .then(async (list) => {
        const saved = localStorage.getItem(SHOP_KEY)
        const first = list.find((s) => s.key === saved) ?? list[0]
        // Today's figures in the same turn as the shop list: one render shows both.
        const f = first ? await todayFigures(db, first, now) : null
        performance.mark("huike:figures-read")
        setShops(list)
        setShopKey(first?.key ?? null)
        if (first && f) setFigures({ shopKey: first.key, data: f })
      })
      .catch((e: unknown) => setError(String(e)))
      // The store's counts scan whole tables, and IndexedDB serves one origin's requests in turn: asked
      // for at once, they hold up today's figures (2 s with a million orders). They come after.
      .finally(() =>
        browser.runtime
          .sendMessage({ type: "stats" })
          .then((reply) => {
            const r = reply as StatsReply | ErrorReply
            if (r.ok) setStats(r)
            else setError(r.error)
          })
          .catch((e: unknown) => setError(String(e)))
      )
  }, [now])

  // chart.js (220 kB) is fetched and compiled only once the figures are painted: loaded with them, its
  // compilation held their first paint back by up to ~120 ms on a cold start.
  const [chartOn, setChartOn] = useState(false)
  useEffect(() => {
    // The moment the owner sees today's figures: the benchmark reads it.
    if (figures && ready && !document.body.dataset.figuresMs) {
      document.body.dataset.figuresMs = String(Math.round(performance.now()))
      requestAnimationFrame(() => setTimeout(() => setChartOn(true), 0))
    }
  }, [figures, ready])

  const shop = shops?.find((s) => s.key === shopKey) ?? null
  const refreshDue = () => {
    if (shop) void remindersDueToday(db, shop, now).then(setDue)
  }
  useEffect(() => {
    if (!shop) return
    // The first shop's figures came with the shop list; another shop's are read when it is chosen.
    if (figures?.shopKey !== shop.key) {
      void todayFigures(db, shop, now)
        .then((data) => setFigures({ shopKey: shop.key, data }))
        .catch((e: unknown) => setError(String(e)))
    }
    refreshDue()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shop, now])

  // Orders and figures that arrive from the shop's other browsers while the popup is open.
  const stored = useStoreVersion(db.name, ["orders", "customers", "dailyFigures", "reminders"])
  useEffect(() => {
    if (stored === 0 || !shop) return
    void todayFigures(db, shop, now)
      .then((data) => setFigures({ shopKey: shop.key, data }))
      .catch((e: unknown) => setError(String(e)))
    refreshDue()
    void browser.runtime.sendMessage({ type: "stats" }).then((reply) => {
      const r = reply as StatsReply | ErrorReply
      if (r.ok) setStats(r)
    })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stored])

  if (!ready) return <main style={box} />
  return (
    <main style={box} lang={ownerLocale()}>
      <header style={{ display: "flex", alignItems: "center", gap: 8 }}>
        <h1 style={{ fontSize: 16, margin: 0, color: "#d63031", flex: 1 }}>{tr("extShortName")}</h1>
        {shops && shops.length > 1 && (
          <select
            data-testid="shop-select"
            aria-label={tr("ownerShop")}
            value={shopKey ?? ""}
            onChange={(e) => {
              localStorage.setItem(SHOP_KEY, e.target.value)
              setShopKey(e.target.value)
            }}>
            {shops.map((s) => (
              <option key={s.key} value={s.key}>
                {s.name}
              </option>
            ))}
          </select>
        )}
      </header>
      {shop && shops?.length === 1 && <div style={{ color: "#8c8c8c" }}>{shop.name}</div>}
      {error && <p role="alert">{error}</p>}
      {stats?.lastCapture && stats.lastCapture.problems.length > 0 && (
        <CaptureWarning capture={stats.lastCapture} />
      )}
      {stats?.lastCapture?.maskedBuyers ? (
        <p data-testid="masked-buyers" style={{ color: "#595959", background: "#f5f5f5", padding: 8 }}>
          {tr("ownerMaskedBuyers", [stats.lastCapture.maskedBuyers, stats.lastCapture.buyers ?? "?"])}
        </p>
      ) : null}
      {shop && figures?.shopKey === shop.key && <Today figures={figures.data} timeZone={shop.timeZone} />}
      <HistoryPanel />
      {figures && (
        <>
          <h2 style={h2}>{tr("ownerRate30")}</h2>
          <RateChart days={figures.data.last30} chart={chartOn} />
        </>
      )}
      {shop && (
        <section data-testid="due-reminders">
          <h2 style={h2}>
            {tr("ownerDueToday")} ({due.length})
          </h2>
          {due.length === 0 ? (
            <div style={{ color: "#8c8c8c" }}>{tr("ownerNoneDue")}</div>
          ) : (
            <ul style={{ margin: 0, paddingLeft: 16, maxHeight: 160, overflow: "auto" }}>
              {due.map((r) => (
                <li key={r.id} data-testid="due-reminder">
                  <span data-testid="due-reminder-text">{r.text}</span>
                  <button
                    style={button}
                    data-testid="reminder-done"
                    onClick={() => void db.reminders.update(r.id!, { status: "done" }).then(refreshDue)}>
                    {tr("panelDone")}
                  </button>
                  <button
                    style={button}
                    data-testid="reminder-snooze"
                    onClick={() =>
                      void db.reminders
                        .update(r.id!, { dueAt: Math.max(r.dueAt, now) + DAY_MS })
                        .then(refreshDue)
                    }>
                    {tr("panelSnooze")}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {stats && (
        <dl
          style={{
            display: "grid",
            gridTemplateColumns: "1fr auto",
            gap: "0 12px",
            margin: "14px 0 0",
            color: "#595959"
          }}>
          <dt>{tr("popupCustomers")}</dt>
          <dd data-testid="customers" style={{ margin: 0, fontWeight: 600 }}>
            {stats.customers.toLocaleString()}
          </dd>
          <dt>{tr("popupOrders")}</dt>
          <dd data-testid="orders" style={{ margin: 0, fontWeight: 600 }}>
            {stats.orders.toLocaleString()}
          </dd>
          <dt>{tr("popupShops")}</dt>
          <dd data-testid="shops" style={{ margin: 0, fontWeight: 600 }}>
            {stats.shops.toLocaleString()}
          </dd>
        </dl>
      )}
      {stats && stats.orders === 0 && <p style={{ color: "#8c8c8c" }}>{tr("popupEmpty")}</p>}
      {stats && stats.orders === 0 ? <EmptyWelcome /> : shop && <KnownRangeLine db={db} shop={shop} />}
      <SyncStatusLine />
      <nav style={{ marginTop: 12, display: "flex", gap: 12 }}>
        <a
          href="#"
          data-testid="open-dashboard"
          onClick={(e) => {
            e.preventDefault()
            void browser.tabs.create({ url: browser.runtime.getURL("tabs/dashboard.html") })
          }}>
          {tr("ownerOpenDashboard")}
        </a>
        <a
          href="#"
          onClick={(e) => {
            e.preventDefault()
            void browser.runtime.openOptionsPage()
          }}>
          {tr("ownerOpenOptions")}
        </a>
      </nav>
    </main>
  )
}

function Today({ figures, timeZone }: { figures: TodayFigures; timeZone: string }) {
  const { today, average7 } = figures
  const rows: { id: string; label: string; value: string; avg: string; up: boolean | null }[] = [
    metric("orders", tr("ownerOrders"), today.orders, average7.orders),
    metric("buyers", tr("ownerBuyers"), today.buyers, average7.buyers),
    metric("new", tr("ownerNewBuyers"), today.newBuyers, average7.newBuyers),
    metric("returning", tr("ownerReturningBuyers"), today.returningBuyers, average7.returningBuyers),
    {
      id: "rate",
      label: tr("ownerRepurchaseRate"),
      value: pct(today.repurchaseRate),
      avg: pct(average7.repurchaseRate),
      up:
        today.repurchaseRate === average7.repurchaseRate
          ? null
          : today.repurchaseRate > average7.repurchaseRate
    }
  ]
  return (
    <section data-testid="today" data-day={today.day}>
      <h2 style={h2}>
        {tr("ownerToday", [today.day])} <span style={{ fontWeight: 400 }}>· {timeZone}</span>
      </h2>
      <table style={{ width: "100%", borderCollapse: "collapse" }}>
        <thead>
          <tr style={{ color: "#8c8c8c", fontSize: 11 }}>
            <th />
            <th style={{ textAlign: "right", fontWeight: 400 }}>{tr("ownerTodayCol")}</th>
            <th style={{ textAlign: "right", fontWeight: 400 }}>{tr("ownerAvg7")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <th style={{ textAlign: "left", fontWeight: 400 }}>{r.label}</th>
              <td
                data-testid={`today-${r.id}`}
                style={{
                  textAlign: "right",
                  fontWeight: 600,
                  fontSize: 15,
                  color: r.up === null ? undefined : r.up ? "#389e0d" : "#cf1322"
                }}>
                {r.value}
                {r.up !== null && <span aria-hidden>{r.up ? " ▲" : " ▼"}</span>}
              </td>
              <td data-testid={`avg7-${r.id}`} style={{ textAlign: "right", color: "#8c8c8c" }}>
                {r.avg}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

function metric(id: string, label: string, value: number, avg: number) {
  return {
    id,
    label,
    value: value.toLocaleString(ownerLocale()),
    avg: avg.toLocaleString(ownerLocale(), { maximumFractionDigits: 1 }),
    up: value === avg ? null : value > avg
  }
}

function RateChart({ days, chart }: { days: DayFigures[]; chart: boolean }) {
  const labels = useMemo(() => days.map((d) => d.day.slice(5)), [days])
  const series = useMemo(
    () => [{ label: tr("ownerRepurchaseRate"), values: days.map((d) => d.repurchaseRate), color: "#d63031" }],
    [days]
  )
  return (
    <>
      {chart ? (
        <Suspense fallback={<div style={{ height: 140 }} />}>
          <LineChart labels={labels} series={series} percent title={tr("ownerRate30")} testId="rate-chart" />
        </Suspense>
      ) : (
        <div style={{ height: 140 }} />
      )}
      <details>
        <summary style={{ cursor: "pointer", color: "#8c8c8c", fontSize: 12 }}>{tr("ownerAsTable")}</summary>
        <table data-testid="rate-table" style={{ width: "100%", fontSize: 12 }}>
          <thead>
            <tr>
              <th style={{ textAlign: "left" }}>{tr("ownerDay")}</th>
              <th style={{ textAlign: "right" }}>{tr("ownerBuyers")}</th>
              <th style={{ textAlign: "right" }}>{tr("ownerReturningBuyers")}</th>
              <th style={{ textAlign: "right" }}>{tr("ownerRepurchaseRate")}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <td>{d.day}</td>
                <td style={{ textAlign: "right" }}>{d.buyers}</td>
                <td style={{ textAlign: "right" }}>{d.returningBuyers}</td>
                <td style={{ textAlign: "right" }}>{pct(d.repurchaseRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  )
}

/**
 * The last page's capture, when something on it was not stored: how many of its rows were refused, by
 * reason ("3 of 15 orders refused: amount not readable (2), buyer name too long (1). 12 stored."), and
 * its first problem line (a page not recognised says so there).
 */
function CaptureWarning({ capture }: { capture: NonNullable<StatsReply["lastCapture"]> }) {
  const refused = capture.refused.reduce((sum, g) => sum + g.rows, 0)
  return (
    <div
      role="alert"
      data-testid="capture-warning"
      style={{ color: "#ad4e00", background: "#fff7e6", padding: 8, margin: "8px 0" }}>
      {refused > 0 && (
        <div data-testid="capture-refused">
          {tr("refusedOrders", [
            refused,
            capture.rowsSeen,
            refusalReasonsText(capture.refused, (key) => tr(key), ownerLang() === "zh")
          ])}{" "}
          {tr("refusedStored", [capture.rowsStored])}
        </div>
      )}
      <div style={{ fontSize: 12 }}>
        {capture.notice === "throttled" ? tr("noticeThrottled") : capture.problems[0]}
      </div>
    </div>
  )
}
