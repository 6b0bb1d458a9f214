// The intranet chat page. Bot text is inserted as text, never as HTML; links to the sketch export are made
// clickable by building anchor elements.
(function () {
  "use strict";
  const log = document.getElementById("log");
  const form = document.getElementById("chat-form");
  const input = document.getElementById("message");
  const status = document.getElementById("status");
  const sendButton = document.getElementById("send");
  const storageKey = "fondassistenten.sender";

  function senderId(renew) {
    let id = renew ? null : window.localStorage.getItem(storageKey);
    if (!id) {
      id = "webb-" + (window.crypto.randomUUID ? window.crypto.randomUUID() : String(Date.now()));
      window.localStorage.setItem(storageKey, id);
    }
    return id;
  }

  function appendText(parent, text) {
    const pattern = /(\/api\/sketch\/[^\s)]+)/g;
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      const link = document.createElement("a");
      link.href = match[1];
      const format = (match[1].match(/format=(\w+)/) || [])[1];
      link.textContent = format ? "Ladda ned idéskissen (" + format.toUpperCase() + ")" : match[1];
      parent.appendChild(link);
      last = match.index + match[1].length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function addMessage(who, text, buttons) {
    const item = document.createElement("li");
    item.className = who;
    const label = document.createElement("span");
    label.className = "who";
    label.textContent = who === "bot" ? "Assistenten (automatisk):" : "Du:";
    item.appendChild(label);
    appendText(item, text || "");
    if (buttons && buttons.length) {
      const row = document.createElement("div");
      row.className = "quick";
      for (const b of buttons) {
        const btn = document.createElement("button");
        btn.type = "button";
        btn.className = "secondary";
        btn.textContent = b.title;
        btn.addEventListener("click", () => send(b.payload || b.title, b.title));
        row.appendChild(btn);
      }
      item.appendChild(row);
    }
    log.appendChild(item);
    item.scrollIntoView({ block: "end" });
  }

  // shown === null sends without a bubble of the user's own (the page's opening greeting).
  async function send(message, shown) {
    if (shown !== null) addMessage("user", shown || message);
    status.textContent = "Assistenten skriver …";
    sendButton.disabled = true;
    try {
      const response = await fetch("/webhooks/rest/webhook", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender: senderId(false), message: message }),
      });
      const replies = await response.json();
      if (!Array.isArray(replies) || replies.length === 0) {
        addMessage("bot", "Jag har inget svar på det. Försök formulera frågan på ett annat sätt.");
      } else {
        for (const r of replies) addMessage("bot", r.text || "", r.buttons);
      }
      status.textContent = "";
    } catch (err) {
      status.textContent = "Kunde inte nå assistenten. Kontrollera nätverket och försök igen.";
    } finally {
      sendButton.disabled = false;
      input.focus();
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) {
      status.textContent = "Skriv ett meddelande först.";
      return;
    }
    input.value = "";
    send(text);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  document.getElementById("restart").addEventListener("click", () => {
    senderId(true);
    log.replaceChildren();
    send("hej", null);
  });
  if (!log.children.length) send("hej", null);
})();
