// Draws every <canvas data-chart="ID"> with Chart.js from the JSON in the element #ID (written by
// Django's json_script, so no inline script is needed under the Content-Security-Policy).
// Figures use the Indonesian format: "Rp 23.562.620.000", "18,92 Ha".
(function () {
  "use strict";

  var LOCALE = "id-ID";
  var PALETTE = ["#198754", "#0d6efd", "#fd7e14", "#6f42c1", "#20c997", "#dc3545", "#ffc107", "#0dcaf0", "#6c757d", "#d63384"];
  var decimal = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 2 });
  var twoPlaces = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var whole = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
  var compact = new Intl.NumberFormat(LOCALE, { notation: "compact", maximumFractionDigits: 1 });

  function format(value, unit, short) {
    if (value === null || value === undefined || isNaN(value)) {
      return "—";
    }
    if (unit === "rupiah") {
      return "Rp " + (short ? compact.format(value) : whole.format(value));
    }
    if (unit === "ha") {
      return twoPlaces.format(value) + " Ha";
    }
    return whole.format(value);
  }

  function toNumber(value) {
    return value === null || value === undefined ? null : Number(value);
  }

  function datasetsOf(spec) {
    return spec.datasets.map(function (set, index) {
      var color = PALETTE[index % PALETTE.length];
      var dataset = { label: set.label, data: set.data.map(toNumber), backgroundColor: color, borderColor: color };
      if (spec.type === "doughnut") {
        dataset.backgroundColor = set.data.map(function (_value, i) {
          return (spec.colors && spec.colors[i]) || PALETTE[i % PALETTE.length];
        });
        dataset.borderColor = "#ffffff";
      } else if (spec.type === "line") {
        dataset.fill = false;
        dataset.tension = 0;
        dataset.spanGaps = true;
        dataset.pointRadius = 4;
        if (index > 0) {
          dataset.borderDash = [6, 4];
          dataset.pointRadius = 0;
        }
      }
      return dataset;
    });
  }

  function optionsOf(spec) {
    var valueAxis = spec.horizontal ? "x" : "y";
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      locale: LOCALE,
      animation: { duration: 300 },
      plugins: {
        legend: { display: spec.datasets.length > 1 || spec.type === "doughnut", position: "bottom" },
        tooltip: {
          callbacks: {
            label: function (context) {
              var value = spec.type === "doughnut" ? context.parsed : context.parsed[valueAxis];
              return (context.dataset.label ? context.dataset.label + ": " : "") + format(value, spec.unit, false);
            },
          },
        },
      },
    };
    if (spec.type !== "doughnut") {
      options.indexAxis = spec.horizontal ? "y" : "x";
      options.scales = {};
      options.scales[valueAxis] = {
        beginAtZero: true,
        stacked: spec.stacked,
        ticks: { callback: function (value) { return format(value, spec.unit, true); } },
      };
      options.scales[spec.horizontal ? "y" : "x"] = { stacked: spec.stacked };
      if (spec.unit === "score") {
        options.scales[valueAxis].suggestedMax = 5;
        options.scales[valueAxis].ticks.stepSize = 1;
      }
    }
    return options;
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var spec = JSON.parse(source.textContent);
    if (spec.horizontal && canvas.parentNode) {
      // One bar row per label: the box grows with the labels instead of squeezing them.
      var rows = spec.labels.length * Math.max(1, spec.datasets.length);
      canvas.parentNode.style.height = Math.min(2400, Math.max(260, rows * 22 + 80)) + "px";
    }
    new window.Chart(canvas, { type: spec.type, data: { labels: spec.labels, datasets: datasetsOf(spec) }, options: optionsOf(spec) });
    canvas.dataset.chartReady = "true";
  }

  function drawAll() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
