// The imitation chat window's script: a conversation list, and a header naming the current buyer that is
// rendered anew for each conversation (as a framework re-render would). Text only, never HTML.
;(function () {
  const sessions = JSON.parse(document.getElementById("sessions").textContent)
  const list = document.querySelector('[class^="session-list-mod__list"]')
  const header = document.querySelector('[class^="chat-header-mod__bar"]')
  const messages = document.querySelector('[class^="chat-window-mod__messages"]')

  function open(index) {
    const s = sessions[index]
    for (const [i, item] of [...list.children].entries())
      item.setAttribute("aria-selected", String(i === index))
    const nick = document.createElement("span")
    nick.className = "chat-header-mod__nick___r5Tj0"
    nick.textContent = s.nick
    const label = document.createElement("span")
    label.textContent = "正在接待："
    header.replaceChildren(label, nick)
    messages.textContent = s.lastMessage
    document.body.dataset.currentBuyer = s.nick
  }

  sessions.forEach((s, i) => {
    const item = document.createElement("li")
    item.className = "session-list-mod__item___c4Lz9"
    item.setAttribute("role", "option")
    item.dataset.index = String(i)
    item.textContent = s.nick
    item.addEventListener("click", () => open(i))
    list.append(item)
  })
  open(0)
})()
