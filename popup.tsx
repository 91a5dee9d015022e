// The toolbar popup: what Huike has stored, and the last capture's problems, if any.
import { useEffect, useState } from "react"
import browser from "webextension-polyfill"
import type { ErrorReply, StatsReply } from "~src/messages"
import { t } from "~src/ui/i18n"

const box: React.CSSProperties = {
  width: 320,
  padding: 16,
  font: '13px/1.5 -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif'
}

export default function Popup() {
  const [stats, setStats] = useState<StatsReply | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    browser.runtime
      .sendMessage({ type: "stats" })
      .then((reply) => {
        const r = reply as StatsReply | ErrorReply
        if (r.ok) setStats(r)
        else setError(r.error)
      })
      .catch((e: unknown) => setError(String(e)))
  }, [])
  return (
    <main style={box}>
      <h1 style={{ fontSize: 16, margin: "0 0 12px", color: "#d63031" }}>{t("extShortName")}</h1>
      {error && <p role="alert">{error}</p>}
      {stats && (
        <dl style={{ display: "grid", gridTemplateColumns: "1fr auto", gap: "4px 12px", margin: 0 }}>
          <dt>{t("popupCustomers")}</dt>
          <dd data-testid="customers" style={{ margin: 0, fontWeight: 600 }}>
            {stats.customers.toLocaleString()}
          </dd>
          <dt>{t("popupOrders")}</dt>
          <dd data-testid="orders" style={{ margin: 0, fontWeight: 600 }}>
            {stats.orders.toLocaleString()}
          </dd>
          <dt>{t("popupShops")}</dt>
          <dd data-testid="shops" style={{ margin: 0, fontWeight: 600 }}>
            {stats.shops.toLocaleString()}
          </dd>
        </dl>
      )}
      {stats?.lastCapture && stats.lastCapture.problems.length > 0 && (
        <p
          role="alert"
          data-testid="capture-warning"
          style={{ color: "#ad4e00", background: "#fff7e6", padding: 8 }}>
          {stats.lastCapture.problems[0]}
        </p>
      )}
      {stats && stats.orders === 0 && <p style={{ color: "#8c8c8c" }}>{t("popupEmpty")}</p>}
    </main>
  )
}
