// npm run check:store's rules on made-up packages: the real justification table (store/en/permissions.md)
// against the manifest package.json declares, then one thing wrong at a time.
import { readFileSync } from "node:fs"
import { strToU8 } from "fflate"
import { describe, expect, it } from "vitest"
import {
  checkStore,
  parseJustifications,
  patternCovers,
  registeredScripts,
  sameEntries
} from "../../scripts/check-store"
import { repoRoot } from "../../scripts/package"

const table = parseJustifications(readFileSync(`${repoRoot}/store/en/permissions.md`, "utf8"))
const zhTable = parseJustifications(readFileSync(`${repoRoot}/store/zh_CN/permissions.md`, "utf8"))
const declared = (JSON.parse(readFileSync(`${repoRoot}/package.json`, "utf8")) as { manifest: object })
  .manifest

/** A PNG's signature and IHDR with this size (all pngSize reads). */
function png(size: number): Uint8Array {
  const b = new Uint8Array(33)
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
  new DataView(b.buffer).setUint32(16, size)
  new DataView(b.buffer).setUint32(20, size)
  return b
}

const marketHosts = ["https://trade.taobao.com/*", "https://sellercentral.amazon.de/*"]

/** The manifest as Plasmo builds it from package.json: plus scripting, sidePanel, icons, content scripts. */
function pkg(change: (m: Record<string, unknown>) => void = () => {}, extra: Record<string, string> = {}) {
  const manifest: Record<string, unknown> = structuredClone(declared) as Record<string, unknown>
  manifest.permissions = ["scripting", "sidePanel", ...(manifest.permissions as string[])]
  manifest.icons = {
    16: "icon16.png",
    32: "icon32.png",
    48: "icon48.png",
    64: "icon64.png",
    128: "icon128.png"
  }
  manifest.content_scripts = [{ matches: marketHosts, js: ["overlay.js"] }]
  change(manifest)
  const files: Record<string, Uint8Array> = {
    "manifest.json": strToU8(JSON.stringify(manifest)),
    "overlay.js": strToU8('try{return Function(""),!0}catch(e){return!1}'),
    "static/background/index.js": strToU8(
      `chrome.scripting.registerContentScripts([{id:"contentsIntercept",js:[o.default.split("/").pop()],matches:${JSON.stringify(marketHosts)},world:"MAIN"}])`
    ),
    "popup.html": strToU8('<script src="/popup.1234.js" defer></script>')
  }
  for (const size of [16, 32, 48, 64, 128]) files[`icon${size}.png`] = png(size)
  for (const [k, v] of Object.entries(extra)) files[k] = strToU8(v)
  return files
}

describe("check:store", () => {
  it("reads every row of both tables, with the same entries in each", () => {
    expect(table.problems).toEqual([])
    expect(table.rows.length).toBeGreaterThan(20)
    expect(table.rows.every((r) => r.why.length >= 10 && r.feature.length > 3)).toBe(true)
    expect(sameEntries(table.rows, zhTable.rows)).toEqual([])
  })

  it("passes the manifest package.json declares, as Plasmo builds it", () => {
    expect(checkStore(pkg(), table.rows)).toEqual([])
  })

  it("fails on a permission the table does not justify", () => {
    const problems = checkStore(
      pkg((m) => (m.permissions = [...(m.permissions as string[]), "tabs"])),
      table.rows
    )
    expect(problems).toEqual([
      "manifest asks for permission tabs, which the justification table does not list"
    ])
  })

  it("fails on an unjustified host and on a row the manifest no longer asks for", () => {
    const problems = checkStore(
      pkg((m) => {
        m.host_permissions = [
          ...(m.host_permissions as string[]).filter((h) => h !== "https://trade.tmall.com/*"),
          "https://*.taobao.com/*"
        ]
      }),
      table.rows
    )
    expect(problems).toContain(
      "manifest asks for host https://*.taobao.com/*, which the justification table does not list"
    )
    expect(problems).toContain(
      "the justification table lists host https://trade.tmall.com/*, which the manifest does not ask for"
    )
  })

  it("fails on a content script that matches more than the listed hosts, declared or registered", () => {
    const broad = checkStore(
      pkg((m) => (m.content_scripts = [{ matches: ["https://*.amazon.de/*"], js: ["overlay.js"] }])),
      table.rows
    )
    expect(broad).toEqual([
      "content script overlay.js matches https://*.amazon.de/*, broader than the hosts the table lists"
    ])
    const files = pkg()
    files["static/background/index.js"] = strToU8(
      'registerContentScripts([{id:"contentsIntercept",js:[n],matches:["https://*/*"],world:"MAIN"}])'
    )
    expect(checkStore(files, table.rows)).toEqual([
      "registered script contentsIntercept matches https://*/*, broader than the hosts the table lists"
    ])
  })

  it("fails on remote code and source maps", () => {
    const problems = checkStore(
      pkg(undefined, {
        "a.js": 'var s=document.createElement("script");s.src="https://cdn.example.com/lib.js"',
        "b.js": "fetch(u).then(r=>r.text()).then(t=>eval(t))",
        "c.js": 'new Function("return "+code)()',
        "d.html": '<script src="https://cdn.example.com/x.js"></script>',
        "e.js": "x()\n//# sourceMappingURL=e.js.map",
        "e.js.map": "{}"
      }),
      table.rows
    )
    expect(problems.map((p) => p.split(":")[0])).toEqual([
      "a.js",
      "b.js",
      "c.js",
      "d.html",
      "d.html",
      "e.js",
      "e.js.map"
    ])
  })

  it("fails when an icon size is missing or the wrong size", () => {
    const files = pkg((m) => {
      m.icons = { 16: "icon16.png", 32: "icon32.png", 48: "icon64.png" }
    })
    expect(checkStore(files, table.rows)).toEqual([
      "icon 48 (icon64.png) is 64×64",
      "the manifest has no 128×128 icon"
    ])
  })

  it("knows which match patterns cover which", () => {
    expect(patternCovers("https://trade.taobao.com/*", "https://trade.taobao.com/trade/*")).toBe(true)
    expect(patternCovers("https://trade.taobao.com/trade/*", "https://trade.taobao.com/*")).toBe(false)
    expect(patternCovers("*://*.taobao.com/*", "https://qn.taobao.com/*")).toBe(true)
    expect(patternCovers("https://*.taobao.com/*", "https://evil-taobao.com/*")).toBe(false)
    expect(patternCovers("https://*/*", "http://a.example/*")).toBe(false)
  })

  it("reads the main-world registration Plasmo's background makes", () => {
    const js =
      'x;chrome.scripting.registerContentScripts([{id:"contentsIntercept",js:[o.default.split("/").pop().split("?")[0]],matches:["https://a.example/*","https://b.example/*"],world:"MAIN"}])'
    expect(registeredScripts(js)).toEqual([
      { id: "contentsIntercept", matches: ["https://a.example/*", "https://b.example/*"] }
    ])
  })
})
