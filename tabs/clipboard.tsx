// The offscreen document the background reads the clipboard in (background/copied-lookup.ts): a service
// worker has no clipboard, and navigator.clipboard.readText needs a focused document, which an offscreen
// one never is. document.execCommand("paste") into a text area needs only the clipboardRead permission.
import { readClipboardMessage, type ClipboardReply } from "~src/ui/copied-lookup"

function readClipboard(): ClipboardReply {
  const area = document.createElement("textarea")
  document.body.append(area)
  try {
    area.focus()
    if (!document.execCommand("paste")) return { ok: false, error: "the browser refused to paste" }
    return { ok: true, text: area.value }
  } finally {
    area.remove()
  }
}

chrome.runtime.onMessage.addListener((message: unknown, sender, reply: (answer: ClipboardReply) => void) => {
  if (sender.id !== chrome.runtime.id || !readClipboardMessage.safeParse(message).success) return undefined
  reply(readClipboard())
  return undefined
})

export default function Clipboard() {
  return null
}
