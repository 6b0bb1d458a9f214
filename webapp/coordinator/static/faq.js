// The FAQ editor's passage picker: search the documents and add a passage to the quotes with one button.
(function () {
  "use strict";
  const input = document.getElementById("sok");
  const button = document.getElementById("sok-knapp");
  const list = document.getElementById("traffar");
  const status = document.getElementById("sok-status");
  const quotes = document.getElementById("citat");

  async function search() {
    const q = input.value.trim();
    if (!q) { status.textContent = "Skriv något att söka på."; return; }
    status.textContent = "Söker …";
    list.replaceChildren();
    try {
      const response = await fetch("/api/search?k=8&q=" + encodeURIComponent(q));
      const body = await response.json();
      if (!response.ok) throw new Error("fel");
      for (const p of body.passages) {
        const item = document.createElement("li");
        const source = document.createElement("p");
        const strong = document.createElement("strong");
        strong.textContent = p.source.label;
        source.appendChild(strong);
        source.appendChild(document.createTextNode(" (" + p.source.document_file + ")"));
        const text = document.createElement("p");
        text.textContent = p.text;
        const add = document.createElement("button");
        add.type = "button";
        add.className = "secondary";
        add.textContent = "Använd stycket";
        add.addEventListener("click", () => {
          const line = p.source.document_file + " | " + p.text;
          quotes.value = (quotes.value.trim() ? quotes.value.trim() + "\n" : "") + line + "\n";
          status.textContent = "Stycket är tillagt bland de valda citaten.";
        });
        item.append(source, text, add);
        list.appendChild(item);
      }
      status.textContent = body.passages.length + " stycken hittades.";
    } catch (err) {
      status.textContent = "Sökningen misslyckades. Försök igen.";
    }
  }
  button.addEventListener("click", search);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); search(); }
  });
})();
