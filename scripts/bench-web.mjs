// Browser benchmark of the web app (issue 12): headless Chromium driven through the DevTools
// protocol, the release build (dist/) served from 127.0.0.1 with gzip. Not a test: it prints
// numbers for the README. Run through scripts/bench-web.sh, which builds dist/ first.
//
//   node --experimental-websocket scripts/bench-web.mjs [--runs N] [--corpus FILE] [--big]
//
//   --only cold,3g,load,lists,restore
//                               which scenarios to run (these five by default); lists (the
//                               longest task while long lists grow, on the 10x copy) and restore
//                               (the 10x copy stored, then the page reloaded) need load;
//                               floor (not by default): the parser's wasm reaching a worker and
//                               compiled, on a bare page with no app, the floor of a cold start
//   --trace                     Fast 3G: also print every request of the page and its
//                               workers (priority, sent, first byte, done, bytes)
//
// Every scenario starts a fresh browser with an empty profile, so every load is cold.

import { spawn } from "node:child_process";
import { createServer } from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const RUNS = Number(flag("--runs", "3"));
const CORPUS = path.resolve(flag("--corpus", path.join(ROOT, "../shared/corpora/ukraine-war-news.jsonl")));
const DIST = path.resolve(flag("--dist", path.join(ROOT, "dist")));
const BIG = args.includes("--big");
const ONLY = flag("--only", "cold,3g,load,lists,restore").split(",");
const CHROMIUM = process.env.CHROMIUM || "chromium";
const TRACE = args.includes("--trace");

// ---- a static server for dist/ with gzip (the pre-compressed .gz when the build has one) ----
const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm",
  ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png",
  ".txt": "text/plain; charset=utf-8",
};
function serve(root) {
  const server = createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\/+/, "");
    if (FLOOR_FILES[rel]) {
      res.writeHead(200, { "Content-Type": TYPES[path.extname(rel)], "Cache-Control": "no-cache" });
      res.end(FLOOR_FILES[rel]);
      return;
    }
    let file = path.join(root, rel || "index.html");
    if (rel.includes("..") || !fs.existsSync(file) || !fs.statSync(file).isFile()) file = path.join(root, "index.html");
    const type = TYPES[path.extname(file)] || "application/octet-stream";
    const gzip = /\bgzip\b/.test(req.headers["accept-encoding"] || "");
    let body = fs.readFileSync(file);
    const headers = { "Content-Type": type, "Cache-Control": "no-cache" };
    if (gzip) {
      body = fs.existsSync(file + ".gz") ? fs.readFileSync(file + ".gz") : zlib.gzipSync(body, { level: 6 });
      headers["Content-Encoding"] = "gzip";
    }
    headers["Content-Length"] = body.length;
    res.writeHead(200, headers);
    res.end(body);
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

// ---- a minimal DevTools protocol client (Node's built-in WebSocket) ----
class Cdp {
  constructor(ws) {
    this.ws = ws; this.id = 0; this.waiting = new Map(); this.listeners = [];
    ws.onmessage = (e) => {
      const msg = JSON.parse(e.data);
      if (msg.id && this.waiting.has(msg.id)) {
        const { ok, fail } = this.waiting.get(msg.id);
        this.waiting.delete(msg.id);
        msg.error ? fail(new Error(JSON.stringify(msg.error))) : ok(msg.result);
      } else if (msg.method) {
        for (const l of this.listeners) l(msg);
      }
    };
  }
  static async connect(url) {
    const ws = new WebSocket(url);
    await new Promise((ok, fail) => { ws.onopen = ok; ws.onerror = fail; });
    return new Cdp(ws);
  }
  send(method, params = {}, sessionId = undefined) {
    const id = ++this.id;
    this.ws.send(JSON.stringify({ id, method, params, sessionId }));
    return new Promise((ok, fail) => this.waiting.set(id, { ok, fail }));
  }
  async eval(expression) {
    const r = await this.send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
    if (r.exceptionDetails) throw new Error(`${expression}: ${JSON.stringify(r.exceptionDetails)}`);
    return r.result.value;
  }
  async until(what, expression, timeoutMs = 120000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await this.eval(expression);
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(20);
    }
  }
  close() { this.ws.close(); }
}
const DRAWN = "(document.body.dataset.drawn ?? document.body.dataset.places)";
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/// The live map's country shapes, and the shell's drawing that stands in for them until
/// they are all drawn.
const COUNTRY_SHAPES = ".leaflet-overlay-pane > svg:not(.mm-shell-basemap) path";
const STAND_IN = ".leaflet-overlay-pane .mm-shell-basemap";

// Records, from the first byte of the page: paint entries, long tasks, when elements first
// appear, and when <body data-drawn> (markers on the map; data-places in builds before it) changes.
const PROBE = `
  window.__bench = { seen: {}, long: [], drawn: [] };
  new PerformanceObserver(l => { for (const e of l.getEntries()) window.__bench.long.push([e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: true });
  const watch = { shell: '#mm-boot .mm-shell-basemap', ui: '#mm-summary', map: '.leaflet-container',
                  standIn: '${STAND_IN}', countries: '${COUNTRY_SHAPES}', progress: '#mm-boot-progress progress, #mm-progress', marker: '.mm-pin' };
  new MutationObserver(() => {
    const b = window.__bench;
    for (const [k, css] of Object.entries(watch)) if (!(k in b.seen) && document.querySelector(css)) b.seen[k] = performance.now();
    const drawn = document.body && (document.body.dataset.drawn ?? document.body.dataset.places);
    if (document.body && drawn !== b.lastDrawn) {
      b.lastDrawn = drawn;
      b.drawn.push([performance.now(), document.body.dataset.articles, drawn, !!document.querySelector('#mm-progress')]);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
`;

async function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "mm-bench-"));
  const child = spawn(CHROMIUM, [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,900",
    "--no-first-run", "--disable-sync", "--disable-background-networking", "--disable-component-update",
    "--remote-debugging-port=0", `--user-data-dir=${profile}`, "about:blank",
  ], { stdio: ["ignore", "ignore", "pipe"] });
  const portFile = path.join(profile, "DevToolsActivePort");
  const deadline = Date.now() + 20000;
  while (!fs.existsSync(portFile) || fs.readFileSync(portFile, "utf8").split("\n").length < 2) {
    if (Date.now() > deadline) throw new Error("chromium did not start");
    await sleep(50);
  }
  const [port, browserPath] = fs.readFileSync(portFile, "utf8").split("\n");
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const page = targets.find((t) => t.type === "page");
  const cdp = await Cdp.connect(page.webSocketDebuggerUrl);
  await cdp.send("Page.enable");
  await cdp.send("Runtime.enable");
  await cdp.send("Page.addScriptToEvaluateOnNewDocument", { source: PROBE });
  return {
    cdp, pid: child.pid,
    async close() {
      cdp.close();
      const exited = new Promise((ok) => child.once("exit", ok));
      const browser = await Cdp.connect(`ws://127.0.0.1:${port}${browserPath}`);
      browser.send("Browser.close").catch(() => {});
      await Promise.race([exited, sleep(10000)]);
      child.kill("SIGKILL");
      await sleep(200);
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

/// Resident memory (VmRSS, MB) of this browser's renderer processes: `page`, the one that
/// runs the page (found by its Web Worker threads, which live in the page's process), and
/// `all`, every renderer, which adds Chromium's own (its WebUI for the browser's top chrome,
/// about 155 MB, and a spare renderer kept for the next tab, about 75 MB), there even with
/// no page open.
function rendererRss(browserPid) {
  let all = 0, page = 0;
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
      const stat = fs.readFileSync(`/proc/${pid}/status`, "utf8");
      const ppid = Number(/PPid:\s+(\d+)/.exec(stat)[1]);
      if (!cmd.includes("--type=renderer")) continue;
      // A renderer of this browser: its parent chain reaches the browser process.
      let p = ppid, mine = false;
      for (let i = 0; i < 5 && p > 1; i++) {
        if (p === browserPid) { mine = true; break; }
        p = Number(/PPid:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"))[1]);
      }
      if (!mine) continue;
      const rss = Number(/VmRSS:\s+(\d+)/.exec(stat)[1]) / 1024;
      all += rss;
      const threads = fs.readdirSync(`/proc/${pid}/task`).map((t) => {
        try { return fs.readFileSync(`/proc/${pid}/task/${t}/comm`, "utf8"); } catch { return ""; }
      });
      if (threads.some((name) => name.startsWith("DedicatedWorker"))) page += rss;
    } catch { /* the process ended */ }
  }
  return { all, page };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const fmt = (xs, unit = "ms") => {
  const s = [...xs].sort((a, b) => a - b);
  const d = unit === "MB/s" ? 1 : 0;
  return s.length > 1 ? `${median(s).toFixed(d)} ${unit} (${s.map((x) => x.toFixed(d)).join(", ")})` : `${s[0].toFixed(d)} ${unit}`;
};

async function openApp(base) {
  const b = await launch();
  await b.cdp.send("Network.enable");
  await b.cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await b.cdp.send("Page.navigate", { url: base });
  await b.cdp.until("the sample's first marker", "document.body && document.body.dataset.firstPlacesMs");
  return b;
}

/// The floor of a cold start on this machine: a bare page (no app, nothing else running) whose
/// worker only fetches the parser's wasm, served as the app's is, and compiles it while it
/// arrives, as the app's loader does. Times from the page's navigation start.
const FLOOR_FILES = {
  "__floor.html": `<!DOCTYPE html><title>floor</title><script>
    new Worker("./__floor-worker.js").onmessage = (e) => {
      const at = e.data.origin - performance.timeOrigin;
      window.__floor = { worker: at, headers: at + e.data.headers, body: at + e.data.body, compiled: at + e.data.compiled };
    };
  </script>`,
  "__floor-worker.js": `(async () => {
    const response = await fetch("./mentionmap-worker_bg.wasm");
    const headers = performance.now();
    let body = 0;
    const counted = response.body.pipeThrough(new TransformStream({ flush() { body = performance.now(); } }));
    await WebAssembly.compileStreaming(new Response(counted, { headers: { "Content-Type": "application/wasm" } }));
    postMessage({ origin: performance.timeOrigin, headers, body, compiled: performance.now() });
  })();`,
};

async function floor(base) {
  const b = await launch();
  await b.cdp.send("Network.enable");
  await b.cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await b.cdp.send("Page.navigate", { url: `${base}__floor.html` });
  const r = await b.cdp.until("the parser's wasm compiled in a bare worker", "window.__floor");
  await b.close();
  return r;
}

/// Cold start: when the sample's first marker appears, from navigation start.
async function coldStart(base) {
  const b = await openApp(base);
  const v = Number(await b.cdp.eval("document.body.dataset.firstPlacesMs"));
  await b.close();
  return v;
}

/// Fast 3G (Chrome DevTools' preset): first paint, UI, visible progress, first marker. The
/// page's workers are throttled too (each is its own DevTools target, attached as it starts).
async function fast3g(base) {
  const b = await launch();
  const fast3g = {
    offline: false, latency: 562.5, downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8, uploadThroughput: (750 * 1024 * 0.9) / 8,
  };
  const requests = new Map();
  if (TRACE) b.cdp.listeners.push((msg) => {
    const p = msg.params || {};
    const key = `${msg.sessionId ?? "page"}:${p.requestId}`;
    if (msg.method === "Network.requestWillBeSent") requests.set(key, { who: msg.sessionId ? "worker" : "page", url: p.request.url.replace(base, ""), sent: p.timestamp, prio: p.request.initialPriority });
    else if (msg.method === "Network.responseReceived" && requests.has(key)) requests.get(key).head = p.timestamp;
    else if (msg.method === "Network.loadingFinished" && requests.has(key)) Object.assign(requests.get(key), { done: p.timestamp, bytes: p.encodedDataLength });
  });
  b.cdp.listeners.push(async (msg) => {
    if (msg.method !== "Target.attachedToTarget") return;
    const s = msg.params.sessionId;
    await b.cdp.send("Network.enable", {}, s).catch(() => {});
    await b.cdp.send("Network.setCacheDisabled", { cacheDisabled: true }, s).catch(() => {});
    await b.cdp.send("Network.emulateNetworkConditions", fast3g, s).catch(() => {});
    await b.cdp.send("Runtime.runIfWaitingForDebugger", {}, s).catch(() => {});
  });
  await b.cdp.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
  await b.cdp.send("Network.enable");
  await b.cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await b.cdp.send("Network.emulateNetworkConditions", fast3g);
  await b.cdp.send("Page.navigate", { url: base });
  await b.cdp.until("the sample's first marker", "document.body && document.body.dataset.firstPlacesMs", 300000);
  const r = await b.cdp.eval(`({ paint: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime,
     seen: window.__bench.seen, marker: Number(document.body.dataset.firstPlacesMs),
     firstByte: (({ requestStart, responseStart }) => responseStart - requestStart)(performance.getEntriesByType('navigation')[0]),
     net: navigator.connection && navigator.connection.effectiveType, deferred: !!window.__mmWorkerGo })`);
  if (TRACE) console.error(`effectiveType ${r.net}, index.html's first byte after ${r.firstByte.toFixed(0)} ms, parser download deferred: ${r.deferred}`);
  await b.close();
  if (TRACE) {
    const t0 = Math.min(...[...requests.values()].map((r) => r.sent));
    const ms = (t) => (t === undefined ? "-" : ((t - t0) * 1000).toFixed(0));
    for (const r of [...requests.values()].sort((a, b) => a.sent - b.sent)) {
      console.error(`${r.who.padEnd(6)} ${String(r.prio).padEnd(8)} sent ${ms(r.sent).padStart(6)} head ${ms(r.head).padStart(6)} done ${ms(r.done).padStart(6)} ${String(r.bytes ?? "-").padStart(8)} B  ${r.url.slice(0, 60)}`);
    }
  }
  return r;
}

/// The page has started: the sample is on the map and so are the country shapes, whose
/// drawing waits for the first places (the shell's stand-in drawing is gone once they are in).
const SETTLED = `${DRAWN} !== undefined && !document.querySelector('#mm-progress')
  && !!document.querySelector('${COUNTRY_SHAPES}') && !document.querySelector('${STAND_IN}')`;

/// True once `articles` articles are read and all their places are on the map.
const allOnTheMap = (articles) => `document.body.dataset.articles === '${articles}'
  && !document.querySelector('#mm-progress') && ${DRAWN} === document.body.dataset.places`;

/// Opens the app, waits until it has started, and chooses `file` in its file input, as a user
/// would; `before` (a JS expression) is evaluated just before the file is chosen, and its
/// value returned with the browser.
async function openAndChoose(base, file, before = "null") {
  const b = await openApp(base);
  await b.cdp.until("the sample and the country shapes drawn", SETTLED);
  const { root } = await b.cdp.send("DOM.getDocument", { depth: 0 });
  const { nodeId } = await b.cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: "#mm-file" });
  const value = await b.cdp.eval(before);
  await b.cdp.send("DOM.setFileInputFiles", { nodeId, files: [file] });
  return { b, value };
}

/// Loads `file` through the file input after the sample is shown; the time until every
/// article is parsed and its markers are on the map, the longest main-thread task meanwhile,
/// and the renderer's memory afterwards.
async function load(base, file, articles) {
  const { b, value: t0 } = await openAndChoose(base, file,
    "window.__bench.long = []; window.__bench.drawn = []; performance.now()");
  await b.cdp.until(`${articles} articles on the map`, allOnTheMap(articles), 300000);
  await sleep(300); // let the last frame and any trailing task finish, so they are counted
  const r = await b.cdp.eval(`(() => {
    // data-drawn is -1 while a redraw is pending.
    const drawn = window.__bench.drawn.filter(x => x[2] !== '-1');
    const d = drawn.filter(x => x[1] === '${articles}' && !x[3]);
    return { end: d.length ? d[0][0] : performance.now(), long: window.__bench.long.filter(x => x[0] >= ${t0}).map(x => x[1]),
             firstDrawn: (drawn[0] || [0])[0], places: Number(document.body.dataset.places),
             worker: Number(document.body.dataset.lastParseMs), workers: document.body.dataset.workers,
             steps: performance.getEntriesByType('measure').filter(m => m.name.startsWith('mm:') && m.startTime >= ${t0})
               .reduce((o, m) => (o[m.name] = Math.max(o[m.name] || 0, m.duration), o), {}),
             heap: performance.memory ? performance.memory.usedJSHeapSize / 1048576 : null };
  })()`);
  const { page: rss, all: rssAll } = rendererRss(b.pid);
  const rssCollected = await afterGarbageCollection(b);
  await b.close();
  return { ms: r.end - t0, steps: r.steps, worker: r.worker, workers: r.workers, firstMs: r.firstDrawn - t0, longest: Math.max(0, ...r.long), tasksOver100: r.long.filter((x) => x > 100).length, rss, rssAll, rssCollected, heap: r.heap, places: r.places };
}

/// The page's renderer memory (as `rendererRss`) once the page and each of its workers have
/// collected their garbage (DevTools' HeapProfiler.collectGarbage): what the load keeps, without
/// what the page and an idle worker give back only when they collect (40-60 MB each after the
/// 10x load; not their buffers, which freeing at once did not change).
async function afterGarbageCollection(b) {
  const sessions = [];
  b.cdp.listeners.push((m) => { if (m.method === "Target.attachedToTarget") sessions.push(m.params.sessionId); });
  await b.cdp.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: false, flatten: true });
  await sleep(200);
  for (const session of [undefined, ...sessions]) {
    await b.cdp.send("HeapProfiler.collectGarbage", {}, session).catch(() => {});
  }
  await sleep(500);
  return rendererRss(b.pid).page;
}

/// After loading `file`: the longest main-thread task while the most mentioned country's
/// popup opens, while "Show more" adds its passages five times, while the article list
/// opens, and while its "Show more" is pressed five times (each click waits for two frames).
async function lists(base, file, articles) {
  const { b } = await openAndChoose(base, file);
  await b.cdp.until(`${articles} articles on the map`, allOnTheMap(articles), 300000);
  await sleep(500);
  // Runs `action` (a JS statement), waits two frames and 100 ms, returns the longest task since.
  const longest = async (action, times = 1) => b.cdp.eval(`(async () => {
    const t0 = performance.now();
    const frames = () => new Promise(ok => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(ok, 100))));
    for (let i = 0; i < ${times}; i++) { ${action}; await frames(); }
    return Math.max(0, ...window.__bench.long.filter(x => x[0] >= t0).map(x => x[1]));
  })()`);
  const country = "[...document.querySelectorAll('.mm-place')].find(e => e.querySelector('.mm-place-kind').textContent.startsWith('country')).click()";
  const r = { open: await longest(country) };
  await b.cdp.until("the popup's Show more", "document.querySelector('.leaflet-popup-content .mm-show-all')");
  r.more = await longest("document.querySelector('.leaflet-popup-content .mm-show-all').click()", 5);
  r.passages = await b.cdp.eval("document.querySelectorAll('.leaflet-popup-content .mm-passage').length");
  r.articles = await longest("document.querySelector('#mm-tab-articles').click()");
  r.moreArticles = await longest("document.querySelector('.mm-articles .mm-link-button').click()", 5);
  r.rows = await b.cdp.eval("document.querySelectorAll('.mm-articles .mm-article').length");
  await b.close();
  return r;
}

/// Loads `file`, waits until the page has stored it (IndexedDB holds a Blob of at least
/// nine tenths of the file's size), reloads the page and measures the restore from the
/// reload's navigation start: when the stored corpus's first places and all its markers are
/// on the map, and the longest main-thread task on the way.
async function restore(base, file, articles) {
  const { b } = await openAndChoose(base, file);
  const done = allOnTheMap(articles);
  await b.cdp.until(`${articles} articles on the map`, done, 300000);
  const storedBytes = `new Promise((ok) => {
    const open = indexedDB.open('mentionmap');
    open.onerror = () => ok(0);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('corpus')) { db.close(); return ok(0); }
      const get = db.transaction('corpus').objectStore('corpus').getAll();
      get.onsuccess = () => { db.close(); ok(get.result.reduce((n, v) => n + (v.size || 0), 0)); };
      get.onerror = () => { db.close(); ok(0); };
    };
  })`;
  await b.cdp.until("the corpus stored", `${storedBytes}.then((n) => n > ${Math.floor(fs.statSync(file).size * 0.9)})`, 60000);
  await b.cdp.send("Page.reload", {});
  await b.cdp.until("the reloaded page", "window.__bench && document.body && !document.body.dataset.articles");
  await b.cdp.until(`${articles} articles restored`, done, 300000);
  await sleep(300);
  const r = await b.cdp.eval(`(() => {
    const drawn = window.__bench.drawn.filter(x => x[2] !== '-1');
    const d = drawn.filter(x => x[1] === '${articles}' && !x[3]);
    return { end: d.length ? d[0][0] : performance.now(), first: Number(document.body.dataset.firstPlacesMs),
             long: window.__bench.long.map(x => x[1]) };
  })()`);
  await b.close();
  return { ms: r.end, firstMs: r.first, longest: Math.max(0, ...r.long) };
}

/// The corpus repeated `times` times, each copy with its own ids.
function copies(times) {
  const lines = fs.readFileSync(CORPUS, "utf8").split("\n").filter((l) => l.trim());
  const out = path.join(os.tmpdir(), `mm-bench-corpus-x${times}.jsonl`);
  const parts = [];
  for (let k = 0; k < times; k++) {
    for (const line of lines) {
      const rec = JSON.parse(line);
      rec.id = `${rec.id ?? ""}#${k}`;
      parts.push(JSON.stringify(rec));
    }
  }
  fs.writeFileSync(out, parts.join("\n") + "\n");
  return { file: out, articles: lines.length * times, mb: fs.statSync(out).size / 1e6 };
}

async function main() {
  if (!fs.existsSync(path.join(DIST, "index.html"))) throw new Error(`${DIST}/index.html missing: run trunk build --release`);
  const server = await serve(DIST);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const rows = [];
  const row = (what, value) => { rows.push([what, value]); console.error(`${what}: ${value}`); };

  if (ONLY.includes("cold")) {
    const cold = [];
    for (let i = 0; i < RUNS; i++) cold.push(await coldStart(base));
    row("cold start, localhost: sample's first marker", fmt(cold));
  }

  if (ONLY.includes("floor")) {
    const f = [];
    for (let i = 0; i < RUNS; i++) f.push(await floor(base));
    row("floor, a bare page with no app: its worker started", fmt(f.map((r) => r.worker)));
    row("floor: the parser's wasm, its response's headers", fmt(f.map((r) => r.headers)));
    row("floor: the parser's wasm, its last byte", fmt(f.map((r) => r.body)));
    row("floor: the parser's wasm compiled", fmt(f.map((r) => r.compiled)));
  }

  if (ONLY.includes("3g")) {
    const slow = [];
    for (let i = 0; i < RUNS; i++) slow.push(await fast3g(base));
    // A time every run saw, or "never" (the element did not appear in some run).
    const seen = (k) => (slow.every((r) => r.seen[k] !== undefined) ? fmt(slow.map((r) => r.seen[k])) : "never");
    row("Fast 3G: first contentful paint", fmt(slow.map((r) => r.paint)));
    row("Fast 3G: app shell shown (index.html alone: toolbar, panels, drawn basemap)", seen("shell"));
    row("Fast 3G: download progress shown", seen("progress"));
    row("Fast 3G: the live app's UI (the app's wasm has started)", seen("ui"));
    row("Fast 3G: the live map (Leaflet)", seen("map"));
    row("Fast 3G: the live map shows the shell's drawing (until its countries arrive)", seen("standIn"));
    row("Fast 3G: the live map's countries drawn", seen("countries"));
    row("Fast 3G: sample's first marker", fmt(slow.map((r) => r.marker)));
  }

  if (!ONLY.includes("load")) {
    // only the scenarios asked for
  } else if (!fs.existsSync(CORPUS)) {
    console.error(`skipped the corpus loads: ${CORPUS} not found`);
  } else {
    const one = copies(1);
    const ten = copies(10);
    const r1 = [], r10 = [];
    for (let i = 0; i < RUNS; i++) r1.push(await load(base, one.file, one.articles));
    for (let i = 0; i < RUNS; i++) r10.push(await load(base, ten.file, ten.articles));
    row(`${one.articles} reports (${one.mb.toFixed(2)} MB): first markers`, fmt(r1.map((r) => r.firstMs)));
    row(`${one.articles} reports: all on the map`, fmt(r1.map((r) => r.ms)));
    row(`${one.articles} reports: reading and geoparsing in the worker${r1[0].workers > 1 ? "s" : ""} (${r1[0].workers ?? 1})`, fmt(r1.map((r) => r.worker)));
    row(`${one.articles} reports: longest main-thread task`, fmt(r1.map((r) => r.longest)));
    row(`${ten.articles} reports (${ten.mb.toFixed(1)} MB): all on the map`, fmt(r10.map((r) => r.ms)));
    row(`${ten.articles} reports: reading and geoparsing in the worker${r10[0].workers > 1 ? "s" : ""}`, fmt(r10.map((r) => r.worker)));
    row(`${ten.articles} reports: end to end`, fmt(r10.map((r) => (ten.mb / r.ms) * 1000), "MB/s"));
    row(`${ten.articles} reports: longest main-thread task`, fmt(r10.map((r) => r.longest)));
    const steps = (rs) => Object.entries(rs[0].steps).map(([k, v]) => `${k.slice(3)} ${v.toFixed(0)}`).join(", ") || "none";
    row(`${one.articles} reports: slowest app steps (User Timing, ms)`, steps(r1));
    row(`${ten.articles} reports: slowest app steps (User Timing, ms)`, steps(r10));
    row(`${ten.articles} reports: the page's renderer memory after the load (RSS, its workers included)`, fmt(r10.map((r) => r.rss), "MB"));
    row(`${ten.articles} reports: every renderer of the browser (RSS, Chromium's own included)`, fmt(r10.map((r) => r.rssAll), "MB"));
    row(`${ten.articles} reports: the page's renderer memory once the page and its workers have collected garbage`, fmt(r10.map((r) => r.rssCollected), "MB"));
    if (BIG) {
      const big = copies(35);
      const r = await load(base, big.file, big.articles);
      row(`${big.articles} reports (${big.mb.toFixed(1)} MB): all on the map`, fmt([r.ms]));
      row(`${big.articles} reports: longest main-thread task`, fmt([r.longest]));
      row(`${big.articles} reports: the page's renderer memory (RSS)`, fmt([r.rss], "MB"));
    }
    if (ONLY.includes("lists")) {
      const l = [];
      for (let i = 0; i < RUNS; i++) l.push(await lists(base, ten.file, ten.articles));
      row(`${ten.articles} reports: longest task, opening the top country's popup`, fmt(l.map((r) => r.open)));
      row(`${ten.articles} reports: longest task, five "Show more" passages (${l[0].passages} shown)`, fmt(l.map((r) => r.more)));
      row(`${ten.articles} reports: longest task, opening the article list`, fmt(l.map((r) => r.articles)));
      row(`${ten.articles} reports: longest task, five "Show more" articles (${l[0].rows} shown)`, fmt(l.map((r) => r.moreArticles)));
    }
    if (ONLY.includes("restore")) {
      const r = [];
      for (let i = 0; i < RUNS; i++) r.push(await restore(base, ten.file, ten.articles));
      row(`${ten.articles} reports stored, the page reloaded: first places (from navigation)`, fmt(r.map((x) => x.firstMs)));
      row(`${ten.articles} reports stored, the page reloaded: all on the map (from navigation)`, fmt(r.map((x) => x.ms)));
      row(`${ten.articles} reports stored, the page reloaded: longest main-thread task (start included)`, fmt(r.map((x) => x.longest)));
    }
    for (const f of [one.file, ten.file]) fs.rmSync(f, { force: true });
  }
  server.close();
  console.log(`\nheadless Chromium, dist/ served from 127.0.0.1 with gzip, ${os.cpus().length} cores; median of ${RUNS} runs (each run in brackets)\n`);
  console.log("| what | result |\n|---|---|");
  for (const [what, value] of rows) console.log(`| ${what} | ${value} |`);
}

main().catch((e) => { console.error(e); process.exit(1); });
