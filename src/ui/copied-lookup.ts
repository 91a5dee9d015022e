// The copied-text lookup for reps who chat in the 千牛 desktop client (no extension reaches it): they copy a
// buyer's nick or an order number there and press Huike's shortcut; the background reads the clipboard
// (background/copied-lookup.ts) and the buyer-card window (tabs/buyer-card.tsx) shows that buyer. What the
// two share: the command's name, where the last lookup is kept, and the card's one message.
import * as z from "zod"

/** The command in the manifest (package.json "manifest".commands). */
export const LOOKUP_COMMAND = "lookup-copied"

/** The optional permission the clipboard is read with, asked for once from the card window. */
export const CLIPBOARD_PERMISSION: chrome.runtime.ManifestPermission = "clipboardRead"

/** The card window's page. */
export const CARD_PAGE = "tabs/buyer-card.html"

/** chrome.storage.session key: the last copied-text lookup (CopiedLookup); the card window follows it. */
export const COPIED_LOOKUP_KEY = "huike.copiedLookup"

/** chrome.storage.session key: the card window's id, so a second lookup reuses it. */
export const CARD_WINDOW_KEY = "huike.cardWindow"

/** What the last press of the shortcut found on the clipboard. */
export type CopiedLookup =
  | { at: number; text: string }
  /**
   * permission: clipboardRead is not granted yet; empty: nothing (or no text) was copied; failed: the
   * clipboard could not be read (`detail` says why).
   */
  | { at: number; problem: "permission" | "empty" | "failed"; detail?: string }

/** Card window -> background: read the clipboard again and look it up (after "Allow", or "Look up again"). */
export const lookupCopiedMessage = z.strictObject({ type: z.literal("lookupCopied") })

/** Background -> offscreen document: the clipboard's text. */
export const READ_CLIPBOARD = "huike.readClipboard"
export const readClipboardMessage = z.strictObject({ type: z.literal(READ_CLIPBOARD) })
export type ClipboardReply = { ok: true; text: string } | { ok: false; error: string }
