// `npm run bench [-- --json] [-- --only=core,store]`: runs every benchmark suite and prints its figures.
// Human-readable lines go to stdout, or to stderr with --json, where stdout carries one flat JSON object of
// named metrics. A metric that could not be measured is left out, never faked. A suite that fails closes
// what it started (browsers, back offices) so the run goes on and ends by itself; the run then exits 1
// and names the failed suites. HUIKE_BENCH_FAIL=<suite> forces one to fail (see failIfForced).
import type { BenchSuite } from "./suite"

const suites: Record<string, () => Promise<{ default: BenchSuite }>> = {
  core: () => import("./core.bench"),
  history: () => import("./history.bench"),
  model: () => import("./model.bench"),
  overlay: () => import("./overlay.bench"),
  owner: () => import("./owner.bench"),
  prefetch: () => import("./prefetch.bench"),
  store: () => import("./store.bench"),
  sync: () => import("./sync.bench"),
  tagging: () => import("./tagging.bench")
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const json = args.includes("--json")
  // --only=core,store or --only core,store
  const at = args.indexOf("--only")
  const onlyArg =
    args.find((a) => a.startsWith("--only="))?.slice("--only=".length) ?? (at >= 0 ? args[at + 1] : undefined)
  const only = onlyArg ? new Set(onlyArg.split(",")) : null
  const log = (line: string) => (json ? process.stderr : process.stdout).write(line + "\n")
  const metrics: Record<string, number> = {}
  const failed: string[] = []
  for (const [name, load] of Object.entries(suites)) {
    if (only && !only.has(name)) continue
    log(`# ${name}`)
    try {
      const suite = (await load()).default
      const result = await suite.run(log)
      for (const [key, value] of Object.entries(result)) {
        if (Number.isFinite(value)) metrics[key] = value
      }
    } catch (error) {
      failed.push(name)
      log(`  ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    }
  }
  if (json) process.stdout.write(JSON.stringify(metrics) + "\n")
  if (failed.length > 0) log(`failed: ${failed.join(", ")}`)
  process.exitCode = failed.length > 0 ? 1 : 0
}

void main()
