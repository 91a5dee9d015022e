// Service worker: owns the database and answers the content scripts and extension pages.
import browser from "webextension-polyfill"
import { HuikeDB } from "~src/db/database"
import { handleMessage } from "~src/db/handlers"
import { FOCUS_KEY } from "~src/messages"

const db = new HuikeDB()

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => {
  // Only this extension's own scripts may talk to the database.
  if (sender.id !== browser.runtime.id) return undefined
  return handleMessage(db, message, Date.now(), {
    async onFocus(customerKey, openPanel) {
      const tabId = sender.tab?.id
      // Opening needs the rep's click, which the message carries, so it goes first (before any await);
      // a refusal only leaves the panel closed.
      const opening =
        openPanel && tabId !== undefined
          ? chrome.sidePanel?.open({ tabId }).catch(() => undefined)
          : undefined
      await browser.storage.session.set({ [FOCUS_KEY]: { customerKey, at: Date.now() } })
      await opening
    }
  })
})

void navigator.storage?.persist?.()
