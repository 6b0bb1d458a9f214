// The intranet chat page. Bot text is inserted as text, never as HTML; links to the sketch export are made
// clickable by building anchor elements.
(function () {
  "use strict";
  const log = document.getElementById("log");
  const form = document.getElementById("chat-form");
  const input = document.getElementById("message");
  const status = document.getElementById("status");
  const sendButton = document.getElementById("send");
  // The conversation is the server's: an HTTP-only session cookie (webapp/session.py), sent by the browser.
  window.localStorage.removeItem("fondassistenten.sender");

  function appendText(parent, text) {
    // A link ends at a space, a parenthesis or the comma between "Word …, PDF …" in the bot's text.
    const pattern = /(\/api\/sketch\/[^\s),]+)/g;
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

  // Thumbs up/down with an optional comment under an answer (stored masked for the coordinators).
  function addFeedback(reply) {
    const token = reply && reply.custom && reply.custom.fondassistenten_feedback;
    const item = log.lastElementChild;
    if (!token || !item) return;
    const box = document.createElement("div");
    box.className = "feedback";
    const question = document.createElement("span");
    question.textContent = "Var svaret till hjälp?";
    const note = document.createElement("span");
    note.setAttribute("role", "status");
    let rating = 0;
    async function post(comment) {
      const response = await fetch("/api/feedback", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ token: token, rating: rating, comment: comment || "" }),
      });
      note.textContent = response.ok ? "Tack för din återkoppling!" : "Återkopplingen kunde inte sparas.";
    }
    function thumb(icon, label, value) {
      const btn = document.createElement("button");
      btn.type = "button";
      btn.className = "secondary";
      const symbol = document.createElement("span");
      symbol.setAttribute("aria-hidden", "true");
      symbol.textContent = icon + " ";
      btn.append(symbol, label);
      btn.addEventListener("click", async () => {
        rating = value;
        for (const b of box.querySelectorAll("button.thumb")) b.setAttribute("aria-pressed", String(b === btn));
        await post("");
        if (!box.querySelector("textarea")) {
          const id = "kommentar-" + token.slice(0, 8);
          const label2 = document.createElement("label");
          label2.htmlFor = id;
          label2.textContent = "Kommentar (valfri, skriv inga personuppgifter)";
          const area = document.createElement("textarea");
          area.id = id;
          area.rows = 2;
          area.maxLength = 1000;
          const send2 = document.createElement("button");
          send2.type = "button";
          send2.className = "secondary";
          send2.textContent = "Skicka kommentaren";
          send2.addEventListener("click", () => post(area.value.trim()));
          box.append(label2, area, send2);
        }
      });
      btn.classList.add("thumb");
      return btn;
    }
    box.append(question, thumb("👍", "Tummen upp", 1), thumb("👎", "Tummen ned", -1), note);
    item.appendChild(box);
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
        credentials: "same-origin",
        body: JSON.stringify({ message: message }),
      });
      const replies = await response.json();
      if (replies && typeof replies.detail === "string") {
        addMessage("bot", replies.detail); // e.g. 429: wait a moment (webapp/errors.py)
      } else if (!Array.isArray(replies) || replies.length === 0) {
        addMessage("bot", "Jag har inget svar på det. Försök formulera frågan på ett annat sätt.");
      } else {
        for (const r of replies) addMessage("bot", r.text || "", r.buttons);
        addFeedback(replies[replies.length - 1]); // thumbs up/down under the answer
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
  document.getElementById("restart").addEventListener("click", async () => {
    await fetch("/api/session", { method: "POST", credentials: "same-origin" });
    log.replaceChildren();
    send("hej", null);
  });
  if (!log.children.length) send("hej", null);
})();
