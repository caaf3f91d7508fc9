/* CivicMapView: our own basemap (regions, districts, neighbourhoods, streets, landmarks, metro from /tiles/),
 * Persian labels shaped by the RTL text plugin, Vazirmatn glyphs served locally. No outside map service.
 *
 * Reuse it wherever a screen needs a map or a point picker:
 *
 *   <link rel="stylesheet" href="{% static 'vendor/maplibre/maplibre-gl.css' %}">
 *   <script src="{% static 'vendor/maplibre/maplibre-gl.js' %}"></script>
 *   <script src="{% static 'frontend_map/mapview.js' %}"></script>
 *   <div id="pick" class="pick-map"></div>    (its height in a stylesheet: the CSP allows no style attributes)
 *   const view = CivicMapView.create(document.getElementById('pick'), {
 *     picker: true,                          // click (or Enter on the focused map) drops a marker
 *     value: [51.389, 35.689],               // optional initial point
 *     onPick: ({lon, lat}) => { lonInput.value = lon; latInput.value = lat; },
 *   });
 *   // The container also receives a bubbling 'civic:pick' CustomEvent with detail {lon, lat}.
 *   view.setPoint(51.4, 35.7);  view.map  // the maplibregl.Map
 */
(function () {
  'use strict';
  const TEHRAN = [51.389, 35.705];
  const FONT = ['Vazirmatn Regular'];
  const FONT_BOLD = ['Vazirmatn Bold'];
  const OSM = '© <a href="/about/data">OpenStreetMap contributors</a>';
  let rtlRequested = false;

  function ensureRtlPlugin(url) {
    if (rtlRequested || !window.maplibregl) return;
    rtlRequested = true;
    const status = maplibregl.getRTLTextPluginStatus ? maplibregl.getRTLTextPluginStatus() : 'unavailable';
    if (status === 'unavailable') maplibregl.setRTLTextPlugin(url, false).catch((e) => console.error(e));
  }

  function source(tilesBase, name, attribution, extra) {
    return Object.assign({
      type: 'vector', tiles: [location.origin + tilesBase + name + '/{z}/{x}/{y}.pbf'],
      minzoom: 0, maxzoom: 16, attribution: attribution,
    }, extra || {});
  }

  function label(id, src, srcLayer, minzoom, size, color, extra) {
    return Object.assign({
      id: id, type: 'symbol', source: src, 'source-layer': srcLayer, minzoom: minzoom,
      layout: { 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': size, 'text-max-width': 8 },
      paint: { 'text-color': color, 'text-halo-color': '#ffffff', 'text-halo-width': 1.4 },
    }, extra || {});
  }

  /* The basemap style; `opts.tiles` is the tiles URL prefix ('/tiles/'), `opts.glyphs` the glyph URL template. */
  function basemapStyle(opts) {
    const t = (opts && opts.tiles) || '/tiles/';
    const synthetic = (opts && opts.syntheticNote) || 'synthetic demo data';
    return {
      version: 8,
      glyphs: location.origin + ((opts && opts.glyphs) || '/tiles/glyphs/{fontstack}/{range}.pbf'),
      sources: {
        regions: source(t, 'regions', OSM),
        districts: source(t, 'districts', synthetic, { minzoom: 10 }),
        neighbourhoods: source(t, 'neighbourhoods', synthetic, { minzoom: 12 }),
        streets: source(t, 'streets', synthetic, { minzoom: 9 }),
        landmarks: source(t, 'landmarks', synthetic, { minzoom: 13 }),
        metro: source(t, 'metro', OSM, { minzoom: 11 }),
      },
      layers: [
        { id: 'background', type: 'background', paint: { 'background-color': '#eef0ea' } },
        { id: 'regions-fill', type: 'fill', source: 'regions', 'source-layer': 'regions',
          paint: { 'fill-color': '#f8f7f2', 'fill-outline-color': '#c9c3b5' } },
        { id: 'neighbourhoods-line', type: 'line', source: 'neighbourhoods', 'source-layer': 'neighbourhoods',
          minzoom: 13, paint: { 'line-color': '#d8d2c4', 'line-width': 0.6, 'line-dasharray': [2, 2] } },
        { id: 'districts-line', type: 'line', source: 'districts', 'source-layer': 'districts', minzoom: 11,
          paint: { 'line-color': '#bdb4a2', 'line-width': 0.8 } },
        { id: 'streets-alley', type: 'line', source: 'streets', 'source-layer': 'streets',
          filter: ['==', ['get', 'kind'], 'alley'], paint: { 'line-color': '#ffffff', 'line-width': 1 } },
        { id: 'streets-street', type: 'line', source: 'streets', 'source-layer': 'streets',
          filter: ['==', ['get', 'kind'], 'street'],
          paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 13, 1, 17, 5] } },
        { id: 'streets-boulevard', type: 'line', source: 'streets', 'source-layer': 'streets',
          filter: ['==', ['get', 'kind'], 'boulevard'],
          paint: { 'line-color': '#fde9a9', 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 1, 17, 7] } },
        { id: 'streets-highway', type: 'line', source: 'streets', 'source-layer': 'streets',
          filter: ['==', ['get', 'kind'], 'highway'],
          paint: { 'line-color': '#f6b26b', 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 1.2, 17, 9] } },
        { id: 'regions-line', type: 'line', source: 'regions', 'source-layer': 'regions',
          paint: { 'line-color': '#8d8574', 'line-width': 1.4 } },
        label('streets-label', 'streets', 'streets', 14, 11, '#4a4a4a', {
          layout: { 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': 11,
                    'symbol-placement': 'line', 'text-max-angle': 30 } }),
        label('neighbourhoods-label', 'neighbourhoods', 'neighbourhoods_label', 14, 12, '#7a6f5a'),
        label('districts-label', 'districts', 'districts_label', 12, 12, '#6b6150'),
        label('regions-label', 'regions', 'regions_label', 9, 14, '#3d3a33', {
          layout: { 'text-field': ['get', 'name'], 'text-font': FONT_BOLD, 'text-size': 14 }, maxzoom: 13 }),
        { id: 'metro-dot', type: 'circle', source: 'metro', 'source-layer': 'metro',
          paint: { 'circle-radius': 4, 'circle-color': '#d7263d', 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 } },
        label('metro-label', 'metro', 'metro', 13, 11, '#9b1b2c', {
          layout: { 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': 11, 'text-offset': [0, 1.1],
                    'text-anchor': 'top' } }),
        { id: 'landmarks-dot', type: 'circle', source: 'landmarks', 'source-layer': 'landmarks',
          paint: { 'circle-radius': 3, 'circle-color': '#5b7f95' } },
        label('landmarks-label', 'landmarks', 'landmarks', 15, 11, '#3f5b6b', {
          layout: { 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': 11, 'text-offset': [0, 1],
                    'text-anchor': 'top' } }),
      ],
    };
  }

  function create(container, opts) {
    opts = opts || {};
    ensureRtlPlugin(opts.rtlPlugin || '/static/vendor/rtl-text/mapbox-gl-rtl-text.js');
    const map = new maplibregl.Map({
      container: container,
      style: basemapStyle(opts),
      center: opts.value || opts.center || TEHRAN,
      zoom: opts.zoom || (opts.value ? 15 : 11),
      attributionControl: { compact: false },
      hash: !!opts.hash,
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
    const view = { map: map, marker: null, point: null };
    view.setPoint = function (lon, lat) {
      view.point = { lon: Math.round(lon * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 };
      if (!view.marker) {
        view.marker = new maplibregl.Marker({ color: '#0b6e4f', draggable: !!opts.picker });
        view.marker.on('dragend', () => { const p = view.marker.getLngLat(); view.setPoint(p.lng, p.lat); });
      }
      view.marker.setLngLat([lon, lat]).addTo(map);
      if (opts.picker) {
        if (opts.onPick) opts.onPick(view.point);
        container.dispatchEvent(new CustomEvent('civic:pick', { detail: view.point, bubbles: true }));
      }
    };
    if (opts.picker) {
      map.getCanvas().style.cursor = 'crosshair';
      map.on('click', (e) => view.setPoint(e.lngLat.lng, e.lngLat.lat));
      map.getCanvas().addEventListener('keydown', (e) => {
        if (e.key === 'Enter') { const c = map.getCenter(); view.setPoint(c.lng, c.lat); }
      });
    }
    if (opts.value) map.once('load', () => view.setPoint(opts.value[0], opts.value[1]));
    return view;
  }

  window.CivicMapView = { create: create, basemapStyle: basemapStyle, TEHRAN: TEHRAN, FONT: FONT };
})();
