// Imitation of the Manage Orders front end: loads one page of orders from /orders-api/search and renders
// them (text only). "Next page" appends the next page, like an infinite list.
;(function () {
  var params = new URLSearchParams(location.search)
  var limit = Number(params.get("limit") || 15)
  var offset = 0
  var body = document.querySelector("#orders-table tbody")

  function el(tag, attrs, text) {
    var e = document.createElement(tag)
    for (var k in attrs || {}) e.setAttribute(k, attrs[k])
    if (text !== undefined) e.textContent = text
    return e
  }

  function render(o) {
    var tr = el("tr")
    tr.appendChild(el("td", {}, ""))
    tr.appendChild(
      el("td", { "data-test-id": "oth-order-date" }, new Date(o.orderDate * 1000).toISOString().slice(0, 10))
    )
    var details = el("td", { "data-test-id": "oth-order-details" })
    var title = el("div", { class: "cell-body-title" })
    title.appendChild(el("a", { href: "/orders-v3/order/" + o.amazonOrderId }, o.amazonOrderId))
    details.appendChild(title)
    var buyer = el("div", {}, "Buyer name: ")
    buyer.appendChild(
      el(
        "a",
        { "data-test-id": "buyer-name-with-link", href: "/messaging/contact?orderID=" + o.amazonOrderId },
        o.buyerName
      )
    )
    details.appendChild(buyer)
    tr.appendChild(details)
    tr.appendChild(
      el(
        "td",
        { "data-test-id": "oth-product-info" },
        o.orderItems
          .map(function (i) {
            return i.productName
          })
          .join(", ")
      )
    )
    tr.appendChild(el("td", {}, o.orderStatus.OrderStatus))
    body.appendChild(tr)
  }

  function load() {
    return fetch(
      "/orders-api/search?limit=" +
        limit +
        "&offset=" +
        offset +
        "&sort=order_date_desc&date-range=last-365&fulfillmentType=all&orderStatus=all&forceOrdersTableRefreshTrigger=false"
    )
      .then(function (r) {
        return r.json()
      })
      .then(function (res) {
        res.orders.forEach(render)
        offset += res.orders.length
      })
  }
  document.getElementById("more").addEventListener("click", load)
  load()
})()
