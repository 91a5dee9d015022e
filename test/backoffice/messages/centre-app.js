// The imitation message centres' front end (Amazon Buyer-Seller Messaging, Shopify Inbox, the 千牛 message
// page): a list of conversations, one open conversation (header, messages, two reply boxes), markup no Huike
// adapter knows — every class name is random per load. Conversations with an address are opened with
// history.pushState and followed on back/forward, as a single-page app does; messages arrive over time
// (window.centre.receive, as a socket would deliver them). Text only, never HTML.
;(function () {
  var data = JSON.parse(document.getElementById("centre-data").textContent)
  var cls = function () {
    return "c" + Math.random().toString(36).slice(2, 9)
  }
  function el(tag, text) {
    var e = document.createElement(tag)
    e.className = cls()
    if (text !== undefined) e.textContent = text
    return e
  }
  var threads = new Map()
  data.threads.forEach(function (t) {
    threads.set(t.id, t)
  })
  var app = document.getElementById("app")
  var list = el("nav")
  var pane = el("section")
  var head = el("header")
  var log = el("div")
  var reply = el("textarea")
  reply.setAttribute("data-reply", "textarea")
  var rich = el("div")
  rich.contentEditable = "true"
  rich.setAttribute("data-reply", "rich")
  var empty = el("p", data.emptyText || "Select a conversation")
  app.append(list, pane)
  var current = null

  function message(m) {
    var row = el("div")
    row.setAttribute("data-msg", "")
    row.append(el("span", m.from), el("p", m.text))
    return row
  }

  function open(id) {
    current = id
    var t = threads.get(id)
    if (!t) {
      pane.replaceChildren(empty)
      document.body.dataset.thread = ""
      return
    }
    head.replaceChildren.apply(
      head,
      t.header.map(function (text) {
        return el("strong", text)
      })
    )
    log.replaceChildren.apply(log, t.messages.map(message))
    pane.replaceChildren(head, log, reply, rich)
    for (var item of list.children) item.setAttribute("aria-selected", String(item.dataset.thread === id))
    document.body.dataset.thread = id
  }

  /** The conversation the address names (its whole path and query), or none. */
  function fromAddress() {
    var here = location.pathname + location.search
    for (var t of threads.values()) if (t.href === here) return t.id
    return null
  }

  data.threads.forEach(function (t) {
    var item = el("a")
    item.href = t.href || "#" + t.id
    item.dataset.thread = t.id
    t.list.forEach(function (text) {
      item.append(el("span", text))
    })
    item.addEventListener("click", function (e) {
      e.preventDefault()
      if (t.href) history.pushState({}, "", t.href)
      open(t.id)
    })
    list.append(item)
  })

  window.addEventListener("popstate", function () {
    if (data.home !== null) open(fromAddress())
  })

  window.centre = {
    open: open,
    receive: function (id, from, text) {
      var t = threads.get(id)
      var m = { from: from, text: text }
      t.messages.push(m)
      if (current === id) log.append(message(m))
    }
  }
  open(data.home !== null ? fromAddress() : data.threads[0].id)
})()
