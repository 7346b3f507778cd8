/* Entraide — placing an initiative's point by a click on the map, on its form only.
   An enhancement: without this script, Leaflet or tiles, the point is placed from the address
   (Base Adresse Nationale) when the form is saved, and the map block stays hidden.
   The click (or Enter on the focused map: its centre) fills the form's hidden latitude and
   longitude; "Remove the point" empties them. Nothing is sent until the form is. */
(function () {
  "use strict";
  function start() {
    var block = document.getElementById("place-block");
    if (!block || typeof window.L === "undefined") { return; }
    var form = block.closest("form");
    var latitude = form && form.querySelector('input[name="latitude"]');
    var longitude = form && form.querySelector('input[name="longitude"]');
    if (!latitude || !longitude) { return; }
    var element = document.getElementById("place-map");
    var status = document.getElementById("place-status");
    var remove = document.getElementById("place-remove");
    var labels = element.dataset;
    block.hidden = false;

    var map = window.L.map(element, { scrollWheelZoom: false, zoomControl: false });
    window.L.control.zoom({ zoomInTitle: labels.zoomIn, zoomOutTitle: labels.zoomOut }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
    window.L.tileLayer(labels.tiles, { maxZoom: 19, attribution: labels.attribution }).addTo(map);

    var marker = null;
    function say(text) { status.textContent = text; }
    function show(point) {
      if (marker) {
        marker.setLatLng(point);
      } else {
        marker = window.L.marker(point, { draggable: true, title: labels.marker, alt: labels.marker }).addTo(map);
        marker.on("dragend", function () { place(marker.getLatLng()); });
      }
      remove.hidden = false;
    }
    function place(point) {
      var lat = Math.max(-90, Math.min(90, point.lat));
      var lng = window.L.Util.wrapNum(point.lng, [-180, 180], true);
      latitude.value = lat.toFixed(7);
      longitude.value = lng.toFixed(7);
      show([lat, lng]);
      say(labels.placed);
    }
    map.on("click", function (event) { place(event.latlng); });
    element.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target === element) {
        event.preventDefault();
        place(map.getCenter());
      }
    });
    remove.addEventListener("click", function () {
      latitude.value = "";
      longitude.value = "";
      if (marker) { map.removeLayer(marker); marker = null; }
      remove.hidden = true;
      say(labels.removed);
    });

    var lat = parseFloat(latitude.value), lng = parseFloat(longitude.value);
    if (!isNaN(lat) && !isNaN(lng)) {
      show([lat, lng]);
      map.setView([lat, lng], 16);
      return;
    }
    map.setView([46.6, 2.5], 5); /* France, until the territory's own places are known */
    if (!labels.source || !window.fetch) { return; }
    fetch(labels.source, { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.features || !data.features.length || marker) { return; }
        map.fitBounds(window.L.geoJSON(data).getBounds(), { padding: [30, 30], maxZoom: 14 });
      })
      .catch(function () { /* the map stays on France: zoom in by hand */ });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
