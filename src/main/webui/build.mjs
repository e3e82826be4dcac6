// Builds the viewer into the app's classpath; run by Maven (phase generate-resources) as
//   node src/main/webui/build.mjs target/classes
// 1. `npm ci` when node_modules is missing or older than package-lock.json (nothing is fetched at run time);
// 2. the viewer's files (src/) and MapLibre GL JS's dist files to META-INF/resources/viewer/ (served as is),
//    the page template to viewer/page.html (ViewerResource fills in the language);
// 3. glyph PBFs of Noto Sans Regular to glyphs/<font stack>/<start>-<end>.pbf (FontsResource serves them),
//    generated once per font and generator version into node_modules/.cache (about 15 s) and copied from there.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.argv[2] || path.join(here, '../../../target/classes'));
const FONT_STACK = 'Noto Sans Regular';
const FONT_FILE = 'node_modules/@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf';

function npmCi() {
  const lock = path.join(here, 'package-lock.json');
  const installed = path.join(here, 'node_modules/.package-lock.json');
  if (fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs) {
    return;
  }
  console.log('[webui] npm ci');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: here, stdio: 'inherit' });
  fs.utimesSync(installed, new Date(), new Date());
}

function copyTree(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(src, dst);
    else fs.copyFileSync(src, dst);
  }
}

function viewer() {
  const target = path.join(out, 'META-INF/resources/viewer');
  fs.rmSync(target, { recursive: true, force: true });
  copyTree(path.join(here, 'src'), target);
  // the page itself is a template of ViewerResource, not a static file
  fs.mkdirSync(path.join(out, 'viewer'), { recursive: true });
  fs.renameSync(path.join(target, 'page.html'), path.join(out, 'viewer/page.html'));
  const vendor = path.join(target, 'vendor');
  fs.mkdirSync(vendor, { recursive: true });
  for (const f of ['maplibre-gl.js', 'maplibre-gl.css']) {
    fs.copyFileSync(path.join(here, 'node_modules/maplibre-gl/dist', f), path.join(vendor, f));
  }
  fs.copyFileSync(path.join(here, 'node_modules/maplibre-gl/LICENSE.txt'), path.join(vendor, 'maplibre-gl.LICENSE.txt'));
  // the labels' glyphs are made from Noto Sans: its licence (SIL OFL 1.1) travels with them
  fs.copyFileSync(path.join(here, 'node_modules/@expo-google-fonts/noto-sans/LICENSE_FONT'), path.join(vendor, 'NotoSans.OFL.txt'));
}

async function glyphs() {
  const font = path.join(here, FONT_FILE);
  const hash = createHash('sha256').update(fs.readFileSync(font))
    .update(fs.readFileSync(path.join(here, 'glyphs.mjs'))).digest('hex').slice(0, 16);
  const cache = path.join(here, 'node_modules/.cache/tweeling-glyphs', hash);
  if (!fs.existsSync(path.join(cache, 'done'))) {
    console.log(`[webui] generating the glyphs of ${FONT_STACK}`);
    const { default: opentype } = await import('opentype.js');
    const { renderFont, encodeRange } = await import('./glyphs.mjs');
    const ranges = renderFont(opentype.loadSync(font));
    fs.rmSync(cache, { recursive: true, force: true });
    fs.mkdirSync(cache, { recursive: true });
    for (const [start, list] of ranges) {
      fs.writeFileSync(path.join(cache, `${start}-${start + 255}.pbf`), encodeRange(FONT_STACK, start, list));
    }
    fs.writeFileSync(path.join(cache, 'done'), `${ranges.size} ranges\n`);
  }
  const target = path.join(out, 'glyphs', FONT_STACK);
  fs.rmSync(path.join(out, 'glyphs'), { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  for (const f of fs.readdirSync(cache)) {
    if (f.endsWith('.pbf')) fs.copyFileSync(path.join(cache, f), path.join(target, f));
  }
  fs.writeFileSync(path.join(out, 'glyphs/fontstacks.txt'), FONT_STACK + '\n');
  fs.copyFileSync(path.join(here, 'node_modules/@expo-google-fonts/noto-sans/LICENSE_FONT'), path.join(out, 'glyphs/NotoSans.OFL.txt'));
}

npmCi();
viewer();
await glyphs();
console.log(`[webui] viewer and glyphs in ${out}`);
