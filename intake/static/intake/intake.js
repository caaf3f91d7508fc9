/* The operator console: keyboard first. Each message form gets a searchable subject list, the shared gazetteer
   address widget (frontend_map/address-widget.js) and a pin map: choosing a suggestion moves the pin, moving the
   pin looks the place up (/api/v1/addresses/reverse) and shows it in the widget. */
(function () {
  "use strict";
  const CENTRE = [51.389, 35.6892];

  function setupFilter(form) {
    const filter = form.querySelector(".category-filter");
    const select = form.querySelector("select[name=category]");
    if (!filter || !select) return;
    filter.addEventListener("input", () => {
      const words = filter.value.trim().split(/\s+/).filter(Boolean);
      let first = null;
      select.querySelectorAll("option").forEach((option) => {
        if (!option.value) return;
        const show = words.every((w) => option.textContent.includes(w));
        option.hidden = !show;
        if (show && !first) first = option;
      });
      select.querySelectorAll("optgroup").forEach((group) => {
        group.hidden = ![...group.querySelectorAll("option")].some((o) => !o.hidden);
      });
      if (first && words.length) { select.value = first.value; select.dispatchEvent(new Event("change")); }
    });
    filter.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); select.focus(); }
    });
  }

  function setupToggles(form) {
    const update = () => {
      const immediate = form.querySelector("input[name=urgency][value=immediate]").checked;
      form.querySelectorAll(".when-immediate").forEach((el) => { el.hidden = !immediate; });
      const letter = form.querySelector("select[name=channel]").value === "letter";
      form.querySelectorAll(".when-letter").forEach((el) => { el.hidden = !letter; });
    };
    form.addEventListener("change", update);
    update();
  }

  function setupMap(form) {
    const box = form.querySelector(".pin-map");
    const lon = form.querySelector("input[name=lon]");
    const lat = form.querySelector("input[name=lat]");
    const setInputs = (x, y) => { lon.value = Number(x).toFixed(6); lat.value = Number(y).toFixed(6); };
    // Without a map (no WebGL) the coordinates are still filled and looked up.
    form._placePin = (x, y, lookUp) => { setInputs(x, y); if (lookUp) reverseGeocode(form, x, y); };
    if (!box || typeof maplibregl === "undefined") return;
    let map;
    try {
      map = new maplibregl.Map({
        container: box, center: CENTRE, zoom: 10, attributionControl: false,
        style: { version: 8, sources: {}, layers: [{ id: "bg", type: "background", paint: { "background-color": "#eef2f0" } }] },
      });
    } catch (error) { box.hidden = true; return; }
    map.on("load", () => {
      map.addSource("regions", { type: "geojson", data: "/api/v1/addresses/regions.geojson" });
      map.addLayer({ id: "regions", type: "line", source: "regions", paint: { "line-color": "#0b6e4f", "line-width": 1 } });
    });
    const marker = new maplibregl.Marker({ draggable: true });
    const show = (x, y, fly) => {
      marker.setLngLat([x, y]).addTo(map);
      box.dataset.pin = Number(x).toFixed(6) + "," + Number(y).toFixed(6);
      if (fly) map.jumpTo({ center: [x, y], zoom: 15 });
    };
    // The operator moved the pin: the coordinates follow, and the place is looked up (reverse geocoding).
    const moved = (lngLat) => { show(lngLat.lng, lngLat.lat, false); setInputs(lngLat.lng, lngLat.lat); reverseGeocode(form, lngLat.lng, lngLat.lat); };
    map.on("click", (event) => moved(event.lngLat));
    marker.on("dragend", () => moved(marker.getLngLat()));
    const fromInputs = () => {
      const x = parseFloat(lon.value), y = parseFloat(lat.value);
      if (isFinite(x) && isFinite(y)) { show(x, y, false); map.jumpTo({ center: [x, y], zoom: 15 }); reverseGeocode(form, x, y); }
    };
    lon.addEventListener("change", fromInputs); lat.addEventListener("change", fromInputs);
    form._placePin = (x, y, lookUp) => { show(x, y, true); setInputs(x, y); if (lookUp) reverseGeocode(form, x, y); };
  }

  // A point → the nearest street or landmark with region and district, shown in the address widget.
  let reverseSeq = 0;
  async function reverseGeocode(form, x, y) {
    const widget = form.querySelector("[data-address-widget]");
    const url = form.dataset.reverseUrl;
    if (!widget || !url) return;
    const seq = ++reverseSeq;
    try {
      const response = await fetch(url + "?lon=" + encodeURIComponent(x) + "&lat=" + encodeURIComponent(y),
                                   { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok || seq !== reverseSeq) return;
      showPlace(form, widget, await response.json(), false);
    } catch (error) { /* the pin and its coordinates stand on their own */ }
  }

  const FA = "۰۱۲۳۴۵۶۷۸۹";
  const faDigits = (text) => String(text).replace(/[0-9]/g, (d) => FA[+d]);

  function showPlace(form, widget, place, fromWidget) {
    const t = widget.dataset;
    const region = place.region || {}, district = place.district || {};
    const chosen = widget.querySelector(".address-chosen");
    if (!fromWidget) {
      if (place.label) widget.querySelector(".address-input").value = place.label;
      chosen.querySelector(".address-chosen-label").textContent = place.label || "";
      chosen.querySelector(".chip-region").textContent = region.number != null ? t.tRegion + " " + faDigits(region.number) : "—";
      chosen.querySelector(".chip-district").textContent = district.code ? t.tDistrict + " " + faDigits(district.code) : "—";
      chosen.querySelector(".chip-synthetic").hidden = !place.synthetic;
      chosen.hidden = false;
      const fields = { label: place.label || "", lon: place.lon, lat: place.lat,
                       region: region.number == null ? "" : region.number, district: district.code || "" };
      widget.querySelectorAll("input[data-field]").forEach((input) => { input.value = fields[input.dataset.field]; });
    }
    if (place.label) form.querySelector("input[name=address_text]").value = place.label;
  }

  // The shared gazetteer widget: a typed fragment proposes places; choosing one fills the address and moves the pin.
  function setupAddress(form) {
    const widget = form.querySelector("[data-address-widget]");
    const text = form.querySelector("input[name=address_text]");
    if (!widget || !text) return;
    const input = widget.querySelector(".address-input");
    input.addEventListener("input", () => { text.value = input.value.trim(); });
    widget.addEventListener("address:chosen", (event) => {
      const place = event.detail;
      showPlace(form, widget, place, true);
      if (form._placePin) form._placePin(place.lon, place.lat, false);
    });
  }

  function setup(root) {
    root.querySelectorAll("form.message-form").forEach((form) => {
      if (form.dataset.ready) return;
      form.dataset.ready = "1";
      setupFilter(form); setupToggles(form); setupMap(form); setupAddress(form);
      const first = form.querySelector("select[name=channel]");
      if (first) first.focus();
    });
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey && event.key === "Enter") {
      const form = document.activeElement && document.activeElement.closest("form.message-form");
      if (form) { event.preventDefault(); form.requestSubmit(); }
    }
  });
  document.addEventListener("htmx:load", (event) => setup(event.target));
  document.addEventListener("DOMContentLoaded", () => setup(document));
})();
