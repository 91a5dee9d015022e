// The import page: pick an order-export file, see what Huike read from it (format, encoding, orders,
// unreadable rows with their line numbers) before anything is written, then import all of it — or, when
// some rows cannot be read, only if the user accepts a partial import. Everything happens in this
// extension page: the file never leaves the machine.
import { useState } from "react"
import browser from "webextension-polyfill"
import { ImportError } from "~src/adapters/csv"
import { EncodingError } from "~src/adapters/encoding"
import { importFormats } from "~src/adapters/formats"
import { readExportFile, type ReadFileResult } from "~src/adapters/import-file"
import { maskEmail } from "~src/core/privacy"
import { HuikeDB } from "~src/db/database"
import { importOrders, type ImportWriteResult } from "~src/db/import"
import { formatMoney, t } from "~src/ui/i18n"

const PREVIEW_ROWS = 20
const page: React.CSSProperties = {
  maxWidth: 960,
  margin: "24px auto",
  padding: "0 16px",
  font: '14px/1.5 -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif',
  color: "#262626"
}
const cell: React.CSSProperties = { padding: "4px 8px", borderBottom: "1px solid #f0f0f0", textAlign: "left" }

type State =
  | { step: "pick" }
  | { step: "error"; message: string }
  | { step: "preview"; file: string; read: ReadFileResult }
  | { step: "writing"; file: string; read: ReadFileResult; done: number }
  | { step: "done"; file: string; read: ReadFileResult; written: ImportWriteResult }

export default function ImportPage() {
  const [state, setState] = useState<State>({ step: "pick" })
  const [format, setFormat] = useState("auto")
  const [shopId, setShopId] = useState("")
  const [acceptPartial, setAcceptPartial] = useState(false)

  async function onFile(file: File | undefined) {
    if (!file) return
    setAcceptPartial(false)
    try {
      const bytes = new Uint8Array(await file.arrayBuffer())
      const read = readExportFile(bytes, { format, ...(shopId.trim() ? { shopId: shopId.trim() } : {}) })
      setState({ step: "preview", file: file.name, read })
    } catch (e) {
      if (e instanceof ImportError || e instanceof EncodingError)
        setState({ step: "error", message: e.message })
      else throw e
    }
  }

  async function write() {
    if (state.step !== "preview") return
    const { file, read } = state
    setState({ step: "writing", file, read, done: 0 })
    const db = new HuikeDB()
    try {
      const written = await importOrders(db, read.orders, {
        now: Date.now(),
        onProgress: (done) => setState({ step: "writing", file, read, done })
      })
      setState({ step: "done", file, read, written })
    } catch (e) {
      setState({ step: "error", message: t("importFailed", [e instanceof Error ? e.message : String(e)]) })
    } finally {
      db.close()
    }
  }

  const read = state.step === "pick" || state.step === "error" ? null : state.read
  const blocked = !!read && read.problems.length > 0 && !acceptPartial
  return (
    <main style={page}>
      <h1 style={{ fontSize: 20 }}>{t("importTitle")}</h1>
      <p style={{ color: "#595959" }}>{t("importIntro")}</p>
      <p style={{ display: "flex", gap: 16, flexWrap: "wrap", alignItems: "center" }}>
        <label>
          {t("importFormat")}{" "}
          <select data-testid="import-format" value={format} onChange={(e) => setFormat(e.target.value)}>
            <option value="auto">{t("importFormatAuto")}</option>
            {importFormats.map((f) => (
              <option key={f.id} value={f.id}>
                {browser.i18n.getUILanguage().startsWith("zh") ? f.name.zh : f.name.en}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("importShop")}{" "}
          <input data-testid="import-shop" value={shopId} onChange={(e) => setShopId(e.target.value)} />
        </label>
        <input
          data-testid="import-file"
          type="file"
          accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
      </p>

      {state.step === "error" && (
        <p
          role="alert"
          data-testid="import-error"
          style={{ color: "#cf1322", background: "#fff1f0", padding: 8 }}>
          {state.message}
        </p>
      )}

      {read && (
        <section data-testid="import-preview">
          <p data-testid="import-summary">
            {t("importSummary", [
              state.step === "pick" || state.step === "error" ? "" : state.file,
              read.format.id,
              read.encoding,
              String(read.orders.length),
              String(read.rows),
              read.timeZone
            ])}
          </p>
          {read.notes.map((n) => (
            <p key={n} style={{ color: "#595959" }}>
              ℹ {n}
            </p>
          ))}
          {read.problems.length > 0 && (
            <div role="alert" data-testid="import-problems" style={{ background: "#fff7e6", padding: 8 }}>
              <strong>{t("importProblems", [String(read.problems.length), String(read.rows)])}</strong>
              <ul>
                {read.problems.slice(0, 50).map((p) => (
                  <li key={p.line + p.message}>{t("importProblemLine", [String(p.line), p.message])}</li>
                ))}
              </ul>
              <label>
                <input
                  data-testid="import-accept-partial"
                  type="checkbox"
                  checked={acceptPartial}
                  onChange={(e) => setAcceptPartial(e.target.checked)}
                />{" "}
                {t("importAcceptPartial", [String(read.orders.length)])}
              </label>
            </div>
          )}
          <table style={{ borderCollapse: "collapse", width: "100%", margin: "12px 0" }}>
            <thead>
              <tr>
                {[
                  "importColOrder",
                  "importColBuyer",
                  "importColDate",
                  "importColStatus",
                  "importColAmount"
                ].map((k) => (
                  <th key={k} style={cell}>
                    {t(k)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {read.orders.slice(0, PREVIEW_ROWS).map((o) => (
                <tr key={o.orderId}>
                  <td style={cell}>{o.orderId}</td>
                  <td style={cell}>
                    {o.buyerNick ?? (o.buyerId.includes("@") ? maskEmail(o.buyerId) : o.buyerId)}
                  </td>
                  <td style={cell}>
                    {new Date(o.createdAt).toLocaleString(undefined, { timeZone: read.timeZone })}
                  </td>
                  <td style={cell}>{o.status}</td>
                  <td style={cell}>{formatMoney(o.amount, o.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {read.orders.length > PREVIEW_ROWS && (
            <p style={{ color: "#8c8c8c" }}>{t("importMore", [String(read.orders.length - PREVIEW_ROWS)])}</p>
          )}
          {state.step === "preview" && (
            <button
              data-testid="import-write"
              disabled={blocked || read.orders.length === 0}
              onClick={() => void write()}>
              {t("importWrite", [String(read.orders.length)])}
            </button>
          )}
          {state.step === "writing" && (
            <progress data-testid="import-progress" max={read.orders.length} value={state.done} />
          )}
          {state.step === "done" && (
            <p data-testid="import-done" style={{ color: "#389e0d" }}>
              {t("importDone", [String(state.written.inserted), String(state.written.updated)])}
            </p>
          )}
        </section>
      )}
    </main>
  )
}
