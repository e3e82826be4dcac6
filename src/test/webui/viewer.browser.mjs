// Browser test of the map viewer and the HTML pages: headless Chromium (Debian's /usr/bin/chromium) driven by
// playwright-core, accessibility by axe-core. Run by nl.tweeling.viewer.ViewerBrowserTest against the test app:
//   node src/test/webui/viewer.browser.mjs   with the environment below
// BASE (the app, ending in /), OUT (screenshots and axe reports), INGEST_KEY (an API key with role ingest),
// LIVE_DATASTREAM (a sample datastream with a place), ENDED_ID, ENDED_LON, ENDED_LAT, ENDED_AT (a facility that
// existed at ENDED_AT, a date, and is ended now), FEATURE_ID (a buurt's feature id, for its HTML page),
// PLANNER_KEY (an API key with role planner), SCENARIO_ID (a scenario of that key that raised a dike), LEVEL (a
// river level in m above NAP at which that scenario floods less than the baseline).
// Every check that fails is listed; the exit status is 1 when any failed. No timing assertions: waits are for
// conditions, with generous limits for a busy machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const webui = path.resolve(here, '../../main/webui');
const require = createRequire(path.join(webui, 'package.json'));
const { chromium } = require('playwright-core');
const axePath = require.resolve('axe-core/axe.min.js');

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const BASE = env('BASE');
const OUT = env('OUT');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const WAIT = 90000;
fs.mkdirSync(OUT, { recursive: true });

const failures = [];
const passed = [];
async function check(name, fn) {
  try {
    await fn();
    passed.push(name);
    console.log(`ok   ${name}`);
  } catch (e) {
    failures.push(`${name}: ${e.message.split('\n').slice(0, 12).join('\n  ')}`);
    console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
  }
}
let mapLoaded = false;
/** A check that needs the map: when the map did not load, it fails at once instead of waiting. */
function mapCheck(name, fn) {
  return check(name, () => {
    if (!mapLoaded) throw new Error('not run: the map did not load (first failure above)');
    return fn();
  });
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}

if (!fs.existsSync(CHROMIUM)) {
  console.log(`FAIL Chromium is missing: ${CHROMIUM} does not exist (./tweeling test installs Debian's chromium)`);
  process.exit(2);
}
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tweeling-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist', '--no-sandbox',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  viewport: { width: 1280, height: 800 },
  locale: 'nl-NL',
});
const page = context.pages()[0] || await context.newPage();
const consoleErrors = [];
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
// the console says only "Failed to load resource": name the request
page.on('response', (r) => { if (r.status() >= 400) consoleErrors.push(`${r.status()} from ${r.url()}`); });
const outside = [];
await context.route('**/*', (route) => {
  const u = new URL(route.request().url());
  if (!['127.0.0.1', 'localhost'].includes(u.hostname) && u.protocol !== 'data:' && u.protocol !== 'blob:') {
    outside.push(u.href);
    return route.abort();
  }
  return route.continue();
});

const shot = (name) => page.screenshot({ path: path.join(OUT, `${name}.png`) });
const idle = () => page.waitForFunction(() => {
  const m = window.tweelingMap;
  return m && m.loaded() && m.areTilesLoaded() && window.tweelingViewer.ready;
}, null, { timeout: WAIT, polling: 250 });
const rendered = (filter) => page.evaluate((f) => {
  const m = window.tweelingMap;
  return m.queryRenderedFeatures().filter((x) => (!f.sourceLayer || x.sourceLayer === f.sourceLayer)
    && (!f.layer || x.layer.id === f.layer) && (!f.featureId || String(x.properties.feature_id) === f.featureId))
    .map((x) => ({ layer: x.layer.id, sourceLayer: x.sourceLayer, properties: x.properties }));
}, filter);

async function axe(name) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  fs.writeFileSync(path.join(OUT, `axe-${name}.json`), JSON.stringify(result.violations, null, 2));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert(bad.length === 0, `${bad.length} serious or critical violations:\n`
    + bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×, e.g. ${v.nodes[0]?.target})`).join('\n'));
}

// --- the viewer ---------------------------------------------------------------------------------------------
await check('viewer opens in Dutch (Accept-Language nl) and its map loads the style', async () => {
  const response = await page.goto(`${BASE}viewer`);
  assert(response.status() === 200, `GET /viewer answered ${response.status()}`);
  assert(await page.getAttribute('html', 'lang') === 'nl', 'html lang is not nl');
  await page.waitForFunction(() => window.tweelingViewer.ready || window.tweelingViewer.errors.length, null,
    { timeout: WAIT, polling: 250 });
  const errors = await page.evaluate(() => window.tweelingViewer.errors);
  assert(errors.length === 0, `the viewer failed: ${errors.join('; ')}`);
  await idle();
  mapLoaded = true;
  const title = await page.textContent('h1');
  assert(title.includes('kaart van Zwolle'), `Dutch heading expected, got ${title}`);
});

await mapCheck('buurten and sensors layers render', async () => {
  const buurten = await rendered({ sourceLayer: 'buurten' });
  assert(buurten.length > 0, 'no rendered feature of the buurten layer');
  const sensors = await rendered({ sourceLayer: 'sensors' });
  const live = await rendered({ layer: 'live-sensors' });
  assert(sensors.length > 0, 'no rendered feature of the sensors layer (vector tiles)');
  assert(live.length > 0, 'no rendered live sensor');
  // labels are placed after their glyphs arrive, in a later frame than the circles
  const placed = await page.waitForFunction(() => window.tweelingMap.queryRenderedFeatures({ layers: ['live-sensors-label'] }).length,
    null, { timeout: WAIT, polling: 500 }).then(() => true, () => false);
  assert(placed, 'no rendered sensor label (glyphs)');
  await shot('viewer');
});

await mapCheck('layer list has legends and toggles a layer', async () => {
  const box = page.locator('#layer-buurten');
  await box.waitFor({ timeout: WAIT });
  const label = await page.textContent('label[for="layer-buurten"]');
  assert(label.trim().length > 0, 'the buurten layer has no label');
  assert(await page.locator('#layers .swatch').count() > 0, 'no legend swatches');
  await box.uncheck();
  await idle();
  assert((await rendered({ sourceLayer: 'buurten' })).length === 0, 'buurten still rendered after unticking');
  await box.check();
  await idle();
  assert((await rendered({ sourceLayer: 'buurten' })).length > 0, 'buurten not rendered after ticking again');
});

await check('the language switch changes the page to English', async () => {
  await page.click('button[data-lang="en"]');
  assert(await page.getAttribute('html', 'lang') === 'en', 'html lang is not en after the switch');
  assert((await page.textContent('#layers-title')).trim() === 'Layers', 'layer list heading not in English');
  assert(await page.getAttribute('button[data-lang="en"]', 'aria-pressed') === 'true', 'English button not pressed');
});

await mapCheck('a click on a feature shows its properties and lineage', async () => {
  const box = await page.locator('#map canvas').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForFunction(() => window.tweelingViewer.info, null, { timeout: WAIT });
  const info = await page.evaluate(() => window.tweelingViewer.info);
  assert(info.collection && info.id, `no feature read: ${JSON.stringify(info)}`);
  assert('source' in info.properties, `the feature has no lineage (source): ${JSON.stringify(info.properties)}`);
  const text = await page.textContent('#info');
  assert(text.includes('Lineage') && text.includes('source'), `the info panel shows no lineage: ${text.slice(0, 300)}`);
  await shot('viewer-info');
});

await mapCheck('a live observation reaches the sensors layer', async () => {
  const datastream = env('LIVE_DATASTREAM');
  await page.waitForFunction(() => window.tweelingViewer.liveConnected, null, { timeout: WAIT });
  const value = 40 + Math.round(Math.random() * 5000) / 100;
  const r = await fetch(`${BASE}ingest/observations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-API-Key': env('INGEST_KEY') },
    body: JSON.stringify({ datastream, phenomenonTime: new Date().toISOString(), result: value }),
  });
  assert(r.status === 202, `ingest answered ${r.status}: ${await r.text()}`);
  await page.waitForFunction(([ds, v]) => {
    const o = window.tweelingViewer.lastLive;
    return o && o.datastream === ds && o.result === v;
  }, [datastream, value], { timeout: WAIT });
  // close by the sensor, so its label has room beside the other datastreams of its station
  await page.evaluate((ds) => {
    const f = window.tweelingMap.querySourceFeatures('live-sensors').find((x) => x.properties.feature_id === ds);
    window.tweelingMap.jumpTo({ center: f.geometry.coordinates, zoom: 17 });
  }, datastream);
  await idle();
  const shown = String(Math.round(value * 10) / 10);
  const mine = await page.evaluate((ds) => window.tweelingViewer.sensorLabel(ds), datastream);
  assert(mine === shown, `the sensor's value is ${mine}, expected ${shown}`);
  // labels are placed in the frames after the move: wait for it (a busy machine renders slowly)
  const placed = await page.waitForFunction((v) => window.tweelingMap.queryRenderedFeatures({ layers: ['live-sensors-label'] })
    .some((x) => x.properties.label === v), shown, { timeout: WAIT, polling: 250 }).then(() => true, () => false);
  const labels = await rendered({ layer: 'live-sensors-label' });
  assert(placed, `no rendered label ${shown}; rendered: ${labels.map((l) => l.properties.label).join(', ')}`);
  assert((await page.textContent('#live-status')).includes(datastream), 'the live status does not name the datastream');
  await shot('viewer-live');
});

await mapCheck('the time slider shows an ended feature again', async () => {
  const id = env('ENDED_ID');
  await page.evaluate(([lon, lat]) => window.tweelingMap.jumpTo({ center: [lon, lat], zoom: 16 }),
    [Number(env('ENDED_LON')), Number(env('ENDED_LAT'))]);
  await idle();
  assert((await rendered({ featureId: id })).length === 0, 'the ended feature is on the map of now');
  await page.fill('#time-date', env('ENDED_AT'));
  await page.dispatchEvent('#time-date', 'change');
  await page.waitForFunction(() => window.tweelingViewer.datetime, null, { timeout: WAIT });
  await idle();
  await page.waitForFunction((fid) => window.tweelingMap.queryRenderedFeatures()
    .some((x) => String(x.properties.feature_id) === fid), id, { timeout: WAIT, polling: 500 });
  await shot('viewer-past');
  await page.click('#time-now');
  await idle();
  assert(await page.evaluate(() => window.tweelingViewer.datetime) === null, 'Now did not clear the time');
});

await mapCheck('a choropleth of a sensor statistic per buurt', async () => {
  await page.evaluate(() => window.tweelingMap.jumpTo({ center: [6.0944, 52.5125], zoom: 12.6 }));
  await page.selectOption('#agg-property', 'NO2');
  await page.selectOption('#agg-by', 'buurten');
  await page.selectOption('#agg-period', '30');
  await page.click('#agg-show');
  await page.waitForFunction(() => window.tweelingViewer.choropleth, null, { timeout: WAIT });
  const c = await page.evaluate(() => window.tweelingViewer.choropleth);
  assert(c.withData > 0, `no buurt with data: ${JSON.stringify(c)}`);
  await idle();
  const filled = await rendered({ layer: 'choropleth-fill' });
  assert(filled.some((f) => typeof f.properties.value === 'number'), 'no rendered buurt with a value');
  assert(await page.locator('#agg-legend li').count() >= 2, 'no legend of the choropleth');
  await shot('viewer-choropleth');
});

// --- the scenario panel ---------------------------------------------------------------------------------------
await mapCheck('the scenario panel lists a planner\'s scenarios and shows its edits', async () => {
  await page.evaluate(() => window.tweelingMap.jumpTo({ center: [6.0944, 52.5125], zoom: 12 }));
  await page.fill('#scn-key', env('PLANNER_KEY'));
  await page.click('#scn-key-use');
  const id = env('SCENARIO_ID');
  await page.waitForFunction((sid) => [...document.querySelectorAll('#scn-select option')].some((o) => o.value === sid),
    id, { timeout: WAIT });
  await page.selectOption('#scn-select', id);
  await page.waitForFunction(() => window.tweelingViewer.scenario, null, { timeout: WAIT });
  const s = await page.evaluate(() => window.tweelingViewer.scenario);
  assert(String(s.id) === id && s.edited.includes('dikes'), `scenario read: ${JSON.stringify(s)}`);
  assert(s.revisions >= 2, `expected the scenario's revisions (made, edited), got ${s.revisions}`);
  assert((await page.textContent('#scn-edits')).includes('dikes'), 'the panel does not name the edited layer');
});

await mapCheck('the swipe shows the scenario\'s layers beside the baseline', async () => {
  await page.check('#scn-swipe');
  const ready = await page.waitForFunction(() => {
    const m = window.tweelingScenarioMap;
    return m && m.isStyleLoaded() && m.getSource('scenario-dikes') && m.isSourceLoaded('scenario-dikes');
  }, null, { timeout: WAIT, polling: 250 }).then(() => true, () => false);
  const seen = await page.evaluate(() => ({ swipe: window.tweelingViewer.swipe, errors: window.tweelingViewer.errors,
    map: !!window.tweelingScenarioMap }));
  assert(ready, `the scenario map did not load its dikes: ${JSON.stringify(seen)}; console: ${consoleErrors.slice(-5).join(' | ')}`);
  await page.fill('#scn-swipe-position', '30');
  await page.dispatchEvent('#scn-swipe-position', 'input');
  const clip = await page.evaluate(() => document.getElementById('map-scenario').style.clipPath);
  assert(clip.includes('30%'), `the scenario map is not clipped at the handle: ${clip}`);
  const dikes = await page.evaluate(() => window.tweelingScenarioMap.querySourceFeatures('scenario-dikes', { sourceLayer: 'dikes' })
    .map((f) => f.properties.crest_m));
  assert(dikes.length > 0, 'the scenario map drew no dike from the scenario\'s tiles');
  await shot('viewer-scenario-swipe');
});

/** Runs the chosen process from the panel and waits for its job to end; returns the job as the viewer saw it. */
async function runProcess(onScenario) {
  const before = await page.evaluate(() => window.tweelingViewer.jobs.length);
  await page.selectOption('#proc-id', 'high-water');
  await page.waitForSelector('#proc-input-level', { timeout: WAIT });
  await page.fill('#proc-input-level', env('LEVEL'));
  if (onScenario) await page.check('#proc-on-scenario'); else await page.uncheck('#proc-on-scenario');
  await page.click('#proc-run');
  const ended = await page.waitForFunction((n) => {
    const j = window.tweelingViewer.job;
    return j && (window.tweelingViewer.jobs.length > n || ['failed', 'dismissed', 'error'].includes(j.status));
  }, before, { timeout: 4 * WAIT, polling: 500 }).then(() => true, () => false);
  const job = await page.evaluate(() => window.tweelingViewer.job);
  assert(ended && job.status === 'successful', `the run ended ${job?.status} (waited: ${ended}): `
    + `${await page.textContent('#proc-status')}; ${JSON.stringify(job)}`);
  return job;
}

await mapCheck('a flood run on the baseline shows its progress and its result layers', async () => {
  const job = await runProcess(false);
  assert(job.seen.length >= 1 && job.seen[job.seen.length - 1] === 100, `progress seen: ${job.seen.join(', ')}`);
  assert(Number(await page.getAttribute('#proc-progress', 'value')) === 100, 'the progress bar is not full');
  assert(job.layers.length > 0, 'no result layer linked from the job');
  const shown = await page.evaluate(() => window.tweelingViewer.results);
  assert(job.layers.every((l) => shown.includes(l)), `result layers not on the map: ${job.layers} vs ${shown}`);
  await idle();
  await shot('viewer-scenario-run');
});

await mapCheck('the same run on the scenario, compared per buurt as a choropleth', async () => {
  const job = await runProcess(true);
  assert(job.inputs.scenario === env('SCENARIO_ID'), `the run did not name the scenario: ${JSON.stringify(job.inputs)}`);
  const jobs = await page.evaluate(() => window.tweelingViewer.jobs.map((j) => j.id));
  await page.selectOption('#cmp-a', jobs[jobs.length - 2]);
  await page.selectOption('#cmp-b', jobs[jobs.length - 1]);
  await page.click('#cmp-show');
  await page.waitForFunction(() => window.tweelingViewer.compare, null, { timeout: WAIT });
  const c = await page.evaluate(() => window.tweelingViewer.compare);
  assert(c.areas === 78 && c.changed > 0 && c.total < 0, `the raised dike changes no buurt: ${JSON.stringify(c)}`);
  await idle();
  const filled = await rendered({ layer: 'choropleth-fill' });
  assert(filled.some((f) => typeof f.properties.value === 'number' && f.properties.value !== 0), 'no rendered buurt with a difference');
  await shot('viewer-scenario-compare');
});

await check('the viewer has no serious or critical accessibility violations', () => axe('viewer'));

await check('the viewer logged no console errors and asked nothing outside the app', async () => {
  const errors = await page.evaluate(() => window.tweelingViewer.errors);
  assert(errors.length === 0, `viewer errors: ${errors.join('; ')}`);
  assert(consoleErrors.length === 0, `console errors:\n${consoleErrors.join('\n')}`);
  assert(outside.length === 0, `requests outside the app: ${outside.join(', ')}`);
});

// --- the HTML pages -----------------------------------------------------------------------------------------
const pages = [
  ['landing', '?f=html'],
  ['collections', 'collections?f=html'],
  ['collection', 'collections/buurten?f=html'],
  ['items', 'collections/buurten/items?f=html&limit=5'],
  ['feature', `collections/buurten/items/${encodeURIComponent(env('FEATURE_ID'))}?f=html`],
];
for (const [name, url] of pages) {
  await check(`HTML page ${name} has no serious or critical accessibility violations`, async () => {
    const response = await page.goto(`${BASE}${url}`);
    assert(response.status() === 200, `GET /${url} answered ${response.status()}`);
    await shot(`page-${name}`);
    await axe(`page-${name}`);
  });
}

await context.close();
fs.rmSync(profile, { recursive: true, force: true });
console.log(`viewer.browser.mjs: ${passed.length} checks passed, ${failures.length} checks failed`);
if (failures.length) {
  console.log(`\nfailures:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
