// The Taobao side of the history reading: which list requests may be repeated, how a page of the answer is
// counted, and that the repeat changes only the page number (and the tab).
import { describe, expect, it } from "vitest"
import { OLDER_ORDERS_TAB_CODE, taobaoHistory } from "../../../src/adapters/taobao/history"
import type { ListRequest } from "../../../src/history/reader"

const URL_ =
  "https://trade.taobao.com/trade/itemlist/asyncSold.htm?event_submit_do_query=1&_input_charset=utf8"
/** The workbench's form, as ../shared/MARKETPLACES.md lists it. */
const FORM =
  "isQnNew=true&isHideNick=true&action=itemlist%2FSoldQueryAction&pageNum=1&prePageNo=1&pageSize=15" +
  "&tabCode=latest3Months&orderStatus=&unionSearch=&buyerNick=&dateBegin=0&dateEnd=0"
const request = (body: string): ListRequest => ({
  url: URL_,
  method: "POST",
  headers: {
    accept: "application/json, text/plain, */*",
    "content-type": "application/x-www-form-urlencoded"
  },
  body
})

describe("taobaoHistory", () => {
  it("repeats the unfiltered list of the last three months, not a search, a status tab or a date range", () => {
    expect(taobaoHistory.isWholeListRequest(request(FORM))).toBe(true)
    expect(taobaoHistory.isWholeListRequest(request(FORM.replace("buyerNick=", "buyerNick=tb123")))).toBe(
      false
    )
    expect(taobaoHistory.isWholeListRequest(request(FORM.replace("latest3Months", "waitSend")))).toBe(false)
    expect(taobaoHistory.isWholeListRequest(request(FORM.replace("orderStatus=", "orderStatus=PAID")))).toBe(
      false
    )
    expect(
      taobaoHistory.isWholeListRequest(request(FORM.replace("dateBegin=0", "dateBegin=1700000000000")))
    ).toBe(false)
    expect(taobaoHistory.isWholeListRequest({ ...request(FORM), method: "GET" })).toBe(false)
    expect(
      taobaoHistory.isWholeListRequest({ ...request(FORM), url: "https://trade.taobao.com/x.htm" })
    ).toBe(false)
    expect(taobaoHistory.isWholeListRequest({ ...request(FORM), body: null })).toBe(false)
  })

  it("changes only the page number, the page it comes from and the tab", () => {
    const next = taobaoHistory.requestFor(request(FORM), OLDER_ORDERS_TAB_CODE, 7)
    const before = new URLSearchParams(FORM)
    const after = new URLSearchParams(next.body!)
    expect(after.get("pageNum")).toBe("7")
    expect(after.get("prePageNo")).toBe("6")
    expect(after.get("tabCode")).toBe(OLDER_ORDERS_TAB_CODE)
    for (const [k, v] of before)
      if (!["pageNum", "prePageNo", "tabCode"].includes(k)) expect(after.get(k)).toBe(v)
    expect([...after.keys()]).toEqual([...before.keys()])
    expect(next.url).toBe(URL_)
    expect(next.headers).toEqual(request(FORM).headers)
  })

  it("reads the page counts of an answer, and none from a throttled one", () => {
    expect(
      taobaoHistory.paging({
        mainOrders: [],
        page: { currentPage: 2, pageSize: 15, totalPage: 36, totalNumber: 532 }
      })
    ).toEqual({ currentPage: 2, totalPages: 36, totalOrders: 532 })
    expect(taobaoHistory.paging({ rgv587_flag: "sm", url: "https://bixi.alicdn.com/punish/x" })).toBeNull()
    expect(
      taobaoHistory.paging({ mainOrders: [], page: { currentPage: "3", totalPage: "9", totalNumber: "130" } })
    ).toEqual({ currentPage: 3, totalPages: 9, totalOrders: 130 })
  })
})
