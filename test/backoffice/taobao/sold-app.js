// Imitation of the sold-orders page's own front-end code: fetches one page of orders from
// asyncSold.htm and renders it, the way the real React page does (text only, never HTML).
;(function () {
  var params = new URLSearchParams(location.search)
  var state = {
    pageNum: Number(params.get("pageNum") || 1),
    pageSize: Number(params.get("pageSize") || 15),
    totalPage: 1
  }
  var layout = params.get("layout") || "v1"

  function el(tag, className, text) {
    var e = document.createElement(tag)
    if (className) e.className = className
    if (text !== undefined) e.textContent = text
    return e
  }

  function renderOrder(o) {
    // The "changed layout" release renamed the buyer and payment fields.
    var buyerNick = layout === "v2" ? o.buyerInfo.displayNick : o.buyer.nick
    var actualFee = layout === "v2" ? o.payDetail.payAmount : o.payInfo.actualFee
    var postType = layout === "v2" ? "" : o.payInfo.postType
    var main = el("div", layout === "v2" ? "order-card__wrapper--9f3a" : "trade-order-main")
    var table = el("table", "bought-table-mod__table___AnaXt")
    var head = el("tbody", "bought-wrapper-mod__head___2vnqo")
    var headRow = el("tr")
    var headCell = el("td")
    headCell.colSpan = 6
    headCell.appendChild(
      el("span", "bought-wrapper-mod__create-time___yNWVS", o.orderInfo.createTime.slice(0, 10))
    )
    headCell.appendChild(el("span", null, "  订单号:"))
    headCell.appendChild(el("span", "order-mod__order-id___1n5dK", o.orderInfo.id))
    headRow.appendChild(headCell)
    head.appendChild(headRow)
    table.appendChild(head)
    var body = el("tbody")
    o.subOrders.forEach(function (s, i) {
      var tr = el("tr")
      var item = el("td", "sol-mod__no-br___dK-US")
      var box = el("div", "suborder-mod__item___dY2q5")
      var title = el("a", "suborder-mod__title___Xz1qA", s.itemInfo.title)
      title.href = s.itemInfo.itemUrl
      box.appendChild(title)
      s.itemInfo.skuText.forEach(function (k) {
        box.appendChild(el("p", "suborder-mod__sku___Kd2Vv", k.name + "：" + k.value))
      })
      item.appendChild(box)
      tr.appendChild(item)
      tr.appendChild(el("td", "price-mod__price___cYafX", "￥" + s.priceInfo.original))
      tr.appendChild(el("td", "quantity-mod__quantity___P1x0a", s.quantity))
      if (i === 0) {
        var buyer = el("td", layout === "v2" ? "customer-cell--2c1d" : "buyer-mod__buyer___Yu8Ah")
        var nick = el(
          "a",
          layout === "v2" ? "customer-cell__link--7b2e" : "buyer-mod__name___S9vit",
          buyerNick
        )
        nick.href = "#buyer"
        buyer.appendChild(nick)
        tr.appendChild(buyer)
        tr.appendChild(el("td", "trade-status-mod__status___lm0W4", o.statusInfo.text))
        var fee = el("td", "price-mod__actual___bX4Mh")
        fee.appendChild(el("strong", null, "￥" + actualFee))
        fee.appendChild(el("p", null, postType))
        tr.appendChild(fee)
      }
      body.appendChild(tr)
    })
    table.appendChild(body)
    main.appendChild(table)
    return main
  }

  function load() {
    var form = new URLSearchParams({
      action: "itemlist/SoldQueryAction",
      pageNum: String(state.pageNum),
      pageSize: String(state.pageSize),
      tabCode: "latest3Months",
      prePageNo: String(Math.max(1, state.pageNum - 1))
    })
    if (params.get("layout")) form.set("layout", layout)
    // ?api=v2 imitates a release that moved the list's data to another address.
    var endpoint =
      params.get("api") === "v2" ? "/trade/itemlist/asyncSoldList.htm" : "/trade/itemlist/asyncSold.htm"
    return fetch(endpoint + "?event_submit_do_query=1&_input_charset=utf8", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=UTF-8" },
      body: form.toString()
    })
      .then(function (r) {
        return r.json()
      })
      .then(function (data) {
        var container = document.getElementById("sold-container")
        while (container.firstChild) container.removeChild(container.firstChild)
        data.mainOrders.forEach(function (o) {
          container.appendChild(renderOrder(o))
        })
        state.totalPage = data.page.totalPage
        document.querySelector(".pagination-item").textContent =
          data.page.currentPage + "/" + data.page.totalPage
        document.body.dataset.loadedPage = String(data.page.currentPage)
      })
  }

  document.querySelector(".pagination-next").addEventListener("click", function () {
    if (state.pageNum < state.totalPage) {
      state.pageNum++
      load()
    }
  })
  document.querySelector(".pagination-prev").addEventListener("click", function () {
    if (state.pageNum > 1) {
      state.pageNum--
      load()
    }
  })
  load()
})()
