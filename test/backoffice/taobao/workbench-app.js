// The imitation 千牛 workbench app (see workbench.html for what is assumed): a router over history
// navigation, and the sold-orders page that POSTs to trade.taobao.com's asyncSold.htm cross-site and
// renders Fusion-style table rows. Text only, never HTML.
;(function () {
  var app = document.getElementById("app")
  var query = new URLSearchParams(location.search)
  var transport = query.get("transport") || "fetch"
  var state = { pageNum: 1, totalPage: 1, hideNick: true, tabCode: "latest3Months" }
  // ?requery=1 adds a 显示完整昵称 button that asks for the same page again with isHideNick=false (the rows
  // then show full nicks); ?drawDelay=N draws an answer's rows N ms after it came (imitation knobs).
  var drawDelay = Number(query.get("drawDelay")) || 0
  // ?api=v2 imitates a release that moved the list's data to another address.
  var SOLD_API =
    "https://trade.taobao.com/trade/itemlist/" +
    (query.get("api") === "v2" ? "asyncSoldList.htm" : "asyncSold.htm") +
    "?event_submit_do_query=1&_input_charset=utf8"

  function el(tag, className, text) {
    var e = document.createElement(tag)
    if (className) e.className = className
    if (text !== undefined) e.textContent = text
    return e
  }

  // The answer's bytes to text: the declared charset, else UTF-8, else GBK.
  function decode(bytes, contentType) {
    var m = /charset=([^;\s]+)/i.exec(contentType || "")
    if (m) return new TextDecoder(m[1]).decode(bytes)
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes)
    } catch {
      return new TextDecoder("gbk").decode(bytes)
    }
  }

  function ask(form) {
    var body = new URLSearchParams(form).toString()
    if (transport === "fetch") {
      return fetch(SOLD_API, {
        method: "POST",
        credentials: "include",
        headers: {
          accept: "application/json, text/plain, */*",
          "content-type": "application/x-www-form-urlencoded"
        },
        body: body
      }).then(function (r) {
        return r.arrayBuffer().then(function (bytes) {
          return JSON.parse(decode(bytes, r.headers.get("content-type")))
        })
      })
    }
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest()
      xhr.open("POST", SOLD_API)
      xhr.withCredentials = true
      xhr.setRequestHeader("Accept", "application/json, text/plain, */*")
      xhr.setRequestHeader("Content-Type", "application/x-www-form-urlencoded")
      if (transport === "xhr") xhr.responseType = "arraybuffer"
      xhr.onload = function () {
        try {
          resolve(
            JSON.parse(
              transport === "xhr"
                ? decode(xhr.response, xhr.getResponseHeader("content-type"))
                : xhr.responseText
            )
          )
        } catch (e) {
          reject(e)
        }
      }
      xhr.onerror = reject
      xhr.send(body)
    })
  }

  function cell(child) {
    var td = el("td")
    var wrapper = el("div", "next-table-cell-wrapper")
    wrapper.appendChild(child)
    td.appendChild(wrapper)
    return td
  }

  function renderRows(mainOrders) {
    var table = el("div", "next-table")
    var header = el("div", "next-table-header")
    var headTable = el("table")
    var headRow = el("tr")
    ;["宝贝", "买家", "交易状态", "实收款"].forEach(function (h) {
      headRow.appendChild(el("th", null, h))
    })
    headTable.appendChild(headRow)
    header.appendChild(headTable)
    table.appendChild(header)
    var body = el("div", "next-table-body")
    var bodyTable = el("table")
    var tbody = el("tbody")
    mainOrders.forEach(function (o) {
      var tr = el("tr", "next-table-row")
      var item = el("div", "sold-order-cell__item--m4e")
      var no = el("div", "sold-order-cell__no--7fq")
      no.appendChild(el("span", null, o.orderInfo.createTime + "  订单号："))
      no.appendChild(el("span", null, o.orderInfo.id))
      item.appendChild(no)
      ;(o.subOrders || []).forEach(function (s) {
        item.appendChild(el("div", "sold-order-cell__title--3ab", s.itemInfo.title + " ×" + s.quantity))
      })
      tr.appendChild(cell(item))
      var buyer = el("div", "sold-buyer-cell__wrap--p0c")
      buyer.appendChild(el("span", "sold-buyer-cell__nick--k2w", o.buyer.nick))
      buyer.appendChild(el("div", "sold-buyer-cell__ww--a1", "旺旺联系"))
      tr.appendChild(cell(buyer))
      tr.appendChild(cell(el("span", null, o.statusInfo.text)))
      tr.appendChild(cell(el("strong", null, "￥" + o.payInfo.actualFee)))
      tbody.appendChild(tr)
    })
    bodyTable.appendChild(tbody)
    body.appendChild(bodyTable)
    table.appendChild(body)
    return table
  }

  function loadSold() {
    var form = {
      isQnNew: "true",
      isHideNick: String(state.hideNick),
      action: "itemlist/SoldQueryAction",
      pageNum: String(state.pageNum),
      prePageNo: String(Math.max(1, state.pageNum - 1)),
      pageSize: query.get("pageSize") || "15",
      tabCode: state.tabCode,
      orderStatus: "",
      unionSearch: "",
      buyerNick: ""
    }
    return ask(form).then(function (data) {
      if (drawDelay === 0) return draw(data)
      return new Promise(function (done) {
        window.setTimeout(function () {
          done(draw(data))
        }, drawDelay)
      })
    }, drawError)
  }

  function drawError() {
    document.body.dataset.loadedPage = "error"
  }

  function draw(data) {
    var list = document.getElementById("sold-list")
    if (!list) return
    list.replaceChildren()
    if (!data.mainOrders) {
      // The anti-crawler answer: the real page shows a slider captcha here.
      list.appendChild(el("div", "sold-list__blocked--q1", "访问受限，请稍后再试"))
      document.body.dataset.loadedPage = "blocked"
      return
    }
    list.appendChild(renderRows(data.mainOrders))
    state.totalPage = data.page.totalPage
    document.getElementById("sold-pager-text").textContent = data.page.currentPage + "/" + data.page.totalPage
    document.body.dataset.loadedPage = String(data.page.currentPage)
    document.body.dataset.hideNick = String(state.hideNick)
  }

  function soldPage() {
    app.replaceChildren()
    app.appendChild(el("h2", null, "已卖出的宝贝"))
    // The list's tabs: the last three months (the default) and the older orders (assumed form value).
    var tabs = el("div", "next-tabs-nav")
    ;[
      ["latest3Months", "近三个月订单"],
      ["before3Months", "三个月前订单"]
    ].forEach(function (tab) {
      var b = el("button", "next-tabs-tab", tab[1])
      b.dataset.tab = tab[0]
      b.onclick = function () {
        state.tabCode = tab[0]
        state.pageNum = 1
        loadSold()
      }
      tabs.appendChild(b)
    })
    app.appendChild(tabs)
    var list = el("div")
    list.id = "sold-list"
    app.appendChild(list)
    var pager = el("div", "next-pagination")
    var prev = el("button", "next-pagination-item next-prev", "上一页")
    var text = el("span", null, "")
    text.id = "sold-pager-text"
    var next = el("button", "next-pagination-item next-next", "下一页")
    prev.onclick = function () {
      if (state.pageNum > 1) {
        state.pageNum--
        loadSold()
      }
    }
    next.onclick = function () {
      if (state.pageNum < state.totalPage) {
        state.pageNum++
        loadSold()
      }
    }
    pager.append(prev, text, next)
    if (query.get("requery") === "1") {
      var unmask = el("button", "sold-list__unmask--r2", "显示完整昵称")
      unmask.onclick = function () {
        state.hideNick = false
        loadSold()
      }
      pager.append(unmask)
    }
    app.appendChild(pager)
    loadSold()
  }

  // Another workbench page with a table of its own, and no sold-orders answer behind it.
  function refundPage() {
    app.replaceChildren()
    app.appendChild(el("h2", null, "退款管理"))
    var table = el("div", "next-table")
    var body = el("div", "next-table-body")
    var t = el("table")
    ;["退款待处理 0 笔", "退货待确认 0 笔", "售后服务说明"].forEach(function (line) {
      var tr = el("tr", "next-table-row")
      tr.appendChild(el("td", null, line))
      t.appendChild(tr)
    })
    body.appendChild(t)
    table.appendChild(body)
    app.appendChild(table)
    document.body.dataset.loadedPage = "refund"
  }

  function route() {
    var path = location.pathname
    document.querySelectorAll("[data-route]").forEach(function (a) {
      if (a.getAttribute("href") === path) a.setAttribute("aria-current", "page")
      else a.removeAttribute("aria-current")
    })
    delete document.body.dataset.loadedPage
    if (/\/tp\/sold\/?$/.test(path)) soldPage()
    else if (/\/tp\/refund$/.test(path)) refundPage()
    else app.replaceChildren(el("p", null, "欢迎使用千牛工作台"))
  }

  document.querySelectorAll("[data-route]").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault()
      history.pushState(null, "", a.getAttribute("href") + location.search)
      route()
    })
  })
  window.addEventListener("popstate", route)
  route()
})()
