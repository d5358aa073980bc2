// The parsing worker's loader: loads the wasm-bindgen glue, then the worker's wasm (the
// parser and the gazetteer, several MB), compiled while it downloads
// (WebAssembly.instantiateStreaming, inside the glue). While it downloads, it tells the
// page how much has arrived as {download, total} objects (its responses are ArrayBuffers).
// A worker named "after-page" (index.html, on a slow line) waits for the page's
// "mm:start-download" before it fetches the wasm, so the page's own files come first.
importScripts("./mentionmap-worker.js");
(function () {
  var url = "./mentionmap-worker_bg.wasm";
  // Requests the page sends before the wasm is ready are kept here, then handed in order to
  // the handler the wasm installs (self.onmessage), so the page never waits to send.
  var early = [];
  function keep(e) {
    if (!self.onmessage && e.data !== "mm:start-download") early.push(e);
  }
  self.addEventListener("message", keep);
  // The wasm's size, written here by the build (scripts/precompress.mjs); 0 when unknown.
  var expected = Number("__MM_WORKER_WASM_BYTES__") || 0;
  var allowed = self.name !== "after-page"
    ? Promise.resolve()
    : new Promise(function (go) {
        self.addEventListener("message", function wait(e) {
          if (e.data !== "mm:start-download") return;
          self.removeEventListener("message", wait);
          go();
        });
      });
  allowed
    .then(function () { return fetch(url); })
    .then(function (response) {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      if (!response.body || typeof TransformStream !== "function") return response;
      var encoded = response.headers.get("content-encoding");
      var total = expected || (encoded ? 0 : Number(response.headers.get("content-length")) || 0);
      var loaded = 0;
      var last = 0;
      var counted = response.body.pipeThrough(new TransformStream({
        transform: function (chunk, controller) {
          loaded += chunk.byteLength;
          var now = Date.now();
          if (now - last > 100) {
            last = now;
            postMessage({ download: loaded, total: total });
          }
          controller.enqueue(chunk);
        },
        flush: function () {
          postMessage({ download: loaded, total: total, done: true });
        },
      }));
      return new Response(counted, { status: 200, headers: { "Content-Type": "application/wasm" } });
    })
    .then(function (response) {
      return wasm_bindgen({ module_or_path: response });
    })
    .then(function () {
      self.removeEventListener("message", keep);
      var kept = early;
      early = [];
      kept.forEach(function (e) { self.onmessage(e); });
    })
    .catch(function (error) {
      // Thrown from a task, so the page's worker.onerror hears of it.
      setTimeout(function () { throw error; });
    });
})();
