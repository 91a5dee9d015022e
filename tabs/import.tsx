// The import page: pick an order-export file, see what Huike read from it (format, encoding, orders,
// unreadable rows with their line numbers) before anything is written, then import all of it — or, when
// some rows cannot be read, only if the user accepts a partial import. The file is read in this extension
// page and never leaves the machine; its orders go to the background as a checkpointed import job
// (src/db/import.ts): chunks of 5,000 with a progress bar, and an import interrupted anywhere (page closed,
// worker stopped, disk full) resumes where it stopped when the same file is chosen again.
import { useState } from "react"
import browser from "webextension-polyfill"
import { ImportError } from "~src/adapters/csv"
import { EncodingError } from "~src/adapters/encoding"
import { importFormats } from "~src/adapters/formats"
import { readExportFile, type ReadFileResult } from "~src/adapters/import-file"
import { maskEmail } from "~src/core/privacy"
import { fileUnder, shopChoice, type ShopRef } from "~src/core/shop-choice"
import { HuikeDB } from "~src/db/store"
import type { ErrorReply, ImportJobReply } from "~src/messages"
import { formatMoney, t } from "~src/ui/i18n"

type ImportJob = NonNullable<ImportJobReply["job"]>
const CHUNK = 5_000

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
  | { step: "preview"; file: string; read: ReadFileResult; digest: string }
  | { step: "writing"; file: string; read: ReadFileResult; done: number; resumedAt: number | null }
  | { step: "scoring"; file: string; read: ReadFileResult; resumedAt: number | null }
  | { step: "done"; file: string; read: ReadFileResult; job: ImportJob }

async function send(message: unknown): Promise<ImportJob | null> {
  const reply = (await browser.runtime.sendMessage(message)) as ImportJobReply | ErrorReply | undefined
  if (!reply) throw new Error("no answer from Huike's background")
  if (!reply.ok) throw new Error(reply.error)
  return reply.job
}

/** The file and how it was read: the same file read the same way resumes the same job. */
async function digestOf(bytes: Uint8Array, format: string, shopId: string): Promise<string> {
  const options = new TextEncoder().encode(`\u0000${format}\u0000${shopId}`)
  const all = new Uint8Array(bytes.length + options.length)
  all.set(bytes)
  all.set(options, bytes.length)
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", all))
  return Array.from(hash.slice(0, 16), (b) => b.toString(16).padStart(2, "0")).join("")
}

/** The job this file's last import used, kept in the page's origin (every extension page shares it). */
const jobKey = (digest: string) => `huike-import-job-${digest}`

/** The profile's shops, read when a file is picked (no connection is kept open: see HuikeDB's onStale). */
async function profileShopsNow(): Promise<ShopRef[]> {
  const db = new HuikeDB(undefined, { onStale: () => undefined })
  try {
    return (await db.shops.toArray()).map(({ platform, shopId }) => ({ platform, shopId }))
  } catch {
    return []
  } finally {
    db.close()
  }
}

export default function ImportPage() {
  const [state, setState] = useState<State>({ step: "pick" })
  const [format, setFormat] = useState("auto")
  const [shopId, setShopId] = useState("")
  const [acceptPartial, setAcceptPartial] = useState(false)
  // The shops this profile holds, for filing a file whose shop name differs from the pages' (see shop-choice).
  const [profileShops, setProfileShops] = useState<ShopRef[]>([])
  const [target, setTarget] = useState<string | null>(null)

  async function onFile(file: File | undefined) {
    if (!file) return
    setAcceptPartial(false)
    setTarget(null)
    setProfileShops(await profileShopsNow())
    try {
      const bytes = new Uint8Array(await file.arrayBuffer())
      const read = readExportFile(bytes, { format, ...(shopId.trim() ? { shopId: shopId.trim() } : {}) })
      setState({
        step: "preview",
        file: file.name,
        read,
        digest: await digestOf(bytes, format, shopId.trim())
      })
    } catch (e) {
      if (e instanceof ImportError || e instanceof EncodingError)
        setState({ step: "error", message: e.message })
      else throw e
    }
  }

  const read = state.step === "pick" || state.step === "error" ? null : state.read
  // Asked only when the shop was not typed: a typed shop is the user's choice already.
  const choice = read && !shopId.trim() ? shopChoice(read.orders, profileShops) : null
  const chosen = choice
    ? (choice.known.find((s) => s.shopId === target) ?? (target === null ? choice.suggested : choice.file))
    : null

  async function write() {
    if (state.step !== "preview") return
    const { file, read } = state
    const orders = chosen ? fileUnder(read.orders, chosen) : read.orders
    const digest = chosen ? `${state.digest}-${chosen.shopId}` : state.digest
    const total = orders.length
    // The same file again: resume its unfinished job; a finished one is imported again as a new job (which
    // adds nothing new: orders are keyed by platform, shop and order id).
    let jobId = localStorage.getItem(jobKey(digest))
    let job = jobId ? await send({ type: "importStatus", jobId }).catch(() => null) : null
    if (!jobId || !job || job.status === "done" || job.total !== total) {
      jobId = `${digest}-${Date.now()}`
      job = null
      localStorage.setItem(jobKey(digest), jobId)
    }
    const resumedAt = job && job.done > 0 ? job.done : null
    let done = job?.status === "writing" ? job.done : job ? total : 0
    try {
      for (; done < total;) {
        setState({ step: "writing", file, read, done, resumedAt })
        const chunk = orders.slice(done, done + CHUNK)
        job = await send({ type: "importChunk", jobId, source: file, total, offset: done, orders: chunk })
        done = job?.done ?? done + chunk.length
      }
      setState({ step: "scoring", file, read, resumedAt })
      job = await send({ type: "importFinish", jobId })
      if (!job) throw new Error(`import ${jobId} is unknown to the background`)
      setState({ step: "done", file, read, job })
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e)
      setState({ step: "error", message: t("importStopped", [String(done), String(total), why]) })
    }
  }

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
          {choice && chosen && (
            <p data-testid="import-shop-choice" style={{ background: "#e6f4ff", padding: 8 }}>
              {t("importShopChoice", [choice.file.shopId])}{" "}
              <select
                data-testid="import-shop-target"
                disabled={state.step !== "preview"}
                value={chosen === choice.file ? "" : chosen.shopId}
                onChange={(e) => setTarget(e.target.value === "" ? "\u0000file" : e.target.value)}>
                {choice.known.map((s) => (
                  <option key={s.shopId} value={s.shopId}>
                    {t("importShopKnown", [s.shopId])}
                  </option>
                ))}
                <option value="">{t("importShopNew", [choice.file.shopId])}</option>
              </select>
            </p>
          )}
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
          {(state.step === "writing" || state.step === "scoring" || state.step === "done") && (
            <Progress
              total={read.orders.length}
              done={state.step === "writing" ? state.done : read.orders.length}
              scoring={state.step === "scoring"}
              resumedAt={state.step === "done" ? null : state.resumedAt}
            />
          )}
          {state.step === "done" && (
            <p data-testid="import-done" style={{ color: "#389e0d" }}>
              {t("importDone", [String(state.job.inserted), String(state.job.updated)])}
            </p>
          )}
        </section>
      )}
    </main>
  )
}

function Progress(props: { total: number; done: number; scoring: boolean; resumedAt: number | null }) {
  const percent = props.total === 0 ? 100 : Math.floor((props.done / props.total) * 100)
  return (
    <div data-testid="import-progress-box" style={{ margin: "8px 0" }}>
      {props.resumedAt !== null && (
        <p data-testid="import-resumed">
          {t("importResuming", [String(props.resumedAt), String(props.total)])}
        </p>
      )}
      <progress
        data-testid="import-progress"
        data-percent={percent}
        max={props.total}
        value={props.done}
        style={{ width: "100%", height: 16 }}
      />
      <p data-testid="import-progress-text" role="status" style={{ color: "#595959", margin: "4px 0" }}>
        {props.scoring
          ? t("importScoring", [String(props.total)])
          : t("importProgress", [String(props.done), String(props.total), String(percent)])}
      </p>
    </div>
  )
}
