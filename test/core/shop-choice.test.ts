import { describe, expect, it } from "vitest"
import { fileUnder, shopChoice } from "../../src/core/shop-choice"

const tb = (shopId: string) => ({ platform: "taobao" as const, shopId })

describe("which shop an export file's orders go to", () => {
  it("suggests the one shop of the platform the pages filled when the file names another", () => {
    expect(shopChoice([tb("茶香小铺旗舰店"), tb("茶香小铺旗舰店")], [tb("茶香小铺")])).toEqual({
      file: tb("茶香小铺旗舰店"),
      known: [tb("茶香小铺")],
      suggested: tb("茶香小铺")
    })
    // An export without shop columns is filed as "taobao": the same suggestion.
    expect(shopChoice([tb("taobao")], [tb("茶香小铺")])?.suggested).toEqual(tb("茶香小铺"))
  })

  it("offers the choice but keeps the file's shop when the profile holds several of the platform", () => {
    const choice = shopChoice([tb("c")], [tb("a"), { platform: "shopify", shopId: "x" }, tb("b")])
    expect(choice).toEqual({ file: tb("c"), known: [tb("a"), tb("b")], suggested: tb("c") })
  })

  it("asks nothing when the profile already holds the file's shop, holds none of its platform, or the file names several", () => {
    expect(shopChoice([tb("a")], [tb("a"), tb("b")])).toBeNull()
    expect(shopChoice([tb("a")], [{ platform: "shopify", shopId: "a" }])).toBeNull()
    expect(shopChoice([tb("a"), tb("b")], [tb("c")])).toBeNull()
    expect(shopChoice([], [tb("c")])).toBeNull()
  })

  it("refiles the orders under the chosen shop and leaves everything else as it was", () => {
    const orders = [{ ...tb("file"), orderId: "1", amount: 5 }]
    expect(fileUnder(orders, tb("茶香小铺"))).toEqual([{ ...tb("茶香小铺"), orderId: "1", amount: 5 }])
    expect(orders[0].shopId).toBe("file")
  })
})
