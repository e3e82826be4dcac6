/*
 * The map of an HTML page of Tweeling (items, one feature, a collection's extent): progressive, the page's
 * tables carry everything without it. Reads the map element's data attributes: data-geojson (the page's own
 * features as GeoJSON: the same URL with f=json), data-bbox (minLon,minLat,maxLon,maxLat) or data-style (a
 * style of /styles, over the application's vector tiles). Draws on a plain background, without tile servers,
 * with MapLibre GL JS served by the application (/viewer/vendor/).
 */
(function () {
  'use strict';
  var el = document.getElementById('map');
  var me = document.currentScript;
  var library = me && me.getAttribute('data-maplibre');
  if (!el || !library) {
    return;
  }

  // MapLibre GL JS as the viewer serves it: an ES module (MapLibre 6 is published as one) or a classic build
  // that sets window.maplibregl; without it (or without WebGL) the map stays hidden and the tables serve
  function load() {
    if (window.maplibregl) {
      return Promise.resolve(window.maplibregl);
    }
    return import(library).then(function (m) {
      if (m && typeof m.Map === 'function') {
        return m;
      }
      if (m && m.default && typeof m.default.Map === 'function') {
        return m.default;
      }
      if (window.maplibregl) {
        return window.maplibregl;
      }
      return new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = library;
        s.onload = function () { return window.maplibregl ? resolve(window.maplibregl) : reject(new Error('no maplibregl')); };
        s.onerror = reject;
        document.head.appendChild(s);
      });
    });
  }

  load().then(start).catch(function () { el.hidden = true; });

  function start(maplibregl) {
    var COLOUR = '#0b4f6c';
    var AREA = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false];
    var LINE = ['match', ['geometry-type'], ['LineString', 'MultiLineString'], true, false];
    var POINT = ['match', ['geometry-type'], ['Point', 'MultiPoint'], true, false];

    function extend(box, c) {
      if (typeof c[0] === 'number') {
        box[0] = Math.min(box[0], c[0]); box[1] = Math.min(box[1], c[1]);
        box[2] = Math.max(box[2], c[0]); box[3] = Math.max(box[3], c[1]);
      } else {
        for (var i = 0; i < c.length; i++) { extend(box, c[i]); }
      }
    }

    function bounds(geojson) {
      var box = [Infinity, Infinity, -Infinity, -Infinity];
      var features = geojson.type === 'FeatureCollection' ? geojson.features : [geojson];
      features.forEach(function (f) {
        var g = f && f.geometry;
        if (!g) { return; }
        (g.type === 'GeometryCollection' ? g.geometries : [g]).forEach(function (p) { extend(box, p.coordinates); });
      });
      return box[0] <= box[2] ? box : null;
    }

    function show(map, data, box) {
      // string ids do not survive as MapLibre feature ids: keep each id as a property
      if (data.type === 'FeatureCollection') {
        data.features.forEach(function (f) {
          f.properties = Object.assign({}, f.properties, { 'tweeling:id': f.id === undefined ? null : f.id });
        });
      }
      map.addSource('page', { type: 'geojson', data: data });
      map.addLayer({ id: 'areas', type: 'fill', source: 'page', filter: AREA,
        paint: { 'fill-color': COLOUR, 'fill-opacity': 0.25 } });
      map.addLayer({ id: 'outlines', type: 'line', source: 'page', filter: AREA,
        paint: { 'line-color': COLOUR, 'line-width': 1.5 } });
      map.addLayer({ id: 'lines', type: 'line', source: 'page', filter: LINE,
        paint: { 'line-color': COLOUR, 'line-width': 2.5 } });
      map.addLayer({ id: 'points', type: 'circle', source: 'page', filter: POINT,
        paint: { 'circle-color': COLOUR, 'circle-radius': 5, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 } });
      if (box) {
        map.fitBounds([[box[0], box[1]], [box[2], box[3]]], { padding: 30, maxZoom: 17, duration: 0 });
      }
      // a click on a feature of a list leads to its own page (its id as text: never markup)
      map.on('click', function (e) {
        var hit = map.queryRenderedFeatures(e.point, { layers: ['areas', 'lines', 'points'] })[0];
        var id = hit && hit.properties['tweeling:id'];
        if (id === undefined || id === null || !data.features) { return; }
        var link = document.createElement('a');
        var here = new URL(el.getAttribute('data-geojson'), document.baseURI);
        link.href = here.pathname.replace(/\/?$/, '/') + encodeURIComponent(String(id)) + '?f=html';
        link.textContent = String(id);
        new maplibregl.Popup().setLngLat(e.lngLat).setDOMContent(link).addTo(map);
      });
    }

    el.hidden = false;
    var styleUrl = el.getAttribute('data-style');
    if (styleUrl) {
      // a style page: the style itself, over the application's own vector tiles
      new maplibregl.Map({ container: el, style: styleUrl })
        .addControl(new maplibregl.NavigationControl({ showCompass: false }));
      return;
    }
    var map = new maplibregl.Map({
      container: el,
      style: { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef2f3' } }] },
      center: [6.09, 52.51],
      zoom: 11
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }));

    map.on('load', function () {
      var bbox = el.getAttribute('data-bbox');
      var url = el.getAttribute('data-geojson');
      if (bbox) {
        var b = bbox.split(',').map(Number);
        var ring = [[b[0], b[1]], [b[2], b[1]], [b[2], b[3]], [b[0], b[3]], [b[0], b[1]]];
        show(map, { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } }, b);
      } else if (url) {
        fetch(url, { headers: { Accept: 'application/geo+json' } })
          .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error(String(r.status))); })
          .then(function (data) { show(map, data, bounds(data)); })
          .catch(function () { el.hidden = true; });
      }
    });
  }
}());
