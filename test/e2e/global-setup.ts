// Once per end-to-end run, before any test file starts (they run in workers that would otherwise each
// look, and on a fresh machine each install): find or install Chromium and a CJK font, and hand the path
// to the workers through CHROMIUM_PATH.
import { findChromium, thisMachine } from "../browser/find-chromium"

export default async function setup(): Promise<void> {
  process.env.CHROMIUM_PATH = await findChromium(thisMachine())
}
