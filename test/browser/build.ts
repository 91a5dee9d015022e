// The production build the browser runs (build/chrome-mv3-prod), rebuilt when it is missing or older than
// any of its sources, so a benchmark never measures yesterday's code.
import { execFileSync } from "node:child_process"
import { existsSync, readdirSync, statSync } from "node:fs"
import { join, resolve } from "node:path"
import { extensionDir, repoRoot } from "../e2e/browser"

/** What Plasmo builds the extension from (entries by file name, src/, locales, icon, manifest fields). */
const SOURCES = [
  "package.json",
  "popup.tsx",
  "options.tsx",
  "sidepanel.tsx",
  "background",
  "contents",
  "tabs",
  "src",
  "locales",
  "assets"
]

function newestUnder(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...readdirSync(path).map((name) => newestUnder(join(path, name))))
}

/** Why the build must be made again, or null when it is current. */
export function staleBuild(root = repoRoot, built = extensionDir): string | null {
  const manifest = join(built, "manifest.json")
  if (!existsSync(manifest)) return `no extension build at ${built}`
  const builtAt = statSync(manifest).mtimeMs
  const newest = Math.max(...SOURCES.map((s) => newestUnder(resolve(root, s))))
  return newest > builtAt ? "the extension build is older than its sources" : null
}

/** Runs `npm run build` when the build is missing or stale (its output only shown if it fails). */
export function ensureBuild(log: (line: string) => void): void {
  const why = staleBuild()
  if (!why) return
  log(`  ${why}: running npm run build`)
  try {
    execFileSync("npm", ["run", "build"], { cwd: repoRoot, stdio: "pipe" })
  } catch (error) {
    const out = error as { stdout?: Buffer; stderr?: Buffer }
    throw new Error(`npm run build failed:\n${String(out.stdout ?? "")}${String(out.stderr ?? "")}`)
  }
}
