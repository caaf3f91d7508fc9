/* The map of every request: hexagons (H3 aggregates) at low zoom, points at high zoom, a heatmap, filters,
 * a time slider, a legend, request cards, and live refresh (polls the data version, then swaps the tile URLs). */
(function () {
  'use strict';
  const config = JSON.parse(document.getElementById('map-config').textContent);
  const T = config.text;
  const categoriesById = new Map(config.categories.map((c) => [c.id, c]));
  const el = (id) => document.getElementById(id);
  const faDigits = (v) => String(v).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[d]);
  const OPEN_COLOR = '#d7263d', CLOSED_COLOR = '#5b7f95';
  const HEX_STEPS = [1, 5, 20, 50, 150, 400];
  const HEX_COLORS = ['#fff3c4', '#fdd27a', '#f9a94b', '#f07b38', '#d94c2b', '#a8251f'];

  const view = CivicMapView.create(el('map'), {
    tiles: config.tiles, glyphs: config.glyphs, syntheticNote: T.synthetic, hash: true,
  });
  const map = view.map;
  window.civicMap = map;
  let version = config.version;

  function filterQuery() {
    const params = new URLSearchParams();
    const category = el('f-subsubject').value || el('f-subject').value;
    if (category) params.set('category', category);
    if (el('f-status').value) params.set('status', el('f-status').value);
    if (el('f-channel').value) params.set('channel', el('f-channel').value);
    if (el('f-region').value) params.set('region', el('f-region').value);
    const period = config.periods[Number(el('f-period').value)];
    const from = el('f-from').value.trim() || (period && period.from) || '';
    if (from) params.set('from', from);
    if (el('f-to').value.trim()) params.set('to', el('f-to').value.trim());
    return params;
  }

  function tileUrl(layer) {
    const params = filterQuery();
    params.set('v', version);
    return location.origin + config.tiles + layer + '/{z}/{x}/{y}.pbf?' + params.toString();
  }

  function checkFilters() {
    // Ask the server once (z0 tile is cheap to reject or build) so a malformed date shows its message here.
    const url = tileUrl('requests').replace('{z}/{x}/{y}', '0/0/0');
    return fetch(url, { headers: { Accept: 'application/json' } }).then((r) => {
      if (r.status === 400) return r.json().then((b) => { el('filter-error').textContent = b.error; return false; });
      el('filter-error').textContent = '';
      return true;
    });
  }

  function refreshSources() {
    for (const name of ['requests', 'requests_heat']) {
      const src = map.getSource(name);
      if (src) src.setTiles([tileUrl(name)]);
    }
  }

  map.on('load', () => {
    map.addSource('requests', { type: 'vector', tiles: [tileUrl('requests')], minzoom: 0, maxzoom: 16,
                                attribution: T.synthetic });
    map.addSource('requests_heat', { type: 'vector', tiles: [tileUrl('requests_heat')], minzoom: 0, maxzoom: 16 });
    const hexColor = ['step', ['get', 'count'], HEX_COLORS[0]];
    HEX_STEPS.slice(1).forEach((s, i) => hexColor.push(s, HEX_COLORS[i + 1]));
    map.addLayer({ id: 'requests-heat', type: 'heatmap', source: 'requests_heat', 'source-layer': 'requests_heat',
      layout: { visibility: 'none' },
      paint: { 'heatmap-weight': ['interpolate', ['linear'], ['get', 'count'], 0, 0, 200, 1],
               'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 9, 12, 15, 24],
               'heatmap-opacity': 0.75 } }, 'regions-label');
    map.addLayer({ id: 'requests-hex', type: 'fill', source: 'requests', 'source-layer': 'requests',
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': hexColor, 'fill-opacity': 0.62, 'fill-outline-color': '#ffffff' } }, 'regions-label');
    map.addLayer({ id: 'requests-hex-overdue', type: 'line', source: 'requests', 'source-layer': 'requests',
      filter: ['all', ['==', ['geometry-type'], 'Polygon'], ['>', ['get', 'overdue'], 0]],
      paint: { 'line-color': '#6a040f', 'line-width': 1.5 } }, 'regions-label');
    map.addLayer({ id: 'requests-points', type: 'circle', source: 'requests', 'source-layer': 'requests',
      filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 15, 3.5, 18, 7],
               'circle-color': ['case', ['get', 'open'], OPEN_COLOR, CLOSED_COLOR],
               'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1 } });
    for (const id of ['requests-hex', 'requests-points']) {
      map.on('mouseenter', id, () => { map.getCanvas().style.cursor = 'pointer'; });
      map.on('mouseleave', id, () => { map.getCanvas().style.cursor = ''; });
    }
    map.on('click', 'requests-points', (e) => showCard(e.features[0].properties.id));
    map.on('click', 'requests-hex', (e) => showHex(e.features[0].properties));
    el('map').dataset.ready = '1';
  });

  function categoryName(id) {
    const c = categoriesById.get(Number(id));
    return c ? c.name_fa : '—';
  }

  function showHex(p) {
    const top = String(p.top || '').split(',').filter(Boolean).map(categoryName);
    const card = el('card');
    card.innerHTML = '';
    const h = document.createElement('h3'); h.textContent = T.hexTitle; card.appendChild(h);
    const dl = document.createElement('dl');
    for (const [label, value] of [[T.count, p.count], [T.open, p.open], [T.overdue, p.overdue]]) {
      const dt = document.createElement('dt'); dt.textContent = label;
      const dd = document.createElement('dd'); dd.textContent = faDigits(value);
      dl.append(dt, dd);
    }
    const dt = document.createElement('dt'); dt.textContent = T.top;
    const dd = document.createElement('dd'); dd.textContent = top.join('، ') || '—';
    dl.append(dt, dd);
    card.appendChild(dl);
    card.hidden = false;
  }

  function showCard(id) {
    fetch(config.card.replace('{id}', id)).then((r) => r.json().then((b) => [r.ok, b])).then(([ok, b]) => {
      const card = el('card');
      card.innerHTML = '';
      if (!ok) { card.textContent = b.error; card.hidden = false; return; }
      const h = document.createElement('h3'); h.textContent = b.tracking_code; h.dataset.testid = 'card-code';
      card.appendChild(h);
      const dl = document.createElement('dl');
      for (const [label, value] of [[T.category, b.category], [T.status, b.status_label], [T.date, b.date],
                                    [T.address, b.address || '—']]) {
        const dt = document.createElement('dt'); dt.textContent = label;
        const dd = document.createElement('dd'); dd.textContent = value;
        dl.append(dt, dd);
      }
      card.appendChild(dl);
      const a = document.createElement('a'); a.href = b.url; a.textContent = T.openRequest; card.appendChild(a);
      card.hidden = false;
    });
  }

  // Filters: subject → its sub-subjects; any change refreshes the request sources.
  function fillSubSubjects() {
    const subject = Number(el('f-subject').value);
    const select = el('f-subsubject');
    select.innerHTML = '';
    const all = document.createElement('option'); all.value = ''; all.textContent = T.all; select.appendChild(all);
    for (const c of config.categories) {
      if (subject && c.parent_id === subject) {
        const o = document.createElement('option'); o.value = c.id; o.textContent = c.name_fa; select.appendChild(o);
      }
    }
    select.disabled = !subject;
  }
  function onFilterChange() {
    const period = config.periods[Number(el('f-period').value)];
    el('period-label').textContent = period.label;
    checkFilters().then((ok) => { if (ok) refreshSources(); });
  }
  el('f-subject').addEventListener('change', () => { fillSubSubjects(); onFilterChange(); });
  for (const id of ['f-subsubject', 'f-status', 'f-channel', 'f-region', 'f-period']) {
    el(id).addEventListener(id === 'f-period' ? 'input' : 'change', onFilterChange);
  }
  for (const id of ['f-from', 'f-to']) el(id).addEventListener('change', onFilterChange);
  el('f-heat').addEventListener('change', (e) => {
    map.setLayoutProperty('requests-heat', 'visibility', e.target.checked ? 'visible' : 'none');
    for (const id of ['requests-hex', 'requests-hex-overdue']) {
      map.setLayoutProperty(id, 'visibility', e.target.checked ? 'none' : 'visible');
    }
  });
  el('card-close') && el('card-close').addEventListener('click', () => { el('card').hidden = true; });
  fillSubSubjects();
  el('period-label').textContent = config.periods[Number(el('f-period').value)].label;

  // Legend.
  const legend = el('legend-hex');
  HEX_STEPS.forEach((s, i) => {
    const li = document.createElement('li');
    const sw = document.createElement('span'); sw.className = 'swatch'; sw.style.background = HEX_COLORS[i];
    li.append(sw, document.createTextNode(faDigits(s) + (i === HEX_STEPS.length - 1 ? '+' : '–' + faDigits(HEX_STEPS[i + 1] - 1))));
    legend.appendChild(li);
  });

  // Live refresh: poll the data version; when requests change, new tile URLs (?v=) make MapLibre reload them.
  function poll() {
    fetch(config.versions, { cache: 'no-store' }).then((r) => r.json()).then((v) => {
      if (v.requests && v.requests !== version) { version = v.requests; refreshSources(); }
    }).catch(() => {}).finally(() => setTimeout(poll, config.pollSeconds * 1000));
  }
  setTimeout(poll, config.pollSeconds * 1000);
})();
