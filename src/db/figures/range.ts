// Layer: figures. A buyer's 12-month range (src/core/prediction-range.ts: the 10th–90th percentile of the
// BG/NBD distribution of their purchases, and that times their expected order value), computed on read from
// the buyer's stored figures and the shop's last full scoring — the same inputs and as-of day as the stored
// P(alive) and 12-month value (scoring.ts, shopRelativeFields). Not stored: it needs nothing the record lacks,
// costs microseconds for the one buyer a card shows, and storing it would cost every rescore of every buyer.
import { customerRange, dayNumber, type CustomerRange } from "../../core"
import type { CustomerRecord, ShopScoresRecord } from "../schema/database"

export function rangeOfCustomer(
  c: CustomerRecord,
  params: ShopScoresRecord | undefined,
  timeZone: string,
  now: number
): CustomerRange | null {
  if (
    !params ||
    c.orders === 0 ||
    c.firstOrderDay === undefined ||
    c.lastOrderDay === undefined ||
    c.firstDaySpend === undefined
  )
    return null
  return customerRange(
    {
      occasions: c.purchaseDays,
      firstDay: c.firstOrderDay,
      lastDay: c.lastOrderDay,
      asOfDay: Math.max(params.asOfDay, dayNumber(now, timeZone)),
      totalSpent: c.totalSpent,
      firstDaySpend: c.firstDaySpend,
      orders: c.orders
    },
    params.bgnbd,
    params.gammaGamma,
    params.moneyScale
  )
}
