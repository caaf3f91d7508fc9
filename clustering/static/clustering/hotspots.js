/* The hotspot screen: start a run, poll its progress, draw hot/cold cells and clusters on a MapLibre map,
   compare two periods, export. No outside tiles: the background is the region outlines (GeoJSON). */
(function () {
  "use strict";
  const app = document.getElementById("hotspots-app");
  if (!app) return;
  const form = document.getElementById("hotspot-form");
  const stageLabels = JSON.parse(document.getElementById("stage-labels").textContent);
  const text = JSON.parse(document.getElementById("hotspot-text").textContent);
  const progress = form.querySelector("[data-testid=progress]");
  const progressText = form.querySelector("[data-testid=progress-text]");
  const progressBox = form.querySelector("[data-testid=progress-box]");
  const errorBox = form.querySelector("[data-testid=form-error]");
  const summary = document.querySelector("[data-testid=summary]");
  const summaryList = document.querySelector("[data-testid=summary-list]");
  const fa = (n) => (document.documentElement.lang === "fa" ? Number(n).toLocaleString("fa-IR") : String(n));
  const csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  const empty = { type: "FeatureCollection", features: [] };

  const BIN_COLOURS = ["match", ["get", "gi_bin"], 3, "#b2182b", 2, "#ef8a62", 1, "#fddbc7",
    -1, "#d1e5f0", -2, "#67a9cf", -3, "#2166ac", "rgba(0,0,0,0)"];
  const CATEGORY_COLOURS = ["match", ["get", "category"],
    ["new_hot", "consecutive_hot"], "#b2182b", ["intensifying_hot", "persistent_hot"], "#e31a1c",
    ["diminishing_hot", "sporadic_hot", "oscillating_hot", "historical_hot"], "#fb9a99",
    "", "rgba(0,0,0,0)", "#2166ac"];

  const map = new maplibregl.Map({
    container: "hotspot-map",
    style: {
      version: 8,
      sources: {
        regions: { type: "geojson", data: app.dataset.regionsUrl, attribution: "© OpenStreetMap contributors" },
        cells: { type: "geojson", data: empty },
        clusters: { type: "geojson", data: empty },
        compare: { type: "geojson", data: empty },
      },
      layers: [
        { id: "background", type: "background", paint: { "background-color": "#f0efe9" } },
        { id: "regions-fill", type: "fill", source: "regions", paint: { "fill-color": "#ffffff", "fill-opacity": 0.6 } },
        { id: "regions-line", type: "line", source: "regions", paint: { "line-color": "#333", "line-width": 1 } },
        { id: "hotspot-cells", type: "fill", source: "cells",
          filter: ["!=", ["get", "gi_bin"], 0],
          paint: { "fill-color": BIN_COLOURS, "fill-opacity": 0.8, "fill-outline-color": "rgba(0,0,0,0.2)" } },
        { id: "emerging-cells", type: "fill", source: "cells", layout: { visibility: "none" },
          filter: ["!=", ["get", "category"], ""],
          paint: { "fill-color": CATEGORY_COLOURS, "fill-opacity": 0.8 } },
        { id: "compare-cells", type: "fill", source: "compare", layout: { visibility: "none" },
          paint: { "fill-color": ["case", [">", ["get", "change"], 0], "#d73027", ["<", ["get", "change"], 0], "#4575b4", "#bbbbbb"],
                   "fill-opacity": 0.75 } },
        { id: "clusters-fill", type: "fill", source: "clusters", paint: { "fill-color": "#6a3d9a", "fill-opacity": 0.15 } },
        { id: "clusters-line", type: "line", source: "clusters", paint: { "line-color": "#6a3d9a", "line-width": 2 } },
      ],
    },
    center: [51.39, 35.70], zoom: 10, attributionControl: { compact: false },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
  window.hotspotMap = map;

  // Show only the inputs of the chosen kind.
  function syncKind() {
    const kind = form.kind.value;
    form.querySelectorAll("[data-for]").forEach((el) => { el.hidden = !el.dataset.for.split(" ").includes(kind); });
  }
  form.kind.addEventListener("change", syncKind);
  syncKind();
  if (!form.date_from.value) {
    const d = new Date(form.date_to.value || Date.now()); d.setDate(d.getDate() - 89);
    form.date_from.value = d.toISOString().slice(0, 10);
  }

  // Persian-first: show each chosen date on the Jalali calendar beside its input.
  const jalali = new Intl.DateTimeFormat(document.documentElement.lang === "fa" ? "fa-IR-u-ca-persian" : "en-u-ca-persian",
    { year: "numeric", month: "long", day: "numeric" });
  form.querySelectorAll("input[type=date]").forEach((input) => {
    const out = document.createElement("output");
    out.className = "jalali";
    out.dataset.testid = "jalali-" + input.name;
    input.after(out);
    const sync = () => { out.textContent = input.value ? jalali.format(new Date(input.value + "T12:00:00")) : ""; };
    input.addEventListener("input", sync);
    input.addEventListener("change", sync);
    sync();
  });

  function params(dateFrom, dateTo) {
    const kind = form.kind.value;
    const body = { kind, date_from: dateFrom, date_to: dateTo, category: form.category.value,
      channel: form.channel.value, status: form.status.value };
    if (kind !== "dbscan") { body.resolution = form.resolution.value; body.k = form.k.value; }
    if (kind === "emerging") body.bin = form.bin.value;
    if (kind === "dbscan") { body.eps_m = form.eps_m.value; body.min_samples = form.min_samples.value; }
    return body;
  }

  async function api(url, options) {
    const response = await fetch(url, Object.assign({ credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" } }, options));
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      // the API's error shape: {"message": "…", "errors": {field: ["…"]}}, in the page's language
      const fields = Object.entries(data.errors || {}).filter(([field]) => field !== "__all__")
        .map(([, messages]) => messages.join(" ")).join(" ");
      throw new Error((data.message || data.detail || response.status) + " " + fields);
    }
    return data;
  }

  function showProgress(run) {
    progressBox.hidden = false;
    progress.value = run.progress;
    progress.setAttribute("aria-valuenow", run.progress);
    progressText.textContent = fa(run.progress) + "٪ — " + (stageLabels[run.stage] || run.stage_label || run.stage);
    progressBox.dataset.status = run.status;
  }

  async function waitFor(run) {
    while (run.status !== "done" && run.status !== "failed") {
      showProgress(run);
      await new Promise((r) => setTimeout(r, 400));
      run = await api(run.urls.self);
    }
    showProgress(run);
    if (run.status === "failed") throw new Error(text.failed + " " + run.error);
    return run;
  }

  function fit(collection) {
    let minX = 180, minY = 90, maxX = -180, maxY = -90;
    collection.features.forEach((f) => (f.geometry.coordinates[0] || []).forEach(([x, y]) => {
      minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
    }));
    if (minX <= maxX) map.fitBounds([[minX, minY], [maxX, maxY]], { padding: 30, duration: 0, maxZoom: 14 });
  }

  function legend(which) {
    ["gistar", "emerging", "compare"].forEach((name) => {
      document.querySelector(".legend-" + name).hidden = name !== which;
    });
  }

  function describe(run, extra) {
    const rows = [[text.requests, fa(run.request_count)]];
    const s = run.summary || {};
    if (s.cells !== undefined) rows.push([text.cells, fa(s.cells)]);
    if (s.hot) rows.push([text.hot, fa(Object.values(s.hot).reduce((a, b) => a + b, 0))]);
    if (s.cold) rows.push([text.cold, fa(Object.values(s.cold).reduce((a, b) => a + b, 0))]);
    if (s.categories) {
      rows.push([text.categories, Object.entries(s.categories)
        .map(([k, v]) => (text.patterns[k] || k) + ": " + fa(v)).join("، ") || "—"]);
    }
    if (s.clusters !== undefined) rows.push([text.clusters, fa(s.clusters)]);
    const total = Object.values(run.timings || {}).reduce((a, b) => a + b, 0) / 1000;
    rows.push([text.duration, fa(total.toFixed(2))]);
    if (run.reused) rows.push(["✓", text.reused]);
    (extra || []).forEach((r) => rows.push(r));
    summaryList.replaceChildren(...rows.flatMap(([k, v]) => {
      const dt = document.createElement("dt"); dt.textContent = k;
      const dd = document.createElement("dd"); dd.textContent = v;
      return [dt, dd];
    }));
    summary.hidden = false;
    summary.querySelectorAll("[data-format]").forEach((a) => {
      a.href = run.urls.exports[a.dataset.format];
      a.setAttribute("download", "");
    });
  }

  async function showRun(run) {
    const isClusters = run.kind === "dbscan";
    map.setLayoutProperty("hotspot-cells", "visibility", run.kind === "gistar" ? "visible" : "none");
    map.setLayoutProperty("emerging-cells", "visibility", run.kind === "emerging" ? "visible" : "none");
    map.setLayoutProperty("compare-cells", "visibility", "none");
    legend(run.kind === "emerging" ? "emerging" : "gistar");
    if (isClusters) {
      const clusters = await api(run.urls.clusters);
      map.getSource("cells").setData(empty);
      map.getSource("clusters").setData(clusters);
      fit(clusters);
    } else {
      const cells = await api(run.urls.cells + "?significant=1");
      map.getSource("clusters").setData(empty);
      map.getSource("cells").setData(cells);
      fit(cells);
    }
    describe(run);
    app.dataset.runId = run.id;
    app.dataset.state = "shown";
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errorBox.hidden = true;
    app.dataset.state = "running";
    try {
      const first = api(app.dataset.runsUrl, { method: "POST", body: JSON.stringify(params(form.date_from.value, form.date_to.value)) });
      const compare = form.compare.checked && form.kind.value === "gistar";
      const second = compare ? api(app.dataset.runsUrl, { method: "POST",
        body: JSON.stringify(params(form.date_from_b.value, form.date_to_b.value)) }) : null;
      const runA = await waitFor(await first);
      await showRun(runA);
      if (second) {
        const runB = await waitFor(await second);
        const changes = await api(app.dataset.compareUrl + "?a=" + runA.id + "&b=" + runB.id);
        map.getSource("compare").setData(changes);
        fit(changes);
        map.setLayoutProperty("hotspot-cells", "visibility", "none");
        map.setLayoutProperty("compare-cells", "visibility", "visible");
        legend("compare");
        const hotter = changes.features.filter((f) => f.properties.change > 0).length;
        const cooler = changes.features.filter((f) => f.properties.change < 0).length;
        describe(runA, [[text.change_hotter, fa(hotter)], [text.change_cooler, fa(cooler)]]);
        app.dataset.compareRunId = runB.id;
        app.dataset.state = "compared";
      }
    } catch (error) {
      errorBox.textContent = error.message || text.network;
      errorBox.hidden = false;
      app.dataset.state = "error";
    }
  });
})();
