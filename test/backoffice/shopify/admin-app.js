// Imitation of the Shopify admin's front end: routes on the URL, loads data by GraphQL, renders text only,
// and navigates between orders and customers with history.pushState like the real single-page app.
;(function () {
  var store = location.pathname.split("/")[2]
  var app = document.getElementById("app")

  function el(tag, attrs, text) {
    var e = document.createElement(tag)
    for (var k in attrs || {}) e.setAttribute(k, attrs[k])
    if (text !== undefined) e.textContent = text
    return e
  }

  function gql(operation, variables) {
    return fetch("/api/shopify/" + store + "?operation=" + operation + "&type=query", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "query " + operation + " { ... }", variables: variables })
    }).then(function (r) {
      return r.json()
    })
  }

  /** A link the app follows itself (history.pushState), as the admin's router does. */
  function link(text, href, attrs) {
    var a = el("a", Object.assign({ href: href }, attrs || {}), text)
    a.addEventListener("click", function (ev) {
      ev.preventDefault()
      history.pushState({}, "", href)
      route()
    })
    return a
  }

  function customerLink(node) {
    var id = node.customer.id.split("/").pop()
    return link(node.customer.displayName, "/store/" + store + "/customers/" + id, { class: "customer" })
  }

  function table(rows) {
    var t = el("table")
    var head = el("tr")
    ;["Order", "Date", "Customer", "Total", "Payment status", "Fulfillment status"].forEach(function (h) {
      head.appendChild(el("th", {}, h))
    })
    t.appendChild(head)
    rows.forEach(function (n) {
      var tr = el("tr", { id: n.id })
      var name = el("td")
      name.appendChild(link(n.name, "/store/" + store + "/orders/" + n.id.split("/").pop()))
      tr.appendChild(name)
      tr.appendChild(el("td", {}, n.createdAt.slice(0, 10)))
      var c = el("td")
      c.appendChild(customerLink(n))
      tr.appendChild(c)
      tr.appendChild(el("td", {}, "$" + n.totalPriceSet.shopMoney.amount))
      tr.appendChild(el("td", {}, n.displayFinancialStatus))
      tr.appendChild(el("td", {}, n.displayFulfillmentStatus))
      t.appendChild(tr)
    })
    return t
  }

  function showOrders() {
    var params = new URLSearchParams(location.search)
    gql("OrderListQuery", { first: Number(params.get("first") || 50), after: params.get("after") }).then(
      function (res) {
        app.replaceChildren(
          el("h1", { class: "Polaris-Header-Title" }, "Orders"),
          table(
            res.data.orders.edges.map(function (e) {
              return e.node
            })
          )
        )
      }
    )
  }

  function showCustomer(id) {
    gql("CustomerDetailsQuery", { id: "gid://shopify/Customer/" + id }).then(function (res) {
      var c = res.data.customer
      var title = el("h1", { class: "Polaris-Header-Title" }, c.displayName)
      app.replaceChildren(
        title,
        el("p", {}, c.orders.edges.length + " orders"),
        table(
          c.orders.edges.map(function (e) {
            return Object.assign({ customer: c }, e.node)
          })
        )
      )
    })
  }

  // An order's page: its name as the title (written as "Order #1234", so no text there is the order's number
  // alone) and its customer linked.
  function showOrder(id) {
    gql("OrderDetailsQuery", { id: "gid://shopify/Order/" + id }).then(function (res) {
      var o = res.data.order
      if (!o) return app.replaceChildren(el("h1", { class: "Polaris-Header-Title" }, "Order not found"))
      var customer = el("p", {}, "Customer: ")
      customer.appendChild(customerLink(o))
      app.replaceChildren(el("h1", { class: "Polaris-Header-Title" }, "Order " + o.name), customer)
    })
  }

  function route() {
    var parts = location.pathname.split("/")
    if (parts[3] === "customers" && parts[4]) showCustomer(parts[4])
    else if (parts[3] === "orders" && parts[4]) showOrder(parts[4])
    else showOrders()
  }
  window.addEventListener("popstate", route)
  route()
})()
