// Chips on rows of unknown markup follow the orders the page's answers named: found by the order number,
// placed after the buyer's name in that row (whole or masked), never in another buyer's row, never in what
// a rep types, never in Huike's own UI.
// @vitest-environment happy-dom
import { describe, expect, it } from "vitest"
import { findAnswerMentions, masks, type AnsweredOrder } from "../../src/ui/answer-mentions"

const order = (orderId: string, buyerNick: string, lookupName = buyerNick): AnsweredOrder => ({
  orderId,
  buyerNick,
  lookupName
})

/** Test markup (ours, not a page's) parsed into the document. */
function page(html: string): HTMLElement {
  const parsed = new DOMParser().parseFromString(html, "text/html")
  document.body.replaceChildren(...parsed.body.childNodes)
  return document.body
}

describe("masks", () => {
  it.each([
    ["l**8", "leo桂1978", true],
    ["陈**平", "陈小平", true],
    ["t*", "tb123", true],
    ["l**9", "leo桂1978", false],
    ["x**8", "leo桂1978", false],
    ["leo桂1978", "leo桂1978", false],
    ["**", "anything", false]
  ])("%s masks %s: %s", (shown, name, expected) => expect(masks(shown, name)).toBe(expected))
})

describe("findAnswerMentions", () => {
  it("puts each chip after its own row's buyer, masked nicks of two buyers told apart by order number", () => {
    const root = page(`
      <table>
        <tr><td><span>订单号：</span><span id="o1">3000000000000000001</span></td><td><span id="n1">陈**平</span></td></tr>
        <tr><td><span>订单号：</span><span id="o2">3000000000000000002</span></td><td><span id="n2">陈**平</span></td></tr>
        <tr><td><span>订单号：3000000000000000003</span></td><td><span id="n3">l**8</span></td></tr>
      </table>`)
    const orders = new Map(
      [
        order("3000000000000000001", "陈**平", "#2000104729"),
        order("3000000000000000002", "陈**平", "#2000999999"),
        order("3000000000000000003", "leo桂1978")
      ].map((o) => [o.orderId, o])
    )
    const found = findAnswerMentions(root, orders)
    expect(found.map((m) => [m.element.id, m.lookupName, m.buyerNick])).toEqual([
      ["n1", "#2000104729", "陈**平"],
      ["n2", "#2000999999", "陈**平"],
      ["n3", "leo桂1978", "leo桂1978"]
    ])
  })

  it("finds a nick with a long digit run (tb524497367) as its row's name, not as another order's number", () => {
    const root = page(`
      <table>
        <tr><td><span>订单号：</span><span id="o1">3006921818173932610</span></td><td><span id="n1">tb524497367</span></td></tr>
        <tr><td><span>订单号：</span><span id="o2">3006921818173932611</span></td><td><span id="n2">tb524497368</span></td></tr>
      </table>`)
    const orders = new Map(
      [order("3006921818173932610", "tb524497367"), order("3006921818173932611", "tb524497368")].map((o) => [
        o.orderId,
        o
      ])
    )
    expect(findAnswerMentions(root, orders).map((m) => [m.element.id, m.buyerNick])).toEqual([
      ["n1", "tb524497367"],
      ["n2", "tb524497368"]
    ])
  })

  it("falls back to the order number when the row shows no name, and ignores unknown or partial numbers", () => {
    const root = page(`
      <div class="r"><span id="o1">3000000000000000001</span><span>another text</span></div>
      <div class="r"><span>30000000000000000019</span><span>小鱼儿</span></div>
      <div class="r"><span>3999999999999999999</span><span>小鱼儿</span></div>`)
    const found = findAnswerMentions(
      root,
      new Map([["3000000000000000001", order("3000000000000000001", "小鱼儿")]])
    )
    expect(found.map((m) => m.element.id)).toEqual(["o1"])
  })

  it("never anchors in editable content or inside Huike's own UI", () => {
    const root = page(`
      <div><textarea>3000000000000000001</textarea><div contenteditable="true"><span>3000000000000000002</span></div></div>
      <huike-chip><span>3000000000000000003</span></huike-chip>
      <div><span id="o4">3000000000000000004</span><div contenteditable="true">小鱼儿</div></div>`)
    const orders = new Map(
      ["3000000000000000001", "3000000000000000002", "3000000000000000003", "3000000000000000004"].map(
        (id) => [id, order(id, "小鱼儿")]
      )
    )
    expect(findAnswerMentions(root, orders).map((m) => m.element.id)).toEqual(["o4"])
  })
})
