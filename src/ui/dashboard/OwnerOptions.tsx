// The owner's settings on the options page: language, each shop's time zone and currency, the member-level
// ladder, reminder rules, contact masking in exports, import, and backup / restore / delete-all (through
// the background's handlers).
import { useEffect, useState } from "react"
import browser from "webextension-polyfill"
import {
  DEFAULT_LADDER,
  exampleBenefits,
  MEAN_THRESHOLDS,
  minorDigits,
  validateLadder,
  validateThresholds,
  withBenefitDefaults,
  type Lang,
  type LevelBenefits,
  type MemberLadder,
  type MemberLevel,
  type SegmentThreshold,
  type SegmentThresholds
} from "../../core"
import { DEFAULT_REMINDER_RULES, type ReminderRules } from "../../core/reminders"
import { HuikeDB, type ShopRecord } from "../../db/store"
import { DELETE_ALL_CONFIRMATION, type BackupReply, type DoneReply, type ErrorReply } from "../../messages"
import { downloadText } from "./csv"
import {
  LANGUAGE_KEY,
  languageChoice,
  levelName,
  loadLanguage,
  ownerLang,
  tr,
  type LanguageChoice
} from "./lang"
import { segmentThresholds, THRESHOLDS_KEY } from "../../db/schema/owner-settings"
import { LADDER_KEY, memberLadder, summaryKey } from "./owner-data"
import { LAST_RUN_KEY, MASK_KEY, REMINDER_ALARM, reminderRules, RULES_KEY } from "./settings"

const db = new HuikeDB()
const section: React.CSSProperties = { borderBottom: "1px solid #f0f0f0", padding: "8px 0 16px" }
const h2: React.CSSProperties = { fontSize: 16, margin: "12px 0 8px" }
const row: React.CSSProperties = {
  display: "flex",
  gap: 12,
  alignItems: "center",
  flexWrap: "wrap",
  margin: "4px 0"
}
const languageReady = loadLanguage().catch(() => undefined)
const ZONES: string[] = (() => {
  try {
    return Intl.supportedValuesOf("timeZone")
  } catch {
    return ["Asia/Shanghai", "UTC"]
  }
})()

async function send<T>(message: unknown): Promise<T> {
  const reply = (await browser.runtime.sendMessage(message)) as T | ErrorReply
  if ((reply as ErrorReply).ok === false) throw new Error((reply as ErrorReply).error)
  return reply as T
}

export function OwnerOptions() {
  const [ready, setReady] = useState(false)
  const [status, setStatus] = useState("")
  useEffect(() => void languageReady.then(() => setReady(true)), [])
  if (!ready) return null
  return (
    <div data-testid="owner-options">
      <h1 style={{ fontSize: 20 }}>{tr("optionsTitle")}</h1>
      <p role="status" data-testid="owner-status" style={{ color: "#389e0d", minHeight: 21 }}>
        {status}
      </p>
      <Language onSaved={setStatus} />
      <Shops onSaved={setStatus} />
      <Ladder onSaved={setStatus} />
      <Segments onSaved={setStatus} />
      <Rules onSaved={setStatus} />
      <Privacy onSaved={setStatus} />
      <Data onStatus={setStatus} />
    </div>
  )
}

function Language({ onSaved }: { onSaved: (s: string) => void }) {
  const [choice, setChoice] = useState<LanguageChoice>("auto")
  useEffect(() => void languageChoice().then(setChoice), [])
  return (
    <section style={section}>
      <h2 style={h2}>{tr("optionsLanguage")}</h2>
      <select
        data-testid="language"
        value={choice}
        onChange={(e) => {
          const v = e.target.value as LanguageChoice
          setChoice(v)
          void browser.storage.local.set({ [LANGUAGE_KEY]: v }).then(() => {
            onSaved(tr("optionsSaved"))
            location.reload()
          })
        }}>
        <option value="auto">{tr("optionsLanguageAuto")}</option>
        <option value="en">English</option>
        <option value="zh_CN">简体中文</option>
      </select>
    </section>
  )
}

function Shops({ onSaved }: { onSaved: (s: string) => void }) {
  const [shops, setShops] = useState<ShopRecord[]>([])
  useEffect(() => void db.shops.toArray().then(setShops), [])
  const save = async (s: ShopRecord, timeZone: string, currency: string) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone })
    } catch {
      return onSaved(tr("optionsBadZone", [timeZone]))
    }
    if (!/^[A-Z]{3}$/.test(currency)) return onSaved(tr("optionsBadCurrency", [currency]))
    await db.shops.update(s.key, { timeZone, currency, settingsAt: Date.now() })
    // Days move with the zone: every buyer's figures and the daily figures are recomputed.
    onSaved(tr("optionsRescoring", [s.name]))
    await send({ type: "rescore", platform: s.platform, shopId: s.shopId, refigure: true })
    onSaved(tr("optionsSaved"))
  }
  return (
    <section style={section}>
      <h2 style={h2}>{tr("optionsShops")}</h2>
      {shops.length === 0 && <p style={{ color: "#8c8c8c" }}>{tr("popupEmpty")}</p>}
      <datalist id="zones">
        {ZONES.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      {shops.map((s) => (
        <ShopRow
          key={s.key}
          shop={s}
          onSave={(z, c) => void save(s, z, c).catch((e: unknown) => onSaved(String(e)))}
        />
      ))}
    </section>
  )
}

function ShopRow({ shop, onSave }: { shop: ShopRecord; onSave: (zone: string, currency: string) => void }) {
  const [zone, setZone] = useState(shop.timeZone)
  const [currency, setCurrency] = useState(shop.currency)
  return (
    <div style={row} data-shop={shop.key}>
      <strong style={{ minWidth: 160 }}>
        {shop.name} <span style={{ color: "#8c8c8c", fontWeight: 400 }}>({shop.platform})</span>
      </strong>
      <label>
        {tr("optionsTimeZone")} <input list="zones" value={zone} onChange={(e) => setZone(e.target.value)} />
      </label>
      <label>
        {tr("optionsCurrency")}{" "}
        <input size={4} value={currency} onChange={(e) => setCurrency(e.target.value.toUpperCase())} />
      </label>
      <button type="button" onClick={() => onSave(zone, currency)}>
        {tr("optionsSave")}
      </button>
    </div>
  )
}

function Ladder({ onSaved }: { onSaved: (s: string) => void }) {
  const [ladder, setLadder] = useState<MemberLadder | null>(null)
  // The thresholds as saved: a save that changes none of them needs no rescore (benefits are read live).
  const [savedThresholds, setSavedThresholds] = useState("")
  useEffect(
    () =>
      void memberLadder(db).then((l) => {
        setLadder(withBenefitDefaults(l, ownerLang()))
        setSavedThresholds(thresholdsOf(l))
      }),
    []
  )
  if (!ladder) return null
  const scale = 10 ** minorDigits("CNY")
  const setLevel = (i: number, patch: Partial<MemberLevel>) =>
    setLadder({ ...ladder, levels: ladder.levels.map((l, k) => (k === i ? { ...l, ...patch } : l)) })
  // Any edit makes a level's benefits the owner's own: the example mark goes.
  const setBenefits = (i: number, patch: Partial<LevelBenefits>) => {
    const { example: _example, ...current } = ladder.levels[i].benefits ?? { text: [] }
    setLevel(i, { benefits: { ...current, ...patch } })
  }
  const save = async () => {
    const clean = cleanBenefits(ladder)
    try {
      validateLadder(clean)
    } catch (e) {
      return onSaved(tr("optionsBadBenefits", [e instanceof Error ? e.message : String(e)]))
    }
    setLadder(clean)
    await db.settings.put({ key: LADDER_KEY, value: clean })
    if (thresholdsOf(clean) === savedThresholds) return onSaved(tr("optionsSaved"))
    setSavedThresholds(thresholdsOf(clean))
    await rescoreAll(true, onSaved)
  }
  return (
    <section style={section} data-testid="member-ladder">
      <h2 style={h2}>{tr("optionsLadder")}</h2>
      <p style={{ color: "#8c8c8c", margin: 0 }}>{tr("optionsLadderHelp")}</p>
      <div style={row}>
        <label>
          {tr("optionsWindowDays")}{" "}
          <input
            type="number"
            min={1}
            style={{ width: 72 }}
            value={ladder.windowDays}
            onChange={(e) =>
              setLadder({ ...ladder, windowDays: Math.max(1, Math.round(Number(e.target.value))) })
            }
          />
        </label>
      </div>
      {ladder.levels.slice(1).map((l, k) => (
        <div key={l.id} style={row} data-level={l.id}>
          <span style={{ minWidth: 80 }}>{levelName(l.id)}</span>
          <label>
            {tr("optionsMinSpend")}{" "}
            <input
              type="number"
              min={0}
              style={{ width: 96 }}
              value={l.minSpend / scale}
              onChange={(e) => setLevel(k + 1, { minSpend: Math.round(Number(e.target.value) * scale) })}
            />
          </label>
          <label>
            {tr("optionsMinOrders")}{" "}
            <input
              type="number"
              min={1}
              style={{ width: 64 }}
              value={l.minOrders}
              onChange={(e) => setLevel(k + 1, { minOrders: Math.round(Number(e.target.value)) })}
            />
          </label>
        </div>
      ))}
      <h3 style={{ fontSize: 14, margin: "12px 0 4px" }}>{tr("optionsBenefits")}</h3>
      <p style={{ color: "#8c8c8c", margin: 0 }}>{tr("optionsBenefitsHelp")}</p>
      <div style={row}>
        <label>
          {tr("optionsBenefitsLang")}{" "}
          <select
            data-testid="benefits-lang"
            value={ladder.lang ?? ownerLang()}
            onChange={(e) => setLadder(inLanguage(ladder, e.target.value === "en" ? "en" : "zh"))}>
            <option value="zh">简体中文</option>
            <option value="en">English</option>
          </select>
        </label>
      </div>
      {ladder.levels.map((l, i) => {
        const b = l.benefits ?? { text: [] }
        return (
          <fieldset
            key={l.id}
            data-benefits={l.id}
            style={{ border: "1px solid #f0f0f0", borderRadius: 6, margin: "6px 0", padding: "4px 10px" }}>
            <legend>
              {levelName(l.id)}
              {b.example && (
                <span data-testid="benefits-example" style={{ color: "#d46b08", marginLeft: 8 }}>
                  {tr("optionsBenefitExample")}
                </span>
              )}
            </legend>
            <div style={row}>
              <label>
                {tr("optionsBenefitDiscount")}{" "}
                <input
                  type="number"
                  data-benefit="discount"
                  min={0}
                  max={99}
                  step="any"
                  style={{ width: 64 }}
                  value={b.discountPercent ?? ""}
                  onChange={(e) =>
                    setBenefits(i, {
                      discountPercent: e.target.value === "" ? undefined : Number(e.target.value)
                    })
                  }
                />
              </label>
              {BENEFIT_FLAGS.map((f) => (
                <label key={f.key}>
                  <input
                    type="checkbox"
                    data-benefit={f.key}
                    checked={b[f.key] === true}
                    onChange={(e) => setBenefits(i, { [f.key]: e.target.checked || undefined })}
                  />{" "}
                  {tr(f.label)}
                </label>
              ))}
            </div>
            <label style={{ display: "block" }}>
              {tr("optionsBenefitText")}
              <textarea
                data-benefit="text"
                rows={2}
                style={{ width: "100%", boxSizing: "border-box", font: "inherit" }}
                value={b.text.join("\n")}
                onChange={(e) => setBenefits(i, { text: e.target.value.split("\n") })}
              />
            </label>
          </fieldset>
        )
      })}
      <div style={row}>
        <button
          type="button"
          data-testid="save-ladder"
          onClick={() => void save().catch((e: unknown) => onSaved(String(e)))}>
          {tr("optionsSave")}
        </button>
        <button type="button" onClick={() => setLadder(withBenefitDefaults(DEFAULT_LADDER, ownerLang()))}>
          {tr("optionsDefaults")}
        </button>
      </div>
    </section>
  )
}

const BENEFIT_FLAGS = [
  { key: "freeShipping", label: "optionsBenefitFreeShipping" },
  { key: "birthdayGift", label: "optionsBenefitBirthday" },
  { key: "priority", label: "optionsBenefitPriority" }
] as const

/** The ladder in another shop language: benefits still the shipped examples follow it, the owner's stay. */
function inLanguage(ladder: MemberLadder, lang: Lang): MemberLadder {
  return {
    ...ladder,
    lang,
    levels: ladder.levels.map((l) =>
      l.benefits?.example ? { ...l, benefits: exampleBenefits(l.id, lang) ?? l.benefits } : l
    )
  }
}

/** Free text trimmed and without empty lines; unset benefits left out rather than stored as undefined. */
function cleanBenefits(ladder: MemberLadder): MemberLadder {
  return {
    ...ladder,
    levels: ladder.levels.map((l) => {
      if (!l.benefits) return l
      const b: LevelBenefits = { text: l.benefits.text.map((x) => x.trim()).filter(Boolean) }
      for (const k of ["discountPercent", "freeShipping", "birthdayGift", "priority", "example"] as const) {
        if (l.benefits[k] !== undefined) Object.assign(b, { [k]: l.benefits[k] })
      }
      return { ...l, benefits: b }
    })
  }
}

/** What scoring depends on in a ladder: the window and each level's thresholds. */
const thresholdsOf = (l: MemberLadder) =>
  JSON.stringify([l.windowDays, l.levels.map((x) => [x.id, x.minSpend, x.minOrders])])

/** Re-scores every shop after a scoring setting changed; the dashboards' cached summaries are dropped first. */
async function rescoreAll(refigure: boolean, onSaved: (s: string) => void): Promise<void> {
  const shops = await db.shops.toArray()
  await db.settings.bulkDelete(shops.map((s) => summaryKey(s.key)))
  for (const s of shops) {
    onSaved(tr("optionsRescoringShop", [s.name]))
    await send({ type: "rescore", platform: s.platform, shopId: s.shopId, ...(refigure ? { refigure } : {}) })
  }
  onSaved(tr("optionsSaved"))
}

const THRESHOLD_ROWS = [
  { key: "recencyDays", label: "optionsThresholdRecency", money: false, fallback: 90 },
  { key: "orders", label: "optionsThresholdOrders", money: false, fallback: 2 },
  { key: "totalSpent", label: "optionsThresholdSpend", money: true, fallback: 100_000 }
] as const

function Segments({ onSaved }: { onSaved: (s: string) => void }) {
  const [th, setTh] = useState<SegmentThresholds | null>(null)
  useEffect(() => void segmentThresholds(db).then(setTh), [])
  if (!th) return null
  // Spend is entered in whole yuan (as the member ladder is) and kept in minor units.
  const scale = 10 ** minorDigits("CNY")
  const set = (key: keyof SegmentThresholds, v: SegmentThreshold) => setTh({ ...th, [key]: v })
  const save = async () => {
    try {
      validateThresholds(th)
    } catch (e) {
      return onSaved(tr("optionsBadThreshold", [e instanceof Error ? e.message : String(e)]))
    }
    await db.settings.put({ key: THRESHOLDS_KEY, value: th })
    await rescoreAll(false, onSaved)
  }
  return (
    <section style={section} data-testid="segment-thresholds">
      <h2 style={h2}>{tr("optionsSegments")}</h2>
      <p style={{ color: "#8c8c8c", margin: 0 }}>{tr("optionsSegmentsHelp")}</p>
      {THRESHOLD_ROWS.map((r) => {
        const v = th[r.key]
        const unit = r.money ? scale : 1
        return (
          <div key={r.key} style={row} data-threshold={r.key}>
            <span style={{ minWidth: 220 }}>{tr(r.label)}</span>
            <select
              value={v.kind}
              onChange={(e) =>
                set(
                  r.key,
                  e.target.value === "fixed" ? { kind: "fixed", value: r.fallback } : { kind: "mean" }
                )
              }>
              <option value="mean">{tr("optionsThresholdMean")}</option>
              <option value="fixed">{tr("optionsThresholdFixed")}</option>
            </select>
            {v.kind === "fixed" && (
              <input
                type="number"
                min={r.key === "orders" ? 1 : 0}
                style={{ width: 96 }}
                value={v.value / unit}
                onChange={(e) =>
                  set(r.key, { kind: "fixed", value: Math.round(Number(e.target.value) * unit) })
                }
              />
            )}
          </div>
        )
      })}
      <div style={row}>
        <button type="button" onClick={() => void save().catch((e: unknown) => onSaved(String(e)))}>
          {tr("optionsSave")}
        </button>
        <button type="button" onClick={() => setTh(MEAN_THRESHOLDS)}>
          {tr("optionsDefaults")}
        </button>
      </div>
    </section>
  )
}

function Rules({ onSaved }: { onSaved: (s: string) => void }) {
  const [rules, setRules] = useState<ReminderRules | null>(null)
  const [lastRun, setLastRun] = useState<{ at: number; created: number; due: number } | null>(null)
  useEffect(() => {
    void reminderRules(db).then(setRules)
    void browser.storage.local
      .get(LAST_RUN_KEY)
      .then((r) => setLastRun((r[LAST_RUN_KEY] as typeof lastRun) ?? null))
  }, [])
  if (!rules) return null
  const numberInput = (value: number, set: (n: number) => void, width = 56) => (
    <input
      type="number"
      min={0}
      step="any"
      style={{ width }}
      value={value}
      onChange={(e) => set(Number(e.target.value))}
    />
  )
  const upd = (f: (r: ReminderRules) => void) => {
    const next = structuredClone(rules)
    f(next)
    setRules(next)
  }
  return (
    <section style={section} data-testid="reminder-rules">
      <h2 style={h2}>{tr("optionsRules")}</h2>
      <div style={row}>
        <label>
          <input
            type="checkbox"
            checked={rules.review.enabled}
            onChange={(e) => upd((r) => void (r.review.enabled = e.target.checked))}
          />{" "}
          {tr("optionsRuleReview")}
        </label>
        {numberInput(rules.review.afterDays, (n) => upd((r) => void (r.review.afterDays = n)))}
        {tr("optionsDays")}
      </div>
      <div style={row}>
        <label>
          <input
            type="checkbox"
            checked={rules.winback.enabled}
            onChange={(e) => upd((r) => void (r.winback.enabled = e.target.checked))}
          />{" "}
          {tr("optionsRuleWinback")}
        </label>
        × {numberInput(rules.winback.intervalFactor, (n) => upd((r) => void (r.winback.intervalFactor = n)))}
        {tr("optionsRuleWinbackAlive")}{" "}
        {numberInput(rules.winback.pAliveBelow * 100, (n) =>
          upd((r) => void (r.winback.pAliveBelow = n / 100))
        )}
        %
      </div>
      <div style={row}>
        <label>
          <input
            type="checkbox"
            checked={rules.birthday.enabled}
            onChange={(e) => upd((r) => void (r.birthday.enabled = e.target.checked))}
          />{" "}
          {tr("optionsRuleBirthday")}
        </label>
        {numberInput(rules.birthday.leadDays, (n) => upd((r) => void (r.birthday.leadDays = n)))}
        {tr("optionsDaysBefore")}
      </div>
      <div style={row}>
        <label>
          <input
            type="checkbox"
            checked={rules.promotion.enabled}
            onChange={(e) => upd((r) => void (r.promotion.enabled = e.target.checked))}
          />{" "}
          {tr("optionsRulePromotion")}
        </label>
        <input
          value={rules.promotion.dates.join(", ")}
          size={24}
          onChange={(e) =>
            upd(
              (r) =>
                void (r.promotion.dates = e.target.value
                  .split(/[,，\s]+/)
                  .map((d) => d.trim())
                  .filter(Boolean))
            )
          }
        />
        {numberInput(rules.promotion.leadDays, (n) => upd((r) => void (r.promotion.leadDays = n)))}
        {tr("optionsDaysBefore")}
      </div>
      <div style={row}>
        <label>
          <input
            type="checkbox"
            data-rule="upgrade"
            checked={rules.upgrade.enabled}
            onChange={(e) => upd((r) => void (r.upgrade.enabled = e.target.checked))}
          />{" "}
          {tr("optionsRuleUpgrade")}
        </label>
        {numberInput(rules.upgrade.catchUpDays, (n) => upd((r) => void (r.upgrade.catchUpDays = n)))}
        {tr("optionsDays")}
      </div>
      <div style={row}>
        <label>
          <input
            type="checkbox"
            data-rule="downgrade"
            checked={rules.downgrade.enabled}
            onChange={(e) => upd((r) => void (r.downgrade.enabled = e.target.checked))}
          />{" "}
          {tr("optionsRuleDowngrade")}
        </label>
        {numberInput(rules.downgrade.withinDays, (n) => upd((r) => void (r.downgrade.withinDays = n)))}
        {tr("optionsDays")}
      </div>
      <div style={row}>
        <button
          type="button"
          onClick={() =>
            void db.settings.put({ key: RULES_KEY, value: rules }).then(() => onSaved(tr("optionsSaved")))
          }>
          {tr("optionsSave")}
        </button>
        <button type="button" onClick={() => setRules(structuredClone(DEFAULT_REMINDER_RULES))}>
          {tr("optionsDefaults")}
        </button>
        <button
          type="button"
          data-testid="run-reminders"
          onClick={() =>
            // The daily alarm, due now: the background runs the rules (it reschedules the next day itself).
            void browser.alarms
              .create(REMINDER_ALARM, { when: Date.now() })
              .then(() => onSaved(tr("optionsRunStarted")))
          }>
          {tr("optionsRunNow")}
        </button>
        {lastRun && (
          <span style={{ color: "#8c8c8c" }}>
            {tr("optionsLastRun", [new Date(lastRun.at).toLocaleString(), lastRun.created, lastRun.due])}
          </span>
        )}
      </div>
    </section>
  )
}

function Privacy({ onSaved }: { onSaved: (s: string) => void }) {
  const [mask, setMask] = useState(true)
  useEffect(() => void db.settings.get(MASK_KEY).then((r) => setMask(r?.value !== false)), [])
  return (
    <section style={section}>
      <h2 style={h2}>{tr("optionsPrivacy")}</h2>
      <label>
        <input
          type="checkbox"
          data-testid="mask-contacts"
          checked={mask}
          onChange={(e) => {
            setMask(e.target.checked)
            void db.settings
              .put({ key: MASK_KEY, value: e.target.checked })
              .then(() => onSaved(tr("optionsSaved")))
          }}
        />{" "}
        {tr("optionsMask")}
      </label>
    </section>
  )
}

function Data({ onStatus }: { onStatus: (s: string) => void }) {
  const [confirm, setConfirm] = useState("")
  const fail = (e: unknown) => onStatus(e instanceof Error ? e.message : String(e))
  return (
    <section style={section}>
      <h2 style={h2}>{tr("optionsData")}</h2>
      <div style={row}>
        <a href={browser.runtime.getURL("tabs/import.html")} target="_blank" rel="noreferrer">
          {tr("optionsImport")}
        </a>
        <a href={browser.runtime.getURL("tabs/dashboard.html")} target="_blank" rel="noreferrer">
          {tr("ownerOpenDashboard")}
        </a>
      </div>
      <div style={row}>
        <button
          type="button"
          data-testid="backup"
          onClick={() =>
            void send<BackupReply>({ type: "backupExport" })
              .then((r) => {
                downloadText(
                  `huike-backup-${new Date().toISOString().slice(0, 10)}.json`,
                  r.json,
                  "application/json"
                )
                onStatus(tr("optionsBackedUp"))
              })
              .catch(fail)
          }>
          {tr("optionsBackup")}
        </button>
        <label>
          {tr("optionsRestore")}{" "}
          <input
            type="file"
            accept="application/json,.json"
            data-testid="restore"
            onChange={(e) => {
              const file = e.target.files?.[0]
              if (!file || !window.confirm(tr("optionsRestoreConfirm"))) return
              void file
                .text()
                .then((json) => send<DoneReply>({ type: "backupRestore", json }))
                .then(() => onStatus(tr("optionsRestored")))
                .catch(fail)
            }}
          />
        </label>
      </div>
      <div style={row}>
        <label>
          {tr("optionsDeleteHelp", [DELETE_ALL_CONFIRMATION])}{" "}
          <input data-testid="delete-confirm" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
        </label>
        <button
          type="button"
          data-testid="delete-all"
          disabled={confirm !== DELETE_ALL_CONFIRMATION}
          style={{ color: "#cf1322" }}
          onClick={() =>
            void send<DoneReply>({ type: "deleteAllData", confirm: DELETE_ALL_CONFIRMATION })
              .then(() => {
                setConfirm("")
                onStatus(tr("optionsDeleted"))
              })
              .catch(fail)
          }>
          {tr("optionsDelete")}
        </button>
      </div>
    </section>
  )
}
