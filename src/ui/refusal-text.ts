// Refused rows as one line a seller reads: "amount not readable (2), buyer name too long (1)". Shared by the
// popup's capture warning and the notice on a page whose whole capture was refused.
import type { RefusalReason } from "../messages"

export function refusalReasonsText(
  groups: readonly { reason: RefusalReason; rows: number }[],
  translate: (key: string) => string,
  zh: boolean
): string {
  return groups.map((g) => `${translate(`refusal_${g.reason}`)} (${g.rows})`).join(zh ? "、" : ", ")
}
