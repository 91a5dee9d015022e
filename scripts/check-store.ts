// `npm run check:store`: checks the store zip (`npm run package`) against what the listing says, before it
// goes to the Chrome Web Store review. It fails, naming each problem, when
// - the built manifest asks for a permission, optional permission, host, optional host or command that the
//   justification table (store/en/permissions.md) does not list with a reason and a feature, or the table
//   lists one the manifest no longer asks for (so the listing never justifies what is not there);
// - a content script — declared in the manifest, or registered by Plasmo's background in the page's own
//   world — matches more than the table's `host` rows (an optional host such as https://*/* does not count:
//   it is asked for one origin at a time);
// - the zip holds remote code (a script loaded from an http(s) address, eval, the Function constructor on
//   anything but an empty string — zod's check whether eval is allowed —, a CSP that lets either in) or
//   source maps;
// - an icon size the store and Chrome use (16, 32, 48, 128) is missing or its PNG is not that size;
// - the Simplified Chinese table (store/zh_CN/permissions.md) lists other entries than the English one.
// The rules are plain functions (checkStore) so a unit test can show each failing on a made-up package.
import { existsSync, readFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { strFromU8, unzipSync } from "fflate"
import { packageZipPath, repoRoot } from "./package"

export const KINDS = ["permission", "optional permission", "host", "optional host", "command"] as const
export type Kind = (typeof KINDS)[number]

export interface Justification {
  entry: string
  kind: Kind
  why: string
  feature: string
}

/** Icon sizes a store package must carry (the store's 128, Chrome's 16/32/48 for toolbar and pages). */
export const REQUIRED_ICON_SIZES = [16, 32, 48, 128] as const

/** The table rows of a permissions.md: `| \`entry\` | kind | why | feature |`. */
export function parseJustifications(markdown: string): { rows: Justification[]; problems: string[] } {
  const rows: Justification[] = []
  const problems: string[] = []
  for (const [i, line] of markdown.split(/\r?\n/).entries()) {
    const cells = line
      .trim()
      .replace(/^\|/, "")
      .replace(/\|$/, "")
      .split("|")
      .map((c) => c.trim())
    if (!line.trim().startsWith("|") || cells.length < 4) continue
    const entry = /^`([^`]+)`$/.exec(cells[0])?.[1]
    if (!entry) continue // the header and its rule
    const kind = cells[1] as Kind
    if (!KINDS.includes(kind)) {
      problems.push(`line ${i + 1}: "${cells[1]}" is not a kind (${KINDS.join(", ")})`)
      continue
    }
    rows.push({ entry, kind, why: cells[2], feature: cells[3] })
  }
  return { rows, problems }
}

interface MatchPattern {
  scheme: string
  host: string
  path: string
}

function parsePattern(p: string): MatchPattern | null {
  if (p === "<all_urls>") return { scheme: "*", host: "*", path: "/*" }
  const m = /^(\*|https?|wss?|file|ftp):\/\/([^/]*)(\/.*)$/.exec(p)
  return m ? { scheme: m[1], host: m[2], path: m[3] } : null
}

/** True when every URL `inner` matches is matched by `outer` too (Chrome's match-pattern rules). */
export function patternCovers(outer: string, inner: string): boolean {
  const o = parsePattern(outer)
  const i = parsePattern(inner)
  if (!o || !i) return false
  const schemeOk =
    o.scheme === i.scheme || (o.scheme === "*" && (i.scheme === "http" || i.scheme === "https"))
  const hostOk =
    o.host === "*" ||
    o.host === i.host ||
    (o.host.startsWith("*.") &&
      (i.host === o.host.slice(2) || i.host.endsWith(o.host.slice(1)) || i.host === o.host))
  const pathRe = new RegExp(`^${o.path.split("*").map(escapeRe).join(".*")}$`)
  return schemeOk && hostOk && pathRe.test(i.path)
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

interface Manifest {
  permissions?: string[]
  optional_permissions?: string[]
  host_permissions?: string[]
  optional_host_permissions?: string[]
  commands?: Record<string, unknown>
  content_scripts?: { matches?: string[]; js?: string[] }[]
  content_security_policy?: string | Record<string, string>
  icons?: Record<string, string>
}

/** Content scripts Plasmo's background registers at run time (main-world ones): id and matches. */
export function registeredScripts(backgroundJs: string): { id: string; matches: string[] }[] {
  const found: { id: string; matches: string[] }[] = []
  const re = /registerContentScripts\(\[\{id:"([^"]+)"/g
  for (let m = re.exec(backgroundJs); m; m = re.exec(backgroundJs)) {
    const rest = backgroundJs.slice(m.index, m.index + 4000)
    const matches = /matches:(\[[^\]]*\])/.exec(rest)?.[1]
    let list: unknown
    try {
      list = matches ? JSON.parse(matches) : undefined
    } catch {
      list = undefined
    }
    found.push({
      id: m[1],
      matches: Array.isArray(list) ? list.map(String) : ["<matches not readable>"]
    })
  }
  return found
}

/** Remote code and source maps in one file of the package. */
export function remoteCodeProblems(name: string, text: string): string[] {
  const problems: string[] = []
  const say = (what: string, hit: string) => problems.push(`${name}: ${what} (${hit.slice(0, 80)})`)
  if (/\.map$/.test(name)) problems.push(`${name}: a source map`)
  const map = /[#@]\s*sourceMappingURL=\S+/.exec(text)
  if (map) say("points to a source map", map[0])
  if (/\.html?$/.test(name)) {
    const tag = /<script[^>]*\bsrc\s*=\s*["']?(?:https?:)?\/\/[^"'\s>]*/i.exec(text)
    if (tag) say("loads a script from another site", tag[0])
  }
  if (/\.(m?js|html?)$/.test(name)) {
    const checks: [RegExp, string][] = [
      [/(?<![\w$.])eval\s*\(/, "calls eval"],
      [/(?<![\w$.])Function\s*\(\s*(?!""\s*\)|''\s*\))/, "builds code with the Function constructor"],
      [/\bimportScripts\s*\(\s*["'`](?:https?:)?\/\//, "imports a script from another site"],
      [/\bimport\s*\(\s*["'`](?:https?:)?\/\//, "imports a module from another site"],
      [/["'`](?:https?:)?\/\/[^"'`\s]+\.m?js(?:\?[^"'`\s]*)?["'`]/, "names a remote script"]
    ]
    for (const [re, what] of checks) {
      const hit = re.exec(text)
      if (hit) say(what, text.slice(Math.max(0, hit.index - 20), hit.index + 60))
    }
  }
  return problems
}

/** A PNG's width and height from its IHDR chunk, or null when the bytes are no PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  if (bytes.length < 24 || sig.some((b, i) => bytes[i] !== b)) return null
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return { width: view.getUint32(16), height: view.getUint32(20) }
}

/** Every problem of a package (its files by path) against the justification table. Empty: fit to submit. */
export function checkStore(files: Record<string, Uint8Array>, table: Justification[]): string[] {
  const problems: string[] = []
  const manifestBytes = files["manifest.json"]
  if (!manifestBytes) return ["the package has no manifest.json at its top"]
  const manifest = JSON.parse(strFromU8(manifestBytes)) as Manifest

  const asked: { entry: string; kind: Kind }[] = [
    ...(manifest.permissions ?? []).map((entry) => ({ entry, kind: "permission" as const })),
    ...(manifest.optional_permissions ?? []).map((entry) => ({
      entry,
      kind: "optional permission" as const
    })),
    ...(manifest.host_permissions ?? []).map((entry) => ({ entry, kind: "host" as const })),
    ...(manifest.optional_host_permissions ?? []).map((entry) => ({ entry, kind: "optional host" as const })),
    ...Object.keys(manifest.commands ?? {}).map((entry) => ({ entry, kind: "command" as const }))
  ]
  const rowOf = (entry: string, kind: Kind) => table.find((r) => r.entry === entry && r.kind === kind)
  for (const a of asked) {
    const row = rowOf(a.entry, a.kind)
    if (!row)
      problems.push(`manifest asks for ${a.kind} ${a.entry}, which the justification table does not list`)
    else if (!row.why || !row.feature)
      problems.push(`the justification table lists ${a.kind} ${a.entry} without a reason or a feature`)
  }
  for (const r of table)
    if (!asked.some((a) => a.entry === r.entry && a.kind === r.kind))
      problems.push(`the justification table lists ${r.kind} ${r.entry}, which the manifest does not ask for`)

  const hosts = table.filter((r) => r.kind === "host").map((r) => r.entry)
  const scripts = [
    ...(manifest.content_scripts ?? []).map((cs, i) => ({
      name: `content script ${cs.js?.join(", ") ?? i}`,
      matches: cs.matches ?? []
    })),
    ...Object.entries(files)
      .filter(([name]) => /^static\/background\/.*\.js$/.test(name))
      .flatMap(([, bytes]) => registeredScripts(strFromU8(bytes)))
      .map((s) => ({ name: `registered script ${s.id}`, matches: s.matches }))
  ]
  for (const s of scripts)
    for (const m of s.matches)
      if (!hosts.some((h) => patternCovers(h, m)))
        problems.push(`${s.name} matches ${m}, broader than the hosts the table lists`)

  const csp = manifest.content_security_policy
  for (const policy of typeof csp === "string" ? [csp] : Object.values(csp ?? {}))
    if (/'unsafe-eval'|(?:^|\s)(?:https?:)?\/\/|(?:^|\s)https?:(?:\s|;|$)/.test(policy))
      problems.push(`the content security policy lets remote code or eval in: ${policy}`)

  for (const [name, bytes] of Object.entries(files)) {
    if (name.endsWith("/")) continue
    const text = /\.(m?js|html?|json|css)$/.test(name) ? strFromU8(bytes) : ""
    problems.push(...remoteCodeProblems(name, text))
  }

  for (const size of REQUIRED_ICON_SIZES) {
    const path = manifest.icons?.[String(size)]
    if (!path) {
      problems.push(`the manifest has no ${size}×${size} icon`)
      continue
    }
    const bytes = files[path.replace(/^\//, "")]
    const got = bytes ? pngSize(bytes) : null
    if (!bytes) problems.push(`icon ${size} (${path}) is not in the package`)
    else if (!got || got.width !== size || got.height !== size)
      problems.push(`icon ${size} (${path}) is ${got ? `${got.width}×${got.height}` : "not a PNG"}`)
  }
  return problems
}

/** The same entries in both languages' tables (the Chinese listing must not drift from the English one). */
export function sameEntries(en: Justification[], zh: Justification[]): string[] {
  const key = (r: Justification) => `${r.kind} ${r.entry}`
  const zhKeys = new Set(zh.map(key))
  const enKeys = new Set(en.map(key))
  return [
    ...[...enKeys].filter((k) => !zhKeys.has(k)).map((k) => `store/zh_CN/permissions.md does not list ${k}`),
    ...[...zhKeys]
      .filter((k) => !enKeys.has(k))
      .map((k) => `store/zh_CN/permissions.md lists ${k}, which the English table does not`)
  ]
}

function main(): void {
  const zipPath = resolve(process.argv[2] ?? packageZipPath())
  if (!existsSync(zipPath)) {
    console.error(`check:store: ${zipPath} is missing; run "npm run package" first`)
    process.exit(1)
  }
  const en = parseJustifications(readFileSync(join(repoRoot, "store/en/permissions.md"), "utf8"))
  const zh = parseJustifications(readFileSync(join(repoRoot, "store/zh_CN/permissions.md"), "utf8"))
  const files = unzipSync(readFileSync(zipPath))
  const problems = [
    ...en.problems.map((p) => `store/en/permissions.md ${p}`),
    ...zh.problems.map((p) => `store/zh_CN/permissions.md ${p}`),
    ...sameEntries(en.rows, zh.rows),
    ...checkStore(files, en.rows)
  ]
  if (problems.length) {
    console.error(`check:store: ${zipPath} is not ready for the store (${problems.length} problems):`)
    for (const p of problems) console.error(`  - ${p}`)
    process.exit(1)
  }
  console.log(
    `check:store: ${zipPath} passes — ${Object.keys(files).length} files, ${en.rows.length} justified entries, no remote code or source maps, icons ${REQUIRED_ICON_SIZES.join("/")}`
  )
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main()
