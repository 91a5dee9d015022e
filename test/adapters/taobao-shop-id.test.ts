// @vitest-environment happy-dom
// Which shop a Taobao page's orders belong to: the logged-in account, read from the page or its cookie.
import { afterEach, describe, expect, it } from "vitest"
import { accountFromCookie, mainAccount, taobaoAdapter } from "../../src/adapters/taobao"

afterEach(() => {
  document.body.replaceChildren()
  for (const pair of document.cookie.split(";")) {
    const name = pair.split("=")[0].trim()
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT`
  }
})

describe("the Taobao shop of a page", () => {
  it("reads the account cookie's \\u escapes, as public captures of a session show it", () => {
    expect(accountFromCookie("t=1; tracknick=%5Cu96F7%5Cu6653%5Cu660E12036815; mt=ci=3_1")).toBe(
      "雷晓明12036815"
    )
    expect(accountFromCookie("tracknick=tb_shop88")).toBe("tb_shop88")
    expect(accountFromCookie("lgc=x; _nk_=y")).toBeNull()
    expect(accountFromCookie("tracknick=")).toBeNull()
    expect(accountFromCookie("tracknick=%E0%A4%A")).toBeNull()
    expect(accountFromCookie("xtracknick=abc")).toBeNull()
  })

  it("files a sub-account's pages under the main account, whatever the separator", () => {
    expect(mainAccount("茶香小铺:客服小王")).toBe("茶香小铺")
    expect(mainAccount(" 茶香小铺：客服小王 ")).toBe("茶香小铺")
    expect(mainAccount("茶香小铺")).toBe("茶香小铺")
    expect(mainAccount(" : ")).toBeNull()
  })

  it("prefers the page's own account, falls back to the cookie, and says null when neither is there", () => {
    expect(taobaoAdapter.readShopId(document)).toBeNull()
    document.cookie = "tracknick=%5Cu8336%5Cu9999%5Cu5C0F%5Cu94FA%3A%5Cu5BA2%5Cu670D"
    expect(taobaoAdapter.readShopId(document)).toBe("茶香小铺")
    const header = document.createElement("div")
    header.className = "workbench-header-mod__account___Lm4s8"
    header.textContent = "另一家店:客服"
    document.body.append(header)
    expect(taobaoAdapter.readShopId(document)).toBe("另一家店")
    // An element that is there but empty does not hide the cookie.
    header.textContent = "  "
    expect(taobaoAdapter.readShopId(document)).toBe("茶香小铺")
  })
})
