// The owner's dashboard: whom to keep, develop or win back. It opens on the summary cached by the last
// analysis (the daily background run or the last visit), then analyses the shop's stored customers again
// with src/core and shows the live figures, the customer list and the exports.
import { useEffect, useMemo, useState } from "react"
import browser from "webextension-polyfill"
import { SEGMENT_BY_ID, SEGMENT_IDS, type SegmentId } from "~src/core/segments"
import { formatDayNumber, parseDayKey } from "~src/core"
import { DEFAULT_REMINDER_RULES, isRecallCandidate, nextOccurrence } from "~src/core/reminders"
import { HuikeDB, type ShopRecord, type TagRecord } from "~src/db/store"
import { LineChart } from "~src/ui/charts/LineChart"
import { useSyncLive } from "~src/ui/sync/SyncStatusLine"
import { customersCsv, downloadText } from "~src/ui/dashboard/csv"
import {
  levelName,
  loadLanguage,
  money,
  ownerLang,
  ownerLocale,
  pct,
  segName,
  tr
} from "~src/ui/dashboard/lang"
import { analyzeShopInWorker } from "~src/ui/dashboard/analysis-client"
import {
  cachedSummary,
  type CustomerRow,
  type OwnerSummary,
  type PageView
} from "~src/ui/dashboard/owner-data"
import { MASK_KEY } from "~src/ui/dashboard/settings"
import { displayBuyer } from "~src/core/privacy"
import { listShops } from "~src/ui/dashboard/today"

const db = new HuikeDB()
const languageReady = loadLanguage().catch(() => undefined)
/** This tab's window, known before any click (the side panel must open synchronously in one). */
let windowId: number | undefined
void chrome.windows?.getCurrent().then((w) => (windowId = w.id))

const page: React.CSSProperties = {
  maxWidth: 1180,
  margin: "0 auto",
  padding: "16px 24px 48px",
  font: '14px/1.5 -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif',
  color: "#262626"
}
const card: React.CSSProperties = {
  border: "1px solid #f0f0f0",
  borderRadius: 8,
  padding: "12px 16px",
  marginTop: 16,
  background: "#fff"
}
const cell: React.CSSProperties = { padding: "4px 8px", borderBottom: "1px solid #f0f0f0", textAlign: "left" }
const num: React.CSSProperties = { ...cell, textAlign: "right", fontVariantNumeric: "tabular-nums" }
const h2: React.CSSProperties = { fontSize: 16, margin: "0 0 8px" }
const ACTION_COLOR = { keep: "#1677ff", develop: "#389e0d", winback: "#d4380d" } as const
const LIST_LIMIT = 200

export default function Dashboard() {
  useSyncLive()
  const [ready, setReady] = useState(false)
  const [shops, setShops] = useState<ShopRecord[] | null>(null)
  const [shopKey, setShopKey] = useState<string | null>(null)
  const [summary, setSummary] = useState<OwnerSummary | null>(null)
  const [live, setLive] = useState<Pick<PageView, "analysis" | "rows"> | null>(null)
  const [loaded, setLoaded] = useState(0)
  const [tags, setTags] = useState<TagRecord[]>([])
  const [mask, setMask] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const [now] = useState(() => Date.now())

  useEffect(() => {
    void languageReady.then(() => setReady(true))
    void db.settings.get(MASK_KEY).then((r) => setMask(r?.value !== false))
    void listShops(db)
      .then((list) => {
        setShops(list)
        const wanted = new URLSearchParams(location.search).get("shop")
        setShopKey(list.find((s) => s.key === wanted)?.key ?? list[0]?.key ?? null)
      })
      .catch((e: unknown) => setError(String(e)))
  }, [])

  const shop = shops?.find((s) => s.key === shopKey) ?? null
  // Buyers on screen are de-identified like the exports, unless the owner chose full contacts.
  const shown: ShowBuyer = (b) => displayBuyer({ platform: shop?.platform ?? "", ...b }, mask)
  useEffect(() => {
    if (!shop) return
    let stop = false
    setLive(null)
    setSummary(null)
    void cachedSummary(db, shop.key).then((s) => !stop && s && setSummary((cur) => cur ?? s))
    void db.tags
      .where("shopKey")
      .equals(shop.key)
      .toArray()
      .then((t) => !stop && setTags(t))
    // The whole-shop analysis runs in a worker (seconds of work with a million orders), which also caches
    // the summary for the next visit.
    analyzeShopInWorker(db, shop.key, now, (n) => !stop && setLoaded(n))
      .then((view) => {
        if (stop) return
        setSummary(view.summary)
        setLive({ analysis: view.analysis, rows: view.rows })
      })
      .catch((e: unknown) => !stop && setError(String(e)))
    return () => {
      stop = true
    }
  }, [shop, now])

  useEffect(() => {
    // The moment the owner sees figures: the benchmark reads it.
    if (summary && !document.body.dataset.firstRenderMs)
      document.body.dataset.firstRenderMs = String(Math.round(performance.now()))
  }, [summary])
  useEffect(() => {
    if (live && !document.body.dataset.liveMs)
      document.body.dataset.liveMs = String(Math.round(performance.now()))
  }, [live])

  if (!ready) return null
  const exportRows = (name: string, rows: readonly CustomerRow[]) =>
    downloadText(
      `huike-${shop?.shopId ?? "shop"}-${name}-${summary?.asOfDay ?? ""}.csv`,
      customersCsv(rows, { mask, lang: ownerLang() })
    )

  return (
    <main style={page} lang={ownerLocale()}>
      <header style={{ display: "flex", alignItems: "baseline", gap: 16, flexWrap: "wrap" }}>
        <h1 style={{ fontSize: 22, margin: 0, color: "#d63031" }}>{tr("ownerDashboardTitle")}</h1>
        {shops && shops.length > 0 && (
          <select
            data-testid="shop-select"
            aria-label={tr("ownerShop")}
            value={shopKey ?? ""}
            onChange={(e) => setShopKey(e.target.value)}>
            {shops.map((s) => (
              <option key={s.key} value={s.key}>
                {s.name} ({s.platform})
              </option>
            ))}
          </select>
        )}
        {summary && (
          <span style={{ color: "#8c8c8c" }} data-testid="as-of">
            {tr("ownerAsOf", [summary.asOfDay, shop?.timeZone ?? ""])}
            {!live && ` · ${tr("ownerUpdating", [loaded.toLocaleString(ownerLocale())])}`}
          </span>
        )}
        <label style={{ marginLeft: "auto", fontSize: 13 }}>
          <input
            type="checkbox"
            data-testid="full-contacts"
            checked={!mask}
            onChange={(e) => setMask(!e.target.checked)}
          />{" "}
          {tr("ownerExportFull")}
        </label>
      </header>
      {error && <p role="alert">{error}</p>}
      {shops?.length === 0 && <p>{tr("popupEmpty")}</p>}
      {shop && !summary && <p>{tr("ownerComputing", [loaded.toLocaleString(ownerLocale())])}</p>}
      {summary && (
        <>
          <Headline summary={summary} />
          <Segments
            summary={summary}
            live={live !== null}
            onExport={(id) =>
              live &&
              exportRows(
                id,
                live.rows.filter((r) => r.segment === id)
              )
            }
          />
          <div style={{ display: "grid", gridTemplateColumns: "1fr 1fr", gap: 16 }}>
            <Levels summary={summary} />
            <Rolling summary={summary} analysis={live?.analysis ?? null} />
          </div>
          <Cohorts summary={summary} />
          <div style={{ display: "grid", gridTemplateColumns: "1fr 1fr", gap: 16 }}>
            <ChurnRisk
              summary={summary}
              shown={shown}
              onExport={
                live
                  ? () => {
                      const keys = new Set(live.analysis.churnRisk.map((c) => c.buyerId))
                      exportRows(
                        "churn-risk",
                        live.rows.filter((r) => keys.has(r.buyerId))
                      )
                    }
                  : null
              }
            />
            <Reactivated summary={summary} shown={shown} />
          </div>
          {live && shop && (
            <Recall
              rows={live.rows}
              shop={shop}
              today={parseDayKey(summary.asOfDay) ?? 0}
              onExport={exportRows}
            />
          )}
          {live && shop && <CustomerList shown={shown} rows={live.rows} tags={tags} onExport={exportRows} />}
        </>
      )}
    </main>
  )
}

function Headline({ summary }: { summary: OwnerSummary }) {
  const items = [
    [tr("ownerCustomers"), summary.customers.toLocaleString(ownerLocale()), "customers"],
    [tr("ownerBuyers"), summary.buyers.toLocaleString(ownerLocale()), "buyers"],
    [tr("ownerRepeatRate"), pct(summary.repeatRate), "repeat-rate"]
  ]
  return (
    <section style={{ ...card, display: "flex", gap: 40 }}>
      {items.map(([label, value, id]) => (
        <div key={id}>
          <div style={{ color: "#8c8c8c", fontSize: 12 }}>{label}</div>
          <div style={{ fontSize: 22, fontWeight: 600 }} data-testid={`headline-${id}`}>
            {value}
          </div>
        </div>
      ))}
    </section>
  )
}

function Segments(props: { summary: OwnerSummary; live: boolean; onExport: (id: SegmentId) => void }) {
  const lang = ownerLang()
  return (
    <section style={card}>
      <h2 style={h2}>{tr("ownerSegments")}</h2>
      <table data-testid="segments-table" style={{ width: "100%", borderCollapse: "collapse" }}>
        <thead>
          <tr>
            <th style={cell}>{tr("ownerSegment")}</th>
            <th style={num}>{tr("ownerCustomers")}</th>
            <th style={num}>{tr("ownerRevenueShare")}</th>
            <th style={num}>{tr("ownerAvgDaysSince")}</th>
            <th style={cell}>{tr("ownerAction")}</th>
            <th style={cell} />
          </tr>
        </thead>
        <tbody>
          {props.summary.segments.map((s) => {
            const info = SEGMENT_BY_ID[s.id]
            return (
              <tr key={s.id} data-segment={s.id}>
                <td style={cell}>{segName(s.id)}</td>
                <td style={num} data-testid="segment-count">
                  {s.customers.toLocaleString(ownerLocale())}
                </td>
                <td style={num}>
                  <Bar share={s.revenueShare} color={ACTION_COLOR[info.action]} />
                  {pct(s.revenueShare)}
                </td>
                <td style={num}>
                  {s.avgDaysSinceLastOrder === null
                    ? "—"
                    : Math.round(s.avgDaysSinceLastOrder).toLocaleString(ownerLocale())}
                </td>
                <td style={{ ...cell, color: ACTION_COLOR[info.action], fontSize: 13 }}>
                  {lang === "zh" ? info.actionZh : info.actionEn}
                </td>
                <td style={cell}>
                  <button
                    data-testid={`export-segment-${s.id}`}
                    style={{ whiteSpace: "nowrap" }}
                    disabled={!props.live || s.customers === 0}
                    onClick={() => props.onExport(s.id)}>
                    {tr("ownerExportCsv")}
                  </button>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </section>
  )
}

function Bar({ share, color }: { share: number; color: string }) {
  return (
    <span
      aria-hidden
      style={{
        display: "inline-block",
        width: 60,
        height: 8,
        marginRight: 8,
        background: "#f5f5f5",
        verticalAlign: "middle"
      }}>
      <span
        style={{ display: "block", width: `${Math.round(share * 100)}%`, height: 8, background: color }}
      />
    </span>
  )
}

function Levels({ summary }: { summary: OwnerSummary }) {
  const total = summary.levels.reduce((s, l) => s + l.customers, 0)
  return (
    <section style={card}>
      <h2 style={h2}>{tr("ownerLevels")}</h2>
      <table data-testid="levels-table" style={{ width: "100%", borderCollapse: "collapse" }}>
        <tbody>
          {summary.levels.map((l) => (
            <tr key={l.id} data-level={l.id}>
              <td style={cell}>{levelName(l.id)}</td>
              <td style={num}>{l.customers.toLocaleString(ownerLocale())}</td>
              <td style={num}>
                <Bar share={total ? l.customers / total : 0} color="#faad14" />
                {pct(total ? l.customers / total : 0)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

function Rolling({ summary, analysis }: { summary: OwnerSummary; analysis: PageView["analysis"] | null }) {
  const chart = useMemo(() => {
    if (!analysis || analysis.rolling.length === 0) return null
    const days = Math.min(180, analysis.rolling[0].series.length)
    const colors = ["#d63031", "#1677ff", "#389e0d"]
    return {
      labels: analysis.rolling[0].series.slice(-days).map((p) => p.day.slice(5)),
      series: analysis.rolling.map((r, i) => ({
        label: tr("ownerRollingN", [r.windowDays]),
        values: r.series.slice(-days).map((p) => p.rate),
        color: colors[i % colors.length]
      }))
    }
  }, [analysis])
  return (
    <section style={card}>
      <h2 style={h2}>{tr("ownerRolling")}</h2>
      <table data-testid="rolling-table" style={{ width: "100%", borderCollapse: "collapse" }}>
        <thead>
          <tr>
            <th style={cell}>{tr("ownerWindow")}</th>
            <th style={num}>{tr("ownerBuyers")}</th>
            <th style={num}>{tr("ownerRepeatBuyers")}</th>
            <th style={num}>{tr("ownerRepurchaseRate")}</th>
          </tr>
        </thead>
        <tbody>
          {summary.rolling.map((r) => (
            <tr key={r.windowDays} data-window={r.windowDays}>
              <td style={cell}>{tr("ownerRollingN", [r.windowDays])}</td>
              <td style={num}>{r.buyers.toLocaleString(ownerLocale())}</td>
              <td style={num}>{r.repeatBuyers.toLocaleString(ownerLocale())}</td>
              <td style={num} data-testid="rolling-rate">
                {pct(r.rate)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {chart && (
        <div style={{ marginTop: 8 }}>
          <LineChart
            labels={chart.labels}
            series={chart.series}
            percent
            height={160}
            title={tr("ownerRolling")}
            testId="rolling-chart"
          />
        </div>
      )}
    </section>
  )
}

function Cohorts({ summary }: { summary: OwnerSummary }) {
  const months = Math.max(0, ...summary.cohorts.map((c) => c.retention.length))
  return (
    <section style={card}>
      <h2 style={h2}>{tr("ownerCohorts")}</h2>
      <p style={{ margin: "0 0 8px", color: "#8c8c8c", fontSize: 12 }}>{tr("ownerCohortsHelp")}</p>
      <div style={{ overflowX: "auto" }}>
        <table data-testid="cohort-table" style={{ borderCollapse: "collapse", fontSize: 12 }}>
          <thead>
            <tr>
              <th style={cell}>{tr("ownerCohort")}</th>
              <th style={num}>{tr("ownerBuyers")}</th>
              {Array.from({ length: months }, (_, k) => (
                <th key={k} style={num}>
                  +{k}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {summary.cohorts.map((c) => (
              <tr key={c.cohort}>
                <td style={cell}>{c.cohort}</td>
                <td style={num}>{c.size.toLocaleString(ownerLocale())}</td>
                {Array.from({ length: months }, (_, k) => {
                  const v = c.retention[k]
                  // k = 0 is always 100%; the colour scale is for the months after.
                  const shade = v === undefined ? 0 : k === 0 ? 0.15 : Math.min(1, v * 3)
                  return (
                    <td
                      key={k}
                      style={{
                        ...num,
                        minWidth: 44,
                        background: v === undefined ? "#fafafa" : `rgba(214, 48, 49, ${shade.toFixed(2)})`,
                        color: shade > 0.55 ? "#fff" : "#262626"
                      }}>
                      {v === undefined ? "" : pct(v, 0)}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

function ChurnRisk({
  summary,
  onExport,
  shown
}: {
  summary: OwnerSummary
  onExport: (() => void) | null
  shown: ShowBuyer
}) {
  return (
    <section style={card}>
      <h2 style={h2}>
        {tr("ownerChurnRisk")}{" "}
        <button data-testid="export-churn" disabled={!onExport} onClick={() => onExport?.()}>
          {tr("ownerExportCsv")}
        </button>
      </h2>
      <p style={{ margin: "0 0 8px", color: "#8c8c8c", fontSize: 12 }}>{tr("ownerChurnHelp")}</p>
      <div style={{ maxHeight: 320, overflow: "auto" }}>
        <table data-testid="churn-table" style={{ width: "100%", borderCollapse: "collapse", fontSize: 13 }}>
          <thead>
            <tr>
              <th style={cell}>{tr("ownerCustomer")}</th>
              <th style={cell}>{tr("ownerSegment")}</th>
              <th style={num}>{tr("ownerSpent")}</th>
              <th style={num}>P(alive)</th>
              <th style={num}>{tr("ownerDaysSince")}</th>
            </tr>
          </thead>
          <tbody>
            {summary.churnRisk.slice(0, 50).map((c) => (
              <tr key={c.key}>
                <td style={cell}>
                  <CustomerLink customerKey={c.key} name={shown(c)} />
                </td>
                <td style={cell}>{segName(c.segment)}</td>
                <td style={num}>{money(c.totalSpent, summary.currency, 0)}</td>
                <td style={num}>{pct(c.pAlive, 0)}</td>
                <td style={num}>{c.daysSinceLastOrder}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {summary.churnRisk.length === 0 && <p style={{ color: "#8c8c8c" }}>{tr("ownerNone")}</p>}
      </div>
    </section>
  )
}

function Reactivated({ summary, shown }: { summary: OwnerSummary; shown: ShowBuyer }) {
  return (
    <section style={card}>
      <h2 style={h2}>{tr("ownerReactivated", [summary.reactivations.length])}</h2>
      <p style={{ margin: "0 0 8px", color: "#8c8c8c", fontSize: 12 }}>{tr("ownerReactivatedHelp")}</p>
      <div style={{ maxHeight: 320, overflow: "auto" }}>
        <table
          data-testid="reactivated-table"
          style={{ width: "100%", borderCollapse: "collapse", fontSize: 13 }}>
          <tbody>
            {summary.reactivations.slice(0, 50).map((r) => (
              <tr key={`${r.buyerId}|${r.day}`}>
                <td style={cell}>{shown(r)}</td>
                <td style={cell}>{r.day}</td>
                <td style={num}>{tr("ownerGapDays", [r.gapDays])}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {summary.reactivations.length === 0 && <p style={{ color: "#8c8c8c" }}>{tr("ownerNone")}</p>}
      </div>
    </section>
  )
}

/** Opens the customer in the side panel (the panel follows the customer focused last). */
type ShowBuyer = (buyer: { buyerNick?: string; buyerId: string }) => string

function CustomerLink({ customerKey, name }: { customerKey: string; name: string }) {
  return (
    <a
      href="#"
      data-customer={customerKey}
      onClick={(e) => {
        e.preventDefault()
        // Chrome opens the panel only from the click itself: open first (no await before), then say whom.
        if (windowId !== undefined) void chrome.sidePanel?.open({ windowId }).catch(() => undefined)
        void browser.runtime.sendMessage({ type: "focus", customerKey, openPanel: false })
      }}>
      {name}
    </a>
  )
}

function Recall(props: {
  rows: CustomerRow[]
  shop: ShopRecord
  today: number
  onExport: (name: string, rows: readonly CustomerRow[]) => void
}) {
  const [date, setDate] = useState("11-11")
  const promo = nextOccurrence(date, props.today)
  const list = useMemo(() => {
    const { pAliveBelow } = DEFAULT_REMINDER_RULES.promotion
    return props.rows
      .filter((r) => {
        const last = r.lastOrderDay === null ? null : parseDayKey(r.lastOrderDay)
        return isRecallCandidate(
          {
            key: r.key,
            shopKey: props.shop.key,
            orders: r.orders,
            purchaseDays: r.orders,
            totalSpent: r.totalSpent,
            ...(r.segment ? { segment: r.segment } : {}),
            ...(r.pAlive !== null ? { pAlive: r.pAlive } : {}),
            ...(last !== null ? { lastOrderDay: last } : {})
          },
          pAliveBelow
        )
      })
      .sort((a, b) => b.totalSpent - a.totalSpent || (a.key < b.key ? -1 : 1))
  }, [props.rows, props.shop])
  return (
    <section style={card}>
      <h2 style={h2}>{tr("ownerRecall")}</h2>
      <label>
        {tr("ownerPromotionDate")}{" "}
        <input value={date} size={10} onChange={(e) => setDate(e.target.value)} placeholder="11-11" />
      </label>{" "}
      <span data-testid="recall-count">
        {promo === null
          ? tr("ownerBadDate")
          : tr("ownerRecallCount", [formatDayNumber(promo), list.length.toLocaleString(ownerLocale())])}
      </span>{" "}
      <button
        data-testid="export-recall"
        disabled={promo === null || list.length === 0}
        onClick={() => props.onExport(`recall-${promo === null ? date : formatDayNumber(promo)}`, list)}>
        {tr("ownerExportCsv")}
      </button>
    </section>
  )
}

type SortKey = "totalSpent" | "orders" | "daysSinceLastOrder" | "pAlive" | "clv12m"

function CustomerList(props: {
  shown: ShowBuyer
  rows: CustomerRow[]
  tags: TagRecord[]
  onExport: (name: string, rows: readonly CustomerRow[]) => void
}) {
  const [segment, setSegment] = useState("")
  const [level, setLevel] = useState("")
  const [repeat, setRepeat] = useState("")
  const [minDays, setMinDays] = useState("")
  const [maxAlive, setMaxAlive] = useState("")
  const [tag, setTag] = useState("")
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: "totalSpent", desc: true })
  const levels = useMemo(() => [...new Set(props.rows.map((r) => r.memberLevel))], [props.rows])
  const filtered = useMemo(() => {
    const days = minDays === "" ? null : Number(minDays)
    const alive = maxAlive === "" ? null : Number(maxAlive) / 100
    const tagId = tag === "" ? null : Number(tag)
    const out = props.rows.filter(
      (r) =>
        (!segment || r.segment === segment) &&
        (!level || r.memberLevel === level) &&
        (!repeat || r.repeatBuyer === (repeat === "yes")) &&
        (days === null || (r.daysSinceLastOrder !== null && r.daysSinceLastOrder >= days)) &&
        (alive === null || (r.pAlive !== null && r.pAlive <= alive)) &&
        (tagId === null || r.tagIds.includes(tagId))
    )
    const { key, desc } = sort
    const v = (r: CustomerRow) => r[key] ?? (desc ? -Infinity : Infinity)
    return out.sort((a, b) => (desc ? v(b) - v(a) : v(a) - v(b)) || (a.key < b.key ? -1 : 1))
  }, [props.rows, segment, level, repeat, minDays, maxAlive, tag, sort])
  const head = (key: SortKey, label: string) => (
    <th
      style={{ ...num, cursor: "pointer" }}
      onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : true })}>
      {label}
      {sort.key === key ? (sort.desc ? " ▼" : " ▲") : ""}
    </th>
  )
  const currency = props.rows[0]?.currency ?? "CNY"
  return (
    <section style={card} data-testid="customer-list">
      <h2 style={h2}>{tr("ownerCustomerList")}</h2>
      <div style={{ display: "flex", gap: 12, flexWrap: "wrap", alignItems: "center", fontSize: 13 }}>
        <select data-testid="filter-segment" value={segment} onChange={(e) => setSegment(e.target.value)}>
          <option value="">{tr("ownerAllSegments")}</option>
          {SEGMENT_IDS.map((id) => (
            <option key={id} value={id}>
              {segName(id)}
            </option>
          ))}
        </select>
        <select data-testid="filter-level" value={level} onChange={(e) => setLevel(e.target.value)}>
          <option value="">{tr("ownerAllLevels")}</option>
          {levels.map((l) => (
            <option key={l} value={l}>
              {levelName(l)}
            </option>
          ))}
        </select>
        <select data-testid="filter-repeat" value={repeat} onChange={(e) => setRepeat(e.target.value)}>
          <option value="">{tr("ownerAnyBuyer")}</option>
          <option value="yes">{tr("ownerRepeatOnly")}</option>
          <option value="no">{tr("ownerOnceOnly")}</option>
        </select>
        <label>
          {tr("ownerMinDaysSince")}{" "}
          <input
            type="number"
            min={0}
            style={{ width: 64 }}
            value={minDays}
            onChange={(e) => setMinDays(e.target.value)}
          />
        </label>
        <label>
          {tr("ownerMaxAlive")}{" "}
          <input
            type="number"
            min={0}
            max={100}
            style={{ width: 56 }}
            value={maxAlive}
            onChange={(e) => setMaxAlive(e.target.value)}
          />
          %
        </label>
        {props.tags.length > 0 && (
          <select data-testid="filter-tag" value={tag} onChange={(e) => setTag(e.target.value)}>
            <option value="">{tr("ownerAnyTag")}</option>
            {props.tags.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        )}
        <span data-testid="list-count">
          {tr("ownerMatching", [filtered.length.toLocaleString(ownerLocale())])}
        </span>
        <button
          data-testid="export-list"
          disabled={filtered.length === 0}
          onClick={() => props.onExport("customers", filtered)}>
          {tr("ownerExportCsv")}
        </button>
      </div>
      <table style={{ width: "100%", borderCollapse: "collapse", fontSize: 13, marginTop: 8 }}>
        <thead>
          <tr>
            <th style={cell}>{tr("ownerCustomer")}</th>
            <th style={cell}>{tr("ownerSegment")}</th>
            <th style={cell}>{tr("ownerLevel")}</th>
            {head("orders", tr("ownerOrders"))}
            {head("totalSpent", tr("ownerSpent"))}
            {head("daysSinceLastOrder", tr("ownerDaysSince"))}
            {head("pAlive", "P(alive)")}
            {head("clv12m", tr("ownerClv"))}
          </tr>
        </thead>
        <tbody>
          {filtered.slice(0, LIST_LIMIT).map((r) => (
            <tr key={r.key} data-testid="customer-row">
              <td style={cell}>
                <CustomerLink customerKey={r.key} name={props.shown(r)} />
              </td>
              <td style={cell}>{r.segment ? segName(r.segment) : "—"}</td>
              <td style={cell}>{levelName(r.memberLevel)}</td>
              <td style={num}>{r.orders}</td>
              <td style={num}>{money(r.totalSpent, r.currency || currency, 0)}</td>
              <td style={num}>{r.daysSinceLastOrder ?? "—"}</td>
              <td style={num}>{r.pAlive === null ? "—" : pct(r.pAlive, 0)}</td>
              <td style={num}>{r.clv12m === null ? "—" : money(r.clv12m, r.currency || currency, 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {filtered.length > LIST_LIMIT && (
        <p style={{ color: "#8c8c8c" }}>{tr("ownerShowingFirst", [LIST_LIMIT, filtered.length])}</p>
      )}
    </section>
  )
}
