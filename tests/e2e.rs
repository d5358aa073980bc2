//! End-to-end tests of the web app in headless Chromium: real Leaflet, real worker, real
//! gazetteer. They need `dist/` (run `trunk build --release` first) and chromedriver
//! (`CHROMEDRIVER`, default `chromedriver`). Every test starts its own static server, its own
//! chromedriver and a browser with a fresh profile; a lock runs them one at a time.

#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::process::{Child, Command};
use tokio::sync::{Mutex, MutexGuard};

static ONE_AT_A_TIME: Mutex<()> = Mutex::const_new(());
const WAIT: Duration = Duration::from_secs(30);

fn dist() -> PathBuf {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("dist");
    assert!(
        dist.join("index.html").exists(),
        "dist/index.html is missing: run `trunk build --release` before `cargo test`"
    );
    dist
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A static file server for dist/ on 127.0.0.1:0; returns its base URL.
async fn serve(root: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                continue;
            };
            let root = root.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16384];
                let n = socket.read(&mut buf).await.unwrap_or(0);
                let request = String::from_utf8_lossy(&buf[..n]);
                let path = request.split_whitespace().nth(1).unwrap_or("/");
                let path = path
                    .split(['?', '#'])
                    .next()
                    .unwrap_or("/")
                    .trim_start_matches('/');
                let mut file = root.join(if path.is_empty() { "index.html" } else { path });
                if path.contains("..") || !file.is_file() {
                    file = root.join("index.html");
                }
                let body = tokio::fs::read(&file).await.unwrap_or_default();
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    content_type(&file),
                    body.len()
                );
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(&body).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{addr}/")
}

struct Browser {
    client: Client,
    base: String,
    _driver: Child,
    _profile: tempfile::TempDir,
    /// Held until the browser is gone: the tests run one at a time.
    _one_at_a_time: MutexGuard<'static, ()>,
}

impl Browser {
    /// Waits for its turn, starts a browser and opens the app.
    async fn open_app() -> Browser {
        Browser::open_app_sized(1400, 900).await
    }

    /// [`Browser::open_app`] in a window of this size (CSS pixels).
    async fn open_app_sized(width: u32, height: u32) -> Browser {
        let b = Browser::start_sized(width, height).await;
        b.open().await;
        b
    }

    async fn start_sized(width: u32, height: u32) -> Browser {
        Browser::start_serving(dist(), width, height).await
    }

    /// A browser of this size (CSS pixels) on a server for `root`; opens nothing.
    async fn start_serving(root: PathBuf, width: u32, height: u32) -> Browser {
        let one_at_a_time = ONE_AT_A_TIME.lock().await;
        let base = serve(root).await;
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
            l.local_addr().expect("addr").port()
        };
        let driver_bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let driver = Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {driver_bin}: {e}"));
        let profile = tempfile::tempdir().expect("profile dir");
        let mut caps = serde_json::Map::new();
        // Chromium's windows are at least 500 px wide: a phone is emulated instead.
        let phone = (width < 500).then(|| {
            json!({ "deviceMetrics": { "width": width, "height": height, "pixelRatio": 3.0, "touch": true } })
        });
        caps.insert(
            "goog:chromeOptions".into(),
            {
                let mut options = json!({ "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                format!("--window-size={width},{height}"), "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-sync", "--enable-precise-memory-info", format!("--user-data-dir={}", profile.path().display()),
                // Tests never reach the internet: OpenStreetMap tiles resolve to this machine.
                "--host-resolver-rules=MAP *.openstreetmap.org 127.0.0.1",
            ]});
                if let Some(phone) = phone {
                    options["mobileEmulation"] = phone;
                }
                options
            },
        );
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            match ClientBuilder::native()
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) if Instant::now() > deadline => panic!("chromedriver did not answer: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        Browser {
            client,
            base,
            _driver: driver,
            _profile: profile,
            _one_at_a_time: one_at_a_time,
        }
    }

    async fn open(&self) {
        self.client.goto(&self.base).await.expect("goto");
    }

    async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    async fn js_async(&self, script: &str) -> Value {
        self.client
            .execute_async(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Polls `script` until it returns something truthy; returns that value.
    async fn until(&self, what: &str, script: &str) -> Value {
        let deadline = Instant::now() + WAIT;
        loop {
            let v = self.js(script).await;
            let truthy = match &v {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64() != Some(0.0),
                Value::String(s) => !s.is_empty(),
                Value::Array(a) => !a.is_empty(),
                Value::Object(_) => true,
            };
            if truthy {
                return v;
            }
            if Instant::now() > deadline {
                let attrs = self
                    .js("return JSON.stringify({data: {...document.body.dataset}, progress: !!document.querySelector('.mm-progress')})")
                    .await;
                eprintln!("page state: {attrs}");
                let popup = self
                    .js("const p = document.querySelector('.leaflet-popup-content'); return p ? p.innerText : 'no popup'")
                    .await;
                eprintln!(
                    "popup: {popup}; hash: {}",
                    self.js("return location.hash").await
                );
                let body = self.js("return document.body.innerText").await;
                panic!(
                    "timed out waiting for {what}; page text:\n{}",
                    body.as_str().unwrap_or("")
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Every place marker, clustered or not, read through Leaflet: name, kind, lat, lon,
    /// count, place token (the data attributes of the marker's icon element).
    async fn markers(&self) -> Vec<Value> {
        let v = self
            .js(
                "const m = window.mentionmap;
                 return m.clusters.getLayers().map(l => {
                    const p = l.options.icon.options.html.dataset;
                    const at = l.getLatLng();
                    return { name: p.name, kind: p.kind, place: p.place, lat: at.lat, lon: at.lng,
                             dataLat: parseFloat(p.lat), dataLon: parseFloat(p.lon), count: parseInt(p.count) };
                 })",
            )
            .await;
        let markers = v.as_array().cloned().unwrap_or_default();
        for m in &markers {
            assert_eq!(
                (&m["lat"], &m["lon"]),
                (&m["dataLat"], &m["dataLon"]),
                "marker data disagrees with Leaflet"
            );
        }
        markers
    }

    /// Waits until the page has parsed everything it is loading and drawn its places.
    async fn settled(&self) {
        self.until(
            "the page to finish parsing",
            "return document.body.dataset.articles !== undefined && document.body.dataset.places !== undefined
                    && document.body.dataset.drawn === document.body.dataset.places
                    && !document.querySelector('.mm-progress')",
        )
        .await;
    }

    async fn wait_for_markers(&self) -> Vec<Value> {
        self.until(
            "place markers",
            "return window.mentionmap && document.body.dataset.places > 0",
        )
        .await;
        self.settled().await;
        self.markers().await
    }

    /// Clicks the element the CSS selector finds.
    async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Types `text` into the paste box and geoparses it.
    async fn paste(&self, text: &str) {
        self.client
            .find(Locator::Css("#mm-paste"))
            .await
            .expect("paste box")
            .send_keys(text)
            .await
            .expect("type");
        self.click("#mm-paste-go").await;
    }

    /// Fails when the app panicked or the page raised an uncaught error.
    async fn assert_healthy(&self, context: &str) {
        let health = self
            .js("return { panicked: document.body.hasAttribute('data-panicked'), errors: window.__mmErrors || ['no error log'] }")
            .await;
        assert_eq!(
            health,
            json!({ "panicked": false, "errors": [] }),
            "after {context}"
        );
    }

    /// Waits until pending effects, timers and a frame have run.
    async fn next_frame(&self) {
        self.js_async(
            "const done = arguments[arguments.length - 1];
             requestAnimationFrame(() => setTimeout(() => done(true), 0));",
        )
        .await;
    }

    /// Opens the JSON Lines file through the file input and waits until it is read.
    async fn open_file(&self, path: &Path) {
        self.client
            .find(Locator::Css("#mm-file"))
            .await
            .expect("file input")
            .send_keys(&path.canonicalize().unwrap().display().to_string())
            .await
            .expect("send file");
    }

    /// Clicks the export button `css` and returns the text of the file it hands the browser
    /// (the Blob given to `URL.createObjectURL`).
    async fn export(&self, css: &str) -> String {
        let seen = self
            .js("if (!window.__blobs) { window.__blobs = []; const orig = URL.createObjectURL;
                   URL.createObjectURL = function (blob) { window.__blobs.push(blob); return orig.call(URL, blob); }; }
                 return window.__blobs.length")
            .await;
        self.click(css).await;
        let text = self
            .js_async(&format!(
                "const done = arguments[arguments.length - 1];
                 const wait = () => window.__blobs.length > {seen} ? window.__blobs[{seen}].text().then(done) : setTimeout(wait, 50);
                 wait();"
            ))
            .await;
        text.as_str().expect("exported text").to_string()
    }

    async fn close(self) {
        let _ = self.client.close().await;
    }
}

fn near(marker: &Value, lat: f64, lon: f64, tolerance: f64) -> bool {
    let (mlat, mlon) = (
        marker["lat"].as_f64().unwrap_or(0.0),
        marker["lon"].as_f64().unwrap_or(0.0),
    );
    (mlat - lat).abs() <= tolerance && (mlon - lon).abs() <= tolerance
}

fn find<'a>(
    markers: &'a [Value],
    name_part: &str,
    lat: f64,
    lon: f64,
    tolerance: f64,
) -> Option<&'a Value> {
    markers.iter().find(|m| {
        m["name"].as_str().unwrap_or("").contains(name_part) && near(m, lat, lon, tolerance)
    })
}

/// Clicks the element like a user, once it has stopped moving (popups pan the map into view,
/// and a click during the animation would land elsewhere).
async fn click_css(b: &Browser, css: &str) {
    let rect = format!(
        "const e = document.querySelector('{}'); if (!e) return ''; const r = e.getBoundingClientRect();
         return [r.x, r.y, r.width, r.height].map(Math.round).join(',');",
        css.replace('\'', "\\'")
    );
    let mut last = String::new();
    let deadline = Instant::now() + WAIT;
    loop {
        let now = b.js(&rect).await.as_str().unwrap_or("").to_string();
        if !now.is_empty() && now == last {
            break;
        }
        assert!(Instant::now() < deadline, "{css} never settled");
        last = now;
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    for _ in 0..10 {
        match b.client.find(Locator::Css(css)).await {
            Ok(el) if el.click().await.is_ok() => return,
            _ => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    let hit = b
        .js(&format!(
            "const e = document.querySelector('{}'); const r = e.getBoundingClientRect();
             const h = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
             return [r.left, r.top, r.width, r.height].map(Math.round).join(',') + ' under ' + (h ? h.outerHTML.slice(0, 120) : 'nothing');",
            css.replace('\'', "\\'")
        ))
        .await;
    panic!("could not click {css}: {hit}");
}

/// Clicks the marker of the place with this token through its icon element.
async fn click_marker(b: &Browser, token: &str) {
    // Zoom until the marker is out of its cluster, then click its icon like a user would.
    b.js_async(&format!(
        "const done = arguments[arguments.length - 1]; const m = window.mentionmap;
         const l = m.clusters.getLayers().find(l => l.options.icon.options.html.dataset.place === '{token}');
         if (l) m.clusters.zoomToShowLayer(l, () => {{ m.map.panTo(l.getLatLng(), {{animate: false}}); done(true); }}); else done(false);"
    ))
    .await;
    click_css(b, &format!(".mm-pin[data-place=\"{token}\"]")).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sample_shows_kursk_sumy_kharkiv_at_their_coordinates() {
    let b = Browser::open_app().await;
    let started = Instant::now();
    let markers = b.wait_for_markers().await;
    let elapsed = started.elapsed();
    assert!(
        find(&markers, "Sumy", 50.91, 34.80, 0.3).is_some(),
        "no Sumy marker near 50.91, 34.80: {markers:#?}"
    );
    assert!(
        find(&markers, "Kharkiv", 49.99, 36.23, 0.9).is_some(),
        "no Kharkiv marker: {markers:#?}"
    );
    assert!(
        find(&markers, "Kursk", 51.6, 36.1, 1.2).is_some(),
        "no Kursk marker: {markers:#?}"
    );
    // The map is fitted to the places: Sumy's marker is inside the visible map.
    let visible = b
        .js(
            "const m = document.querySelector('#mm-map').getBoundingClientRect();
             const s = [...document.querySelectorAll('.mm-pin')].find(p => p.dataset.name.includes('Sumy'));
             if (!s) return false;
             const r = s.getBoundingClientRect();
             return r.left >= m.left && r.right <= m.right && r.top >= m.top && r.bottom <= m.bottom;",
        )
        .await;
    assert_eq!(visible, json!(true), "Sumy marker is outside the map view");
    let first = b
        .js("return parseFloat(document.body.dataset.firstPlacesMs)")
        .await;
    // How soon is for the benchmark (scripts/bench-web.sh), not for a test on a shared
    // machine; the page must record it, since the benchmark reads it.
    let first = first.as_f64().expect("first-places timing");
    eprintln!("sample markers drawn {first:.0} ms after navigation start ({elapsed:?} after load by the test clock)");
    assert!(first > 0.0, "first-places timing: {first}");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn clicking_sumy_shows_a_passage_with_sumy_highlighted() {
    let b = Browser::open_app().await;
    let markers = b.wait_for_markers().await;
    let sumy = find(&markers, "Sumy", 50.91, 34.80, 0.3).expect("Sumy marker");
    click_marker(&b, sumy["place"].as_str().unwrap()).await;
    let marks = b
        .until(
            "a popup passage with a highlight",
            "return [...document.querySelectorAll('.leaflet-popup-content .mm-passage mark')].map(m => m.textContent)",
        )
        .await;
    assert!(
        marks.as_array().unwrap().iter().any(|m| m == "Sumy"),
        "marks: {marks}"
    );
    let popup = b
        .js("return document.querySelector('.leaflet-popup-content').innerText")
        .await;
    let popup = popup.as_str().unwrap();
    assert!(
        popup.contains("Sumy") && popup.contains("°"),
        "popup: {popup}"
    );
    // Keyboard: Enter on a focused marker opens its popup too.
    b.js("document.querySelector('.leaflet-popup-close-button').click()")
        .await;
    b.until(
        "popup closed",
        "return !document.querySelector('.leaflet-popup')",
    )
    .await;
    b.js(&format!(
        "const p = document.querySelector('.mm-pin[data-place=\"{}\"]').closest('.leaflet-marker-icon'); p.focus();
         p.dispatchEvent(new KeyboardEvent('keypress', {{key: 'Enter', keyCode: 13, bubbles: true}}));",
        sumy["place"].as_str().unwrap()
    ))
    .await;
    b.until(
        "popup after Enter",
        "return document.querySelector('.leaflet-popup-content .mm-passage mark')",
    )
    .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn pasted_markup_is_shown_as_text_and_never_runs() {
    let b = Browser::open_app().await;
    b.wait_for_markers().await;
    let payload = r#"<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> Shelling was reported in Kharkiv. <a href="javascript:window.__pwned=3">link</a>"#;
    b.paste(payload).await;
    let text = b
        .until(
            "the pasted text in the reader",
            "const t = document.querySelector('#mm-reader-text'); return t && t.textContent.includes('onerror') ? t.textContent : ''",
        )
        .await;
    assert!(
        text.as_str()
            .unwrap()
            .contains(r#"<img src=x onerror="window.__pwned=1">"#),
        "reader: {text}"
    );
    assert!(
        text.as_str().unwrap().contains("<script>"),
        "reader: {text}"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let state = b
        .js("return { pwned: window.__pwned === undefined ? null : window.__pwned,
                      imgs: document.querySelectorAll('#mm-reader-text img, .mm-articles img').length,
                      scripts: document.querySelectorAll('#mm-reader-text script').length,
                      jsLinks: document.querySelectorAll('a[href^=\"javascript\"]').length }")
        .await;
    assert_eq!(
        state,
        json!({ "pwned": null, "imgs": 0, "scripts": 0, "jsLinks": 0 })
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_file_shows_an_error_and_keeps_the_markers() {
    let b = Browser::open_app().await;
    let before = b.wait_for_markers().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.jsonl");
    std::fs::write(&path, "{\"title\": \"no text here\"}\n{not json\n").unwrap();
    let input = b
        .client
        .find(Locator::Css("#mm-file"))
        .await
        .expect("file input");
    input
        .send_keys(&path.display().to_string())
        .await
        .expect("send file path");
    let error = b
        .until("an error notice", "return [...document.querySelectorAll('.mm-notice.mm-error')].map(n => n.innerText).join('\\n')")
        .await;
    let error = error.as_str().unwrap();
    assert!(
        error.contains("broken.jsonl"),
        "error does not name the file: {error}"
    );
    b.settled().await;
    let after = b.markers().await;
    assert_eq!(after, before, "markers changed after a bad file");
    b.close().await;
}

/// Markers as (name, count), sorted.
fn names_and_counts(markers: &[Value]) -> Vec<(String, i64)> {
    let mut v: Vec<(String, i64)> = markers
        .iter()
        .map(|m| {
            (
                m["name"].as_str().unwrap_or("").to_string(),
                m["count"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread")]
async fn geojson_from_the_cli_opens_with_counts_and_passages_and_a_bad_one_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("night.txt");
    std::fs::write(
        &text,
        "Shelling hit Kharkiv and Sumy overnight.\n\nIn Kharkiv, repair crews worked until morning.\n",
    )
    .unwrap();
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_mentionmap"))
        .args(["parse", "--quiet", "-f", "geojson"])
        .arg(&text)
        .output()
        .expect("run the CLI");
    assert!(cli.status.success(), "CLI failed: {:?}", cli.status);
    let written: Value = serde_json::from_slice(&cli.stdout).expect("GeoJSON");
    let mut expected: Vec<(String, i64)> = written["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| {
            let p = &f["properties"];
            (
                p["name"].as_str().unwrap().to_string(),
                p["count"].as_i64().unwrap(),
            )
        })
        .collect();
    expected.sort();
    assert_eq!(
        expected,
        [("Kharkiv".to_string(), 2), ("Sumy".to_string(), 1)],
        "the CLI's places"
    );
    let path = dir.path().join("night.geojson");
    std::fs::write(&path, &cli.stdout).unwrap();

    let b = Browser::open_app().await;
    b.wait_for_markers().await;
    b.open_file(&path).await;
    b.until(
        "the GeoJSON's places",
        "return document.body.dataset.imported === '2' && document.body.dataset.places === '2'",
    )
    .await;
    b.settled().await;
    let markers = b.markers().await;
    assert_eq!(names_and_counts(&markers), expected, "markers: {markers:?}");
    let kharkiv = find(&markers, "Kharkiv", 49.98, 36.25, 0.1).expect("Kharkiv at its point");
    click_marker(&b, kharkiv["place"].as_str().unwrap()).await;
    let marks = b
        .until(
            "a passage of the file in the popup",
            "return [...document.querySelectorAll('.leaflet-popup-content .mm-passage')].map(p => p.textContent)",
        )
        .await;
    let marks = marks.to_string();
    assert!(
        marks.contains("Shelling hit Kharkiv and Sumy overnight.")
            && marks.contains("In Kharkiv, repair crews worked until morning."),
        "popup passages: {marks}"
    );
    let popup = b
        .js("return document.querySelector('.leaflet-popup-content').innerText")
        .await;
    assert!(
        popup.as_str().unwrap().contains("2 mentions"),
        "popup: {popup}"
    );
    b.until(
        "the rebuilt article, named after its file",
        "return document.body.textContent.includes('night (passages from night.geojson)')",
    )
    .await;

    // A count without passages (what Python's to_geojson writes from a groupBy), in a .json
    // file, joins the same place by its GeoNames id.
    let geonameid = written["features"][0]["properties"]["geonameid"].clone();
    let counts = dir.path().join("counts.json");
    std::fs::write(
        &counts,
        json!({"type": "FeatureCollection", "features": [{"type": "Feature",
            "geometry": {"type": "Point", "coordinates": [36.2548, 49.9818]},
            "properties": {"name": "Kharkiv", "kind": "city", "country": "UA",
                           "geonameid": geonameid, "count": 40}},
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [30.52, 50.45]},
             "properties": {"name": "<img src=x onerror=window.__pwned=1>", "count": 3}}]})
        .to_string(),
    )
    .unwrap();
    b.open_file(&counts).await;
    b.until(
        "Kharkiv counted 42 times",
        "return [...document.querySelectorAll('.mm-pin')].some(p => p.dataset.name === 'Kharkiv' && p.dataset.count === '42')",
    )
    .await;
    b.settled().await;
    let before = b.markers().await;
    assert_eq!(before.len(), 3, "the count joined Kharkiv: {before:?}");
    assert!(
        before
            .iter()
            .any(|m| m["name"] == "<img src=x onerror=window.__pwned=1>" && m["count"] == 3),
        "a name is text: {before:?}"
    );

    // A bad GeoJSON: an error naming the file and the feature; nothing changes.
    let bad = dir.path().join("bad.geojson");
    std::fs::write(
        &bad,
        r#"{"type": "FeatureCollection", "features": [{"type": "Feature",
            "geometry": {"type": "Point", "coordinates": [30.5, 50.4]}, "properties": {"name": "Kyiv", "count": 3}},
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [300, 50]}, "properties": {"name": "Nowhere"}}]}"#,
    )
    .unwrap();
    b.open_file(&bad).await;
    let error = b
        .until("an error notice", "return [...document.querySelectorAll('.mm-notice.mm-error')].map(n => n.innerText).join('\\n')")
        .await;
    let error = error.as_str().unwrap();
    assert!(
        error.contains("bad.geojson") && error.contains("feature 2"),
        "error: {error}"
    );
    b.settled().await;
    assert_eq!(b.markers().await, before, "a bad GeoJSON changed the map");
    assert_eq!(
        b.js("return [document.querySelectorAll('img[src=\"x\"]').length, window.__pwned === undefined]").await,
        json!([0, true]),
        "a place name became HTML"
    );
    b.assert_healthy("opening GeoJSON").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sample_shows_even_when_the_browser_storage_is_stuck() {
    let b = Browser::open_app().await;
    b.wait_for_markers().await;
    // This tab keeps the page's database open and asks for an upgrade, which waits for that
    // connection to close: every later opening of the database waits behind it.
    b.js("window.__held = indexedDB.open('mentionmap', 1);
          window.__held.onsuccess = () => {
            const upgrade = indexedDB.open('mentionmap', 2);
            upgrade.onblocked = () => { window.__stuck = true; };
          };")
        .await;
    b.until("the upgrade blocked", "return window.__stuck === true")
        .await;
    let tab = b.client.new_window(true).await.expect("new tab");
    b.client.switch_to_window(tab.handle).await.expect("switch");
    b.open().await;
    let markers = b.wait_for_markers().await;
    assert!(
        find(&markers, "Sumy", 50.91, 34.80, 0.3).is_some(),
        "the sample's places: {markers:?}"
    );
    // The storage really is stuck for this tab: an opening of its own never succeeds.
    let opened = b
        .js_async(
            "const done = arguments[arguments.length - 1];
                   const r = indexedDB.open('mentionmap', 1);
                   r.onsuccess = () => done('opened');
                   r.onerror = () => done('failed');
                   setTimeout(() => done('waiting'), 1000);",
        )
        .await;
    assert_eq!(opened, json!("waiting"), "the storage was not stuck");
    b.assert_healthy("a stuck storage").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_correction_survives_a_reload() {
    let b = Browser::open_app().await;
    let markers = b.wait_for_markers().await;
    let sumy = find(&markers, "Sumy", 50.91, 34.80, 0.3)
        .expect("Sumy marker")
        .clone();
    let token = sumy["place"].as_str().unwrap().to_string();
    click_marker(&b, &token).await;
    click_css(&b, ".mm-not-place").await;
    let gone = format!("return !document.querySelector('.mm-pin[data-place=\"{token}\"]')");
    b.until("Sumy marker removed", &gone).await;
    b.client.refresh().await.expect("reload");
    b.wait_for_markers().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        b.js(&gone).await,
        json!(true),
        "the correction was lost on reload"
    );
    let badge = b
        .js("return document.querySelector('#mm-summary').innerText")
        .await;
    assert!(
        badge.as_str().unwrap().contains("1 corrected"),
        "summary: {badge}"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_loaded_corpus_comes_back_after_a_reload_in_place_of_the_sample() {
    let b = Browser::open_app().await;
    let sample = b.wait_for_markers().await;
    assert!(
        find(&sample, "Kursk", 51.73, 36.19, 0.3).is_some(),
        "the first visit shows the sample"
    );
    // The page's own text replaces the sample, and is stored (IndexedDB, written in the
    // background: wait until the stored copy names Odesa).
    b.click("#mm-clear").await;
    b.paste("Drones struck the port of Odesa overnight, and air raid alerts sounded in Lviv.")
        .await;
    b.until(
        "the pasted article's markers",
        "return document.body.dataset.articles === '1' && !!document.querySelector('.mm-pin[data-name=\"Odesa\"]')",
    )
    .await;
    let stored = "const done = arguments[arguments.length - 1];
        const open = indexedDB.open('mentionmap');
        open.onerror = () => done(false);
        open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('corpus')) { db.close(); return done(false); }
            const get = db.transaction('corpus').objectStore('corpus').getAll();
            get.onsuccess = async () => {
                const texts = await Promise.all(get.result.map(v => v instanceof Blob ? v.text() : ''));
                db.close();
                done(texts.some(t => t.includes('Odesa')));
            };
            get.onerror = () => { db.close(); done(false); };
        };";
    let deadline = Instant::now() + WAIT;
    while b.js_async(stored).await != json!(true) {
        assert!(Instant::now() < deadline, "the corpus was never stored");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    b.client.refresh().await.expect("reload");
    let again = b.wait_for_markers().await;
    let names: Vec<&str> = again.iter().filter_map(|m| m["name"].as_str()).collect();
    assert!(
        names.contains(&"Odesa") && names.contains(&"Lviv"),
        "the stored article is back: {names:?}"
    );
    assert!(
        !names.contains(&"Kursk"),
        "the sample did not come back in its place: {names:?}"
    );
    b.assert_healthy("a reload with a stored corpus").await;
    b.close().await;
}

/// Puts `content` in the page's database as the stored corpus, as a Blob (the store is made
/// when the page has not made it yet).
async fn store_corpus(b: &Browser, content: &str) {
    let script = format!(
        "const done = arguments[arguments.length - 1];
         const open = indexedDB.open('mentionmap', 1);
         open.onupgradeneeded = () => open.result.createObjectStore('corpus');
         open.onerror = () => done('not opened');
         open.onsuccess = () => {{
             const db = open.result;
             const t = db.transaction('corpus', 'readwrite');
             t.objectStore('corpus').put(new Blob([{}]), 'mentionmap.corpus.v1');
             t.oncomplete = () => {{ db.close(); done('stored'); }};
             t.onabort = () => {{ db.close(); done('aborted'); }};
         }};",
        serde_json::to_string(content).unwrap()
    );
    assert_eq!(b.js_async(&script).await, json!("stored"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_corpus_stored_by_an_earlier_version_comes_back_and_a_spoiled_one_is_explained() {
    let b = Browser::open_app().await;
    b.wait_for_markers().await;
    // Earlier versions stored a JSON array of the articles.
    store_corpus(
        &b,
        r#"[{"id":"old-1","title":"Kept by an earlier version","date":"2024-05-02","text":"Shelling hit Kherson overnight, and Lviv lost power."}]"#,
    )
    .await;
    b.client.refresh().await.expect("reload");
    let names = b
        .until(
            "the stored article's markers",
            "return document.body.dataset.articles === '1' && !document.querySelector('#mm-progress')
                && [...document.querySelectorAll('.mm-pin')].map(p => p.dataset.name)",
        )
        .await;
    let names = names.to_string();
    assert!(
        names.contains("Kherson") && names.contains("Lviv") && !names.contains("Kursk"),
        "the stored article in place of the sample: {names}"
    );
    // With its title and date.
    b.click("#mm-tab-articles").await;
    let row = b
        .until(
            "the article list",
            "const a = document.querySelector('.mm-article'); return a ? a.innerText : ''",
        )
        .await;
    let row = row.as_str().unwrap();
    assert!(
        row.contains("Kept by an earlier version") && row.contains("2024-05-02"),
        "listed: {row}"
    );
    b.assert_healthy("a corpus stored as a JSON array").await;
    // A spoiled store: the workers say what is wrong, and the sample is shown instead.
    store_corpus(&b, "{\"text\": \"cut off").await;
    b.client.refresh().await.expect("reload");
    let markers = b.wait_for_markers().await;
    assert!(
        find(&markers, "Kursk", 51.73, 36.19, 0.3).is_some(),
        "the sample in place of a spoiled corpus: {markers:?}"
    );
    let error = b
        .until(
            "an error notice",
            "return [...document.querySelectorAll('.mm-notice.mm-error')].map(n => n.innerText).join('\\n')",
        )
        .await;
    assert!(
        error
            .as_str()
            .unwrap()
            .contains("saved corpus:1: not valid JSON"),
        "error: {error}"
    );
    b.assert_healthy("a spoiled stored corpus").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn exported_geojson_parses_and_matches_the_map() {
    let b = Browser::open_app().await;
    let markers = b.wait_for_markers().await;
    let text = b.export("#mm-export-geojson").await;
    let geojson: Value = serde_json::from_str(&text).expect("export is JSON");
    assert_eq!(geojson["type"], "FeatureCollection");
    let features = geojson["features"].as_array().expect("features");
    assert!(!features.is_empty());
    // One Point per place, [lon, lat]; the same places, with the same counts, as the markers.
    let mut exported: Vec<(i64, i64, i64)> = features
        .iter()
        .map(|f| {
            assert_eq!(f["geometry"]["type"], "Point");
            let c = f["geometry"]["coordinates"].as_array().unwrap();
            let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
            assert!((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon));
            let count = f["properties"]["count"].as_i64().unwrap();
            assert_eq!(
                f["properties"]["mentions"].as_array().map(Vec::len),
                Some(count as usize)
            );
            (
                (lat * 1e3).round() as i64,
                (lon * 1e3).round() as i64,
                count,
            )
        })
        .collect();
    exported.sort();
    let mut on_map: Vec<(i64, i64, i64)> = markers
        .iter()
        .map(|m| {
            (
                (m["lat"].as_f64().unwrap() * 1e3).round() as i64,
                (m["lon"].as_f64().unwrap() * 1e3).round() as i64,
                m["count"].as_i64().unwrap(),
            )
        })
        .collect();
    on_map.sort();
    assert_eq!(
        exported, on_map,
        "exported places differ from the map's markers"
    );
    // CSV: a header row, then one row per mention on the map.
    let csv = b.export("#mm-export-csv").await;
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = rows
        .headers()
        .expect("csv header")
        .iter()
        .map(str::to_string)
        .collect();
    assert!(
        header.iter().any(|h| h == "lat") && header.iter().any(|h| h == "passage"),
        "header: {header:?}"
    );
    let records = rows.records().filter_map(Result::ok).count() as i64;
    let mentions: i64 = markers.iter().map(|m| m["count"].as_i64().unwrap()).sum();
    assert_eq!(records, mentions, "one CSV row per mention on the map");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
/// Its load time is measured by `scripts/bench-web.sh` (README, "Speed"), not asserted here.
async fn the_447_article_corpus_loads_and_the_date_range_narrows_it() {
    let Some(corpus) = war_news_corpus() else {
        return;
    };
    let b = Browser::open_app().await;
    b.wait_for_markers().await;
    let input = b
        .client
        .find(Locator::Css("#mm-file"))
        .await
        .expect("file input");
    let started = Instant::now();
    input
        .send_keys(&corpus.canonicalize().unwrap().display().to_string())
        .await
        .expect("send file");
    b.until("447 articles", "return document.body.dataset.articles === '447' && !document.querySelector('#mm-progress')").await;
    let elapsed = started.elapsed();
    let markers = b.markers().await;
    let parse_ms = b.js("return document.body.dataset.lastParseMs").await;
    eprintln!(
        "447 articles shown in {elapsed:?} (worker: {parse_ms} ms), {} markers drawn",
        markers.len()
    );
    assert!(
        markers.len() > 20,
        "only {} places on the map",
        markers.len()
    );
    // The date range filter narrows the places and articles to the chosen days.
    b.js("document.querySelectorAll('.mm-tab')[1].click()")
        .await;
    b.until(
        "the date inputs",
        "return document.querySelector('#mm-date-from')",
    )
    .await;
    b.js("for (const [id, v] of [['#mm-date-from', '2022-02-14'], ['#mm-date-to', '2022-02-14']]) {
              const i = document.querySelector(id); i.value = v; i.dispatchEvent(new Event('change', {bubbles: true}));
          }")
        .await;
    b.until(
        "fewer places",
        &format!("return document.body.dataset.places < {}", markers.len()),
    )
    .await;
    let shown = b
        .js("return document.querySelectorAll('.mm-article').length")
        .await;
    let days = b
        .js("return [...new Set([...document.querySelectorAll('.mm-article-meta')].map(m => m.textContent.slice(0, 10)))]")
        .await;
    assert!(
        shown.as_i64().unwrap() > 0 && shown.as_i64().unwrap() < 447,
        "articles shown: {shown}"
    );
    assert!(
        days.as_array()
            .unwrap()
            .iter()
            .all(|d| d == "2022-02-14" || d == "undated"),
        "days: {days}"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_url_reopens_the_same_view_and_place() {
    let b = Browser::open_app().await;
    let markers = b.wait_for_markers().await;
    let sumy = find(&markers, "Sumy", 50.91, 34.80, 0.3)
        .expect("Sumy marker")
        .clone();
    let token = sumy["place"].as_str().unwrap().to_string();
    click_marker(&b, &token).await;
    b.until(
        "popup",
        "return document.querySelector('.leaflet-popup-content .mm-popup')",
    )
    .await;
    let hash = b
        .until(
            "the place in the URL",
            &format!("return location.hash.includes('place={token}') ? location.hash : ''"),
        )
        .await;
    let hash = hash.as_str().unwrap().to_string();
    let zoom_before = b.js("return window.mentionmap.map.getZoom()").await;
    // A fresh page load of the link: same view, same popup.
    b.client.goto("about:blank").await.unwrap();
    b.client.goto(&format!("{}{}", b.base, hash)).await.unwrap();
    b.wait_for_markers().await;
    let popup = b
        .until(
            "the popup of the linked place",
            &format!("const p = document.querySelector('.leaflet-popup-content .mm-popup[data-place=\"{token}\"]'); return p ? p.innerText : ''"),
        )
        .await;
    assert!(popup.as_str().unwrap().contains("Sumy"), "popup: {popup}");
    let zoom_after = b.js("return window.mentionmap.map.getZoom()").await;
    assert_eq!(zoom_after, zoom_before, "zoom from the link");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn reader_and_popup_lead_to_each_other() {
    let b = Browser::open_app().await;
    b.wait_for_markers().await;
    // Every mapped mention is highlighted in the reader, coloured by kind.
    let kinds = b.js("return [...new Set([...document.querySelectorAll('#mm-reader-text mark.mm-mention')].map(m => m.className.match(/mm-kind-(\\w+)/)[1]))]").await;
    for kind in ["city", "region", "country"] {
        assert!(
            kinds.as_array().unwrap().iter().any(|k| k == kind),
            "no {kind} highlight: {kinds}"
        );
    }
    // Clicking a mention in the reader opens that place's popup.
    let mark = b
        .client
        .find(Locator::XPath(
            "//div[@id='mm-reader-text']//mark[text()='Kharkiv']",
        ))
        .await
        .expect("Kharkiv mention");
    mark.click().await.expect("click mention");
    b.until("Kharkiv popup", "const p = document.querySelector('.leaflet-popup-content .mm-popup-name'); return p && p.textContent.includes('Kharkiv')").await;
    // Clicking the passage in the popup scrolls the reader to the mention and flashes it.
    b.js("document.querySelector('.leaflet-popup-content .mm-passage-text').click()")
        .await;
    b.until(
        "the flashed mention",
        "return document.querySelector('#mm-reader-text mark.mm-flash')",
    )
    .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn loading_by_url_adds_articles_and_failures_are_explained() {
    let b = Browser::open_app().await;
    b.wait_for_markers().await;
    // A URL that cannot be reached: an error in words, nothing lost.
    let url = b
        .client
        .find(Locator::Css("#mm-url"))
        .await
        .expect("url box");
    url.send_keys("http://127.0.0.1:9/nothing-here.jsonl")
        .await
        .unwrap();
    b.click(".mm-url-form button").await;
    let error = b
        .until("an error notice", "return [...document.querySelectorAll('.mm-notice.mm-error')].map(n => n.innerText).join('\\n')")
        .await;
    assert!(
        error
            .as_str()
            .unwrap()
            .contains("Could not load http://127.0.0.1:9/"),
        "error: {error}"
    );
    assert_eq!(
        b.js("return document.body.dataset.articles").await,
        json!("1")
    );
    // javascript: is refused before anything is fetched.
    b.js("document.querySelector('#mm-url').value = ''").await;
    url.send_keys("javascript:alert(1)").await.unwrap();
    b.click(".mm-url-form button").await;
    b.until("a refusal", "return [...document.querySelectorAll('.mm-notice.mm-error')].some(n => n.innerText.includes('only http'))").await;
    // A page on this server (same origin): read as text and geoparsed.
    b.js("document.querySelector('#mm-url').value = ''").await;
    url.send_keys(&format!("{}sample-dispatch.txt", b.base))
        .await
        .unwrap();
    b.click(".mm-url-form button").await;
    b.until("the downloaded article", "return document.body.dataset.articles === '1' && document.querySelector('#mm-reader-text') && document.querySelector('.mm-reader-meta a[href$=\"sample-dispatch.txt\"]')").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_crashed_worker_is_replaced_and_the_page_keeps_working() {
    let b = Browser::open_app().await;
    let before = b.wait_for_markers().await;
    // What the browser does when the worker's wasm traps.
    b.js("window.__mmWorker.dispatchEvent(new ErrorEvent('error', {message: 'RuntimeError: unreachable'}))").await;
    b.until(
        "a notice about the restart",
        "return [...document.querySelectorAll('.mm-notice.mm-error')].some(n => n.innerText.includes('restarted'))",
    )
    .await;
    assert_eq!(b.markers().await, before, "what was loaded stays");
    b.paste("Drones struck Kharkiv overnight.").await;
    b.until(
        "the new article parsed by the new worker",
        "return [...document.querySelectorAll('#mm-reader-text mark')].some(m => m.textContent === 'Kharkiv')",
    )
    .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn demonyms_are_hidden_until_switched_on() {
    let b = Browser::open_app().await;
    let markers = b.wait_for_markers().await;
    assert!(
        markers.iter().all(|m| m["kind"] != "demonym"),
        "{markers:#?}"
    );
    b.click("#mm-demonyms").await;
    b.until(
        "demonym markers",
        "return [...window.mentionmap.clusters.getLayers()].some(l => l.options.icon.options.html.dataset.kind === 'demonym')",
    )
    .await;
    b.click("#mm-demonyms").await;
    b.until(
        "no demonym markers",
        "return ![...window.mentionmap.clusters.getLayers()].some(l => l.options.icon.options.html.dataset.kind === 'demonym')",
    )
    .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn openstreetmap_tiles_are_off_until_chosen_and_credited() {
    let b = Browser::open_app().await;
    b.wait_for_markers().await;
    let credits = b
        .js("return document.querySelector('.leaflet-control-attribution').innerText")
        .await;
    for who in ["Leaflet", "GeoNames", "CC BY 4.0", "Natural Earth"] {
        assert!(
            credits.as_str().unwrap().contains(who),
            "attribution lacks {who}: {credits}"
        );
    }
    assert_eq!(
        b.js("return document.querySelectorAll('.leaflet-tile').length")
            .await,
        json!(0),
        "tiles on by default"
    );
    // Choose the OpenStreetMap base layer in the layers control.
    b.js("const radios = document.querySelectorAll('.leaflet-control-layers-base input'); radios[1].click();").await;
    b.until(
        "tiles requested",
        "return document.querySelectorAll('.leaflet-tile').length",
    )
    .await;
    let credits = b
        .js("return document.querySelector('.leaflet-control-attribution').innerText")
        .await;
    assert!(
        credits.as_str().unwrap().contains("OpenStreetMap"),
        "attribution: {credits}"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn picking_another_candidate_moves_the_mentions() {
    let b = Browser::open_app().await;
    let markers = b.wait_for_markers().await;
    let sumy = find(&markers, "Sumy", 50.91, 34.80, 0.3)
        .expect("Sumy marker")
        .clone();
    click_marker(&b, sumy["place"].as_str().unwrap()).await;
    let candidate = b
        .until(
            "a candidate",
            "const c = document.querySelector('.leaflet-popup-content .mm-candidate:not(.mm-not-place) span');
             return c ? c.textContent : ''",
        )
        .await;
    let chosen = candidate
        .as_str()
        .unwrap()
        .split(" · ")
        .next()
        .unwrap()
        .to_string();
    click_css(
        &b,
        ".leaflet-popup-content .mm-candidate:not(.mm-not-place)",
    )
    .await;
    // The popup follows the mention to its new place, marked as corrected.
    let popup = b
        .until(
            "the corrected place's popup",
            &format!(
                "const p = document.querySelector('.leaflet-popup-content .mm-popup');
                 return p && p.querySelector('.mm-popup-name').textContent === {chosen:?} ? p.innerText : ''"
            ),
        )
        .await;
    assert!(
        popup.as_str().unwrap().contains("corrected"),
        "popup: {popup}"
    );
    b.settled().await;
    let after = b.markers().await;
    assert!(
        after.iter().any(|m| m["name"] == chosen.as_str()),
        "no marker for {chosen}: {after:#?}"
    );
    assert!(
        !after.iter().any(|m| m["place"] == sumy["place"]),
        "Sumy city still mapped"
    );
    assert_eq!(
        b.js("return document.querySelectorAll('#mm-reader-text mark.mm-corrected').length")
            .await,
        json!(1)
    );
    b.close().await;
}

/// Issue 11's crash: articles added (pasted, or a file opened) while a popup is open, then a
/// click in that popup. The popup's view used to belong to an effect that the new articles
/// re-ran, so the click reached a disposed signal and the wasm trapped.
#[tokio::test(flavor = "multi_thread")]
async fn adding_articles_while_a_popup_is_open_never_panics() {
    let b = Browser::open_app().await;
    let markers = b.wait_for_markers().await;
    let sumy = find(&markers, "Sumy", 50.91, 34.80, 0.3).expect("Sumy marker");
    click_marker(&b, sumy["place"].as_str().unwrap()).await;
    b.until(
        "Sumy's popup",
        "return document.querySelector('.leaflet-popup-content .mm-passage')",
    )
    .await;
    // Pasted text replaces the sample while its popup is open.
    b.paste("Drones struck Sumy overnight. Shelling continued near Kharkiv and Izium.")
        .await;
    b.until(
        "the pasted article",
        "return document.body.dataset.articles === '1' && !document.querySelector('.mm-progress')",
    )
    .await;
    b.assert_healthy("pasting over the sample with a popup open")
        .await;
    let markers = b.wait_for_markers().await;
    let sumy = find(&markers, "Sumy", 50.91, 34.80, 0.3).expect("Sumy marker");
    let token = sumy["place"].as_str().unwrap().to_string();
    click_marker(&b, &token).await;
    b.until(
        "Sumy's popup",
        "return document.querySelector('.leaflet-popup-content .mm-passage')",
    )
    .await;
    // Text added to the user's corpus: the popup stays open and counts the new mention.
    b.paste("Sumy was shelled again on Tuesday, the regional governor said.")
        .await;
    b.until(
        "the pasted text geoparsed",
        "return document.body.dataset.articles === '2' && !document.querySelector('.mm-progress')",
    )
    .await;
    b.next_frame().await;
    b.js("document.querySelector('.leaflet-popup-content .mm-passage-text').click()")
        .await;
    b.next_frame().await;
    b.assert_healthy("a click in the popup after pasting").await;
    b.until(
        "the popup to count two articles",
        "const p = document.querySelector('.leaflet-popup-content'); return p && p.innerText.includes('2 articles')",
    )
    .await;
    b.until(
        "the passage in the reader",
        "return document.querySelector('#mm-reader-text .mm-flash')",
    )
    .await;
    // A file opened while the popup is open, then clicks in the popup and on another marker.
    click_marker(&b, &token).await;
    b.until(
        "Sumy's popup again",
        "return document.querySelector('.leaflet-popup-content .mm-passage')",
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("more.txt");
    std::fs::write(
        &file,
        "Air defence was active over Sumy and Kharkiv overnight.",
    )
    .unwrap();
    b.open_file(&file).await;
    b.until(
        "the popup to count three articles",
        "const p = document.querySelector('.leaflet-popup-content');
         return document.body.dataset.articles === '3' && p && p.innerText.includes('3 articles')",
    )
    .await;
    b.js("document.querySelector('.leaflet-popup-content .mm-passage-text').click()")
        .await;
    b.next_frame().await;
    b.js("document.querySelector('.leaflet-popup-content .mm-passage-text').click()")
        .await;
    b.next_frame().await;
    b.assert_healthy("clicks in the popup after opening a file")
        .await;
    let markers = b.markers().await;
    let kharkiv = find(&markers, "Kharkiv", 49.99, 36.23, 0.9).expect("Kharkiv marker");
    click_marker(&b, kharkiv["place"].as_str().unwrap()).await;
    b.until(
        "Kharkiv's popup",
        "const p = document.querySelector('.leaflet-popup-content .mm-popup-name');
         return p && p.textContent.includes('Kharkiv')",
    )
    .await;
    b.assert_healthy("opening another popup").await;
    b.close().await;
}

/// Checks, for each CSS selector, that its first element is on screen and is what a tap at
/// its centre hits; returns the selectors that fail, with what the tap would hit instead.
///
/// Waits for a frame first, as a finger does: rows with `content-visibility: auto` in a panel
/// just shown keep their contents out of hit-testing until the next rendering update, so a
/// check in the same task as the switch would see the row's `<li>`, not its button.
async fn untappable(b: &Browser, selectors: &[&str]) -> Vec<String> {
    b.next_frame().await;
    let list = serde_json::to_string(selectors).unwrap();
    let v = b
        .js(&format!(
            "return {list}.flatMap(sel => {{
                const el = document.querySelector(sel);
                if (!el) return [sel + ': missing'];
                const r = el.getBoundingClientRect();
                const x = r.left + r.width / 2, y = r.top + r.height / 2;
                if (r.width === 0 || x < 0 || y < 0 || x > innerWidth || y > innerHeight) return [sel + ': off screen'];
                const hit = document.elementFromPoint(x, y);
                return hit === el || el.contains(hit) ? [] : [sel + ': covered by ' + (hit ? hit.outerHTML.slice(0, 80) : 'nothing')];
            }})"
        ))
        .await;
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_phone_one_panel_at_a_time_fits_and_every_control_is_tappable() {
    let b = Browser::open_app_sized(390, 844).await;
    let markers = b.wait_for_markers().await;
    assert_eq!(b.js("return innerWidth").await, json!(390));
    let overflow = "return document.documentElement.scrollWidth";
    assert!(
        b.js(overflow).await.as_i64().unwrap() <= 390,
        "wider than the phone on the map panel"
    );
    // The legend starts folded.
    assert_eq!(
        b.js("return document.querySelector('.mm-legend').hasAttribute('open')")
            .await,
        json!(false)
    );
    let shown = "return ['#mm-panel-map', '#mm-panel-places', '#mm-panel-reader']
                    .filter(id => getComputedStyle(document.querySelector(id)).display !== 'none')";
    assert_eq!(b.js(shown).await, json!(["#mm-panel-map"]));
    let on_map = [
        "#mm-show-map",
        "#mm-show-places",
        "#mm-show-reader",
        "#mm-demonyms",
        "#mm-export-geojson",
        "#mm-export-csv",
        "#mm-sample",
        "#mm-clear",
        ".leaflet-control-zoom-in",
        "#mm-play",
    ];
    let failed = untappable(&b, &on_map).await;
    assert!(failed.is_empty(), "map panel: {failed:#?}");
    // The popup fits the phone (at most 90% of its width and height).
    let sumy = find(&markers, "Sumy", 50.91, 34.80, 0.3).expect("Sumy marker");
    click_marker(&b, sumy["place"].as_str().unwrap()).await;
    b.until(
        "Sumy's popup",
        "return document.querySelector('.leaflet-popup-content .mm-passage')",
    )
    .await;
    b.next_frame().await;
    let size = b
        .js("const r = document.querySelector('.leaflet-popup').getBoundingClientRect(); return [r.width, r.height]")
        .await;
    assert!(
        size[0].as_f64().unwrap() <= 390.0 * 0.9 && size[1].as_f64().unwrap() <= 844.0 * 0.9,
        "popup {size}"
    );
    // The places panel: input, lists.
    b.click("#mm-show-places").await;
    assert_eq!(b.js(shown).await, json!(["#mm-panel-places"]));
    let on_places = [
        "#mm-file",
        "#mm-paste",
        "#mm-paste-go",
        "#mm-url",
        ".mm-url-form button",
        "#mm-tab-places",
        "#mm-tab-articles",
        "#mm-place-filter",
        ".mm-place",
    ];
    let failed = untappable(&b, &on_places).await;
    assert!(failed.is_empty(), "places panel: {failed:#?}");
    assert!(
        b.js(overflow).await.as_i64().unwrap() <= 390,
        "wider than the phone on the places panel"
    );
    // A tap on a listed place shows it on the map.
    b.click(".mm-place").await;
    b.until(
        "the map panel again",
        "return getComputedStyle(document.querySelector('#mm-panel-map')).display !== 'none'",
    )
    .await;
    // The reader.
    b.click("#mm-show-reader").await;
    assert_eq!(b.js(shown).await, json!(["#mm-panel-reader"]));
    let failed = untappable(&b, &["#mm-reader-text mark", "#mm-show-map"]).await;
    assert!(failed.is_empty(), "reader panel: {failed:#?}");
    assert!(
        b.js(overflow).await.as_i64().unwrap() <= 390,
        "wider than the phone on the reader panel"
    );
    b.assert_healthy("using the phone layout").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_app_shell_stands_alone_on_a_phone_and_the_live_app_replaces_it() {
    // index.html alone, as on a slow line in the first second: no other file exists (the
    // server answers index.html for each, so none of the page's scripts runs).
    let alone = tempfile::tempdir().expect("dir");
    std::fs::copy(dist().join("index.html"), alone.path().join("index.html")).expect("copy");
    let b = Browser::start_serving(alone.path().to_path_buf(), 390, 844).await;
    b.open().await;
    b.until(
        "the shell's basemap",
        "return document.querySelector('#mm-boot .mm-shell-basemap')",
    )
    .await;
    let shell = b
        .js("const s = document.getElementById('mm-boot');
             const size = (css) => { const r = s.querySelector(css).getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)]; };
             const map = s.querySelector('.mm-map').getBoundingClientRect();
             const hit = document.elementFromPoint(map.left + map.width / 2, map.top + map.height / 2);
             return { busy: s.getAttribute('aria-busy'), wide: document.documentElement.scrollWidth,
                      toolbar: size('.mm-toolbar')[0], tabs: size('.mm-panel-tabs')[0], map: size('.mm-map'),
                      drawn: !!hit && !!hit.closest('.mm-shell-basemap'),
                      controls: s.querySelectorAll('button, input, textarea, select').length,
                      working: [...s.querySelectorAll('button, input, textarea, select, a[href]')].filter(e => !e.disabled).map(e => e.outerHTML),
                      progress: !!document.querySelector('#mm-boot-progress progress') }")
        .await;
    assert_eq!(shell["busy"], json!("true"), "{shell}");
    assert_eq!(shell["wide"], json!(390), "wider than the phone: {shell}");
    assert_eq!(
        (&shell["toolbar"], &shell["tabs"]),
        (&json!(390), &json!(390)),
        "{shell}"
    );
    assert!(
        shell["map"][0] == json!(390) && shell["map"][1].as_i64().unwrap() > 400,
        "{shell}"
    );
    assert_eq!(
        shell["drawn"],
        json!(true),
        "the map area's centre is not the drawing: {shell}"
    );
    assert!(shell["controls"].as_i64().unwrap() >= 10, "{shell}");
    assert_eq!(shell["working"], json!([]), "working controls in the shell");
    assert_eq!(shell["progress"], json!(true), "{shell}");
    b.close().await;

    // The live app takes the shell's place: one app, one toolbar, nothing busy left, and the
    // shell's drawing, which the map shows until its own countries arrive, gone.
    let b = Browser::open_app().await;
    b.wait_for_markers().await;
    b.until(
        "the countries",
        "return document.querySelector('.leaflet-overlay-pane > svg:not(.mm-shell-basemap) path')",
    )
    .await;
    let page = b
        .js("return { shell: !!document.getElementById('mm-boot'), apps: document.querySelectorAll('.mm-app').length,
                      toolbars: document.querySelectorAll('.mm-toolbar').length,
                      drawings: document.querySelectorAll('.mm-shell-basemap').length,
                      busy: document.querySelectorAll('[aria-busy=\"true\"]').length,
                      disabled: document.querySelectorAll('.mm-toolbar button:disabled').length }")
        .await;
    assert_eq!(
        page,
        json!({ "shell": false, "apps": 1, "toolbars": 1, "drawings": 0, "busy": 0, "disabled": 0 })
    );
    b.assert_healthy("replacing the shell").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_its_countries_file_the_map_keeps_the_shells_drawing() {
    // dist/ without basemap/countries.json (the server answers index.html instead, which is
    // not JSON), as while that file downloads on a slow line, or if it never comes.
    let dist = dist();
    let site = tempfile::tempdir().expect("dir");
    for entry in std::fs::read_dir(&dist).expect("dist") {
        let name = entry.expect("entry").file_name();
        if name != "basemap" {
            std::os::unix::fs::symlink(dist.join(&name), site.path().join(&name)).expect("link");
        }
    }
    std::fs::create_dir(site.path().join("basemap")).expect("basemap dir");
    std::os::unix::fs::symlink(
        dist.join("basemap/admin1"),
        site.path().join("basemap/admin1"),
    )
    .expect("link");
    let b = Browser::start_serving(site.path().to_path_buf(), 1400, 900).await;
    b.open().await;
    b.wait_for_markers().await;
    let drawing = b
        .js("const d = document.querySelector('.leaflet-overlay-pane .mm-shell-basemap');
             if (!d) return null;
             const r = d.getBoundingClientRect();
             return { shell: !!document.getElementById('mm-boot'), shown: r.width > 100 && r.height > 100 }")
        .await;
    assert_eq!(drawing, json!({ "shell": false, "shown": true }));
    b.assert_healthy("a missing countries file").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_marker_leads_to_its_passage_and_the_keyboard_reaches_the_popup() {
    let b = Browser::open_app().await;
    let markers = b.wait_for_markers().await;
    let sumy = find(&markers, "Sumy", 50.91, 34.80, 0.3).expect("Sumy marker");
    let token = sumy["place"].as_str().unwrap().to_string();
    click_marker(&b, &token).await;
    // The reader flashes Sumy's first mention; focus is in the popup.
    b.until(
        "Sumy's passage flashed in the reader",
        &format!("return document.querySelector('#mm-reader-text mark.mm-flash[data-place=\"{token}\"]')"),
    )
    .await;
    b.until(
        "focus in the popup",
        "return document.activeElement && !!document.activeElement.closest('.leaflet-popup')",
    )
    .await;
    // Escape closes it and gives focus back to the marker.
    b.client
        .active_element()
        .await
        .unwrap()
        .send_keys("\u{E00C}")
        .await
        .unwrap();
    b.until(
        "the popup closed",
        "return !document.querySelector('.leaflet-popup')",
    )
    .await;
    assert_eq!(
        b.js("const a = document.activeElement; const p = a && a.querySelector('.mm-pin'); return p ? p.dataset.place : a.tagName")
            .await,
        json!(token)
    );
    // "Not a place" takes Sumy off the map and the popup offers the undo in place.
    click_marker(&b, &token).await;
    b.until(
        "Sumy's popup",
        "return document.querySelector('.leaflet-popup-content .mm-not-place')",
    )
    .await;
    b.js("document.querySelector('.leaflet-popup-content .mm-not-place').click()")
        .await;
    b.until(
        "the undo in the popup",
        "return document.querySelector('.leaflet-popup-content .mm-undo-removal')",
    )
    .await;
    b.settled().await;
    assert!(
        !b.markers()
            .await
            .iter()
            .any(|m| m["place"] == token.as_str()),
        "Sumy still on the map"
    );
    b.js("document.querySelector('.leaflet-popup-content .mm-undo-removal').click()")
        .await;
    b.until(
        "Sumy back in its popup",
        "const h = document.querySelector('.leaflet-popup-content .mm-popup-name'); return h && h.textContent === 'Sumy'",
    )
    .await;
    assert!(
        b.markers()
            .await
            .iter()
            .any(|m| m["place"] == token.as_str()),
        "Sumy not back"
    );
    // The place filter knows every name of a place and filters the map too.
    for name in ["Kharkov", "Харків"] {
        b.js(&format!(
            "const f = document.querySelector('#mm-place-filter'); f.value = '{name}'; f.dispatchEvent(new Event('input', {{bubbles: true}}));"
        ))
        .await;
        let listed = b
            .until(
                &format!("places named {name}"),
                "const p = [...document.querySelectorAll('.mm-place .mm-place-name')].map(e => e.textContent);
                 return p.length && document.body.dataset.places == p.length ? p : null",
            )
            .await;
        assert!(
            listed
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p.as_str().unwrap().contains("Kharkiv")),
            "{name}: {listed}"
        );
        let names: Vec<String> = b
            .markers()
            .await
            .iter()
            .map(|m| m["name"].as_str().unwrap().to_string())
            .collect();
        assert!(
            !names.is_empty() && names.iter().all(|n| n.contains("Kharkiv")),
            "{name}: map shows {names:?}"
        );
    }
    b.assert_healthy("markers, keyboard, undo and the filter")
        .await;
    b.close().await;
}

/// Chooses `value` in the select `css` as a user would (a `change` event), then waits until
/// the map has redrawn and the list shows the same places as the map; returns the markers'
/// (name, kind, place) and the list rows' place tokens.
async fn choose(
    b: &Browser,
    css: &str,
    value: &str,
) -> (Vec<(String, String, String)>, Vec<String>) {
    b.js(&format!(
        "const s = document.querySelector('{css}'); s.value = '{value}'; s.dispatchEvent(new Event('change', {{bubbles: true}}));"
    ))
    .await;
    shown(b, &format!("{css} = {value:?} in the list and on the map")).await
}

/// Waits until the map has drawn the places and the list shows the same number; returns the
/// markers' (name, kind, place) and the list rows' place tokens.
async fn shown(b: &Browser, what: &str) -> (Vec<(String, String, String)>, Vec<String>) {
    b.until(
        what,
        "const rows = document.querySelectorAll('.mm-place').length;
         return document.body.dataset.places == rows && document.body.dataset.drawn == rows",
    )
    .await;
    let markers = b
        .markers()
        .await
        .iter()
        .map(|m| {
            let s = |k: &str| m[k].as_str().unwrap_or_default().to_string();
            (s("name"), s("kind"), s("place"))
        })
        .collect();
    let rows = b
        .js("return [...document.querySelectorAll('.mm-place')].map(e => e.dataset.place)")
        .await
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect();
    (markers, rows)
}

#[tokio::test]
async fn the_place_list_filters_by_country_and_kind_on_the_map_too() {
    let b = Browser::open_app().await;
    let all = b.wait_for_markers().await.len();
    let options = |css: &str| {
        format!("return [...document.querySelectorAll('{css} option')].map(o => o.value)")
    };
    let kinds = b.js(&options("#mm-filter-kind")).await;
    assert!(
        kinds
            .as_array()
            .is_some_and(|k| k.len() > 2 && k.contains(&json!("city"))),
        "kind choices: {kinds}"
    );
    // Cities only: every marker and row is a city, and the other kinds are gone.
    let (markers, rows) = choose(&b, "#mm-filter-kind", "city").await;
    assert!(
        !markers.is_empty() && markers.len() < all,
        "{} of {all} markers",
        markers.len()
    );
    assert!(
        markers.iter().all(|(_, kind, _)| kind == "city"),
        "{markers:?}"
    );
    let mut tokens: Vec<String> = markers.iter().map(|(_, _, t)| t.clone()).collect();
    let mut listed = rows.clone();
    tokens.sort();
    listed.sort();
    assert_eq!(tokens, listed, "map and list disagree");
    // All kinds, Russia only: Kursk stays, Sumy and Kharkiv go, on the map and in the list.
    choose(&b, "#mm-filter-kind", "").await;
    let countries = b.js(&options("#mm-filter-country")).await;
    assert!(
        countries
            .as_array()
            .is_some_and(|c| c.contains(&json!("RU")) && c.contains(&json!("UA"))),
        "country choices: {countries}"
    );
    let (markers, rows) = choose(&b, "#mm-filter-country", "RU").await;
    let names: Vec<&str> = markers.iter().map(|(n, _, _)| n.as_str()).collect();
    assert!(names.contains(&"Kursk"), "{names:?}");
    assert!(
        !names
            .iter()
            .any(|n| n.contains("Sumy") || n.contains("Kharkiv")),
        "{names:?}"
    );
    assert_eq!(rows.len(), markers.len());
    // Both back to "All": every place returns.
    let (markers, _) = choose(&b, "#mm-filter-country", "").await;
    assert_eq!(markers.len(), all);
    b.assert_healthy("the country and kind filters").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_place_filters_survive_a_reload() {
    let b = Browser::open_app().await;
    let all = b.wait_for_markers().await.len();
    let chosen = "return ['#mm-filter-country', '#mm-filter-kind', '#mm-place-filter']
                    .map(css => document.querySelector(css).value)";
    choose(&b, "#mm-filter-country", "UA").await;
    let (markers, mut rows) = choose(&b, "#mm-filter-kind", "city").await;
    assert!(
        rows.len() > 1 && markers.len() < all,
        "{} of {all} places",
        rows.len()
    );
    b.until(
        "the filters in the URL",
        "return location.hash.includes('country=UA&kind=city')",
    )
    .await;
    b.client.refresh().await.expect("reload");
    b.wait_for_markers().await;
    let (_, mut again) = shown(&b, "the filtered places after a reload").await;
    rows.sort();
    again.sort();
    assert_eq!(again, rows, "other places after a reload");
    assert_eq!(b.js(chosen).await, json!(["UA", "city", ""]));

    // Typed text, in Cyrillic (percent-encoded in the URL): after a reload the parsing worker
    // is asked again for the places of that name, since the sample never writes it.
    b.js("const f = document.querySelector('#mm-place-filter'); f.value = 'Харків'; f.dispatchEvent(new Event('input', {bubbles: true}));")
        .await;
    let encoded = "q=%D0%A5%D0%B0%D1%80%D0%BA%D1%96%D0%B2";
    b.until(
        "the typed filter in the URL",
        &format!("return location.hash.includes('country=UA&kind=city&{encoded}')"),
    )
    .await;
    b.client.refresh().await.expect("reload");
    let listed = b
        .until(
            "Kharkiv alone after a reload",
            "const p = [...document.querySelectorAll('.mm-place .mm-place-name')].map(e => e.textContent);
             return p.length && document.body.dataset.places == p.length ? p : null",
        )
        .await;
    assert_eq!(listed, json!(["Kharkiv"]));
    assert_eq!(b.js(chosen).await, json!(["UA", "city", "Харків"]));
    b.assert_healthy("the place filters across reloads").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_city_density_layer_draws_when_switched_on_and_goes_when_off() {
    let b = Browser::open_app().await;
    b.wait_for_markers().await;
    let toggle = "const i = [...document.querySelectorAll('.leaflet-control-layers-overlays label')]
            .find(l => l.textContent.includes('City density')).querySelector('input'); i.click(); return i.checked";
    let painted =
        "const c = document.querySelector('.leaflet-overlay-pane canvas.leaflet-heatmap-layer');
        if (!c || !c.width || !c.height) return 0;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return n";
    assert_eq!(
        b.js(painted).await,
        json!(0),
        "no density layer before it is chosen"
    );
    assert_eq!(b.js(toggle).await, json!(true));
    let pixels = b
        .until(
            "the density layer painted",
            &format!("const n = (() => {{ {painted} }})(); return n > 0 ? n : null"),
        )
        .await;
    eprintln!("density layer: {pixels} painted pixels");
    assert_eq!(b.js(toggle).await, json!(false));
    b.until(
        "the density layer gone",
        "return !document.querySelector('.leaflet-overlay-pane canvas.leaflet-heatmap-layer')",
    )
    .await;
    b.assert_healthy("switching the density layer").await;
    b.close().await;
}

/// The shared 447-report corpus, or None (with a note that the test is skipped) when it is
/// not there.
fn war_news_corpus() -> Option<std::path::PathBuf> {
    let corpus =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/ukraine-war-news.jsonl");
    if corpus.exists() {
        Some(corpus)
    } else {
        eprintln!("skipped: {} not found", corpus.display());
        None
    }
}

/// Loads the shared 447-report corpus; false (test skipped) when it is not there.
async fn load_447(b: &Browser) -> bool {
    let Some(corpus) = war_news_corpus() else {
        return false;
    };
    b.wait_for_markers().await;
    b.open_file(&corpus).await;
    b.until(
        "447 articles",
        "return document.body.dataset.articles === '447' && !document.querySelector('.mm-progress')",
    )
    .await;
    true
}

#[tokio::test(flavor = "multi_thread")]
async fn long_lists_are_paged_and_each_page_shows_later_items() {
    let b = Browser::open_app().await;
    if !load_447(&b).await {
        return;
    }
    b.settled().await;
    // Ukraine's popup: three passages, then fifty more per click, in corpus order.
    b.js("[...document.querySelectorAll('.mm-place')].find(e => e.querySelector('.mm-place-name').textContent === 'Ukraine').click()")
        .await;
    let label = b
        .until(
            "Ukraine's popup with its Show more",
            "const e = document.querySelector('.leaflet-popup-content .mm-show-all'); return e && e.textContent",
        )
        .await;
    let total: usize = label
        .as_str()
        .and_then(|l| l.rsplit(" of ").next())
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no total in {label}"));
    assert!(total > 1000, "Ukraine has {total} passages");
    let passages = "return [...document.querySelectorAll('.leaflet-popup-content .mm-passage')].map(e => e.textContent)";
    let first = b.js(passages).await.as_array().cloned().unwrap_or_default();
    assert_eq!(first.len(), 3, "before Show more");
    b.js("document.querySelector('.leaflet-popup-content .mm-show-all').click()")
        .await;
    let more = b
        .until(
            "53 passages",
            &format!(
                "const p = ({})(); return p.length === 53 ? p : null",
                passages.replace("return ", "() => ")
            ),
        )
        .await;
    let more = more.as_array().cloned().unwrap_or_default();
    assert_eq!(&more[..3], &first[..], "the first page stays first");
    assert!(
        more[3..].iter().any(|p| !first.contains(p)),
        "the next page shows later passages"
    );
    assert!(
        b.js("return document.querySelector('.leaflet-popup-content .mm-show-all').textContent")
            .await
            .as_str()
            .is_some_and(|t| t.contains(&format!("of {total} passages"))),
        "Show more offers the rest"
    );
    // The article list: 200 rows, then 200 more, the new ones after the old.
    b.click("#mm-tab-articles").await;
    let titles = "return [...document.querySelectorAll('.mm-articles .mm-article-title')].map(e => e.textContent)";
    let page = b
        .until(
            "the article list",
            &format!(
                "const t = ({})(); return t.length ? t : null",
                titles.replace("return ", "() => ")
            ),
        )
        .await;
    let page = page.as_array().cloned().unwrap_or_default();
    assert_eq!(page.len(), 200, "first page of 447 articles");
    b.js("document.querySelector('.mm-articles .mm-link-button').click()")
        .await;
    let next = b
        .until(
            "400 articles listed",
            &format!(
                "const t = ({})(); return t.length === 400 ? t : null",
                titles.replace("return ", "() => ")
            ),
        )
        .await;
    let next = next.as_array().cloned().unwrap_or_default();
    assert_eq!(&next[..200], &page[..], "the first page stays first");
    let hidden = b
        .js("return document.querySelector('.mm-articles .mm-link-button').textContent")
        .await;
    assert_eq!(hidden, json!("Show more (47 hidden)"));
    b.assert_healthy("paging the popup and the article list")
        .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_timeline_filters_everything_survives_a_reload_and_plays() {
    let b = Browser::open_app().await;
    if !load_447(&b).await {
        return;
    }
    let bars = b
        .until(
            "timeline bars",
            "return document.querySelectorAll('#mm-timeline rect').length",
        )
        .await;
    let bars = bars.as_i64().unwrap();
    assert!(bars > 3, "{bars} bars");
    let before = b.markers().await.len();
    let summary = "return document.querySelector('#mm-summary').textContent";
    let summary_before = b.js(summary).await;
    // Brush bars 1 to 2 (by pointer, as a user drags).
    b.js(&format!(
        "const svg = document.querySelector('#mm-timeline svg'); const r = svg.getBoundingClientRect();
         const at = i => r.left + (i + 0.5) * r.width / {bars}; const y = r.top + r.height / 2;
         svg.dispatchEvent(new PointerEvent('pointerdown', {{clientX: at(1), clientY: y, buttons: 1, bubbles: true}}));
         svg.dispatchEvent(new PointerEvent('pointermove', {{clientX: at(2), clientY: y, buttons: 1, bubbles: true}}));
         svg.dispatchEvent(new PointerEvent('pointerup', {{clientX: at(2), clientY: y, buttons: 0, bubbles: true}}));"
    ))
    .await;
    let hash = b
        .until(
            "the range in the URL",
            "return /from=.*&to=/.test(location.hash) ? location.hash : ''",
        )
        .await;
    let hash = hash.as_str().unwrap().to_string();
    let from = hash.split("from=").nth(1).unwrap()[..10].to_string();
    let to = hash.split("to=").nth(1).unwrap()[..10].to_string();
    assert!(from <= to, "{hash}");
    b.settled().await;
    let after = b.markers().await.len();
    assert!(after < before, "markers {before} -> {after}");
    assert_ne!(
        b.js(summary).await,
        summary_before,
        "the header count ignores the range"
    );
    // Articles list: only articles in the range (undated ones stay).
    b.js("document.querySelector('#mm-tab-articles').click()")
        .await;
    let dates = b
        .until("the article list", "return [...document.querySelectorAll('.mm-article-meta')].map(e => e.textContent.slice(0, 10))")
        .await;
    for d in dates.as_array().unwrap() {
        let d = d.as_str().unwrap();
        assert!(
            d == "undated ·" || (d >= from.as_str() && d <= to.as_str()),
            "{d} outside {from}..{to}"
        );
    }
    // The CSV export: only mentions from articles in the range.
    b.js("window.__blobs = []; const orig = URL.createObjectURL;
          URL.createObjectURL = function (blob) { window.__blobs.push(blob); return orig.call(URL, blob); };
          HTMLAnchorElement.prototype.click = function () {};")
        .await;
    b.click("#mm-export-csv").await;
    let csv = b
        .js_async("const done = arguments[arguments.length - 1];
                   const wait = () => window.__blobs.length ? window.__blobs[0].text().then(done) : setTimeout(wait, 50);
                   wait();")
        .await;
    let mut rows = csv::Reader::from_reader(csv.as_str().unwrap().as_bytes());
    let headers = rows.headers().unwrap().clone();
    let date_col = headers
        .iter()
        .position(|h| h.contains("date"))
        .expect("a date column");
    let mut n = 0;
    for row in rows.records() {
        let row = row.unwrap();
        let d = &row[date_col];
        assert!(
            d.is_empty()
                || (d.get(..10).unwrap_or(d) >= from.as_str()
                    && d.get(..10).unwrap_or(d) <= to.as_str()),
            "exported {d}"
        );
        n += 1;
    }
    assert!(n > 0, "nothing exported");
    // A reload restores the range from the URL (the corpus comes back from storage).
    let url = b.js("return location.href").await;
    b.client.goto(url.as_str().unwrap()).await.unwrap();
    b.until(
        "447 articles again",
        "return document.body.dataset.articles === '447' && !document.querySelector('.mm-progress')",
    )
    .await;
    let range = b
        .until(
            "the range shown",
            "const r = document.querySelector('#mm-range'); return r ? r.textContent : ''",
        )
        .await;
    assert!(
        range.as_str().unwrap().contains(&from),
        "range after reload: {range}"
    );
    assert_eq!(
        b.markers().await.len(),
        after,
        "a different map after reload"
    );
    // Play moves the window on.
    b.click("#mm-play").await;
    b.until(
        "the window to move",
        &format!("return !location.hash.includes('from={from}&')"),
    )
    .await;
    b.click("#mm-play").await;
    b.assert_healthy("the timeline").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn regions_are_filled_by_count_and_the_first_view_is_the_war_not_the_world() {
    let b = Browser::open_app().await;
    if !load_447(&b).await {
        return;
    }
    b.until(
        "regions in two or more colour classes",
        "const scale = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
         const fills = new Set([...document.querySelectorAll('.leaflet-overlay-pane path.mm-region')]
            .map(p => p.getAttribute('fill')).filter(f => scale.includes(f)));
         return fills.size >= 2",
    )
    .await;
    let classes = b
        .js("return document.querySelectorAll('.mm-legend-class').length")
        .await;
    assert!(classes.as_i64().unwrap() >= 2, "legend classes: {classes}");
    let view = b
        .js("const m = window.mentionmap.map; const bb = m.getBounds();
             return { zoom: m.getZoom(), width: bb.getEast() - bb.getWest() }")
        .await;
    assert!(
        view["zoom"].as_f64().unwrap() >= 4.0 && view["width"].as_f64().unwrap() < 60.0,
        "first view {view}"
    );
    // Names are written beside the most-mentioned markers in view: at least 3, at most 12,
    // the most-mentioned marker in view among them, and no two names shown overlap.
    b.until(
        "place names on the map",
        "const map = document.querySelector('#mm-map').getBoundingClientRect();
         const inView = r => r.left < map.right && map.left < r.right && r.top < map.bottom && map.top < r.bottom;
         const labels = [...document.querySelectorAll('.mm-pin > .mm-label')]
             .map(l => ({ l, r: l.getBoundingClientRect(), n: Number(l.parentElement.dataset.count) }))
             .filter(x => inView(x.r));
         const shown = labels.filter(x => getComputedStyle(x.l).visibility === 'visible');
         const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
         const clash = shown.some((a, i) => shown.some((b, j) => i < j && overlap(a.r, b.r)));
         const top = Math.max(...labels.map(x => x.n));
         return shown.length >= 3 && shown.length <= 12 && !clash && shown.some(x => x.n === top)",
    )
    .await;
    b.assert_healthy("the choropleth").await;
    b.close().await;
}

/// Random UI actions, as `(name, weight, script)`: the script sees `R`, a number in [0, 1),
/// and `TEXTS`, some article texts; it does nothing when its control is not on the page.
const ACTIONS: &[(&str, u32, &str)] = &[
    ("click a marker", 6, "const e = [...document.querySelectorAll('.mm-pin')]; if (e.length) e[Math.floor(R * e.length)].click();"),
    ("click in the popup", 6, "const e = [...document.querySelectorAll('.leaflet-popup-content button, .leaflet-popup-close-button')]; if (e.length) e[Math.floor(R * e.length)].click();"),
    ("paste text", 3, "const t = document.querySelector('#mm-paste'); t.value = TEXTS[Math.floor(R * TEXTS.length)]; t.dispatchEvent(new Event('input', {bubbles: true})); document.querySelector('#mm-paste-go').click();"),
    ("click a listed place", 4, "const e = [...document.querySelectorAll('.mm-place')]; if (e.length) e[Math.floor(R * e.length)].click();"),
    ("switch the list tab", 2, "const e = [...document.querySelectorAll('.mm-tab')]; e[Math.floor(R * e.length)].click();"),
    ("switch the panel", 2, "const e = [...document.querySelectorAll('.mm-panel-tab')]; e[Math.floor(R * e.length)].click();"),
    ("toggle demonyms", 2, "document.querySelector('#mm-demonyms').click();"),
    ("click a mention in the reader", 4, "const e = [...document.querySelectorAll('#mm-reader-text mark')]; if (e.length) e[Math.floor(R * e.length)].click();"),
    ("page the reader", 2, "const e = [...document.querySelectorAll('.mm-pager button')]; if (e.length) e[Math.floor(R * e.length)].click();"),
    ("press Escape", 2, "(document.activeElement || document.body).dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}));"),
    ("remove an article", 1, "const e = [...document.querySelectorAll('.mm-remove')]; if (e.length) e[Math.floor(R * e.length)].click();"),
    ("zoom the map", 2, "window.mentionmap.map.setZoom(2 + Math.floor(R * 9), {animate: false});"),
    ("close the popup from the map", 1, "window.mentionmap.map.closePopup();"),
    ("filter places", 2, "const f = document.querySelector('#mm-place-filter'); if (f) { f.value = ['', 'k', 'sum', 'Kharkov', 'Харків', 'zz'][Math.floor(R * 6)]; f.dispatchEvent(new Event('input', {bubbles: true})); }"),
    ("choose a country or kind", 1, "const s = document.querySelector(R < 0.5 ? '#mm-filter-country' : '#mm-filter-kind'); if (s && s.options.length) { s.selectedIndex = Math.floor(R * 7919) % s.options.length; s.dispatchEvent(new Event('change', {bubbles: true})); }"),
    ("switch the density layer", 1, "const l = [...document.querySelectorAll('.leaflet-control-layers-overlays label')].find(l => l.textContent.includes('City density')); if (l) l.querySelector('input').click();"),
    ("set a date range", 1, "const a = document.querySelector('#mm-date-from'), b = document.querySelector('#mm-date-to'); if (a && b) { a.value = R < 0.5 ? '' : a.min; b.value = R < 0.25 ? b.min : ''; for (const i of [a, b]) i.dispatchEvent(new Event('change', {bubbles: true})); }"),
    ("show every passage", 1, "const e = document.querySelector('.mm-show-all'); if (e) e.click();"),
    ("export", 1, "document.querySelector(R < 0.5 ? '#mm-export-csv' : '#mm-export-geojson').click();"),
    ("load the sample", 1, "document.querySelector('#mm-sample').click();"),
    ("clear", 1, "if (R < 0.5) document.querySelector('#mm-clear').click();"),
];

const RANDOM_TEXTS: &str = r#"[
    "Drones struck Sumy overnight, and shelling continued in the Kharkiv region.",
    "Fighting near Pokrovsk and Kostiantynivka; Ukrainian forces held positions east of Kupiansk.",
    "Russian officials in Moscow and Belgorod reported drone attacks; Kyiv denied involvement.",
    "<b>Not markup</b> Odesa port was hit again, and Mykolaiv lost power.",
    "Nothing about places here at all.",
    "Під Харковом тривали бої; у Сумах оголосили тривогу."
]"#;

/// A small deterministic generator (64-bit LCG): the same seed gives the same actions.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Runs `count` seeded random actions, checking after each that nothing panicked or threw.
async fn random_actions(b: &Browser, seed: u64, count: usize) {
    // Downloads are counted, not saved.
    b.js("HTMLAnchorElement.prototype.click = function () { window.__downloads = (window.__downloads || 0) + 1; };")
        .await;
    let total: u32 = ACTIONS.iter().map(|a| a.1).sum();
    let mut rng = Lcg(seed);
    let mut done: Vec<&str> = Vec::new();
    for step in 0..count {
        let mut pick = (rng.next() * total as f64) as u32;
        let (name, _, script) = ACTIONS
            .iter()
            .find(|a| {
                if pick < a.1 {
                    true
                } else {
                    pick -= a.1;
                    false
                }
            })
            .unwrap_or(&ACTIONS[0]);
        let r = rng.next();
        done.push(name);
        let result = b
            .js_async(&format!(
                "const done = arguments[arguments.length - 1]; const R = {r}; const TEXTS = {RANDOM_TEXTS};
                 let thrown = null;
                 try {{ {script} }} catch (e) {{ thrown = String(e); }}
                 requestAnimationFrame(() => setTimeout(() => done({{
                     thrown, panicked: document.body.hasAttribute('data-panicked'), errors: window.__mmErrors
                 }}), 0));"
            ))
            .await;
        let recent = done[done.len().saturating_sub(12)..].join(" → ");
        assert_eq!(
            result["thrown"],
            Value::Null,
            "the test's own action {step} ({name}) failed; last actions: {recent}"
        );
        assert_eq!(
            (&result["panicked"], &result["errors"]),
            (&json!(false), &json!([])),
            "action {step} ({name}) broke the page; last actions: {recent}"
        );
        if step % 25 == 24 {
            b.settled().await;
        }
    }
    b.settled().await;
    b.assert_healthy("the random actions").await;
    // Still working: with the filters and corrections reset, the sample loads and a popup opens.
    b.js("document.querySelector('#mm-tab-places').click();
          const all = document.querySelector('#mm-all-dates'); if (all) all.click();")
        .await;
    b.next_frame().await;
    b.js("const f = document.querySelector('#mm-place-filter');
          if (f) { f.value = ''; f.dispatchEvent(new Event('input', {bubbles: true})); }
          for (const s of document.querySelectorAll('#mm-filter-country, #mm-filter-kind')) {
            s.value = ''; s.dispatchEvent(new Event('change', {bubbles: true}));
          }
          const reset = [...document.querySelectorAll('#mm-summary .mm-link-button')].find(e => e.textContent === 'reset');
          if (reset) reset.click();
          document.querySelector('#mm-sample').click();")
        .await;
    let markers = b.wait_for_markers().await;
    let sumy = find(&markers, "Sumy", 50.91, 34.80, 0.3)
        .unwrap_or_else(|| panic!("no Sumy marker after the actions: {markers:#?}"));
    b.js(&format!(
        "document.querySelector('.mm-pin[data-place=\"{}\"]').click()",
        sumy["place"].as_str().unwrap()
    ))
    .await;
    b.until(
        "Sumy's popup after the actions",
        "return document.querySelector('.leaflet-popup-content .mm-passage')",
    )
    .await;
    b.assert_healthy("the final check").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_hundred_random_actions_on_the_sample_never_break_the_page() {
    let b = Browser::open_app().await;
    b.wait_for_markers().await;
    random_actions(&b, 11, 200).await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_hundred_random_actions_on_the_447_corpus_never_break_the_page() {
    let b = Browser::open_app().await;
    if !load_447(&b).await {
        return;
    }
    random_actions(&b, 447, 200).await;
    b.close().await;
}

/// Not a check: the longest main-thread tasks (PerformanceObserver `longtask`) while the
/// 447-report corpus loads, while Ukraine's popup opens and while it shows more passages.
/// Run with `cargo test --release --test e2e -- --ignored --nocapture long_tasks`.
#[tokio::test(flavor = "multi_thread")]
#[ignore]
async fn long_tasks() {
    let b = Browser::open_app().await;
    b.wait_for_markers().await;
    let observe = "window.__lt = []; window.__ltObs && window.__ltObs.disconnect();
        window.__ltObs = new PerformanceObserver(l => window.__lt.push(...l.getEntries().map(e => e.duration)));
        window.__ltObs.observe({type: 'longtask'});";
    let worst = "return window.__lt.length ? Math.max(...window.__lt) : 0";
    b.js(observe).await;
    if !load_447(&b).await {
        return;
    }
    b.next_frame().await;
    let load = b.js(worst).await;
    let ukraine = b
        .js("const p = [...document.querySelectorAll('.mm-place')].find(e => e.querySelector('.mm-place-name').textContent === 'Ukraine'); return p ? p.dataset.place : null")
        .await;
    let token = ukraine.as_str().expect("Ukraine in the list").to_string();
    b.js(observe).await;
    b.js(&format!(
        "document.querySelector('.mm-place[data-place=\"{token}\"]').click()"
    ))
    .await;
    b.until(
        "Ukraine's popup",
        "return document.querySelector('.leaflet-popup-content .mm-show-all')",
    )
    .await;
    b.next_frame().await;
    let open = b.js(worst).await;
    b.js(observe).await;
    for _ in 0..5 {
        b.js("document.querySelector('.leaflet-popup-content .mm-show-all').click()")
            .await;
        b.next_frame().await;
    }
    let more = b.js(worst).await;
    let passages = b
        .js("return document.querySelectorAll('.leaflet-popup-content .mm-passage').length")
        .await;
    eprintln!("longest task (ms): loading 447 reports {load}; opening Ukraine {open}; five 'show more' ({passages} passages shown) {more}");
    b.close().await;
}

/// Not a check: writes the README's screenshots, docs/screenshot.png (the 447-report corpus,
/// or the sample without it, with the popup of the most-mentioned city in view) and docs/screenshot-phone.png (the
/// sample on a 390×844 phone, Sumy's popup open).
/// Run with `cargo test --test e2e -- --ignored screenshot`.
#[tokio::test(flavor = "multi_thread")]
#[ignore]
async fn screenshot() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let b = Browser::open_app().await;
    b.wait_for_markers().await;
    load_447(&b).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    // The first months of the war on the timeline, the front on the map, Kharkiv's popup.
    b.js("const svg = document.querySelector('#mm-timeline svg'); const r = svg.getBoundingClientRect();
          const n = document.querySelectorAll('#mm-timeline rect').length;
          const at = i => r.left + (i + 0.5) * r.width / n; const y = r.top + r.height / 2;
          svg.dispatchEvent(new PointerEvent('pointerdown', {clientX: at(4), clientY: y, buttons: 1, bubbles: true}));
          svg.dispatchEvent(new PointerEvent('pointermove', {clientX: at(12), clientY: y, buttons: 1, bubbles: true}));
          svg.dispatchEvent(new PointerEvent('pointerup', {clientX: at(12), clientY: y, bubbles: true}));
          window.mentionmap.map.setView([49.6, 33.5], 6, {animate: false});")
        .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    b.js("const p = [...document.querySelectorAll('.mm-pin.mm-kind-city')].sort((a, b) => b.dataset.count - a.dataset.count)[0]; if (p) p.click();")
        .await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    std::fs::write(
        docs.join("screenshot.png"),
        b.client.screenshot().await.unwrap(),
    )
    .unwrap();
    b.close().await;

    let b = Browser::open_app_sized(390, 844).await;
    let markers = b.wait_for_markers().await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    if let Some(sumy) = find(&markers, "Sumy", 50.91, 34.80, 0.3) {
        click_marker(&b, sumy["place"].as_str().unwrap()).await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    std::fs::write(
        docs.join("screenshot-phone.png"),
        b.client.screenshot().await.unwrap(),
    )
    .unwrap();
    b.close().await;
}

/// The mapped rows of a CSV export (those with a latitude), each as its fields.
fn mapped_rows(csv_text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("csv header")
        .iter()
        .map(str::to_string)
        .collect();
    let lat = header.iter().position(|h| h == "lat").expect("lat column");
    let rows = reader
        .records()
        .map(|r| r.expect("csv row"))
        .filter(|r| !r[lat].is_empty())
        .map(|r| r.iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// A pool of three workers, each geoparsing its blocks of the 447 reports, gives the page the
/// same mentions (places, offsets, scores, passages, in the same order) as the command-line
/// program: compared through the CSV export with demonyms shown, against `mentionmap parse
/// -f csv` on the same file (unresolved mentions are not on the map, so both sides keep the
/// rows with a latitude).
#[tokio::test(flavor = "multi_thread")]
async fn a_pool_of_workers_gives_the_clis_mentions_on_the_447_reports() {
    let Some(corpus) = war_news_corpus() else {
        return;
    };
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_mentionmap"))
        .args(["parse", "--quiet", "-f", "csv"])
        .arg(&corpus)
        .output()
        .expect("run the CLI");
    assert!(cli.status.success(), "CLI failed: {:?}", cli.status);
    let (cli_header, cli_rows) = mapped_rows(&String::from_utf8(cli.stdout).expect("utf-8"));

    let b = Browser::start_sized(1400, 900).await;
    b.client
        .goto(&format!("{}?workers=3", b.base))
        .await
        .expect("goto");
    b.wait_for_markers().await;
    b.until(
        "three workers",
        "return document.body.dataset.workers === '3'",
    )
    .await;
    b.click("#mm-demonyms").await;
    b.open_file(&corpus).await;
    b.until(
        "447 articles",
        "return document.body.dataset.articles === '447' && !document.querySelector('.mm-progress')",
    )
    .await;
    b.settled().await;
    let csv_text = b.export("#mm-export-csv").await;
    let (web_header, web_rows) = mapped_rows(&csv_text);
    assert_eq!(web_header, cli_header);
    assert!(
        cli_rows.len() > 10_000,
        "{} mapped mentions",
        cli_rows.len()
    );
    assert_eq!(web_rows.len(), cli_rows.len(), "number of mapped mentions");
    // Scores may differ in their last digit: the browser's wasm and the native program round
    // the same arithmetic differently (their `exp` and `ln`). Every other field is equal.
    let score = web_header
        .iter()
        .position(|h| h == "score")
        .expect("score column");
    for (i, (web, cli)) in web_rows.iter().zip(&cli_rows).enumerate() {
        let (w, c): (f64, f64) = (web[score].parse().unwrap(), cli[score].parse().unwrap());
        assert!((w - c).abs() < 1e-6, "row {i}: score {w} against {c}");
        let strip = |row: &[String]| {
            let mut row = row.to_vec();
            row.remove(score);
            row
        };
        assert_eq!(strip(web), strip(cli), "row {i} differs");
    }
    b.assert_healthy("loading with three workers").await;
    b.close().await;
}

/// Writes `bytes` bytes of `unit` repeated (cut at the end) to `path`, a slice at a time.
fn write_repeated(path: &Path, prefix: &str, unit: &str, bytes: usize, suffix: &str) {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    out.write_all(prefix.as_bytes()).unwrap();
    let mut left = bytes;
    let chunk = unit.repeat((1 << 20) / unit.len() + 1);
    while left > 0 {
        let n = left.min(chunk.len());
        out.write_all(&chunk.as_bytes()[..n]).unwrap();
        left -= n;
    }
    out.write_all(suffix.as_bytes()).unwrap();
}

/// The hostile inputs of `scripts/hostile-bench.sh`, written to `dir` at `scale` of their
/// full size (1.0: the 50 MB line, the 12 MB CSV field, ...): (what it is, file).
fn hostile_inputs(dir: &Path, scale: f64) -> Vec<(&'static str, PathBuf)> {
    let mb = |n: f64| (n * scale * 1_000_000.0) as usize;
    let path = |name: &str| dir.join(name);
    let mut inputs = Vec::new();
    let kyiv = path("kyiv-line.txt");
    write_repeated(&kyiv, "", "Kyiv ", mb(50.0), "");
    inputs.push(("\"Kyiv \" repeated, one line of txt", kyiv));
    let csv = path("csv-field.csv");
    write_repeated(
        &csv,
        "id,text\nbig,\"",
        "Shelling hit Kharkiv and Sumy overnight, and Odesa was quiet. ",
        mb(12.0),
        "\"\nsmall,Calm in Lviv.\n",
    );
    inputs.push(("CSV with one long text field", csv));
    let dense = path("dense.txt");
    write_repeated(&dense, "", "Kyiv Kharkiv Odesa Lviv Sumy Dnipro Poltava Kherson Mykolaiv Zaporizhzhia Donetsk Luhansk Chernihiv Kursk Belgorod Moscow Warsaw Berlin Paris London ", mb(22.0), "");
    inputs.push(("dense place names, txt", dense));
    let record = path("record.jsonl");
    write_repeated(
        &record,
        "{\"id\": \"small1\", \"text\": \"Sirens in Sumy.\"}\n{\"id\": \"big\", \"text\": \"",
        "Drones struck Kharkiv and the Sumy region again. ",
        mb(32.0),
        "\"}\n{\"id\": \"small2\", \"text\": \"Calm in Lviv.\"}\n",
    );
    inputs.push(("JSON Lines with one long record", record));
    let binary = path("random.bin");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..mb(20.0))
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    std::fs::write(&binary, bytes).unwrap();
    inputs.push(("random bytes", binary));
    let nul = path("nul-lines.jsonl");
    let good = "{\"text\": \"Sirens in Sumy.\"}\n";
    let bad = "{\"text\": \"Ky\u{0}iv\"}\n";
    let unit = format!("{good}{bad}");
    write_repeated(&nul, "", &unit, mb(6.0) / unit.len() * unit.len(), "");
    inputs.push(("JSON Lines, half with a NUL byte", nul));
    let word = path("word.txt");
    write_repeated(&word, "Kyiv ", "a", mb(20.0), " Lviv.");
    inputs.push(("one long word", word));
    let nested = path("nested.json");
    write_repeated(&nested, "", "[", mb(50.0), "");
    inputs.push(("'[' repeated (nested JSON)", nested));
    let over = path("over-limit.txt");
    std::fs::File::create(&over)
        .unwrap()
        .set_len(65 << 20)
        .unwrap();
    inputs.push(("65 MB (over the 64 MB limit)", over));
    inputs
}

/// The largest peak resident memory (VmHWM, kB) of the renderer processes started by the
/// chromedriver `driver`: the tab, with its workers.
fn renderer_peak_kb(driver: u32) -> u64 {
    let mut parent_of = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // "pid (name) state ppid ...": the name may hold spaces, so read after its ')'.
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<u32>().ok());
        if let Some(ppid) = ppid {
            parent_of.push((pid, ppid));
        }
    }
    let mut family = vec![driver];
    let mut i = 0;
    while i < family.len() {
        let p = family[i];
        family.extend(parent_of.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    family
        .iter()
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|c| String::from_utf8_lossy(&c).contains("--type=renderer"))
        })
        .filter_map(|pid| {
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))?
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse()
                .ok()
        })
        .max()
        .unwrap_or(0)
}

/// What opening one hostile file did to the page.
#[derive(Debug)]
struct HostileRun {
    /// Seconds from choosing the file until the page settled, None when it did not in time.
    seconds: Option<f64>,
    /// Uncaught errors or a panic, as `Browser::assert_healthy` reads them.
    health: Value,
    /// The error notices shown, joined.
    notices: String,
    /// Articles in the page afterwards.
    articles: String,
    /// Milliseconds the workers took, as the page reports it; empty when nothing was parsed.
    parse_ms: String,
}

impl Browser {
    /// Opens `path` through the file input and waits (at most `limit`) until its job is done
    /// and the page has drawn it, or it has been refused with a notice.
    async fn open_hostile(&self, path: &Path, limit: Duration) -> HostileRun {
        self.js("delete document.body.dataset.lastParseMs").await;
        let notices = "return [...document.querySelectorAll('.mm-notice.mm-error')].map(n => n.innerText.replace(/×\\s*$/, '').trim()).join('\\n')";
        let before = self.js(notices).await;
        let started = Instant::now();
        self.open_file(path).await;
        let finished = format!(
            "const errors = [...document.querySelectorAll('.mm-notice.mm-error')].map(n => n.innerText.replace(/×\\s*$/, '').trim()).join('\\n');
             const b = document.body.dataset;
             return (b.lastParseMs !== undefined || errors !== {before}) && !document.querySelector('.mm-progress')
                && b.drawn === b.places"
        );
        let mut seconds = None;
        while started.elapsed() < limit {
            let done = self.client.execute(&finished, vec![]).await;
            if done.is_ok_and(|v| v == json!(true)) {
                seconds = Some(started.elapsed().as_secs_f64());
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        HostileRun {
            seconds,
            health: self
                .js("return { panicked: document.body.hasAttribute('data-panicked'), errors: window.__mmErrors || ['no error log'] }")
                .await,
            notices: self.js(notices).await.as_str().unwrap_or("").to_string(),
            articles: self
                .js("return document.body.dataset.articles || ''")
                .await
                .as_str()
                .unwrap_or("")
                .to_string(),
            parse_ms: self
                .js("return document.body.dataset.lastParseMs || ''")
                .await
                .as_str()
                .unwrap_or("")
                .to_string(),
        }
    }

    /// Loads the sample again and waits for its markers: the page still works.
    async fn sample_again(&self) -> Vec<Value> {
        self.click("#mm-sample").await;
        self.wait_for_markers().await
    }
}

/// Small versions of the hostile files (a 20 MB line of "Kyiv ", NUL bytes, a file over the
/// limit), chosen one after another in one page: each ends with its notice (the lines with
/// NUL bytes are named and the good lines between them arrive), nothing panics, and the
/// sample still loads and shows its markers afterwards.
#[tokio::test(flavor = "multi_thread")]
async fn hostile_files_end_with_a_notice_and_the_page_keeps_working() {
    let b = Browser::open_app().await;
    b.wait_for_markers().await;
    let dir = tempfile::tempdir().unwrap();
    let kyiv = dir.path().join("kyiv-20mb.txt");
    write_repeated(&kyiv, "", "Kyiv ", 20_000_000, "");
    let nul = dir.path().join("nul.jsonl");
    let good_and_bad = "{\"text\": \"Sirens in Sumy.\"}\n{\"text\": \"Ky\u{0}iv\"}\n";
    write_repeated(&nul, "", good_and_bad, good_and_bad.len() * 200, "");
    let over = dir.path().join("over-limit.txt");
    std::fs::File::create(&over)
        .unwrap()
        .set_len(65 << 20)
        .unwrap();

    let run = b.open_hostile(&kyiv, Duration::from_secs(120)).await;
    assert!(
        run.seconds.is_some(),
        "the 20 MB line never finished: {run:?}"
    );
    assert!(
        run.notices
            .contains("more than 20000 place mentions; the page keeps the first 20000"),
        "no notice about the mentions left out: {run:?}"
    );
    b.assert_healthy("a 20 MB line of \"Kyiv \"").await;
    let before: usize = b
        .js("return document.body.dataset.articles")
        .await
        .as_str()
        .and_then(|n| n.parse().ok())
        .expect("an article count");
    let run = b.open_hostile(&nul, Duration::from_secs(60)).await;
    assert!(
        run.notices.contains(
            "nul.jsonl: 200 lines hold NUL bytes, so they are not text; they were skipped and the other lines were read. The first: lines 2, 4, 6,"
        ),
        "no notice names the lines with NUL bytes: {run:?}"
    );
    assert_eq!(
        run.articles,
        (before + 200).to_string(),
        "the 200 good lines did not arrive: {run:?}"
    );
    b.assert_healthy("JSON Lines with NUL bytes").await;
    let run = b.open_hostile(&over, Duration::from_secs(30)).await;
    assert!(
        run.notices
            .contains("over-limit.txt: the file is 65 MB; the page reads files up to 64 MB"),
        "no notice about the size limit: {run:?}"
    );
    b.assert_healthy("a file over the limit").await;
    let markers = b.sample_again().await;
    assert!(
        find(&markers, "Sumy", 50.91, 34.80, 0.3).is_some(),
        "the sample shows no Sumy after the hostile files: {markers:#?}"
    );
    b.assert_healthy("loading the sample after the hostile files")
        .await;
    b.close().await;
}

/// Not a check: the README's table of the web app with each full-size hostile file
/// (`scripts/hostile-bench.sh browser`): a fresh page per file, time until it settled,
/// uncaught errors, the page's JS heap, the tab's peak resident memory, the longest task
/// on the page's thread, and whether the sample still loads afterwards.
/// Run with `cargo test --test e2e -- --ignored --nocapture hostile_files_in_the_browser`.
#[tokio::test(flavor = "multi_thread")]
#[ignore]
async fn hostile_files_in_the_browser() {
    let dir = std::env::var("HOSTILE_DIR").map_or_else(
        |_| std::env::temp_dir().join("mentionmap-hostile-web"),
        PathBuf::from,
    );
    std::fs::create_dir_all(&dir).unwrap();
    let scale = std::env::var("HOSTILE_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    // HOSTILE_ONLY=word runs only the inputs whose file name holds "word".
    let only = std::env::var("HOSTILE_ONLY").unwrap_or_default();
    let inputs = hostile_inputs(&dir, scale);
    println!("| input | size | page error | time to settle | worker time | JS heap used | tab peak RSS | longest task | notice | sample after |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for (what, path) in inputs {
        if !path.to_string_lossy().contains(&only) {
            continue;
        }
        let b = Browser::open_app().await;
        b.wait_for_markers().await;
        b.js("window.__lt = []; new PerformanceObserver(l => window.__lt.push(...l.getEntries().map(e => e.duration))).observe({type: 'longtask'});").await;
        let run = b.open_hostile(&path, Duration::from_secs(300)).await;
        b.next_frame().await;
        // The reader adds a long text's pieces after the page has settled: count them too.
        tokio::time::sleep(Duration::from_secs(3)).await;
        let heap = b
            .js("return performance.memory ? performance.memory.usedJSHeapSize : 0")
            .await
            .as_f64()
            .unwrap_or(0.0);
        let longest = b
            .js("return window.__lt.length ? Math.max(...window.__lt) : 0")
            .await
            .as_f64()
            .unwrap_or(0.0);
        let peak = b._driver.id().map_or(0, renderer_peak_kb);
        let error = run.health != json!({ "panicked": false, "errors": [] });
        let sample = tokio::time::timeout(Duration::from_secs(60), b.sample_again())
            .await
            .is_ok_and(|m| !m.is_empty());
        let size = std::fs::metadata(&path).map_or(0, |m| m.len());
        let notice: String = run
            .notices
            .lines()
            .last()
            .unwrap_or("")
            .chars()
            .take(90)
            .collect();
        println!(
            "| {what} | {:.1} MB | {} | {} | {} | {:.0} MB | {} MB | {:.0} ms | {} | {} |",
            size as f64 / 1e6,
            if error {
                format!("yes: {}", run.health)
            } else {
                "no".into()
            },
            run.seconds
                .map_or("> 300 s".to_string(), |s| format!("{s:.1} s")),
            if run.parse_ms.is_empty() {
                "–".to_string()
            } else {
                format!("{} ms", run.parse_ms)
            },
            heap / 1e6,
            peak / 1024,
            longest,
            if notice.is_empty() {
                format!("{} articles", run.articles)
            } else {
                notice.replace('|', "/")
            },
            if sample { "yes" } else { "no" },
        );
        b.close().await;
    }
}
