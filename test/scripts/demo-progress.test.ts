// The demo's progress: one line rewritten in place on a terminal, a line per step anywhere else.
import { describe, expect, it } from "vitest"
import { progressTo } from "../../scripts/demo"

function stream(isTTY: boolean) {
  const written: string[] = []
  return {
    written,
    stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream
  }
}

describe("progressTo", () => {
  it("prints each step on its own line when the output is not a terminal", () => {
    const out = stream(false)
    const p = progressTo(out.stream)
    p.step("captured page 1/2")
    p.step("captured page 2/2")
    p.say("done")
    expect(out.written.join("")).toBe("captured page 1/2\ncaptured page 2/2\ndone\n")
  })

  it("rewrites one line on a terminal, and ends it before the next lasting line", () => {
    const out = stream(true)
    const p = progressTo(out.stream)
    p.step("captured page 1/2")
    p.step("captured page 2/2")
    p.say("done")
    expect(out.written.join("")).toBe("\rcaptured page 1/2\x1b[K\rcaptured page 2/2\x1b[K\ndone\n")
  })
})
