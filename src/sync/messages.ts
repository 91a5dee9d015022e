// Extension page -> background: the options page's "Sync now" and "Test connection" (the settings
// themselves are saved in chrome.storage.local, which the background follows).
import * as z from "zod"
import { syncConfigSchema } from "./config"

export const syncMessage = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("syncNow") }),
  z.strictObject({ type: z.literal("syncTest"), config: syncConfigSchema })
])
export type SyncMessage = z.infer<typeof syncMessage>
