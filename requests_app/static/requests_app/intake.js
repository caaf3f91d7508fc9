/* The operator console: keyboard first. Each message form gets a searchable subject list, a pin map and
   address suggestions from the gazetteer. */
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
    if (!box || typeof maplibregl === "undefined") return;
    const lon = form.querySelector("input[name=lon]");
    const lat = form.querySelector("input[name=lat]");
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
    const place = (lngLat, fly) => {
      marker.setLngLat(lngLat).addTo(map);
      lon.value = lngLat.lng.toFixed(6); lat.value = lngLat.lat.toFixed(6);
      if (fly) map.flyTo({ center: lngLat, zoom: 15 });
    };
    map.on("click", (event) => place(event.lngLat, false));
    marker.on("dragend", () => place(marker.getLngLat(), false));
    const fromInputs = () => {
      const x = parseFloat(lon.value), y = parseFloat(lat.value);
      if (isFinite(x) && isFinite(y)) { marker.setLngLat([x, y]).addTo(map); map.jumpTo({ center: [x, y], zoom: 15 }); }
    };
    lon.addEventListener("change", fromInputs); lat.addEventListener("change", fromInputs);
    form._placePin = (x, y) => place({ lng: x, lat: y }, true);
  }

  function setupAddress(form) {
    const input = form.querySelector(".address-input");
    const list = form.querySelector(".address-suggestions");
    if (!input || !list) return;
    let timer = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      const q = input.value.trim();
      if (q.length < 2) { list.innerHTML = ""; return; }
      timer = setTimeout(async () => {
        try {
          const response = await fetch("/api/v1/addresses/suggest?limit=5&q=" + encodeURIComponent(q), { credentials: "same-origin" });
          if (!response.ok) return;
          const data = await response.json();
          list.innerHTML = "";
          (data.results || []).forEach((s) => {
            const li = document.createElement("li");
            li.tabIndex = 0; li.setAttribute("role", "option");
            li.textContent = s.label + " — " + (s.region && s.region.name || "");
            const choose = () => {
              input.value = s.label; list.innerHTML = "";
              if (form._placePin) form._placePin(s.lon, s.lat);
              else { form.querySelector("input[name=lon]").value = s.lon; form.querySelector("input[name=lat]").value = s.lat; }
            };
            li.addEventListener("click", choose);
            li.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); choose(); } });
            list.appendChild(li);
          });
        } catch (error) { /* suggestions are a help, never a blocker */ }
      }, 200);
    });
    input.addEventListener("keydown", (e) => {
      if (e.key === "ArrowDown" && list.firstChild) { e.preventDefault(); list.firstChild.focus(); }
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
