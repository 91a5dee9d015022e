import fc from "fast-check"
import { describe, expect, it } from "vitest"

import {
  displayBuyer,
  maskAddress,
  maskBuyerId,
  maskEmail,
  maskName,
  maskPhone,
  phoneTailOf
} from "../../src/core/privacy"

describe("contact masking", () => {
  it("shows at most five digits of a phone number", () => {
    expect(maskPhone("13812345623")).toBe("13*******23")
    expect(maskPhone("+1 (206) 555-0100")).toBe("12*******00")
    expect(maskPhone("5550")).toBe("****")
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9 +()-]{0,30}$/), (p) => {
        const shown = maskPhone(p).replace(/\*/g, "")
        expect(shown.length).toBeLessThanOrEqual(5)
        expect(maskPhone(p).length).toBe(p.replace(/\D/g, "").length)
      })
    )
  })

  it("hides a character of a name", () => {
    expect(maskName("陈小平")).toBe("陈*平")
    expect(maskName("张三")).toBe("张*")
    expect(maskName("欧阳娜娜")).toBe("欧**娜")
    expect(maskName("Alice Chen")).toBe("Alice C***")
    expect(maskName("Madonna")).toBe("M******")
  })

  it("keeps an e-mail's first character and domain", () => {
    expect(maskEmail("alice@example.com")).toBe("a****@example.com")
    expect(maskEmail("x@y.z")).toBe("x*@y.z")
  })

  it("drops an address's street detail", () => {
    expect(maskAddress("浙江省 杭州市 西湖区 文三路 100号")).toBe("浙江省 杭州市 西湖区 ****")
    expect(maskAddress("北京市朝阳区建国路88号")).toBe("北京市朝阳区 ****")
    expect(maskAddress("1 Pine St, Seattle, WA 98101")).toBe("****, Seattle, WA 98101")
  })

  it("masks a buyer key that is an e-mail or a mobile number, and nothing else", () => {
    expect(maskBuyerId("jjy7lv5tzkg3h19@marketplace.amazon.com")).toBe(
      "j**************@marketplace.amazon.com"
    )
    expect(maskBuyerId("13812345623")).toBe("13*******23")
    expect(maskBuyerId("+86 138-1234-5623")).toBe("861********23")
    expect(maskBuyerId("2079908227")).toBe("2079908227")
    expect(maskBuyerId("leo桂1978")).toBe("leo桂1978")
  })

  it("names a buyer de-identified unless full contacts are chosen; a Taobao member nick stays", () => {
    const taobao = { platform: "taobao", buyerNick: "陈小平", buyerId: "2079908227" }
    const shopify = { platform: "shopify", buyerNick: "Alice Chen", buyerId: "alice@example.com" }
    const bare = { platform: "shopify", buyerId: "alice@example.com" }
    expect(displayBuyer(taobao, true)).toBe("陈小平")
    expect(displayBuyer(shopify, true)).toBe("Alice C***")
    expect(displayBuyer({ ...shopify, buyerNick: "陈小平" }, true)).toBe("陈*平")
    expect(displayBuyer(bare, true)).toBe("a****@example.com")
    expect(displayBuyer(shopify, false)).toBe("Alice Chen")
    expect(displayBuyer(bare, false)).toBe("alice@example.com")
    // Of any e-mail key, only its first character and its domain are shown.
    fc.assert(
      fc.property(fc.emailAddress(), fc.constantFrom("shopify", "amazon", "vendure"), (email, platform) => {
        const shown = displayBuyer({ platform, buyerId: email }, true)
        const at = email.lastIndexOf("@")
        expect(shown).toBe(
          email[0] + "*".repeat(Math.max(1, [...email.slice(0, at)].length - 1)) + email.slice(at)
        )
      })
    )
  })
})

describe("phoneTailOf: the last four digits, nothing else", () => {
  it("reads the tail of a number however an export writes it", () => {
    expect(phoneTailOf("13812345678")).toBe("5678")
    expect(phoneTailOf("'13812345678")).toBe("5678")
    expect(phoneTailOf('="13812345678"')).toBe("5678")
    expect(phoneTailOf("+1 (555) 010-4477")).toBe("4477")
    expect(phoneTailOf(" 138 1234 5678 ")).toBe("5678")
    expect(phoneTailOf("138****5678")).toBe("5678")
  })

  it("reads none from what is no phone number", () => {
    for (const raw of [undefined, "", "5678", "12345", "138****", "n/a", "tel 13812345678", "1381234567x"])
      expect(phoneTailOf(raw), String(raw)).toBeUndefined()
  })
})
