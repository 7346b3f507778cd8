/* Entraide — the map of initiatives. An enhancement only: without this script,
   without Leaflet or without tiles, the list on the same page says it all. */
(function () {
  "use strict";
  function start() {
    var element = document.getElementById("initiatives-map");
    if (!element || !element.dataset.source || typeof window.L === "undefined" || !window.fetch) { return; }
    fetch(element.dataset.source, { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { draw(element, data); } })
      .catch(function () { /* no map: the list below says it all */ });
  }
  function draw(element, data) {
    element.hidden = false;
    var labels = element.dataset;
    var map = window.L.map(element, { scrollWheelZoom: false, zoomControl: false });
    /* Leaflet's controls speak English: give them the page's language (RGAA 8.7). */
    window.L.control.zoom({
      zoomInTitle: labels.zoomIn, zoomOutTitle: labels.zoomOut
    }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
    spread(data.features);
    var opener = null;
    map.on("popupopen", function (event) {
      var popup = event.popup.getElement();
      var close = popup.querySelector(".leaflet-popup-close-button");
      if (close) { close.setAttribute("aria-label", labels.close); close.title = labels.close; }
      opener = event.popup._source || null;
      /* Keyboard users go straight into the popup, not after every other marker. */
      var first = popup.querySelector(".leaflet-popup-content a");
      if (first) { first.focus(); }
    });
    map.on("popupclose", function () {
      var icon = opener && opener.getElement && opener.getElement();
      if (icon) { icon.focus(); }
      opener = null;
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && opener) { map.closePopup(); }
    });
    window.L.tileLayer(element.dataset.tiles, {
      maxZoom: 19,
      attribution: element.dataset.attribution
    }).addTo(map);
    var layer = window.L.geoJSON(data, {
      onEachFeature: function (feature, marker) {
        var p = feature.properties;
        var box = document.createElement("div");
        var link = document.createElement("a");
        link.href = p.url;
        link.target = "_top"; /* leaves the frame when embedded in a commune's website */
        link.textContent = p.name;
        var title = document.createElement("strong");
        title.appendChild(link);
        box.appendChild(title);
        var where = document.createElement("p");
        where.textContent = p.kind + " · " + (p.address ? p.address + ", " : "") + p.where;
        box.appendChild(where);
        marker.bindPopup(box);
        marker.options.title = p.name;
        marker.options.alt = p.name;
      }
    }).addTo(map);
    if (data.features.length) {
      map.fitBounds(layer.getBounds(), { padding: [30, 30], maxZoom: 15 });
    } else {
      map.setView([46.6, 2.5], 5);
    }
  }
  /* Initiatives at the very same point would hide one another: set them around it, a few metres apart. */
  function spread(features) {
    var seen = {};
    features.forEach(function (feature) {
      var point = feature.geometry && feature.geometry.coordinates;
      if (!point) { return; }
      var key = point[0].toFixed(5) + "," + point[1].toFixed(5);
      var rank = seen[key] = (seen[key] || 0) + 1;
      if (rank > 1) {
        var angle = rank * 2.4, distance = 0.00012 * Math.sqrt(rank);
        feature.geometry.coordinates = [point[0] + distance * Math.cos(angle), point[1] + distance * Math.sin(angle)];
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
