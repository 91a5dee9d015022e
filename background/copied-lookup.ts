// The copied-text lookup's background half: the shortcut (chrome.commands, LOOKUP_COMMAND) reads what the
// rep copied and opens the buyer-card window on it, reusing the window when it is still open.
//
// A service worker has no clipboard: the text is read in an offscreen document (reason CLIPBOARD,
// tabs/clipboard.tsx) with document.execCommand("paste"), which needs the clipboardRead permission and no
// focus (navigator.clipboard.readText needs a focused document, which an offscreen one never is). The
// permission is optional: until the rep grants it (the card window's button: a user gesture in an extension
// page) the window opens saying how, and nothing is read.
import {
  CARD_PAGE,
  CARD_WINDOW_KEY,
  CLIPBOARD_PERMISSION,
  COPIED_LOOKUP_KEY,
  LOOKUP_COMMAND,
  READ_CLIPBOARD,
  type ClipboardReply,
  type CopiedLookup
} from "~src/ui/copied-lookup"

const CLIPBOARD_PAGE = "tabs/clipboard.html"
const CARD_SIZE = { width: 400, height: 720 }

/** One lookup at a time: each makes and closes the one offscreen document an extension may have. */
let queue: Promise<unknown> = Promise.resolve()

export function wireCopiedLookup(): { lookupCopied(): Promise<void> } {
  const lookupCopied = () => {
    const run = queue.then(readAndShow)
    queue = run.catch(() => undefined)
    return run
  }
  chrome.commands.onCommand.addListener((command) => {
    if (command === LOOKUP_COMMAND)
      void lookupCopied().catch((e: unknown) => console.warn("[huike] copied-text lookup failed:", e))
  })
  return { lookupCopied }
}

/** Reads the clipboard (when allowed), keeps what it found for the card, and shows the card window. */
async function readAndShow(): Promise<void> {
  const found = await readCopied(Date.now())
  await chrome.storage.session.set({ [COPIED_LOOKUP_KEY]: found })
  await showCardWindow()
}

async function readCopied(at: number): Promise<CopiedLookup> {
  if (!(await chrome.permissions.contains({ permissions: [CLIPBOARD_PERMISSION] })))
    return { at, problem: "permission" }
  try {
    const text = await readClipboard()
    return text.trim() === "" ? { at, problem: "empty" } : { at, text }
  } catch (e) {
    return { at, problem: "failed", detail: e instanceof Error ? e.message : String(e) }
  }
}

async function readClipboard(): Promise<string> {
  const url = chrome.runtime.getURL(CLIPBOARD_PAGE)
  const open = await chrome.runtime.getContexts({
    contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [url]
  })
  if (open.length === 0)
    await chrome.offscreen.createDocument({
      url: CLIPBOARD_PAGE,
      reasons: [chrome.offscreen.Reason.CLIPBOARD],
      justification: "Read the buyer nick or order number the rep copied, to look that buyer up"
    })
  try {
    const reply = (await chrome.runtime.sendMessage({ type: READ_CLIPBOARD })) as ClipboardReply | undefined
    if (!reply) throw new Error("the clipboard reader did not answer")
    if (!reply.ok) throw new Error(reply.error)
    return reply.text
  } finally {
    await chrome.offscreen.closeDocument().catch(() => undefined)
  }
}

/** Focuses the card window when it is still open, else opens it (a small popup window). */
async function showCardWindow(): Promise<void> {
  const saved = (await chrome.storage.session.get(CARD_WINDOW_KEY))[CARD_WINDOW_KEY] as number | undefined
  if (saved !== undefined) {
    const card = await chrome.runtime.getContexts({
      contextTypes: [chrome.runtime.ContextType.TAB],
      documentUrls: [chrome.runtime.getURL(CARD_PAGE)],
      windowIds: [saved]
    })
    if (card.length > 0) {
      await chrome.windows.update(saved, { focused: true })
      return
    }
  }
  const created = await chrome.windows.create({
    url: chrome.runtime.getURL(CARD_PAGE),
    type: "popup",
    focused: true,
    ...CARD_SIZE
  })
  if (created?.id !== undefined) await chrome.storage.session.set({ [CARD_WINDOW_KEY]: created.id })
}
