/* The operator address widget: as-you-type suggestions from /api/v1/addresses/suggest (debounced, stale answers
   dropped), ↑/↓/Enter/Esc, region/district chips, a "synthetic" badge, and a MapLibre preview with a marker on the
   chosen place (region outlines from our own GeoJSON; no outside tiles). Emits "address:chosen" on the widget. */
(function () {
  "use strict";

  var DEBOUNCE_MS = 160;
  var FA_DIGITS = "۰۱۲۳۴۵۶۷۸۹";

  function faDigits(text) {
    return String(text).replace(/[0-9]/g, function (d) { return FA_DIGITS[+d]; });
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function AddressWidget(root) {
    this.root = root;
    this.t = root.dataset;
    this.input = root.querySelector(".address-input");
    this.list = root.querySelector(".address-suggestions");
    this.status = root.querySelector(".address-status");
    this.chosenBox = root.querySelector(".address-chosen");
    this.mapBox = root.querySelector(".address-map");
    this.results = [];
    this.active = -1;
    this.timer = null;
    this.seq = 0;
    this.controller = null;
    this.lastQuery = "";
    this.map = null;
    this.marker = null;
    this.bind();
    this.initMap();
  }

  AddressWidget.prototype.bind = function () {
    var self = this;
    this.input.addEventListener("input", function () {
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.fetch(self.input.value, false); }, DEBOUNCE_MS);
    });
    this.input.addEventListener("keydown", function (event) { self.onKey(event); });
    this.input.addEventListener("blur", function () { setTimeout(function () { self.close(); }, 150); });
    this.list.addEventListener("mousedown", function (event) {
      var item = event.target.closest("li[data-index]");
      if (item) { event.preventDefault(); self.choose(+item.dataset.index); }
    });
  };

  AddressWidget.prototype.onKey = function (event) {
    var open = !this.list.hidden && this.results.length > 0;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open && this.results.length) this.open();
      this.highlight(this.active + 1 >= this.results.length ? 0 : this.active + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      this.highlight(this.active <= 0 ? this.results.length - 1 : this.active - 1);
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (open && this.active >= 0) {
        this.choose(this.active);
      } else if (this.input.value.trim()) {
        clearTimeout(this.timer);
        this.fetch(this.input.value, true);  // the operator insists: an unmatched query goes to the review queue
      }
    } else if (event.key === "Escape") {
      if (open) { event.preventDefault(); this.close(); }
    }
  };

  AddressWidget.prototype.fetch = function (query, record) {
    var self = this;
    query = query.trim();
    if (!query) { this.results = []; this.render(); return; }
    if (this.controller) this.controller.abort();
    this.controller = window.AbortController ? new AbortController() : null;
    var seq = ++this.seq;
    var url = this.t.suggestUrl + "?limit=8&record=" + (record ? "1" : "0") + "&q=" + encodeURIComponent(query);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" },
                 signal: this.controller ? this.controller.signal : undefined })
      .then(function (response) { return response.json().then(function (body) { return [response.ok, body]; }); })
      .then(function (pair) {
        if (seq !== self.seq) return;  // a newer keystroke already asked
        if (!pair[0]) { self.status.textContent = pair[1].detail || ""; return; }
        self.lastQuery = query;
        self.results = pair[1].results || [];
        self.render();
      })
      .catch(function (error) { if (error.name !== "AbortError") self.status.textContent = String(error); });
  };

  AddressWidget.prototype.chips = function (container, result) {
    if (result.region && result.region.number != null) {
      container.appendChild(el("span", "chip chip-region", this.t.tRegion + " " + faDigits(result.region.number)));
    }
    if (result.district && result.district.code) {
      container.appendChild(el("span", "chip chip-district", this.t.tDistrict + " " + faDigits(result.district.code)));
    }
    if (result.synthetic) {
      var badge = el("span", "chip chip-synthetic", this.t.tSynthetic);
      badge.dataset.testid = "synthetic-badge";
      container.appendChild(badge);
    }
  };

  // "also in region 4, 16": places of the same name elsewhere, so the operator does not take the first blindly
  AddressWidget.prototype.alsoIn = function (result) {
    var regions = (result.elsewhere || []).map(function (a) { return a.region.number; })
      .filter(function (n) { return n != null; });
    if (!regions.length) return null;
    var node = el("span", "s-elsewhere", this.t.tAlsoIn + " " + regions.map(faDigits).join("، "));
    node.dataset.testid = "address-elsewhere";
    return node;
  };

  AddressWidget.prototype.render = function () {
    var self = this;
    this.list.textContent = "";
    this.active = -1;
    this.results.forEach(function (result, index) {
      var item = el("li");
      item.id = self.list.id + "-" + index;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.dataset.index = index;
      item.dataset.testid = "address-suggestion";
      item.appendChild(el("span", "s-label", result.label));
      self.chips(item, result);
      if (result.why) item.title = result.why;  // what matched, for the operator to judge
      var also = self.alsoIn(result);
      if (also) item.appendChild(also);
      self.list.appendChild(item);
    });
    if (this.results.length) {
      this.open();
      this.status.textContent = faDigits(this.results.length) + " " + this.t.tCount;
    } else {
      this.close();
      this.status.textContent = this.input.value.trim() ? this.t.tNone : "";
    }
  };

  AddressWidget.prototype.open = function () {
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  AddressWidget.prototype.close = function () {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  };

  AddressWidget.prototype.highlight = function (index) {
    var items = this.list.querySelectorAll("li");
    if (!items.length) return;
    this.active = index;
    items.forEach(function (item, i) { item.setAttribute("aria-selected", i === index ? "true" : "false"); });
    this.input.setAttribute("aria-activedescendant", items[index].id);
    items[index].scrollIntoView({ block: "nearest" });
  };

  AddressWidget.prototype.choose = function (index) {
    var result = this.results[index];
    if (!result) return;
    this.close();
    this.input.value = result.label;
    var box = this.chosenBox;
    box.querySelector(".address-chosen-label").textContent = result.label;
    box.querySelector(".chip-region").textContent =
      result.region.number != null ? this.t.tRegion + " " + faDigits(result.region.number) : "—";
    box.querySelector(".chip-district").textContent =
      result.district.code ? this.t.tDistrict + " " + faDigits(result.district.code) : "—";
    box.querySelector(".chip-synthetic").hidden = !result.synthetic;
    var why = box.querySelector(".address-chosen-why");
    if (why) why.textContent = result.why || "";
    var old = box.querySelector(".s-elsewhere");
    if (old) old.remove();
    var also = this.alsoIn(result);
    if (also) box.insertBefore(also, why);
    box.hidden = false;
    var fields = { label: result.label, lon: result.lon, lat: result.lat,
                   region: result.region.number == null ? "" : result.region.number, district: result.district.code || "" };
    this.root.querySelectorAll("input[data-field]").forEach(function (input) { input.value = fields[input.dataset.field]; });
    this.status.textContent = "";
    this.showMarker(result.lon, result.lat);
    if (index > 0) this.reportCorrection(result);
    this.root.dispatchEvent(new CustomEvent("address:chosen", { bubbles: true, detail: result }));
  };

  AddressWidget.prototype.reportCorrection = function (chosen) {
    var first = this.results[0];
    fetch(this.t.correctionsUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ query: this.lastQuery, suggested_label: first.label, suggested_record: first.record_id || "",
                             chosen_label: chosen.label, chosen_record: chosen.record_id || "" }),
    }).catch(function () { /* the review queue is a nicety; the operator's work goes on */ });
  };

  AddressWidget.prototype.initMap = function () {
    var self = this;
    if (!window.maplibregl || !this.mapBox) return;
    try {
      this.map = new maplibregl.Map({
        container: this.mapBox,
        style: { version: 8, sources: {}, layers: [{ id: "bg", type: "background", paint: { "background-color": "#eef1f4" } }] },
        center: [51.389, 35.6892], zoom: 9.3, attributionControl: false,
      });
      this.map.on("load", function () {
        self.map.addSource("regions", { type: "geojson", data: self.t.regionsUrl });
        self.map.addLayer({ id: "regions-fill", type: "fill", source: "regions", paint: { "fill-color": "#dfe9e4", "fill-opacity": 0.6 } });
        self.map.addLayer({ id: "regions-line", type: "line", source: "regions", paint: { "line-color": "#0b6e4f", "line-width": 1 } });
      });
    } catch (error) {
      this.map = null;  // no WebGL: the chosen coordinates are still shown and stored
    }
  };

  AddressWidget.prototype.showMarker = function (lon, lat) {
    this.mapBox.dataset.marker = lon.toFixed(6) + "," + lat.toFixed(6);
    if (!this.map) return;
    if (!this.marker) {
      var dot = el("div", "address-marker");
      dot.dataset.testid = "address-marker";
      this.marker = new maplibregl.Marker({ element: dot });
    }
    this.marker.setLngLat([lon, lat]).addTo(this.map);
    this.map.jumpTo({ center: [lon, lat], zoom: 14 });
  };

  function init() {
    document.querySelectorAll("[data-address-widget]").forEach(function (root) {
      if (!root.addressWidget) root.addressWidget = new AddressWidget(root);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  document.addEventListener("htmx:afterSwap", init);
})();
