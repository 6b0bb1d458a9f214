// Questions per week as a bar chart (Chart.js served by the app); the same numbers are in the table below it.
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
})();
