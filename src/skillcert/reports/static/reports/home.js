// The institution home page's chart (issue 13): registrations and passes per month of the
// year, from the json_script element the server rendered. A static file, because the CSP
// (core/csp.py) allows no inline script; Chart.js must not inject its <style> either.
(function () {
  "use strict";
  var source = document.getElementById("home-chart-data");
  var canvas = document.getElementById("home-chart");
  if (!source || !canvas || typeof Chart === "undefined") {
    return;
  }
  Chart.platform.disableCSSInjection = true; // Chart.min.css is linked instead
  var data = JSON.parse(source.textContent);
  var chart = new Chart(canvas.getContext("2d"), {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: "报名人数", data: data.registrations, backgroundColor: "rgba(54, 110, 180, 0.7)" },
        { label: "合格人数", data: data.passes, backgroundColor: "rgba(60, 150, 90, 0.7)" }
      ]
    },
    options: {
      maintainAspectRatio: false,
      animation: { duration: 0 },
      scales: { yAxes: [{ ticks: { beginAtZero: true, precision: 0 } }] },
      legend: { position: "bottom" }
    }
  });
  // Tests and assistive tools can tell the chart was drawn.
  canvas.setAttribute("data-drawn", String(chart.data.datasets.length));
})();
