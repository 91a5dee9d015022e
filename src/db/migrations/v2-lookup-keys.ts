// Layer: migrations. Schema v2's data step: every customer gets its lookupKeys (one multi-entry index answers
// "who is this name" for nick, id and e-mail at once), and every shop is flagged for a full rescore, which
// brings the figures v1 never stored (first/last purchase day, first-day spend, RFM, predictions).
import type { Transaction } from "dexie"
import { RESCORE_ALL_KEY, type CustomerRecord, type SettingRecord } from "../schema/database"
import { lookupKeysOf } from "../schema/keys"

export async function v2LookupKeys(tx: Transaction): Promise<void> {
  await tx
    .table<CustomerRecord, string>("customers")
    .toCollection()
    .modify((c) => {
      c.lookupKeys = lookupKeysOf(c)
    })
  // The background runs the full rescore when it sees this flag.
  await tx.table<SettingRecord, string>("settings").put({ key: RESCORE_ALL_KEY, value: true })
}
