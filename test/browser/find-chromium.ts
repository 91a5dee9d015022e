// The one browser finder of the demo, the end-to-end tests and the benchmarks (dev tooling, not shipped):
// CHROMIUM_PATH when set; else a Chromium already installed; else one installed here (Debian/Ubuntu as
// root: apt-get; elsewhere playwright-core's own installer). On Linux it also makes sure the fonts Huike's
// pages need are there (CJK, and emoji for the chip's bell), or the screenshots show boxes. Branded Google Chrome is never
// used: since version 137 it ignores --load-extension, so it cannot load the extension under test.
import { spawn } from "node:child_process"
import { existsSync, readdirSync } from "node:fs"
import { createRequire } from "node:module"
import { homedir } from "node:os"
import { dirname, join } from "node:path"

/** Everything the finder asks of the machine, so a test can play any machine. */
export interface Machine {
  env: Record<string, string | undefined>
  platform: NodeJS.Platform
  home: string
  isRoot: boolean
  exists(path: string): boolean
  /** Entry names of a directory, [] when it cannot be read. */
  list(dir: string): string[]
  /** Runs a command, its output shown on stderr (stdout may carry a JSON report); the exit code. */
  run(command: string, args: string[]): Promise<number>
  /** Runs a command quietly; its exit code and stdout (code -1 when it could not start). */
  query(command: string, args: string[]): Promise<{ code: number; stdout: string }>
  log(line: string): void
  /** playwright-core's command line (cli.js), for `install chromium`. */
  playwrightCli: string
  /** Where playwright-core's installer puts its Chromium (chromium.executablePath()). */
  playwrightChromium(): string
}

/** The fonts Huike's pages need beyond a bare Linux's: Chinese text, and the chip's bell (🔔). */
export const FONTS = [
  { package: "fonts-noto-cjk", fcList: ":lang=zh", draws: "Chinese" },
  { package: "fonts-noto-color-emoji", fcList: ":charset=1f514", draws: "the chip's bell" }
]

const HOW_TO_FIX =
  "Fix it one of two ways: install Chromium (Debian/Ubuntu: `sudo apt-get install chromium fonts-noto-cjk fonts-noto-color-emoji`; " +
  "elsewhere: `npx playwright-core install chromium`), or set CHROMIUM_PATH to a Chromium executable."

const CHROME_137 =
  "Google Chrome is not used: since version 137 it ignores --load-extension, so it cannot load the extension"

/** Playwright's browser cache: PLAYWRIGHT_BROWSERS_PATH, else its per-platform default. */
function playwrightCache(m: Machine): string {
  const set = m.env.PLAYWRIGHT_BROWSERS_PATH
  if (set && set !== "0") return set
  if (m.platform === "darwin") return join(m.home, "Library/Caches/ms-playwright")
  if (m.platform === "win32")
    return join(m.env.LOCALAPPDATA ?? join(m.home, "AppData/Local"), "ms-playwright")
  return join(m.env.XDG_CACHE_HOME ?? join(m.home, ".cache"), "ms-playwright")
}

/** Chromium executables inside one `chromium-<revision>` folder, newer and older Playwright layouts. */
function playwrightLayouts(m: Machine): string[][] {
  if (m.platform === "darwin")
    return ["chrome-mac-arm64", "chrome-mac-x64"]
      .map((d) => [d, "Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing"])
      .concat([["chrome-mac", "Chromium.app/Contents/MacOS/Chromium"]])
  if (m.platform === "win32")
    return [
      ["chrome-win64", "chrome.exe"],
      ["chrome-win", "chrome.exe"]
    ]
  return [
    ["chrome-linux64", "chrome"],
    ["chrome-linux-arm64", "chrome"],
    ["chrome-linux", "chrome"]
  ]
}

/** Chromium that Playwright installed before, newest revision first. */
function playwrightInstalled(m: Machine): string[] {
  const cache = playwrightCache(m)
  const revisions = m
    .list(cache)
    .filter((d) => /^chromium-\d+$/.test(d))
    .sort((a, b) => Number(b.slice(9)) - Number(a.slice(9)))
  return revisions.flatMap((r) => playwrightLayouts(m).map((parts) => join(cache, r, ...parts)))
}

/** Where an installed Chromium may be, most likely first. */
export function chromiumCandidates(m: Machine): string[] {
  if (m.platform === "darwin")
    return [
      "/Applications/Chromium.app/Contents/MacOS/Chromium",
      join(m.home, "Applications/Chromium.app/Contents/MacOS/Chromium"),
      ...playwrightInstalled(m)
    ]
  if (m.platform === "win32") {
    const roots = [m.env.LOCALAPPDATA, m.env.PROGRAMFILES, m.env["PROGRAMFILES(X86)"]].filter(
      (r): r is string => !!r
    )
    return [...roots.map((r) => join(r, "Chromium/Application/chrome.exe")), ...playwrightInstalled(m)]
  }
  return [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/local/bin/chromium",
    "/snap/bin/chromium",
    ...playwrightInstalled(m)
  ]
}

/** Where branded Google Chrome may be: found only to say why it is not used. */
function chromeCandidates(m: Machine): string[] {
  if (m.platform === "darwin") return ["/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"]
  if (m.platform === "win32")
    return [m.env.PROGRAMFILES, m.env["PROGRAMFILES(X86)"], m.env.LOCALAPPDATA]
      .filter((r): r is string => !!r)
      .map((r) => join(r, "Google/Chrome/Application/chrome.exe"))
  return ["/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/opt/google/chrome/chrome"]
}

const firstExisting = (m: Machine, paths: string[]) => paths.find((p) => m.exists(p))

/** The FONTS this Linux lacks (macOS and Windows ship them); a font missing draws a box instead. */
async function missingFonts(m: Machine): Promise<typeof FONTS> {
  if (m.platform !== "linux") return []
  const missing: typeof FONTS = []
  for (const font of FONTS) {
    const found = await m.query("fc-list", [font.fcList, "family"])
    if (found.code !== 0 || found.stdout.trim() === "") missing.push(font)
  }
  return missing
}

const boxes = (fonts: typeof FONTS) =>
  `no font for ${fonts.map((f) => f.draws).join(" or ")} (${fonts.length > 1 ? "they" : "it"} would be drawn as boxes)`

async function aptInstall(m: Machine, packages: string[]): Promise<boolean> {
  const env = ["DEBIAN_FRONTEND=noninteractive"]
  // A fresh image has no package lists: apt-get would find nothing to install.
  const noLists = !m
    .list("/var/lib/apt/lists")
    .some((f) => f.endsWith("_Packages") || f.endsWith("_Packages.lz4"))
  if (noLists) {
    m.log("  apt-get update (no package lists yet)")
    if ((await m.run("env", [...env, "apt-get", "update", "-qq"])) !== 0) return false
  }
  m.log(`  apt-get install -y ${packages.join(" ")}`)
  // -o Dpkg::Use-Pty=0: dpkg's progress as plain lines, not a redrawn bar.
  const install = () =>
    m.run("env", [...env, "apt-get", "install", "-y", "-qq", "-o", "Dpkg::Use-Pty=0", ...packages])
  if ((await install()) === 0) return true
  if (noLists) return false
  // Lists present but stale (a package moved): refresh them once and try again.
  m.log("  apt-get install failed; apt-get update and one more try")
  return (await m.run("env", [...env, "apt-get", "update", "-qq"])) === 0 && (await install()) === 0
}

/**
 * The path of a Chromium that loads unpacked extensions, installing one (and on Linux the FONTS) when
 * the machine has none. Throws one message naming the two ways to fix it when nothing works.
 */
export async function findChromium(m: Machine): Promise<string> {
  const why = "the demo, end-to-end tests and benchmarks run Huike in a real Chromium and take screenshots"
  const debianRoot = m.platform === "linux" && m.exists("/etc/debian_version") && m.isRoot
  let chromium: string | undefined
  if (m.env.CHROMIUM_PATH) {
    chromium = m.env.CHROMIUM_PATH
    if (!m.exists(chromium))
      throw new Error(`CHROMIUM_PATH=${chromium}: no such file. ${HOW_TO_FIX} (or unset CHROMIUM_PATH)`)
  } else chromium = firstExisting(m, chromiumCandidates(m))
  const chrome = chromium ? undefined : firstExisting(m, chromeCandidates(m))
  const noFonts = await missingFonts(m)
  if (chromium && noFonts.length === 0) return chromium

  const tried: string[] = []
  if (debianRoot) {
    const packages = [...(chromium ? [] : ["chromium"]), ...noFonts.map((f) => f.package)]
    m.log(
      `Huike: ${[...(chromium ? [] : ["no Chromium found"]), ...(noFonts.length ? [boxes(noFonts)] : [])].join(" and ")}` +
        `; ${why}. ` +
        `Installing ${packages.join(", ")} with apt-get (this machine runs Debian/Ubuntu as root).` +
        (chrome ? ` ${CHROME_137} (found ${chrome}).` : "")
    )
    if (!(await aptInstall(m, packages))) tried.push(`apt-get install ${packages.join(" ")} failed`)
    chromium ??= firstExisting(m, chromiumCandidates(m))
  }
  if (!chromium) {
    m.log(
      `Huike: no Chromium found; ${why}. Installing Playwright's Chromium ` +
        `(node ${m.playwrightCli} install chromium, into ${playwrightCache(m)}).` +
        (chrome ? ` ${CHROME_137} (found ${chrome}).` : "")
    )
    const code = await m.run(process.execPath, [m.playwrightCli, "install", "chromium"])
    const installed = m.playwrightChromium()
    if (code === 0 && m.exists(installed)) chromium = installed
    else
      tried.push(`playwright-core install chromium ${code === 0 ? `left no ${installed}` : `exited ${code}`}`)
  }
  if (!chromium)
    throw new Error(
      `No Chromium found (looked at ${chromiumCandidates(m).slice(0, 4).join(", ")} and Playwright's ` +
        `${playwrightCache(m)}).` +
        (chrome ? ` ${CHROME_137} (found ${chrome}).` : "") +
        (tried.length ? ` Tried: ${tried.join("; ")}.` : "") +
        ` ${HOW_TO_FIX}`
    )
  const stillMissing = noFonts.length ? await missingFonts(m) : []
  if (stillMissing.length)
    m.log(
      `Huike: ${boxes(stillMissing)} in the screenshots: install ` +
        `${stillMissing.length > 1 ? "them" : "it"} (Debian/Ubuntu: sudo apt-get install ` +
        `${stillMissing.map((f) => f.package).join(" ")}).`
    )
  return chromium
}

/** This machine. */
export function thisMachine(): Machine {
  const require = createRequire(import.meta.url)
  const playwrightCli = join(dirname(require.resolve("playwright-core/package.json")), "cli.js")
  return {
    env: process.env,
    platform: process.platform,
    home: homedir(),
    isRoot: process.getuid?.() === 0,
    exists: existsSync,
    list: (dir) => {
      try {
        return readdirSync(dir)
      } catch {
        return []
      }
    },
    run: (command, args) =>
      new Promise((done) => {
        const child = spawn(command, args, { stdio: ["ignore", process.stderr, process.stderr] })
        child.on("error", () => done(-1))
        child.on("exit", (code) => done(code ?? -1))
      }),
    query: (command, args) =>
      new Promise((done) => {
        const child = spawn(command, args, { stdio: ["ignore", "pipe", "ignore"] })
        let stdout = ""
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")))
        child.on("error", () => done({ code: -1, stdout: "" }))
        child.on("close", (code) => done({ code: code ?? -1, stdout }))
      }),
    log: (line) => process.stderr.write(line + "\n"),
    playwrightCli,
    playwrightChromium: () =>
      (require("playwright-core") as typeof import("playwright-core")).chromium.executablePath()
  }
}

let found: Promise<string> | undefined

/** findChromium on this machine, once per process. */
export function chromiumPath(): Promise<string> {
  found ??= findChromium(thisMachine())
  return found
}
