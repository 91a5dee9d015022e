import { describe, expect, it } from "vitest"
import { addedBenefits, benefitPhrases, memberSentence, zheOf } from "../../src/core/benefits"
import type { LevelBenefits } from "../../src/core/levels"

const gold: LevelBenefits = {
  text: ["新品优先试用"],
  discountPercent: 5,
  freeShipping: true,
  birthdayGift: true
}
const diamond: LevelBenefits = {
  text: ["新品优先试用", "专属客服"],
  discountPercent: 10,
  freeShipping: true,
  birthdayGift: true,
  priority: true
}

describe("zheOf", () => {
  it("writes a discount the way Chinese shops do", () => {
    expect(zheOf(5)).toBe("95 折")
    expect(zheOf(10)).toBe("9 折")
    expect(zheOf(12)).toBe("88 折")
    expect(zheOf(2.5)).toBe("9.75 折")
  })
})

describe("memberSentence (zh)", () => {
  it("names the level, the order's benefits, the rest, and what the next level adds and needs", () => {
    expect(
      memberSentence({
        lang: "zh",
        currency: "CNY",
        level: { name: "金卡", benefits: gold },
        next: { name: "钻石", benefits: diamond, spendNeeded: 119_950, ordersNeeded: 3 }
      })
    ).toBe(
      "您是我们的金卡会员，本单可享包邮和 95 折，还有生日礼物和新品优先试用。" +
        "再消费 ¥1,200 或再下 3 单即可升级为钻石会员，尊享 9 折、订单优先处理和专属客服。"
    )
  })

  it("with free text only, and a name already ending in 会员, no next level", () => {
    expect(
      memberSentence({
        lang: "zh",
        currency: "CNY",
        level: { name: "普通会员", benefits: { text: ["上新优先通知"] } }
      })
    ).toBe("您是我们的普通会员，可享上新优先通知。")
  })

  it("without any benefit: thanks, and the next level's needs", () => {
    expect(
      memberSentence({
        lang: "zh",
        currency: "CNY",
        level: { name: "银卡", benefits: { text: [] } },
        next: { name: "金卡", benefits: { text: [] }, spendNeeded: 0, ordersNeeded: 2 }
      })
    ).toBe("您是我们的银卡会员，感谢您一直以来的支持。再下 2 单即可升级为金卡会员。")
  })
})

describe("memberSentence (en)", () => {
  it("names the level, the order's benefits, the rest, and what the next level adds and needs", () => {
    const goldEn: LevelBenefits = { ...gold, text: ["first try of new products"] }
    expect(
      memberSentence({
        lang: "en",
        currency: "USD",
        level: { name: "Gold", benefits: goldEn },
        next: {
          name: "Diamond",
          benefits: { ...diamond, text: ["first try of new products", "a personal service contact"] },
          spendNeeded: 4_001,
          ordersNeeded: 1
        }
      })
    ).toBe(
      "As a Gold member you get free shipping and 5% off on this order, plus a birthday gift and first try of " +
        "new products. Spend $41 more or place 1 more order to become a Diamond member and also get 10% off, " +
        "priority handling of your orders and a personal service contact."
    )
  })

  it("with structured benefits only and no next level", () => {
    expect(
      memberSentence({
        lang: "en",
        currency: "CNY",
        level: { name: "Diamond", benefits: { text: [], priority: true, birthdayGift: true } }
      })
    ).toBe("As a Diamond member you get priority handling of your orders and a birthday gift.")
  })

  it("without any benefit: thanks, and what the next level needs", () => {
    expect(
      memberSentence({
        lang: "en",
        currency: "CNY",
        level: { name: "Member", benefits: { text: ["  "] } },
        next: {
          name: "Silver",
          benefits: { text: [], discountPercent: 2 },
          spendNeeded: 30_000,
          ordersNeeded: 2
        }
      })
    ).toBe(
      "As a Member, thank you for your continued support. Spend ¥300 more or place 2 more orders to become a " +
        "Silver member and also get 2% off."
    )
  })
})

describe("addedBenefits and benefitPhrases", () => {
  it("lists only what the next level gives on top", () => {
    expect(addedBenefits(gold, diamond)).toEqual({ text: ["专属客服"], discountPercent: 10, priority: true })
    expect(addedBenefits(diamond, gold)).toEqual({ text: [] })
    expect(benefitPhrases(gold, "en")).toEqual(["free shipping", "5% off", "a birthday gift", "新品优先试用"])
  })
})
