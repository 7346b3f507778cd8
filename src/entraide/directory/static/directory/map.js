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
    var map = window.L.map(element, { scrollWheelZoom: false });
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
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
