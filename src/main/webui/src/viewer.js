// The map viewer of Tweeling (/viewer): the style /styles/zwolle (vector tiles of every base layer), a layer list
// with legends, feature information with lineage, a time slider (datetime= on the tile URLs), live sensor values
// (Server-Sent Events from /observations/stream) and a choropleth of a sensor statistic per area (/aggregate).
// Plain ES module over MapLibre GL JS (loaded before it as the global maplibregl); no external requests.
/* global maplibregl */
import { setupScenarios } from './scenarios.js';

const BASE = document.body.dataset.base || '/';
const api = (path) => new URL(path, new URL(BASE, location.href)).toString();

const TEXTS = {
  nl: {
    title: 'Tweeling – kaart van Zwolle', nav: 'Tweeling', home: 'Tweeling', collections: 'Lagen (API)',
    language: 'Taal', controls: 'Bediening', layers: 'Lagen', time: 'Tijd', timeSlider: 'De stad op',
    timeDate: 'Datum', now: 'Nu', timeNow: 'De stad nu.', timePast: (d) => `De stad op ${d}.`,
    choropleth: 'Sensorstatistiek per gebied', property: 'Grootheid', stat: 'Statistiek', avg: 'gemiddelde',
    max: 'maximum', min: 'minimum', count: 'aantal metingen', by: 'Gebieden', buurten: 'buurten', wijken: 'wijken',
    period: 'Periode', day1: 'laatste 24 uur', day7: 'laatste 7 dagen', day30: 'laatste 30 dagen', show: 'Toon',
    hide: 'Verberg', noData: 'geen gegevens', loading: 'Laden…',
    aggShown: (p, n) => `${p}: ${n} gebieden met gegevens.`, aggFailed: (m) => `Niet gelukt: ${m}`,
    live: 'Live sensoren', liveConnecting: 'Verbinden met de meetstroom…', liveConnected: 'Verbonden; wacht op metingen.',
    liveLost: 'Verbinding verbroken; opnieuw verbinden…',
    liveLast: (ds, v, t) => `Laatste meting: ${ds} = ${v} (${new Date(t).toLocaleString('nl-NL')}).`,
    mapLabel: 'Kaart van Zwolle', info: 'Objectinformatie', infoHint: 'Klik op een object op de kaart.',
    infoCentre: 'Informatie over het midden van de kaart', infoNone: 'Hier is geen object.',
    properties: 'Eigenschappen', lineage: 'Herkomst', layer: 'Laag', id: 'Id', openFeature: 'Open dit object',
    infoFailed: (m) => `Kon het object niet ophalen: ${m}`, liveLayer: 'live waarden',
    mapFailed: 'De kaart kon niet laden (de kaartstijl /styles/zwolle ontbreekt of faalde).',
    scenarios: 'Scenario\'s', apiKey: 'API-sleutel (planner)', useKey: 'Gebruik', scenario: 'Scenario',
    scnBaseline: 'de stad zoals ze is (basis)', scnNeedKey: 'Geef een API-sleutel met de rol planner om scenario\'s te zien.',
    scnCount: (n) => `${n} scenario's.`, scnEdited: (l) => `Bewerkte lagen: ${l}.`, scnNothing: 'nog geen',
    scnRevision: 'Revisie', scnScenario: (id) => `scenario ${id}`, swipe: 'Schuif tussen basis (links) en scenario (rechts)',
    swipePosition: 'Positie van de schuif', process: 'Simulatie', procRun: 'Start', procStarting: 'Starten…',
    procOnScenario: (n) => `Op scenario ${n}`, procOnScenarioNone: 'Op een scenario (kies er eerst een)',
    procStatus: (s, p, m) => `${s}: ${p}% ${m}`, procProgress: 'Voortgang', procResults: 'Resultaatlagen',
    compare: 'Vergelijk twee runs per buurt', cmpA: 'Run A', cmpB: 'Run B (B − A)', cmpShow: 'Vergelijk',
    cmpShown: (f, total, n) => `${f}: verschil ${total} in totaal, ${n} buurten veranderd.`,
    difference: 'verschil', failed: (m) => `Niet gelukt: ${m}`,
  },
  en: {
    title: 'Tweeling – map of Zwolle', nav: 'Tweeling', home: 'Tweeling', collections: 'Layers (API)',
    language: 'Language', controls: 'Controls', layers: 'Layers', time: 'Time', timeSlider: 'The city on',
    timeDate: 'Date', now: 'Now', timeNow: 'The city now.', timePast: (d) => `The city on ${d}.`,
    choropleth: 'Sensor statistic per area', property: 'Quantity', stat: 'Statistic', avg: 'average',
    max: 'maximum', min: 'minimum', count: 'number of observations', by: 'Areas', buurten: 'neighbourhoods (buurten)',
    wijken: 'districts (wijken)', period: 'Period', day1: 'last 24 hours', day7: 'last 7 days', day30: 'last 30 days',
    show: 'Show', hide: 'Hide', noData: 'no data', loading: 'Loading…',
    aggShown: (p, n) => `${p}: ${n} areas with data.`, aggFailed: (m) => `Failed: ${m}`,
    live: 'Live sensors', liveConnecting: 'Connecting to the observation stream…', liveConnected: 'Connected; waiting for observations.',
    liveLost: 'Connection lost; reconnecting…',
    liveLast: (ds, v, t) => `Latest observation: ${ds} = ${v} (${new Date(t).toLocaleString('en-GB')}).`,
    mapLabel: 'Map of Zwolle', info: 'Feature information', infoHint: 'Click a feature on the map.',
    infoCentre: 'Information about the map centre', infoNone: 'There is no feature here.',
    properties: 'Properties', lineage: 'Lineage', layer: 'Layer', id: 'Id', openFeature: 'Open this feature',
    infoFailed: (m) => `Could not fetch the feature: ${m}`, liveLayer: 'live values',
    mapFailed: 'The map could not load (the map style /styles/zwolle is missing or failed).',
    scenarios: 'Scenarios', apiKey: 'API key (planner)', useKey: 'Use', scenario: 'Scenario',
    scnBaseline: 'the city as it is (baseline)', scnNeedKey: 'Give an API key with role planner to see scenarios.',
    scnCount: (n) => `${n} scenarios.`, scnEdited: (l) => `Edited layers: ${l}.`, scnNothing: 'none yet',
    scnRevision: 'Revision', scnScenario: (id) => `scenario ${id}`, swipe: 'Swipe between baseline (left) and scenario (right)',
    swipePosition: 'Swipe position', process: 'Simulation', procRun: 'Run', procStarting: 'Starting…',
    procOnScenario: (n) => `On scenario ${n}`, procOnScenarioNone: 'On a scenario (pick one first)',
    procStatus: (s, p, m) => `${s}: ${p}% ${m}`, procProgress: 'Progress', procResults: 'Result layers',
    compare: 'Compare two runs per buurt', cmpA: 'Run A', cmpB: 'Run B (B − A)', cmpShow: 'Compare',
    cmpShown: (f, total, n) => `${f}: difference ${total} in total, ${n} buurten changed.`,
    difference: 'difference', failed: (m) => `Failed: ${m}`,
  },
};
/** Properties shown under "lineage" rather than with the feature's own properties. */
const LINEAGE = ['source', 'source_run', 'source_id', 'fetched_at', 'ingested_at', 'valid_from', 'valid_to', 'content_hash'];
const CHOROPLETH_COLOURS = ['#fef0d9', '#fdcc8a', '#fc8d59', '#e34a33', '#b30000'];
const DAY = 86400000;

let lang = document.documentElement.lang === 'en' ? 'en' : 'nl';
const t = (key, ...args) => {
  const v = TEXTS[lang][key] ?? TEXTS.en[key] ?? key;
  return typeof v === 'function' ? v(...args) : v;
};
const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
};

/** State the tests read (window.tweelingViewer): what the viewer did, for assertions without pixel checks. */
const state = {
  ready: false, styleLoaded: false, layers: [], datetime: null, liveEvents: 0, lastLive: null,
  choropleth: null, info: null, errors: [],
};
window.tweelingViewer = state;

function fail(where, e) {
  const message = e && e.message ? e.message : String(e);
  state.errors.push(`${where}: ${message}`);
  console.error(`viewer ${where}: ${message}`);
}

async function getJson(url) {
  const r = await fetch(url, { headers: { Accept: 'application/json, application/geo+json' } });
  if (!r.ok) {
    let detail = `${r.status}`;
    try { detail += ' ' + ((await r.json()).detail || ''); } catch { /* not a problem document */ }
    throw new Error(detail.trim());
  }
  return r.json();
}

// --- language ----------------------------------------------------------------------------------------------
function applyTexts() {
  document.documentElement.lang = lang;
  document.title = t('title');
  for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  for (const e of document.querySelectorAll('[data-i18n-aria-label]')) e.setAttribute('aria-label', t(e.dataset.i18nAriaLabel));
  for (const b of document.querySelectorAll('button[data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  renderLayerList();
  renderTimeStatus();
  renderLegend();
  renderLive();
}

/** The line under "Live sensors", kept as a text key and its arguments so a language switch redraws it. */
let liveMessage = null;
function setLive(key, ...args) {
  liveMessage = [key, args];
  renderLive();
}
function renderLive() {
  if (liveMessage) $('live-status').textContent = t(liveMessage[0], ...liveMessage[1]);
}
for (const b of document.querySelectorAll('button[data-lang]')) {
  b.addEventListener('click', () => {
    lang = b.dataset.lang;
    const u = new URL(location.href);
    u.searchParams.set('lang', lang);
    history.replaceState(null, '', u);
    applyTexts();
  });
}

// --- the map -----------------------------------------------------------------------------------------------
let scenarioPanel = null;   // the scenario panel (scenarios.js): which requests carry the API key
const styleUrl = api('styles/zwolle?f=mapbox');
const map = new maplibregl.Map({
  container: 'map',
  style: styleUrl,
  center: [6.0944, 52.5125],
  zoom: 12.6,
  // every URL the style names (sources, tiles, glyphs) is made absolute against the app
  transformRequest: (url) => {
    const u = url.startsWith('/') ? api(url.slice(1)) : url;
    const k = scenarioPanel?.needsKey(u) ? scenarioPanel.key() : '';
    return k ? { url: u, headers: { 'X-API-Key': k } } : { url: u };
  },
});
map.addControl(new maplibregl.NavigationControl(), 'top-right');
map.addControl(new maplibregl.ScaleControl(), 'bottom-right');
map.on('error', (e) => {
  fail('map', e.error || e);
  if (!state.styleLoaded) setLive('mapFailed');
});
window.tweelingMap = map;

let collections = new Map();   // id -> title
let legend = new Map();        // style layer id -> {title, colour, geometry}
let groups = [];               // [{id (collection), title, layers: [style layer ids], colour, geometry, visible}]
const originalTiles = new Map(); // vector source id -> its tile URL templates without datetime

async function loadCollections() {
  try {
    const doc = await getJson(api('collections?f=json'));
    collections = new Map((doc.collections || []).map((c) => [c.id, c.title || c.id]));
  } catch (e) {
    fail('collections', e);
  }
}

/** The legend of /styles/zwolle/metadata, read leniently: entries with a layer id, title, colour and geometry kind. */
async function loadLegend() {
  try {
    const meta = await getJson(api('styles/zwolle/metadata?f=json'));
    const entries = Array.isArray(meta.legend) ? meta.legend
      : Array.isArray(meta.legend?.layers) ? meta.legend.layers
        : Array.isArray(meta.layers) ? meta.layers : [];
    for (const e of entries) {
      const id = e.id || e.layer || e.styleLayer;
      if (!id) continue;
      legend.set(id, { title: e.title, colour: e.colour || e.color, geometry: e.geometryType || e.geometry || e.geometryKind || e.type });
    }
  } catch (e) {
    // the style alone still gives colours and titles
    console.warn('viewer: no style metadata, the legend comes from the style:', e.message);
  }
}

function paintColour(layer) {
  const p = layer.paint || {};
  const c = p['fill-color'] ?? p['line-color'] ?? p['circle-color'] ?? p['text-color'] ?? p['fill-extrusion-color'];
  return typeof c === 'string' ? c : '#888888';
}
const kindOf = (type) => (type === 'line' ? 'line' : type === 'circle' || type === 'symbol' ? 'point' : 'polygon');

function buildGroups() {
  const byCollection = new Map();
  for (const layer of map.getStyle().layers) {
    if (layer.type === 'background' || !layer['source-layer']) continue;
    const id = layer['source-layer'];
    if (!byCollection.has(id)) {
      const l = legend.get(layer.id) || {};
      byCollection.set(id, {
        id, title: collections.get(id) || l.title || id, layers: [], colour: l.colour || paintColour(layer),
        geometry: String(l.geometry || kindOf(layer.type)).toLowerCase(), visible: true,
      });
    }
    byCollection.get(id).layers.push(layer.id);
  }
  const live = byCollection.get('sensors');
  if (live) {
    live.layers.push('live-sensors', 'live-sensors-label');
    if (map.getLayer('live-sensors')) map.setPaintProperty('live-sensors', 'circle-color', live.colour);
  }
  groups = [...byCollection.values()];
  state.layers = groups.map((g) => ({ id: g.id, layers: [...g.layers] }));
}

function renderLayerList() {
  const list = $('layers');
  list.replaceChildren();
  for (const g of groups) {
    const box = el('input', { type: 'checkbox', id: `layer-${g.id}` });
    box.checked = g.visible;
    box.addEventListener('change', () => {
      g.visible = box.checked;
      for (const id of g.layers) {
        if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', g.visible ? 'visible' : 'none');
      }
    });
    const kind = g.geometry.includes('line') ? 'line' : g.geometry.includes('point') ? 'point' : 'polygon';
    const swatch = el('span', { class: `swatch ${kind}`, 'aria-hidden': 'true', style: `background:${g.colour}` });
    const label = el('label', { for: box.id }, swatch, g.title);
    list.append(el('li', {}, box, label));
  }
}

// --- time: datetime= on the vector tile URLs -----------------------------------------------------------------
const timeInput = $('time');
const dateInput = $('time-date');
let timeStart = Date.now() - 3650 * DAY;

function withDatetime(url, iso) {
  // tile URL templates hold {z}/{x}/{y}: add the parameter without touching them
  const [path, query = ''] = url.split('?');
  const params = query.split('&').filter((p) => p && !p.startsWith('datetime='));
  if (iso) params.push(`datetime=${encodeURIComponent(iso)}`);
  return params.length ? `${path}?${params.join('&')}` : path;
}

function rememberTiles() {
  for (const [id, source] of Object.entries(map.getStyle().sources)) {
    if (source.type !== 'vector' || originalTiles.has(id)) continue;
    const src = map.getSource(id);
    if (src && Array.isArray(src.tiles)) originalTiles.set(id, src.tiles.map((u) => withDatetime(u, null)));
  }
}

function setDatetime(iso) {
  state.datetime = iso;
  rememberTiles();
  for (const [id, tiles] of originalTiles) {
    map.getSource(id)?.setTiles(tiles.map((u) => withDatetime(u, iso)));
  }
  renderTimeStatus();
}

function dayOf(ms) { return new Date(ms).toISOString().slice(0, 10); }

function renderTimeStatus() {
  const d = state.datetime;
  $('time-status').textContent = d ? t('timePast', new Date(d).toLocaleDateString(lang === 'nl' ? 'nl-NL' : 'en-GB',
    { year: 'numeric', month: 'long', day: 'numeric' })) : t('timeNow');
  timeInput.setAttribute('aria-valuetext', d ? dayOf(Date.parse(d)) : t('now'));
}

function setupTime() {
  const days = Math.max(1, Math.ceil((Date.now() - timeStart) / DAY));
  timeInput.max = String(days);
  timeInput.value = String(days);
  dateInput.min = dayOf(timeStart);
  dateInput.max = dayOf(Date.now());
  dateInput.value = dayOf(Date.now());
  const at = (day) => (day >= days ? null : `${dayOf(timeStart + day * DAY)}T12:00:00Z`);
  timeInput.addEventListener('change', () => {
    const iso = at(Number(timeInput.value));
    dateInput.value = iso ? iso.slice(0, 10) : dayOf(Date.now());
    setDatetime(iso);
  });
  timeInput.addEventListener('input', () => {
    const iso = at(Number(timeInput.value));
    dateInput.value = iso ? iso.slice(0, 10) : dayOf(Date.now());
  });
  dateInput.addEventListener('change', () => {
    if (!dateInput.value) return;
    const ms = Date.parse(`${dateInput.value}T12:00:00Z`);
    const day = Math.round((Date.parse(`${dateInput.value}T00:00:00Z`) - Date.parse(`${dayOf(timeStart)}T00:00:00Z`)) / DAY);
    timeInput.value = String(Math.max(0, Math.min(days, day)));
    setDatetime(dateInput.value >= dayOf(Date.now()) ? null : new Date(ms).toISOString().replace('.000', ''));
  });
  $('time-now').addEventListener('click', () => {
    timeInput.value = String(days);
    dateInput.value = dayOf(Date.now());
    setDatetime(null);
  });
  renderTimeStatus();
}

// --- feature information ---------------------------------------------------------------------------------------
const infoBox = $('info');

function row(dl, k, v) {
  const text = v === null || v === undefined ? '–' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  dl.append(el('dt', { text: k }), el('dd', { text }));
}

async function showInfo(point) {
  const features = map.queryRenderedFeatures(point).filter((f) => f.sourceLayer || f.layer.id.startsWith('live-sensors')
    || f.layer.id === 'choropleth-fill');
  if (!features.length) {
    infoBox.replaceChildren(el('p', { class: 'hint', text: t('infoNone') }));
    state.info = null;
    return;
  }
  const f = features[0];
  let collection = f.sourceLayer;
  let id = f.properties.feature_id ?? f.id;
  if (f.layer.id.startsWith('live-sensors')) { collection = 'sensors'; id = f.properties.feature_id; }
  if (f.layer.id === 'choropleth-fill') { collection = state.choropleth?.by; id = f.properties.feature_id ?? f.id; }
  infoBox.replaceChildren(el('p', { class: 'hint', text: t('loading') }));
  const url = api(`collections/${encodeURIComponent(collection)}/items/${encodeURIComponent(id)}`);
  try {
    const feature = await getJson(`${url}?f=json`);
    const props = feature.properties || {};
    const own = el('dl');
    const lineage = el('dl');
    row(own, t('layer'), collections.get(collection) || collection);
    row(own, t('id'), feature.id ?? id);
    for (const [k, v] of Object.entries(props)) {
      if (!LINEAGE.includes(k)) row(own, k, v);
    }
    for (const k of LINEAGE) if (k in props) row(lineage, k, props[k]);
    if (f.layer.id === 'choropleth-fill' && state.choropleth) {
      row(own, `${state.choropleth.property} (${t(state.choropleth.stat)})`, f.properties.value ?? t('noData'));
    }
    infoBox.replaceChildren(
      el('h3', { text: t('properties') }), own,
      el('h3', { text: t('lineage') }), lineage,
      el('p', {}, el('a', { href: `${url}?f=html`, text: t('openFeature') })));
    state.info = { collection, id: feature.id ?? id, properties: props };
  } catch (e) {
    infoBox.replaceChildren(el('p', { text: t('infoFailed', e.message) }));
    fail('info', e);
  }
}
map.on('click', (e) => showInfo(e.point));
$('info-centre').addEventListener('click', () => {
  const c = map.getCanvas();
  showInfo([c.clientWidth / 2, c.clientHeight / 2]);
});

// --- live sensors: a GeoJSON source of the latest values, updated by /observations/stream ---------------------
let sensors = { type: 'FeatureCollection', features: [] };
const sensorByKey = new Map();
let liveSequence = 0;
state.sensorLabel = (key) => sensorByKey.get(String(key))?.properties.label;

async function loadSensors() {
  const doc = await getJson(api('collections/sensors/items?f=json&limit=1000'));
  sensors = { type: 'FeatureCollection', features: [] };
  for (const f of doc.features || []) {
    if (!f.geometry) continue;
    const feature = { type: 'Feature', id: sensors.features.length, geometry: f.geometry,
      properties: { ...f.properties, feature_id: f.id } };
    sensors.features.push(feature);
    sensorByKey.set(String(f.id), feature);
  }
  const properties = [...new Set(sensors.features.map((f) => f.properties.observed_property).filter(Boolean))].sort();
  $('agg-property').replaceChildren(...properties.map((p) => el('option', { value: p, text: p })));
}

function label(v) {
  return typeof v === 'number' ? String(Math.round(v * 10) / 10) : v === null || v === undefined ? '' : String(v);
}

function addLiveLayers() {
  for (const f of sensors.features) {
    f.properties.label = label(f.properties.latest_result);
    f.properties.rank = 0;
  }
  map.addSource('live-sensors', { type: 'geojson', data: sensors });
  map.addLayer({ id: 'live-sensors', type: 'circle', source: 'live-sensors',
    paint: { 'circle-radius': 6, 'circle-color': '#0b5394', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 } });
  map.addLayer({ id: 'live-sensors-label', type: 'symbol', source: 'live-sensors',
    // the datastreams of one station stand on one point: their labels take turns around it, the newest first
    layout: { 'text-field': ['get', 'label'], 'text-font': ['Noto Sans Regular'], 'text-size': 12,
      'text-variable-anchor': ['top', 'bottom', 'left', 'right', 'top-left', 'top-right', 'bottom-left', 'bottom-right'],
      'text-radial-offset': 0.9, 'symbol-sort-key': ['get', 'rank'] },
    paint: { 'text-color': '#0b2e55', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 } });
}

function connectLive() {
  setLive('liveConnecting');
  const source = new EventSource(api('observations/stream'));
  source.addEventListener('open', () => { state.liveConnected = true; setLive('liveConnected'); });
  source.addEventListener('error', () => { state.liveConnected = false; setLive('liveLost'); });
  source.addEventListener('message', (event) => {
    let o;
    try { o = JSON.parse(event.data); } catch (e) { fail('live', e); return; }
    const f = sensorByKey.get(String(o.datastream));
    if (f) {
      f.properties.latest_result = o.result;
      f.properties.latest_time = o.phenomenonTime;
      f.properties.label = label(o.result);
      f.properties.rank = -(++liveSequence);
      map.getSource('live-sensors')?.setData(sensors);
    }
    state.liveEvents++;
    state.lastLive = o;
    setLive('liveLast', o.datastream, label(o.result), o.phenomenonTime);
  });
}

// --- choropleth: /aggregate per buurt or wijk ----------------------------------------------------------------
function classes(values) {
  const lo = Math.min(...values), hi = Math.max(...values);
  const step = (hi - lo) / CHOROPLETH_COLOURS.length || 1;
  return CHOROPLETH_COLOURS.map((c, i) => ({ colour: c, from: lo + i * step, to: i === CHOROPLETH_COLOURS.length - 1 ? hi : lo + (i + 1) * step }));
}

function renderLegend() {
  const box = $('agg-legend');
  const c = state.choropleth;
  if (!c) { box.replaceChildren(); return; }
  const items = c.classes.map((k) => el('li', {}, el('span', { class: 'swatch', 'aria-hidden': 'true', style: `background:${k.colour}` }),
    `${label(k.from)} – ${label(k.to)}`));
  items.push(el('li', {}, el('span', { class: 'swatch', 'aria-hidden': 'true', style: 'background:#d9d9d9' }), t('noData')));
  box.replaceChildren(el('p', { class: 'hint', text: t('aggShown', `${c.property} (${t(c.stat)})`, c.withData) }), el('ul', {}, ...items));
}

function clearChoropleth() {
  if (map.getLayer('choropleth-line')) map.removeLayer('choropleth-line');
  if (map.getLayer('choropleth-fill')) map.removeLayer('choropleth-fill');
  if (map.getSource('choropleth')) map.removeSource('choropleth');
  state.choropleth = null;
  renderLegend();
}

/**
 * Draws features (GeoJSON, e.g. buurten) coloured by valueOf(feature) in five equal classes, grey where it is not a
 * number; meta (property, stat, by, datetime) names it in the legend and in state.choropleth.
 */
function drawChoropleth(input, valueOf, meta) {
  const features = input.map((f, i) => ({ ...f, id: i,
    properties: { ...f.properties, feature_id: f.id, value: valueOf(f) } }));
  const values = features.map((f) => f.properties.value).filter((v) => typeof v === 'number');
  clearChoropleth();
  const cls = classes(values.length ? values : [0]);
  const colour = ['case', ['==', ['get', 'value'], null], '#d9d9d9',
    ['step', ['get', 'value'], cls[0].colour, ...cls.slice(1).flatMap((k) => [k.from, k.colour])]];
  map.addSource('choropleth', { type: 'geojson', data: { type: 'FeatureCollection', features } });
  const before = map.getLayer('live-sensors') ? 'live-sensors' : undefined;
  map.addLayer({ id: 'choropleth-fill', type: 'fill', source: 'choropleth', paint: { 'fill-color': colour, 'fill-opacity': 0.75 } }, before);
  map.addLayer({ id: 'choropleth-line', type: 'line', source: 'choropleth', paint: { 'line-color': '#555555', 'line-width': 0.8 } }, before);
  state.choropleth = { ...meta, classes: cls, withData: values.length, areas: features.length };
  renderLegend();
}

async function showChoropleth() {
  const property = $('agg-property').value;
  const stat = $('agg-stat').value;
  const by = $('agg-by').value;
  const days = Number($('agg-period').value);
  const end = state.datetime ? Date.parse(state.datetime) : Date.now();
  const hour = (ms) => new Date(ms - (ms % 3600000)).toISOString().replace('.000', '');
  const datetime = `${hour(end - days * DAY)}/${hour(end + 3600000)}`;
  $('agg-legend').replaceChildren(el('p', { class: 'hint', text: t('loading') }));
  try {
    const doc = await getJson(api(`aggregate?observedProperty=${encodeURIComponent(property)}&by=${encodeURIComponent(by)}`
      + `&datetime=${encodeURIComponent(datetime)}&stat=${encodeURIComponent(stat)}`));
    drawChoropleth(doc.features || [], (f) => f.properties[stat] ?? null, { property, stat, by, datetime });
  } catch (e) {
    $('agg-legend').replaceChildren(el('p', { text: t('aggFailed', e.message) }));
    fail('choropleth', e);
  }
}
$('choropleth-form').addEventListener('submit', (e) => { e.preventDefault(); showChoropleth(); });
$('agg-clear').addEventListener('click', clearChoropleth);

// --- start -----------------------------------------------------------------------------------------------------
applyTexts();
map.once('load', async () => {
  state.styleLoaded = true;
  await Promise.all([loadCollections(), loadLegend()]);
  const starts = [];
  try {
    const doc = await getJson(api('collections?f=json'));
    for (const c of doc.collections || []) {
      const s = c.extent?.temporal?.interval?.[0]?.[0];
      if (s) starts.push(Date.parse(s));
    }
  } catch { /* reported by loadCollections */ }
  timeStart = Math.min(Date.now() - 3650 * DAY, ...starts);
  setupTime();
  try {
    await loadSensors();
    addLiveLayers();
    connectLive();
  } catch (e) {
    fail('sensors', e);
  }
  buildGroups();
  renderLayerList();
  rememberTiles();
  scenarioPanel = setupScenarios({ map, api, t, el, $, state, fail, drawChoropleth, clearChoropleth });
  state.ready = true;
});
map.on('sourcedata', (e) => { if (e.isSourceLoaded && e.sourceId) rememberTiles(); });
