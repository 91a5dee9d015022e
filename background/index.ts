// Service worker: owns the database and answers the content scripts and extension pages.
import browser from "webextension-polyfill"
import { HuikeDB } from "~src/db/database"
import { handleMessage } from "~src/db/handlers"

const db = new HuikeDB()

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => {
  // Only this extension's own scripts may talk to the database.
  if (sender.id !== browser.runtime.id) return undefined
  return handleMessage(db, message, Date.now())
})

void navigator.storage?.persist?.()
