// Draws every <div data-map="ID"> with Leaflet from the JSON in the element #ID (json_script).
// Without a configured tile server the boundaries are drawn on a plain background, so the map
// works offline; with no boundary at all the map opens on the configured default view.
(function () {
  "use strict";

  var decimal = new Intl.NumberFormat("id-ID", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  function hectares(value) {
    return value === null || value === undefined ? "—" : decimal.format(Number(value)) + " Ha";
  }

  function line(parent, label, value) {
    var row = document.createElement("div");
    row.textContent = label + ": " + value;
    parent.appendChild(row);
  }

  function text(value) {
    // Leaflet puts a string tooltip or popup into innerHTML; an element is inserted as it is.
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }

  function popup(feature, labels) {
    // Built from DOM nodes with textContent: names from the database are never parsed as HTML.
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = feature.name;
    box.appendChild(title);
    line(box, labels.decreed, hectares(feature.decreed_ha));
    line(box, labels.current, hectares(feature.current_ha));
    if (feature.level) {
      line(box, labels.level, feature.level);
    }
    if (feature.source === "area") {
      var note = document.createElement("div");
      note.className = "small text-muted";
      note.textContent = labels.area_boundary;
      box.appendChild(note);
    }
    var link = document.createElement("a");
    link.href = feature.url;
    link.textContent = labels.open;
    box.appendChild(link);
    return box;
  }

  function draw(element) {
    var source = document.getElementById(element.dataset.map);
    if (!source || typeof window.L === "undefined") {
      return;
    }
    var config = JSON.parse(source.textContent);
    var L = window.L;
    var map = L.map(element, { scrollWheelZoom: false, attributionControl: Boolean(config.tile_url) });
    if (config.tile_url) {
      L.tileLayer(config.tile_url, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    } else {
      element.classList.add("map-plain");
    }
    var group = L.featureGroup();
    config.features.forEach(function (feature) {
      try {
        var ownBoundary = feature.source !== "area";
        var layer = L.geoJSON(feature.boundary, {
          style: {
            color: ownBoundary ? "#198754" : "#6c757d",
            weight: 2,
            fillOpacity: ownBoundary ? 0.25 : 0.1,
            dashArray: ownBoundary ? null : "5 4",
          },
        });
        layer.bindPopup(popup(feature, config.labels));
        layer.bindTooltip(text(feature.name));
        group.addLayer(layer);
      } catch (error) {
        window.console.warn("Batas wilayah tidak dapat digambar:", feature.name, error);
      }
    });
    group.addTo(map);
    var bounds = group.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [16, 16], maxZoom: 17 });
    } else {
      map.setView(config.center, config.zoom);
    }
    element.dataset.mapReady = "true";
    element.dataset.mapFeatures = String(group.getLayers().length);
  }

  function drawAll() {
    document.querySelectorAll("[data-map]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
