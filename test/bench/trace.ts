// Where a bench page's main-thread time goes: a Chrome trace (CDP Tracing) taken around one step, and a
// breakdown of its long tasks by what ran in them (scripts by file, style recalculation, layout, paint,
// garbage collection, timers, message events). Used by test/bench/tagging.bench.ts when HUIKE_BENCH_TRACE
// names a directory (the raw trace is written there too, for chrome://tracing or DevTools).
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import type { BrowserContext, Page } from "playwright-core"

interface TraceEvent {
  name: string
  cat: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
  args?: { name?: string; data?: { url?: string; functionName?: string; type?: string; frame?: string } }
}

const CATEGORIES = [
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  "disabled-by-default-devtools.timeline.frame",
  "blink.user_timing",
  "v8.execute",
  "toplevel"
].join(",")

/** Runs `step` with the page traced; returns its result and the long tasks' breakdown (lines). */
export async function traced<T>(
  context: BrowserContext,
  page: Page,
  file: string | undefined,
  step: () => Promise<T>
): Promise<{ result: T; lines: string[] }> {
  if (!file) return { result: await step(), lines: [] }
  const cdp = await context.newCDPSession(page)
  await cdp.send("Tracing.start", { categories: CATEGORIES, transferMode: "ReturnAsStream" })
  const result = await step()
  const done = new Promise<{ stream?: string }>((resolve) => cdp.once("Tracing.tracingComplete", resolve))
  await cdp.send("Tracing.end")
  const { stream } = await done
  let text = ""
  for (;;) {
    const chunk = (await cdp.send("IO.read", { handle: stream! })) as { data: string; eof: boolean }
    text += chunk.data
    if (chunk.eof) break
  }
  await cdp.send("IO.close", { handle: stream! })
  await cdp.detach()
  writeFileSync(file, text)
  const parsed = JSON.parse(text) as { traceEvents: TraceEvent[] } | TraceEvent[]
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents
  return { result, lines: longTasks(events) }
}

/** The page's renderer main threads: long tasks (over 16 ms) and what filled them. */
export function longTasks(events: TraceEvent[], over = 16): string[] {
  const mains = new Set<string>()
  for (const e of events)
    if (e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain")
      mains.add(`${e.pid}:${e.tid}`)
  const lines: string[] = []
  const byThread = new Map<string, TraceEvent[]>()
  for (const e of events) {
    if (e.ph !== "X" || e.dur === undefined || !mains.has(`${e.pid}:${e.tid}`)) continue
    const key = `${e.pid}:${e.tid}`
    const list = byThread.get(key) ?? []
    list.push(e)
    byThread.set(key, list)
  }
  for (const [thread, list] of byThread) {
    list.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!)
    const tasks = list.filter((e) => e.name === "RunTask" || e.name === "ThreadControllerImpl::RunTask")
    const start = list[0]?.ts ?? 0
    const long = tasks.filter((t) => t.dur! / 1000 > over)
    if (long.length === 0) continue
    lines.push(`  trace ${thread}: ${tasks.length} tasks, ${long.length} over ${over} ms`)
    for (const task of long) {
      const end = task.ts + task.dur!
      const inside = list.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= end)
      // Self time per kind, from the innermost events (what a profile's bottom-up view shows).
      const parts = new Map<string, number>()
      const stack: TraceEvent[] = []
      const label = (e: TraceEvent) => {
        const d = e.args?.data
        if (e.name === "FunctionCall" || e.name === "EvaluateScript" || e.name === "v8.callFunction")
          return `script ${(d?.url ?? "").replace(/^.*\//, "") || "?"}${d?.functionName ? ` ${d.functionName}` : ""}`
        if (e.name === "EventDispatch") return `event ${d?.type ?? ""}`
        return e.name
      }
      for (const e of inside) {
        while (stack.length > 0 && stack[stack.length - 1].ts + stack[stack.length - 1].dur! <= e.ts)
          stack.pop()
        const parent = stack[stack.length - 1]
        if (parent) parts.set(label(parent), (parts.get(label(parent)) ?? 0) - e.dur!)
        parts.set(label(e), (parts.get(label(e)) ?? 0) + e.dur!)
        stack.push(e)
      }
      const top = [...parts.entries()]
        .filter(([, us]) => us > 500)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([name, us]) => `${name} ${(us / 1000).toFixed(1)}`)
      lines.push(
        `    at ${((task.ts - start) / 1000).toFixed(0)} ms: ${(task.dur! / 1000).toFixed(1)} ms — ${top.join(", ")}`
      )
    }
  }
  return lines
}

/** A trace file's path for one step, when HUIKE_BENCH_TRACE names a directory. */
export function traceFile(step: string): string | undefined {
  const dir = process.env.HUIKE_BENCH_TRACE
  return dir ? join(dir, `${step}.json`) : undefined
}

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
}

/** With HUIKE_BENCH_TRACE set: a CPU profile of `step`'s page, its functions by self time (top `top`). */
export async function profiled<T>(
  context: BrowserContext,
  page: Page,
  step: () => Promise<T>,
  top = 12
): Promise<{ result: T; lines: string[] }> {
  if (!process.env.HUIKE_BENCH_TRACE) return { result: await step(), lines: [] }
  const cdp = await context.newCDPSession(page)
  await cdp.send("Profiler.enable")
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 })
  await cdp.send("Profiler.start")
  const result = await step()
  const { profile } = (await cdp.send("Profiler.stop")) as {
    profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }
  }
  await cdp.detach()
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame
    const key = `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*\//, "")}:${f.lineNumber}:${f.columnNumber}`
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0))
  })
  const lines = [...self.entries()]
    .filter(([k]) => !k.startsWith("(idle)") && !k.startsWith("(program)"))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, us]) => `    self ${(us / 1000).toFixed(1)} ms ${k}`)
  return { result, lines: ["  profile:", ...lines] }
}
