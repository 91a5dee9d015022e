// What the options page saves about the shop's server, what the engine reports back, and how a failure
// reads. The password lives in chrome.storage.local only and is sent to the server's origin only.
import * as z from "zod"

export {
  SYNC_ALARM,
  SYNC_CONFIG_KEY,
  SYNC_EVERY_MINUTES,
  SYNC_LIVE_PORT,
  SYNC_SETTLE_MS,
  SYNC_STATUS_KEY
} from "./keys"
import { SYNC_CONFIG_KEY } from "./keys"

export const syncConfigSchema = z.strictObject({
  server: z.string().min(1).max(500),
  database: z
    .string()
    .regex(/^[a-z][a-z0-9_$()+/-]*$/, "a CouchDB database name: lower-case letters, digits and _$()+-/")
    .max(200),
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(500),
  paused: z.boolean().optional()
})
export type SyncConfig = z.infer<typeof syncConfigSchema>

export type SyncState = "off" | "paused" | "syncing" | "synced" | "offline" | "refused" | "error"

export interface SyncStatus {
  state: SyncState
  /** UTC ms of the last complete sync. */
  at?: number
  /** Local changes the server has not received yet. */
  pending: number
  /** The server's or the network's words, for "error". */
  detail?: string
  /** While syncing: how far this pass got (each counter only goes up during a pass). */
  progress?: SyncProgress
}

export interface SyncProgress {
  /** Documents sent to the server, of `toSend` (what waited when the pass started, outbox included). */
  sent?: number
  toSend?: number
  /** Documents received from the server, of about `expected` (the server's count less this browser's). */
  received?: number
  expected?: number
  /** Received documents stored into this browser's store. */
  stored?: number
}

export class ServerAddressError extends Error {
  override name = "ServerAddressError"
}

/**
 * "https://couch.example.com:6984/" -> its origin and the host permission to ask for. Plain http only to
 * this machine (a server on localhost); anything else would send the password in the clear.
 */
export function serverOriginOf(text: string): { origin: string; pattern: string } {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    throw new ServerAddressError(`"${text}" is not a web address`)
  }
  const local = url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]"
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local))
    throw new ServerAddressError(`the server must use https (plain http only on localhost): ${url.origin}`)
  if (url.username || url.password)
    throw new ServerAddressError("put the user name and password in their own fields")
  return { origin: url.origin, pattern: `${url.origin}/*` }
}

export class SyncRefusedError extends Error {
  override name = "SyncRefusedError"
}

/** A failed request as the status line says it: refused sign-in, offline, or the server's own words. */
export function describeSyncError(e: unknown): Pick<SyncStatus, "state" | "detail"> {
  const err = e as { status?: number; name?: string; message?: string; reason?: string }
  if (e instanceof SyncRefusedError || err.status === 401 || err.status === 403)
    return { state: "refused", detail: err.reason ?? err.message }
  if (err.status === 404) return { state: "error", detail: "no such database on the server" }
  // fetch's network failure (TypeError) or PouchDB's wrapper of it (status 0 / none).
  if (!err.status || err.name === "TypeError") return { state: "offline", detail: err.message }
  return { state: "error", detail: err.reason ?? err.message ?? String(e) }
}

/** The host permission the shop's server was granted under (not a back office: no scripts go there). */
export async function syncServerPattern(): Promise<string | null> {
  const parsed = syncConfigSchema.safeParse(
    (await chrome.storage.local.get(SYNC_CONFIG_KEY))[SYNC_CONFIG_KEY]
  )
  if (!parsed.success) return null
  try {
    return serverOriginOf(parsed.data.server).pattern
  } catch {
    return null
  }
}
