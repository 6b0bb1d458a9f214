// Questions and idéskisser per week as bar charts (Chart.js served by the app); the same numbers are in the
// tables below them.
(function () {
  "use strict";
  const canvas = document.getElementById("veckodiagram");
  const data = JSON.parse(document.getElementById("diagramdata").textContent);
  if (!canvas || typeof Chart === "undefined") return;
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: "Frågor", data: data.questions, backgroundColor: "#0b3d5c" },
        { label: "”Det vet jag inte”", data: data.unanswered, backgroundColor: "#c05600" },
      ],
    },
    options: { animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
  const sketches = document.getElementById("skissdiagram");
  if (!sketches || !data.sketches) return;
  new Chart(sketches, {
    type: "bar",
    data: {
      labels: data.sketches.labels,
      datasets: [
        { label: "Påbörjade", data: data.sketches.paborjade, backgroundColor: "#0b3d5c" },
        { label: "Klara", data: data.sketches.klara, backgroundColor: "#2e7d32" },
        { label: "Exporterade", data: data.sketches.exporterade, backgroundColor: "#c05600" },
      ],
    },
    options: { animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
})();
