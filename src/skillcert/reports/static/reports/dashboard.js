/* The dashboard's charts (REC-08): drawn by Chart.js 2.9 (django-chartjs's copy, served by
   WhiteNoise) from the figures the server put in the #dashboard-charts json_script element.
   CSP forbids inline styles: Chart.js must not inject its stylesheet (Chart.min.css is linked). */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-charts");
  if (!source || typeof Chart === "undefined") { return; }
  Chart.platform.disableCSSInjection = true;
  var palette = ["#2f6fb0", "#d9822b", "#3b9c5a", "#b03a48", "#7a5ba6", "#8c8c8c"];
  var charts = JSON.parse(source.textContent);
  charts.forEach(function (spec) {
    var canvas = document.getElementById("chart-" + spec.id);
    if (!canvas) { return; }
    var round = spec.type === "doughnut";
    var datasets = spec.datasets.map(function (d, i) {
      var colour = round ? spec.labels.map(function (_, j) { return palette[j % palette.length]; })
                         : palette[i % palette.length];
      return { label: d.label, data: d.data, backgroundColor: colour, borderColor: round ? "#fff" : colour,
               fill: false };
    });
    var chart = new Chart(canvas.getContext("2d"), {
      type: spec.type,
      data: { labels: spec.labels, datasets: round ? datasets.slice(0, 1) : datasets },
      options: {
        responsive: false,
        animation: { duration: 0 },
        title: { display: true, text: spec.title },
        legend: { display: true },
        scales: round ? {} : { yAxes: [{ ticks: { beginAtZero: true, precision: 0 } }] }
      }
    });
    canvas.setAttribute("data-drawn", String(chart.data.labels.length));
  });
})();
