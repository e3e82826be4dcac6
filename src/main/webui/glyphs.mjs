// Glyph PBFs for MapLibre (signed distance fields, the glyphs.proto of the Mapbox/MapLibre style spec) from an
// OpenType font, in plain JavaScript: the outline of each glyph is flattened to line segments, and each pixel
// of its bitmap holds the distance to the nearest segment (negative inside, by the non-zero winding rule).
// Same parameters as the glyph servers MapLibre was made for: 24 px font size, a 3 px buffer around each
// bitmap, a distance radius of 8 px and the edge at 0.75 (value 191).
import { PbfReader, PbfWriter } from 'pbf';

export const FONT_SIZE = 24;
export const BUFFER = 3;
const RADIUS = 8;
const CUTOFF = 0.25;
const CURVE_STEPS = 8;

/** The line segments of a glyph's outline at FONT_SIZE, y pointing down, baseline at 0: [x1, y1, x2, y2]… */
function segments(path) {
  const segs = [];
  let sx = 0, sy = 0, x = 0, y = 0;
  const line = (nx, ny) => {
    if (nx !== x || ny !== y) segs.push([x, y, nx, ny]);
    x = nx; y = ny;
  };
  for (const c of path.commands) {
    switch (c.type) {
      case 'M': sx = x = c.x; sy = y = c.y; break;
      case 'L': line(c.x, c.y); break;
      case 'Q': {
        const x0 = x, y0 = y;
        for (let i = 1; i <= CURVE_STEPS; i++) {
          const t = i / CURVE_STEPS, u = 1 - t;
          line(u * u * x0 + 2 * u * t * c.x1 + t * t * c.x, u * u * y0 + 2 * u * t * c.y1 + t * t * c.y);
        }
        break;
      }
      case 'C': {
        const x0 = x, y0 = y;
        for (let i = 1; i <= CURVE_STEPS; i++) {
          const t = i / CURVE_STEPS, u = 1 - t;
          line(u * u * u * x0 + 3 * u * u * t * c.x1 + 3 * u * t * t * c.x2 + t * t * t * c.x,
            u * u * u * y0 + 3 * u * u * t * c.y1 + 3 * u * t * t * c.y2 + t * t * t * c.y);
        }
        break;
      }
      case 'Z': line(sx, sy); break;
      default: throw new Error('unknown path command ' + c.type);
    }
  }
  if (x !== sx || y !== sy) line(sx, sy);
  return segs;
}

function distanceToSegment(px, py, [x1, y1, x2, y2]) {
  const dx = x2 - x1, dy = y2 - y1;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((px - x1) * dx + (py - y1) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  const ex = x1 + t * dx - px, ey = y1 + t * dy - py;
  return Math.sqrt(ex * ex + ey * ey);
}

/** Non-zero winding number of the outline around (px, py). */
function winding(px, py, segs) {
  let w = 0;
  for (const [x1, y1, x2, y2] of segs) {
    if (y1 <= py) {
      if (y2 > py && (x2 - x1) * (py - y1) - (px - x1) * (y2 - y1) > 0) w++;
    } else if (y2 <= py && (x2 - x1) * (py - y1) - (px - x1) * (y2 - y1) < 0) {
      w--;
    }
  }
  return w;
}

/** One glyph's metrics and SDF bitmap; a glyph without outline (a space) has no bitmap. */
export function renderGlyph(font, glyph, codepoint) {
  const scale = FONT_SIZE / font.unitsPerEm;
  const advance = Math.round(glyph.advanceWidth * scale);
  const segs = segments(glyph.getPath(0, 0, FONT_SIZE));
  if (segs.length === 0) {
    return { id: codepoint, width: 0, height: 0, left: 0, top: 0, advance, bitmap: null };
  }
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x1, y1, x2, y2] of segs) {
    minX = Math.min(minX, x1, x2); maxX = Math.max(maxX, x1, x2);
    minY = Math.min(minY, y1, y2); maxY = Math.max(maxY, y1, y2);
  }
  const left = Math.floor(minX), topY = Math.floor(minY);
  const width = Math.max(1, Math.ceil(maxX) - left), height = Math.max(1, Math.ceil(maxY) - topY);
  const w = width + 2 * BUFFER, h = height + 2 * BUFFER;
  const bitmap = new Uint8Array(w * h);
  for (let row = 0; row < h; row++) {
    const py = topY - BUFFER + row + 0.5;
    for (let col = 0; col < w; col++) {
      const px = left - BUFFER + col + 0.5;
      let d = Infinity;
      for (const s of segs) d = Math.min(d, distanceToSegment(px, py, s));
      if (winding(px, py, segs) !== 0) d = -d;
      const v = Math.round(255 - 255 * (d / RADIUS + CUTOFF));
      bitmap[row * w + col] = Math.max(0, Math.min(255, v));
    }
  }
  return { id: codepoint, width, height, left, top: -topY, advance, bitmap };
}

/** The PBF of one range (start…start+255) of one font stack: glyphs { stacks { name, range, glyphs… } }. */
export function encodeRange(name, start, glyphs) {
  const pbf = new PbfWriter();
  pbf.writeMessage(1, (_, p) => {
    p.writeStringField(1, name);
    p.writeStringField(2, `${start}-${start + 255}`);
    for (const g of glyphs) {
      p.writeMessage(3, (gl, q) => {
        q.writeVarintField(1, gl.id);
        if (gl.bitmap) q.writeBytesField(2, gl.bitmap);
        q.writeVarintField(3, gl.width);
        q.writeVarintField(4, gl.height);
        q.writeSVarintField(5, gl.left);
        q.writeSVarintField(6, gl.top);
        q.writeVarintField(7, gl.advance);
      }, g);
    }
  }, null);
  return pbf.finish();
}

/** Reads a range PBF back (for tests): {name, range, glyphs: [{id, width, height, left, top, advance, bitmap}]}. */
export function decodeRange(bytes) {
  const pbf = new PbfReader(bytes);
  const stack = { name: null, range: null, glyphs: [] };
  pbf.readFields((tag, _, p) => {
    if (tag !== 1) return;
    p.readMessage((t, s, q) => {
      if (t === 1) s.name = q.readString();
      else if (t === 2) s.range = q.readString();
      else if (t === 3) {
        s.glyphs.push(q.readMessage((f, g, r) => {
          if (f === 1) g.id = r.readVarint();
          else if (f === 2) g.bitmap = r.readBytes();
          else if (f === 3) g.width = r.readVarint();
          else if (f === 4) g.height = r.readVarint();
          else if (f === 5) g.left = r.readSVarint();
          else if (f === 6) g.top = r.readSVarint();
          else if (f === 7) g.advance = r.readVarint();
        }, { bitmap: null }));
      }
    }, stack);
  }, null);
  return stack;
}

/** Every range (start codepoint) of 0…65535 that the font has a glyph in, with those glyphs rendered. */
export function renderFont(font) {
  const ranges = new Map();
  const cmap = font.tables.cmap.glyphIndexMap;
  for (const key of Object.keys(cmap)) {
    const cp = Number(key);
    if (cp > 0xffff || cmap[key] === 0) continue;
    const start = cp - (cp % 256);
    if (!ranges.has(start)) ranges.set(start, []);
    ranges.get(start).push(renderGlyph(font, font.glyphs.get(cmap[key]), cp));
  }
  for (const list of ranges.values()) list.sort((a, b) => a.id - b.id);
  return ranges;
}
