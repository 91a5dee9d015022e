// What a page parser collects row by row: the orders it can store, and every row it refuses with a reason
// (its problem line for the capture log, and a reason code the popup groups). Each built order is checked
// against the limits the background enforces (src/refusals.ts), so a row that breaks one is refused here,
// as a row, and the rest of the page is stored.
import type { CapturedOrder } from "../core/types"
import type { RefusalReason, RefusedRow } from "../messages"
import { checkCapturedOrder } from "../refusals"

export interface AnswerRows {
  orders: CapturedOrder[]
  problems: string[]
  refused: RefusedRow[]
  /** Refuses the row at `index` (0-based in the answer); `problem` is its line for the capture log. */
  refuse(index: number, reason: RefusalReason, problem: string): void
  /** Keeps the order when it is within every limit, else refuses its row (`label` names it in the log). */
  accept(index: number, order: CapturedOrder, label?: string): void
}

export function answerRows(): AnswerRows {
  const rows: AnswerRows = {
    orders: [],
    problems: [],
    refused: [],
    refuse(index, reason, problem) {
      rows.problems.push(problem)
      rows.refused.push({ row: index + 1, reason, detail: problem.slice(0, 500) })
    },
    accept(index, order, label = `order ${index + 1} ${order.orderId}`.slice(0, 200)) {
      const check = checkCapturedOrder(order)
      if (check.ok) rows.orders.push(order)
      else rows.refuse(index, check.reason, `${label}: ${check.detail}`)
    }
  }
  return rows
}
