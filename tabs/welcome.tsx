// The first-run page, opened when the extension is installed (and from the popup while nothing is stored):
// the three ways a shop's history gets into Huike — read it from the back office, import the order export,
// or join the shop's shared customer book — and why a buyer reads "first seen" until one of them is done.
import { useEffect, useState } from "react"
import browser from "webextension-polyfill"
import { ORDER_LIST_PAGES } from "~src/adapters/order-list-pages"
import { loadLanguage, ownerLocale, tr } from "~src/ui/dashboard/lang"

const page: React.CSSProperties = {
  maxWidth: 760,
  margin: "32px auto",
  padding: "0 20px",
  font: '14px/1.6 -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif',
  color: "#262626"
}
const card: React.CSSProperties = {
  border: "1px solid #f0f0f0",
  borderRadius: 8,
  padding: "12px 16px",
  margin: "16px 0"
}
const h2: React.CSSProperties = { fontSize: 16, margin: "0 0 6px" }

const MARKETPLACE_NAMES: Record<string, string> = {
  taobao: "淘宝 / 天猫 (千牛)",
  shopify: "Shopify admin",
  amazon: "Amazon Seller Central"
}

const EXPORT_HELP = [
  "welcomeImportTaobao",
  "welcomeImportShopify",
  "welcomeImportAmazon",
  "welcomeImportEtsy",
  "welcomeImportEbay",
  "welcomeImportOther"
] as const

export default function Welcome() {
  const [ready, setReady] = useState(false)
  useEffect(() => {
    void loadLanguage()
      .catch(() => undefined)
      .then(() => {
        document.title = tr("welcomeTitle")
        setReady(true)
      })
  }, [])
  if (!ready) return <main style={page} />
  return (
    <main style={page} lang={ownerLocale()} data-testid="welcome">
      <h1 style={{ fontSize: 22, color: "#d63031" }}>{tr("welcomeTitle")}</h1>
      <p>{tr("welcomeIntro")}</p>

      <section style={card} data-testid="welcome-read">
        <h2 style={h2}>{tr("welcomeReadTitle")}</h2>
        <p>{tr("welcomeReadBody")}</p>
        <ul>
          {Object.entries(ORDER_LIST_PAGES).map(([platform, url]) => (
            <li key={platform}>
              <a href={url} target="_blank" rel="noreferrer" data-testid={`welcome-open-${platform}`}>
                {tr("welcomeReadOpen")} — {MARKETPLACE_NAMES[platform] ?? platform}
              </a>
            </li>
          ))}
        </ul>
      </section>

      <section style={card} data-testid="welcome-import">
        <h2 style={h2}>{tr("welcomeImportTitle")}</h2>
        <p>{tr("welcomeImportBody")}</p>
        <ul>
          {EXPORT_HELP.map((key) => (
            <li key={key}>{tr(key)}</li>
          ))}
        </ul>
        <button
          data-testid="welcome-open-import"
          onClick={() => void browser.tabs.create({ url: browser.runtime.getURL("tabs/import.html") })}>
          {tr("welcomeImportOpen")}
        </button>
      </section>

      <section style={card} data-testid="welcome-join">
        <h2 style={h2}>{tr("welcomeJoinTitle")}</h2>
        <p>{tr("welcomeJoinBody")}</p>
        <button data-testid="welcome-open-options" onClick={() => void browser.runtime.openOptionsPage()}>
          {tr("welcomeJoinOpen")}
        </button>
      </section>

      <p style={{ color: "#595959" }}>{tr("welcomeRule")}</p>
    </main>
  )
}
