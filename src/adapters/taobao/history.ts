// Reading a Taobao shop's whole sold-orders history: what the list request the page makes looks like
// (asyncSold.htm, a urlencoded form), how its pages are counted, and the two views it walks — the last three
// months (tabCode=latest3Months, the page's default) and the older orders (三个月前订单).
//
// The older-orders tab's form value is NOT known (../shared/MARKETPLACES.md: "the form value that tab sends is
// not known here"): OLDER_ORDERS_TAB_CODE is an assumption, kept in this one constant. When Taobao answers it
// with something that is not an order list, the reading says the older orders could not be read.
import * as z from "zod"
import type { HistorySource, ListPaging, ListRequest } from "../../history/reader"
import { apiPatterns } from "./selectors"

/** The page's default tab: orders of the last three months. */
export const RECENT_TAB_CODE = "latest3Months"
/** ASSUMED value of the 三个月前订单 tab (unknown; see the header comment). */
export const OLDER_ORDERS_TAB_CODE = "before3Months"

/** Form fields that narrow the list (a search, a status, a date range): such a list is not the history. */
const FILTERS = ["buyerNick", "unionSearch", "orderStatus", "itemTitle", "auctionId", "logisticsService"]
const DATE_FILTERS = ["dateBegin", "dateEnd", "payDateBegin", "payDateEnd"]

const pagingSchema = z.looseObject({
  page: z.looseObject({
    currentPage: z.coerce.number().int().min(1),
    totalPage: z.coerce.number().int().min(0),
    totalNumber: z.coerce.number().int().min(0)
  }),
  mainOrders: z.array(z.unknown())
})

function form(request: ListRequest): URLSearchParams | null {
  if (request.body === null) return null
  return new URLSearchParams(request.body)
}

export const taobaoHistory: HistorySource = {
  timeZone: "Asia/Shanghai",
  views: [
    { id: RECENT_TAB_CODE, label: { en: "the last three months", zh: "近三个月订单" } },
    { id: OLDER_ORDERS_TAB_CODE, label: { en: "orders older than three months", zh: "三个月前订单" } }
  ],
  isWholeListRequest(request) {
    if (request.method.toUpperCase() !== "POST") return false
    if (!apiPatterns.some((p) => p.test(request.url))) return false
    const f = form(request)
    if (!f || f.get("action") !== "itemlist/SoldQueryAction") return false
    if ((f.get("tabCode") ?? RECENT_TAB_CODE) !== RECENT_TAB_CODE) return false
    if (FILTERS.some((k) => (f.get(k) ?? "").trim() !== "")) return false
    return DATE_FILTERS.every((k) => ["", "0"].includes((f.get(k) ?? "").trim()))
  },
  paging(body): ListPaging | null {
    const parsed = pagingSchema.safeParse(body)
    if (!parsed.success) return null
    const { currentPage, totalPage, totalNumber } = parsed.data.page
    return { currentPage, totalPages: totalPage, totalOrders: totalNumber }
  },
  requestFor(template, viewId, page) {
    const f = form(template) ?? new URLSearchParams()
    f.set("pageNum", String(page))
    // The page sends the page it comes from; from one page to the next that is the one before.
    if (f.has("prePageNo")) f.set("prePageNo", String(Math.max(1, page - 1)))
    f.set("tabCode", viewId)
    return { ...template, body: f.toString() }
  }
}
