// Writes public/shell-basemap.svg: the country outlines the app shell in index.html draws
// before any script or other file has arrived (issue 12: something to look at within the
// first second on a slow line). It is made from the app's own basemap,
// public/basemap/countries.json, drawn as Leaflet first draws the live map: Web Mercator at
// zoom 5, centred on 48.6° N 33.5° E (src/web/map/mod.rs, `init`), one CSS pixel per map
// pixel, so the live map takes over at the same place and scale (and shows this drawing, at
// its bounds in data-bounds, until its own countries have arrived). Only a window around
// that centre is kept, clipped, simplified to about two pixels and written in whole pixels,
// so that it stays a few KB gzipped.
//
//   node scripts/shell-basemap.mjs           rewrite public/shell-basemap.svg
//   node scripts/shell-basemap.mjs --check   exit 1 if the file differs from what this writes
//
// tests/app_shell.rs runs --check, so the committed file always matches its source.

import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const SOURCE = path.join(ROOT, "public/basemap/countries.json");
const TARGET = path.join(ROOT, "public/shell-basemap.svg");

/** The live map's first view (keep equal to `init` in src/web/map/mod.rs). */
const CENTER = { lat: 48.6, lon: 33.5 };
const ZOOM = 5;
/** The window drawn, in CSS pixels around the centre: wider and taller than most map panes. */
const WIDTH = 2048;
const HEIGHT = 1280;
/** Douglas–Peucker tolerance, in pixels. */
const TOLERANCE = 2;
/** Shapes smaller than this (square pixels) after simplifying are left out. */
const MIN_AREA = 6;

const WORLD = 256 * 2 ** ZOOM;
const project = ([lon, lat]) => {
  const s = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180);
  return [((lon + 180) / 360) * WORLD, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * WORLD];
};
const unproject = ([x, y]) => [
  (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / WORLD))) * 180) / Math.PI,
  (x / WORLD) * 360 - 180,
];
const [cx, cy] = project([CENTER.lon, CENTER.lat]);
const left = Math.round(cx - WIDTH / 2);
const top = Math.round(cy - HEIGHT / 2);

/** Sutherland–Hodgman: the part of `ring` inside the window, with a small margin. */
function clip(ring) {
  const m = 4;
  const edges = [
    (p) => p[0] >= -m, (p) => p[0] <= WIDTH + m, (p) => p[1] >= -m, (p) => p[1] <= HEIGHT + m,
  ];
  const cut = [
    (a, b) => at(a, b, 0, -m), (a, b) => at(a, b, 0, WIDTH + m), (a, b) => at(a, b, 1, -m), (a, b) => at(a, b, 1, HEIGHT + m),
  ];
  function at(a, b, axis, v) {
    const t = (v - a[axis]) / (b[axis] - a[axis]);
    return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
  }
  let out = ring;
  for (let e = 0; e < 4 && out.length; e++) {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const a = input[(i + input.length - 1) % input.length];
      const b = input[i];
      if (edges[e](b)) {
        if (!edges[e](a)) out.push(cut[e](a, b));
        out.push(b);
      } else if (edges[e](a)) {
        out.push(cut[e](a, b));
      }
    }
  }
  return out;
}

/** Douglas–Peucker on an open polyline. */
function simplify(points, tolerance) {
  if (points.length < 3) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  while (stack.length) {
    const [i, j] = stack.pop();
    const [ax, ay] = points[i];
    const [bx, by] = points[j];
    const len = Math.hypot(bx - ax, by - ay);
    let worst = -1;
    let at = -1;
    for (let k = i + 1; k < j; k++) {
      const [px, py] = points[k];
      const d = len === 0 ? Math.hypot(px - ax, py - ay) : Math.abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / len;
      if (d > worst) { worst = d; at = k; }
    }
    if (worst > tolerance) {
      keep[at] = 1;
      stack.push([i, at], [at, j]);
    }
  }
  return points.filter((_, k) => keep[k]);
}

const area = (ring) => {
  let a = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[(i + 1) % ring.length];
    a += x1 * y2 - x2 * y1;
  }
  return Math.abs(a) / 2;
};

/** One ring as path data: an absolute move, then relative lines in whole pixels. */
function ringPath(ring) {
  const pts = [];
  for (const [x, y] of ring) {
    const p = [Math.round(x), Math.round(y)];
    const last = pts[pts.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) pts.push(p);
  }
  if (pts.length > 1 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1]) pts.pop();
  if (pts.length < 3 || area(pts) < MIN_AREA) return "";
  // Numbers need no separator before a minus sign.
  const join = (nums) => nums.map((n, i) => (i > 0 && n >= 0 ? " " : "") + n).join("");
  const deltas = [];
  for (let i = 1; i < pts.length; i++) deltas.push(pts[i][0] - pts[i - 1][0], pts[i][1] - pts[i - 1][1]);
  return `M${join(pts[0])}l${join(deltas)}z`;
}

export function render() {
  const geo = JSON.parse(fs.readFileSync(SOURCE, "utf8"));
  const parts = [];
  for (const feature of geo.features) {
    const g = feature.geometry;
    const polygons = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    for (const polygon of polygons) {
      for (const ring of polygon) {
        const projected = ring.map((c) => { const [x, y] = project(c); return [x - left, y - top]; });
        const inside = clip(projected);
        if (inside.length < 3) continue;
        // Simplify as a closed ring: the first point twice, so both ends stay.
        const d = ringPath(simplify([...inside, inside[0]], TOLERANCE));
        if (d) parts.push(d);
      }
    }
  }
  // The centre's place in the drawing, for the CSS that pins it to the map pane's centre.
  const x = Math.round(cx - left);
  const y = Math.round(cy - top);
  // Its corners, for the live map, which shows it until its own countries have arrived.
  const [north, west] = unproject([left, top]);
  const [south, east] = unproject([left + WIDTH, top + HEIGHT]);
  const bounds = [south, west, north, east].map((v) => v.toFixed(5)).join(" ");
  return `<svg class="mm-shell-basemap" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" ` +
    `width="${WIDTH}" height="${HEIGHT}" style="margin:-${y}px 0 0 -${x}px" data-bounds="${bounds}" aria-hidden="true" focusable="false">` +
    `<path fill-rule="evenodd" d="${parts.join("")}"/></svg>\n`;
}

const svg = render();
if (process.argv.includes("--check")) {
  const current = fs.existsSync(TARGET) ? fs.readFileSync(TARGET, "utf8") : "";
  if (current !== svg) {
    console.error(`${path.relative(ROOT, TARGET)} is out of date: run node scripts/shell-basemap.mjs`);
    process.exit(1);
  }
} else {
  fs.writeFileSync(TARGET, svg);
  console.error(`${path.relative(ROOT, TARGET)}: ${svg.length} bytes`);
}
