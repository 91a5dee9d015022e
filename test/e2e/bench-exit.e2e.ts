// `npm run bench` with suites that fail: the run must end by itself (every suite closes what it started),
// exit non-zero and name the failed suites. The prefetch suite fails after starting its back office (an
// HTTPS server that would keep Node alive), as it does on a machine without a browser.
import { spawn } from "node:child_process"
import { resolve } from "node:path"
import { expect, it } from "vitest"
import { repoRoot } from "./browser"

it("a bench run with failing suites ends by itself, exits 1 and names them", async () => {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", resolve(repoRoot, "test/bench/run.ts"), "--only=core,prefetch", "--json"],
    { cwd: repoRoot, env: { ...process.env, HUIKE_BENCH_FAIL: "core,prefetch" } }
  )
  let stdout = ""
  let stderr = ""
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()))
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()))
  // Far longer than the run needs (about 4 s); a run still going then is a hang.
  const killer = setTimeout(() => child.kill("SIGKILL"), 60_000)
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) =>
    child.on("exit", (c, s) => done([c, s]))
  )
  clearTimeout(killer)
  expect(signal, `the bench run did not end by itself:\n${stderr}`).toBeNull()
  expect(code).toBe(1)
  expect(stderr).toContain("forced failure of the prefetch suite")
  expect(stderr).toMatch(/^failed: core, prefetch$/m)
  expect(JSON.parse(stdout)).toEqual({})
})
