// Each branch of the browser finder on a played machine: what it returns, which commands it runs, what
// it says. The machine starts empty (no browser, no font, no package lists) unless a test adds files.
import { describe, expect, it } from "vitest"
import { findChromium, type Machine } from "./find-chromium"

interface Played extends Machine {
  files: Set<string>
  commands: string[]
  lines: string[]
  /** Files a command creates when it succeeds, by the command's text. */
  installs: Map<string, string[]>
  failing: Set<string>
  /** The fc-list patterns that find a font. */
  fonts: Set<string>
}

const ALL_FONTS = [":lang=zh", ":charset=1f514"]

const PW = "/pw/chromium-1255/chrome-linux64/chrome"

function machine(over: Partial<Machine> & { files?: string[]; fonts?: boolean | string[] } = {}): Played {
  const { files, fonts, ...rest } = over
  const m: Played = {
    env: {},
    platform: "linux",
    home: "/home/u",
    isRoot: false,
    files: new Set(files ?? []),
    commands: [],
    lines: [],
    installs: new Map(),
    failing: new Set(),
    fonts: new Set(fonts === true ? ALL_FONTS : fonts === false || fonts === undefined ? [] : fonts),
    exists: (p) => m.files.has(p),
    list: (dir) => [
      ...new Set(
        [...m.files].filter((f) => f.startsWith(dir + "/")).map((f) => f.slice(dir.length + 1).split("/")[0])
      )
    ],
    run: (command, args) => {
      const text = [command, ...args].join(" ")
      m.commands.push(text)
      for (const [pattern, created] of m.installs) {
        if (text.includes(pattern) && !m.failing.has(pattern)) {
          created.forEach((f) => (f.startsWith(":") ? m.fonts.add(f) : m.files.add(f)))
          return Promise.resolve(0)
        }
      }
      return Promise.resolve([...m.failing].some((p) => text.includes(p)) ? 100 : 0)
    },
    query: (command, args) => {
      m.commands.push([command, ...args].join(" "))
      return Promise.resolve({ code: 0, stdout: m.fonts.has(args[0]) ? "Noto Sans CJK SC\n" : "" })
    },
    log: (line) => m.lines.push(line),
    playwrightCli: "/repo/node_modules/playwright-core/cli.js",
    playwrightChromium: () => PW,
    ...rest
  }
  return m
}

const installs = (m: Played) => m.commands.filter((c) => !c.startsWith("fc-list"))

describe("findChromium", () => {
  it("takes CHROMIUM_PATH when set, and runs nothing", async () => {
    const m = machine({
      env: { CHROMIUM_PATH: "/opt/my/chromium" },
      files: ["/opt/my/chromium", "/usr/bin/chromium"],
      fonts: true
    })
    expect(await findChromium(m)).toBe("/opt/my/chromium")
    expect(installs(m)).toEqual([])
  })

  it("refuses a CHROMIUM_PATH that does not exist, naming it and the two fixes", async () => {
    const m = machine({ env: { CHROMIUM_PATH: "/nope/chromium" }, files: ["/usr/bin/chromium"], fonts: true })
    await expect(findChromium(m)).rejects.toThrow(
      /CHROMIUM_PATH=\/nope\/chromium: no such file.*install Chromium.*set CHROMIUM_PATH/
    )
  })

  it.each([
    ["Debian's chromium", "linux", "/usr/bin/chromium"],
    ["Ubuntu's chromium-browser", "linux", "/usr/bin/chromium-browser"],
    [
      "Playwright's earlier Chromium (new layout)",
      "linux",
      "/home/u/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome"
    ],
    [
      "Playwright's earlier Chromium (old layout)",
      "linux",
      "/home/u/.cache/ms-playwright/chromium-1097/chrome-linux/chrome"
    ],
    ["macOS Chromium.app", "darwin", "/Applications/Chromium.app/Contents/MacOS/Chromium"],
    [
      "Playwright's earlier Chromium on macOS",
      "darwin",
      "/home/u/Library/Caches/ms-playwright/chromium-1255/chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing"
    ],
    ["Windows Chromium", "win32", "C:/Users/u/AppData/Local/Chromium/Application/chrome.exe"],
    [
      "Playwright's earlier Chromium on Windows",
      "win32",
      "C:/Users/u/AppData/Local/ms-playwright/chromium-1255/chrome-win64/chrome.exe"
    ]
  ] as const)("finds %s", async (_, platform, path) => {
    const m = machine({
      platform,
      files: [path],
      fonts: true,
      env: { LOCALAPPDATA: "C:/Users/u/AppData/Local" }
    })
    expect(await findChromium(m)).toBe(path)
    expect(installs(m)).toEqual([])
  })

  it("prefers the newest of several Playwright revisions", async () => {
    const old = "/home/u/.cache/ms-playwright/chromium-999/chrome-linux/chrome"
    const newer = "/home/u/.cache/ms-playwright/chromium-1200/chrome-linux64/chrome"
    expect(await findChromium(machine({ files: [old, newer], fonts: true }))).toBe(newer)
  })

  it("on Debian as root with nothing installed: apt-get update, then chromium and the fonts in one install", async () => {
    const m = machine({ isRoot: true, files: ["/etc/debian_version"] })
    m.installs.set("apt-get install", ["/usr/bin/chromium", ...ALL_FONTS])
    expect(await findChromium(m)).toBe("/usr/bin/chromium")
    expect(installs(m)).toEqual([
      "env DEBIAN_FRONTEND=noninteractive apt-get update -qq",
      "env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o Dpkg::Use-Pty=0 chromium fonts-noto-cjk fonts-noto-color-emoji"
    ])
    expect(m.lines.join("\n")).toMatch(
      /no Chromium found and no font for Chinese or the chip's bell \(they would be drawn as boxes\).*Installing chromium, fonts-noto-cjk, fonts-noto-color-emoji with apt-get/
    )
  })

  it("skips apt-get update when package lists are there, and installs only the missing font when Chromium is there", async () => {
    const m = machine({
      isRoot: true,
      fonts: [":charset=1f514"],
      files: [
        "/etc/debian_version",
        "/usr/bin/chromium",
        "/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages"
      ]
    })
    m.installs.set("apt-get install", [":lang=zh"])
    expect(await findChromium(m)).toBe("/usr/bin/chromium")
    expect(installs(m)).toEqual([
      "env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o Dpkg::Use-Pty=0 fonts-noto-cjk"
    ])
  })

  it("refreshes stale package lists once when the install fails", async () => {
    const m = machine({ isRoot: true, files: ["/etc/debian_version", "/var/lib/apt/lists/x_Packages"] })
    let tries = 0
    m.run = (command, args) => {
      const text = [command, ...args].join(" ")
      m.commands.push(text)
      if (text.includes("apt-get install") && ++tries === 2) {
        m.files.add("/usr/bin/chromium")
        ALL_FONTS.forEach((f) => m.fonts.add(f))
        return Promise.resolve(0)
      }
      return Promise.resolve(text.includes("apt-get install") ? 100 : 0)
    }
    expect(await findChromium(m)).toBe("/usr/bin/chromium")
    expect(installs(m).map((c) => c.split(" ").slice(2, 4).join(" "))).toEqual([
      "apt-get install",
      "apt-get update",
      "apt-get install"
    ])
  })

  it("elsewhere (macOS, or Linux without root) uses playwright-core's own installer", async () => {
    const m = machine({ platform: "darwin" })
    m.installs.set("install chromium", [PW])
    expect(await findChromium(m)).toBe(PW)
    expect(installs(m)).toEqual([
      `${process.execPath} /repo/node_modules/playwright-core/cli.js install chromium`
    ])
    expect(m.lines.join("\n")).toMatch(/Installing Playwright's Chromium/)

    const debianUser = machine({ files: ["/etc/debian_version"], fonts: true })
    debianUser.installs.set("install chromium", [PW])
    expect(await findChromium(debianUser)).toBe(PW)
    expect(installs(debianUser).some((c) => c.includes("apt-get"))).toBe(false)
  })

  it("falls back to Playwright's installer when apt-get cannot install chromium", async () => {
    const m = machine({ isRoot: true, files: ["/etc/debian_version"] })
    m.failing.add("apt-get")
    m.installs.set("install chromium", [PW])
    expect(await findChromium(m)).toBe(PW)
    expect(m.lines.join("\n")).toMatch(
      /no font for Chinese or the chip's bell \(they would be drawn as boxes\) in the screenshots/
    )
  })

  it("says Google Chrome is not used when it is all there is", async () => {
    const m = machine({ files: ["/usr/bin/google-chrome"], fonts: true })
    m.failing.add("install chromium")
    const error = await findChromium(m).catch((e: Error) => e)
    expect(String(error)).toMatch(
      /since version 137 it ignores --load-extension.*found \/usr\/bin\/google-chrome/
    )
    expect(String(error)).toMatch(/playwright-core install chromium exited 100/)
  })

  it("when nothing works, one message names the two ways to fix it", async () => {
    // An empty machine where the installer runs but leaves no browser.
    const m = machine({ fonts: true })
    const error = await findChromium(m).catch((e: Error) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(
      /^No Chromium found \(looked at \/usr\/bin\/chromium, .*Tried: playwright-core install chromium left no .*Fix it one of two ways: install Chromium .*or set CHROMIUM_PATH/
    )
  })

  it("warns, without failing, when it cannot install a missing font", async () => {
    const m = machine({ files: ["/usr/bin/chromium", "/etc/debian_version"], fonts: [":charset=1f514"] })
    expect(await findChromium(m)).toBe("/usr/bin/chromium")
    expect(m.lines).toEqual([
      expect.stringMatching(/no font for Chinese \(it would .*sudo apt-get install fonts-noto-cjk\)/)
    ])
    expect(installs(m).some((c) => c.includes("apt-get"))).toBe(false)
  })
})
