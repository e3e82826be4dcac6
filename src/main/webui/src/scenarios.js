// The scenario panel of the viewer: with a planner's API key, pick a scenario (/scenarios), see its revisions and
// edited layers, swipe between the baseline (left) and the scenario (right: a second map drawing the edited layers
// from /scenarios/{id}/collections/{c}/tiles), run a process (/processes/{id}/execution) on the baseline or the
// scenario and follow its job's progress, show its result layers, and compare two runs per buurt
// (/jobs/{a}/compare/{b}) as a choropleth. No external requests; the key stays in this tab (sessionStorage).
/* global maplibregl */

const KEY_STORE = 'tweeling.apiKey';
const TILES = 'tiles/WebMercatorQuad/{z}/{y}/{x}';
const POLL_MS = 500;
const RESULT_COLOUR = '#1f6fd1';

/**
 * Sets up the panel. ctx: map (the main map), api(path) (absolute URL), t(key, ...args), el, $, state (the
 * viewer's test-visible state), fail(where, error), drawChoropleth(features, meta) and clearChoropleth().
 */
export function setupScenarios(ctx) {
  const { map, api, t, el, $, state, fail } = ctx;
  state.scenario = null;
  state.swipe = { on: false, position: 50, scenarioTiles: 0 };
  state.job = null;
  state.jobs = [];
  state.results = [];
  state.compare = null;

  const key = () => sessionStorage.getItem(KEY_STORE) || '';
  /** A tile URL template: absolute, with {z}/{y}/{x} as they are (the URL parser would escape the braces). */
  const tiles = (path) => api(path).replace(/%7B/gi, '{').replace(/%7D/gi, '}');
  const headers = (extra = {}) => (key() ? { ...extra, 'X-API-Key': key() } : extra);
  /** Requests that need the key: scenarios, jobs, processes and result layers (readable by planners only). */
  const needsKey = (url) => /\/(scenarios|jobs|processes)(\/|\?|$)|\/collections\/result-/.test(url);

  async function call(path, options = {}) {
    const r = await fetch(api(path), { ...options, headers: headers({ Accept: 'application/json', ...(options.headers || {}) }) });
    let body = null;
    try { body = await r.json(); } catch { /* no JSON body */ }
    if (!r.ok) {
      const detail = body && (body.detail || body.title);
      throw new Error(`${r.status}${detail ? ` ${detail}` : ''}`);
    }
    return { status: r.status, body, location: r.headers.get('Location') };
  }

  // --- the key ---------------------------------------------------------------------------------------------
  const keyInput = $('scn-key');
  keyInput.value = key();
  $('scn-key-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    sessionStorage.setItem(KEY_STORE, keyInput.value.trim());
    await loadScenarios();
  });

  function status(id, text) { $(id).textContent = text; }

  // --- scenarios -------------------------------------------------------------------------------------------
  const select = $('scn-select');
  async function loadScenarios() {
    if (!key()) { status('scn-status', t('scnNeedKey')); return; }
    status('scn-status', t('loading'));
    try {
      const { body } = await call('scenarios');
      const list = body.scenarios || [];
      select.replaceChildren(el('option', { value: '', text: t('scnBaseline') }),
        ...list.map((s) => el('option', { value: String(s.id), text: `${s.name} (${s.id})` })));
      state.scenarios = list.map((s) => s.id);
      status('scn-status', t('scnCount', list.length));
      await loadProcesses();
    } catch (e) {
      status('scn-status', t('failed', e.message));
      fail('scenarios', e);
    }
  }

  select.addEventListener('change', () => chooseScenario(select.value));

  async function chooseScenario(id) {
    $('scn-edits').replaceChildren();
    state.scenario = null;
    if (!id) { setSwipe(false); renderRunTarget(); return; }
    try {
      const [{ body: s }, { body: revs }] = await Promise.all([call(`scenarios/${id}`), call(`scenarios/${id}/revisions`)]);
      const edited = (s.editedCollections || []).map((c) => c.collection);
      state.scenario = { id: s.id, name: s.name, revision: s.revision, edited, revisions: (revs.revisions || []).length };
      const items = (revs.revisions || []).map((r) => el('li', {}, `${t('scnRevision')} ${r.revision}: ${r.message || ''}`));
      $('scn-edits').replaceChildren(
        el('p', { class: 'hint', text: t('scnEdited', edited.length ? edited.join(', ') : t('scnNothing')) }),
        el('ol', { class: 'revisions' }, ...items));
      renderRunTarget();
      if (state.swipe.on) await buildScenarioMap();
    } catch (e) {
      status('scn-status', t('failed', e.message));
      fail('scenario', e);
    }
  }

  // --- swipe: a second map with the scenario's edited layers, clipped to the right of the handle -------------
  const wrap = $('map').parentElement;
  let scenarioMap = null;
  let scenarioBox = null;
  let handle = null;

  function clip() {
    if (!scenarioBox) return;
    const p = state.swipe.position;
    scenarioBox.style.clipPath = `inset(0 0 0 ${p}%)`;
    handle.style.left = `${p}%`;
  }

  function followCamera() {
    if (!scenarioMap) return;
    scenarioMap.jumpTo({ center: map.getCenter(), zoom: map.getZoom(), bearing: map.getBearing(), pitch: map.getPitch() });
  }
  map.on('move', followCamera);

  async function buildScenarioMap() {
    removeScenarioMap();
    const s = state.scenario;
    if (!s) return;
    const style = await (await fetch(api('styles/zwolle?f=mapbox'), { headers: { Accept: 'application/json' } })).json();
    for (const c of s.edited) {
      const source = `scenario-${c}`;
      style.sources[source] = { type: 'vector', tiles: [tiles(`scenarios/${s.id}/collections/${encodeURIComponent(c)}/${TILES}`)],
        minzoom: 0, maxzoom: 16 };
      for (const layer of style.layers) {
        if (layer['source-layer'] === c) layer.source = source;
      }
    }
    scenarioBox = el('div', { id: 'map-scenario', class: 'map-scenario', 'aria-hidden': 'true' });
    handle = el('div', { class: 'swipe-handle', 'aria-hidden': 'true' });
    wrap.append(scenarioBox, handle);
    state.swipe.scenarioTiles = 0;
    scenarioMap = new maplibregl.Map({
      container: scenarioBox, style, interactive: false, attributionControl: false,
      center: map.getCenter(), zoom: map.getZoom(), bearing: map.getBearing(), pitch: map.getPitch(),
      transformRequest: (url) => {
        const u = url.startsWith('/') ? api(url.slice(1)) : url;
        return needsKey(u) && key() ? { url: u, headers: { 'X-API-Key': key() } } : { url: u };
      },
    });
    scenarioMap.on('error', (e) => fail('scenario map', e.error || e));
    scenarioMap.on('sourcedata', (e) => {
      if (e.tile && String(e.sourceId).startsWith('scenario-')) state.swipe.scenarioTiles++;
    });
    window.tweelingScenarioMap = scenarioMap;
    clip();
  }

  function removeScenarioMap() {
    if (scenarioMap) scenarioMap.remove();
    scenarioBox?.remove();
    handle?.remove();
    scenarioMap = null;
    scenarioBox = null;
    handle = null;
    window.tweelingScenarioMap = null;
  }

  async function setSwipe(on) {
    state.swipe.on = on;
    $('scn-swipe').checked = on;
    $('scn-swipe-position').disabled = !on;
    if (on && state.scenario) {
      try { await buildScenarioMap(); } catch (e) { fail('swipe', e); }
    } else {
      removeScenarioMap();
    }
  }
  $('scn-swipe').addEventListener('change', (e) => setSwipe(e.target.checked && !!state.scenario));
  const position = $('scn-swipe-position');
  position.addEventListener('input', () => {
    state.swipe.position = Number(position.value);
    position.setAttribute('aria-valuetext', `${position.value}%`);
    clip();
  });

  // --- processes and jobs -------------------------------------------------------------------------------------
  const procSelect = $('proc-id');
  let descriptions = new Map();

  async function loadProcesses() {
    try {
      const { body } = await call('processes');
      const list = body.processes || [];
      procSelect.replaceChildren(...list.map((p) => el('option', { value: p.id, text: p.title || p.id })));
      if (list.some((p) => p.id === 'high-water')) procSelect.value = 'high-water';
      await describeProcess();
    } catch (e) {
      fail('processes', e);
    }
  }

  /** A labelled field for every simple input of the chosen process (numbers and strings; not scenario/revision). */
  async function describeProcess() {
    const id = procSelect.value;
    if (!id) return;
    if (!descriptions.has(id)) descriptions.set(id, (await call(`processes/${encodeURIComponent(id)}`)).body);
    const d = descriptions.get(id);
    const fields = [];
    for (const [name, input] of Object.entries(d.inputs || {})) {
      if (name === 'scenario' || name === 'revision') continue;
      const type = input.schema?.type;
      if (!['number', 'integer', 'string'].includes(type)) continue;
      const fieldId = `proc-input-${name}`;
      const attrs = { id: fieldId, name, type: type === 'string' ? 'text' : 'number', 'data-type': type };
      if (type !== 'string') attrs.step = 'any';
      const field = el('input', attrs);
      // only the level is filled in; a default is shown, not sent (an optional input may need another one)
      if (name === 'level') field.value = '5.5';
      else if (input.schema?.default !== undefined) field.placeholder = String(input.schema.default);
      fields.push(el('label', { for: fieldId, text: input.title || name }), field);
    }
    $('proc-inputs').replaceChildren(...fields);
  }
  procSelect.addEventListener('change', () => describeProcess().catch((e) => fail('process', e)));

  function renderRunTarget() {
    const box = $('proc-on-scenario');
    box.disabled = !state.scenario;
    if (!state.scenario) box.checked = false;
    $('proc-on-scenario-label').textContent = state.scenario ? t('procOnScenario', state.scenario.name) : t('procOnScenarioNone');
  }

  function inputs() {
    const out = {};
    for (const f of $('proc-inputs').querySelectorAll('input')) {
      if (f.value === '') continue;
      out[f.name] = f.dataset.type === 'string' ? f.value : Number(f.value);
    }
    if ($('proc-on-scenario').checked && state.scenario) out.scenario = String(state.scenario.id);
    return out;
  }

  async function run() {
    const process = procSelect.value;
    const given = inputs();
    const progress = $('proc-progress');
    progress.value = 0;
    status('proc-status', t('procStarting'));
    try {
      const { body } = await call(`processes/${encodeURIComponent(process)}/execution`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ inputs: given }),
      });
      const job = { id: body.jobID, process, inputs: given, status: body.status, progress: body.progress || 0, seen: [] };
      state.job = job;
      await followJob(job);
    } catch (e) {
      // the run could not start or could no longer be followed: say so, and end the job as the viewer sees it
      state.job = { ...(state.job && state.job.process === process ? state.job : { process, inputs: given, seen: [] }),
        status: 'error', error: e.message };
      status('proc-status', t('failed', e.message));
      fail('process run', e);
    }
  }

  async function followJob(job) {
    const progress = $('proc-progress');
    for (;;) {
      const { body } = await call(`jobs/${job.id}`);
      job.status = body.status;
      job.progress = body.progress ?? job.progress;
      job.seen.push(job.progress);
      progress.value = job.progress;
      progress.setAttribute('aria-valuetext', `${job.progress}%`);
      status('proc-status', t('procStatus', body.status, job.progress, body.message || ''));
      if (!['accepted', 'running'].includes(body.status)) {
        if (body.status === 'successful') await finished(job, body);
        return;
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  async function finished(job, body) {
    const layers = (body.links || []).filter((l) => l.rel === 'http://www.opengis.net/def/rel/ogc/1.0/data')
      .map((l) => decodeURIComponent(new URL(l.href).pathname.split('/collections/')[1] || '').split('/')[0]).filter(Boolean);
    job.layers = layers;
    state.jobs.push(job);
    for (const id of layers) showResultLayer(id);
    renderJobs();
  }

  /** A result layer drawn from its vector tiles: polygons filled, lines and points in the result colour. */
  function showResultLayer(id) {
    const source = `result-source-${id}`;
    if (map.getSource(source)) return;
    map.addSource(source, { type: 'vector', tiles: [tiles(`collections/${encodeURIComponent(id)}/${TILES}`)], minzoom: 0, maxzoom: 16 });
    const before = map.getLayer('choropleth-fill') ? 'choropleth-fill' : map.getLayer('live-sensors') ? 'live-sensors' : undefined;
    const geometry = (kind) => ['==', ['geometry-type'], kind];
    map.addLayer({ id: `${id}-fill`, type: 'fill', source, 'source-layer': id, filter: geometry('Polygon'),
      paint: { 'fill-color': RESULT_COLOUR, 'fill-opacity': 0.45 } }, before);
    map.addLayer({ id: `${id}-line`, type: 'line', source, 'source-layer': id, filter: geometry('LineString'),
      paint: { 'line-color': RESULT_COLOUR, 'line-width': 2 } }, before);
    map.addLayer({ id: `${id}-point`, type: 'circle', source, 'source-layer': id, filter: geometry('Point'),
      paint: { 'circle-color': RESULT_COLOUR, 'circle-radius': 3 } }, before);
    state.results.push(id);
    const box = el('input', { type: 'checkbox', id: `show-${id}` });
    box.checked = true;
    box.addEventListener('change', () => {
      for (const suffix of ['fill', 'line', 'point']) map.setLayoutProperty(`${id}-${suffix}`, 'visibility', box.checked ? 'visible' : 'none');
    });
    $('proc-results').append(el('li', {}, box, el('label', { for: box.id, text: id })));
  }

  const jobLabel = (j) => `${j.process} · ${Object.entries(j.inputs).filter(([k]) => k !== 'scenario').map(([, v]) => v).join(' ')}`
    + ` · ${j.inputs.scenario ? t('scnScenario', j.inputs.scenario) : t('scnBaseline')}`;

  function renderJobs() {
    const options = () => state.jobs.map((j) => el('option', { value: j.id, text: jobLabel(j) }));
    const a = $('cmp-a');
    const b = $('cmp-b');
    const keepA = a.value;
    const keepB = b.value;
    a.replaceChildren(...options());
    b.replaceChildren(...options());
    if (keepA) a.value = keepA;
    b.value = keepB && keepB !== a.value ? keepB : state.jobs[state.jobs.length - 1]?.id || '';
    $('cmp-show').disabled = state.jobs.length < 2;
  }

  $('proc-form').addEventListener('submit', (e) => { e.preventDefault(); run(); });

  // --- compare two runs per buurt -------------------------------------------------------------------------------
  async function compare() {
    const a = $('cmp-a').value;
    const b = $('cmp-b').value;
    status('cmp-status', t('loading'));
    try {
      const { body } = await call(`jobs/${a}/compare/${b}`);
      if (state.swipe.on) await setSwipe(false);   // the difference is drawn on the whole map, not beside the swipe
      const figures = Object.keys(body.totals || {});
      const figure = figures.find((f) => f.startsWith('residents')) || figures[0];
      const features = (body.features || []).map((f) => ({ ...f, properties: { ...f.properties } }));
      const valueOf = (f) => f.properties[`${figure}_difference`] ?? null;
      const total = body.totals?.[figure]?.difference;
      ctx.drawChoropleth(features, valueOf, { property: figure, stat: 'difference', by: 'buurten', datetime: null });
      state.compare = { a, b, figure, areas: features.length, total,
        changed: features.filter((f) => typeof valueOf(f) === 'number' && valueOf(f) !== 0).length };
      status('cmp-status', t('cmpShown', figure, total ?? 0, state.compare.changed));
    } catch (e) {
      status('cmp-status', t('failed', e.message));
      fail('compare', e);
    }
  }
  $('cmp-form').addEventListener('submit', (e) => { e.preventDefault(); compare(); });

  renderRunTarget();
  if (key()) loadScenarios();
  else status('scn-status', t('scnNeedKey'));
  return { needsKey, key };
}
