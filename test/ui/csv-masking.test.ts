// The campaign CSV de-identifies every contact field while masking is on, including a buyer keyed on an
// e-mail (Shopify, Amazon) and a personal name; a Taobao member nick stays as the platform shows it.
import Papa from "papaparse"
import { describe, expect, it } from "vitest"
import { customersCsv } from "../../src/ui/dashboard/csv"
import type { CustomerRow } from "../../src/ui/dashboard/owner-data"

const row = (over: Partial<CustomerRow>): CustomerRow => ({
  key: "",
  buyerId: "",
  segment: null,
  memberLevel: "member",
  orders: 1,
  totalSpent: 12_345,
  currency: "USD",
  repeatBuyer: false,
  firstOrderDay: "2026-01-02",
  lastOrderDay: "2026-01-02",
  daysSinceLastOrder: 3,
  pAlive: null,
  clv12m: null,
  tagIds: [],
  ...over
})

const rows = [
  row({
    key: "shopify:demo:alice@example.com",
    buyerId: "alice@example.com",
    buyerEmail: "alice@example.com",
    buyerNick: "Alice Chen"
  }),
  row({
    key: "taobao:回客唱片旗舰店:2079908227",
    buyerId: "2079908227",
    buyerNick: "陈小平",
    currency: "CNY"
  })
]

const read = (csv: string) =>
  Papa.parse<Record<string, string>>(csv.replace(/^\ufeff/, ""), { header: true, skipEmptyLines: true }).data

describe("campaign CSV masking", () => {
  it("masks e-mail keys, e-mails and personal names; keeps a Taobao member nick", () => {
    expect(
      read(customersCsv(rows, { mask: true, lang: "en" })).map((r) => [
        r.customer_key,
        r.buyer_id,
        r.nick,
        r.email
      ])
    ).toEqual([
      ["shopify:demo:a****@example.com", "a****@example.com", "Alice C***", "a****@example.com"],
      ["taobao:回客唱片旗舰店:2079908227", "2079908227", "陈小平", ""]
    ])
  })

  it("gives everything in full when the owner chose full contacts", () => {
    expect(
      read(customersCsv(rows, { mask: false, lang: "en" })).map((r) => [
        r.customer_key,
        r.buyer_id,
        r.nick,
        r.email
      ])
    ).toEqual([
      ["shopify:demo:alice@example.com", "alice@example.com", "Alice Chen", "alice@example.com"],
      ["taobao:回客唱片旗舰店:2079908227", "2079908227", "陈小平", ""]
    ])
  })
})
