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
        let b = Browser::start().await;
        b.open().await;
        b
    }

    async fn start() -> Browser {
        let one_at_a_time = ONE_AT_A_TIME.lock().await;
        let base = serve(dist()).await;
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
        caps.insert(
            "goog:chromeOptions".into(),
            json!({ "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,900", "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-sync", format!("--user-data-dir={}", profile.path().display()),
                // Tests never reach the internet: OpenStreetMap tiles resolve to this machine.
                "--host-resolver-rules=MAP *.openstreetmap.org 127.0.0.1",
            ]}),
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
                 return [...m.clusters.getLayers(), ...m.fixed.getLayers()].map(l => {
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
    panic!("could not click {css}");
}

/// Clicks the marker of the place with this token through its icon element.
async fn click_marker(b: &Browser, token: &str) {
    // Zoom until the marker is out of its cluster, then click its icon like a user would.
    b.js_async(&format!(
        "const done = arguments[arguments.length - 1]; const m = window.mentionmap;
         const l = m.clusters.getLayers().find(l => l.options.icon.options.html.dataset.place === '{token}');
         if (l) m.clusters.zoomToShowLayer(l, () => done(true)); else done(false);"
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
    let first = first.as_f64().expect("first-places timing");
    eprintln!("sample markers drawn {first:.0} ms after navigation start ({elapsed:?} after load by the test clock)");
    assert!(first < 1500.0, "markers took {first} ms");
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
async fn exported_geojson_parses_and_matches_the_map() {
    let b = Browser::open_app().await;
    let markers = b.wait_for_markers().await;
    // Catch the Blob the export button hands to the browser.
    b.js("window.__blobs = []; const orig = URL.createObjectURL;
          URL.createObjectURL = function (blob) { window.__blobs.push(blob); return orig.call(URL, blob); };")
        .await;
    b.click("#mm-export-geojson").await;
    let text = b
        .js_async("const done = arguments[arguments.length - 1];
                   const wait = () => window.__blobs.length ? window.__blobs[0].text().then(done) : setTimeout(wait, 50);
                   wait();")
        .await;
    let geojson: Value = serde_json::from_str(text.as_str().unwrap()).expect("export is JSON");
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
    b.click("#mm-export-csv").await;
    let csv = b
        .js_async(
            "const done = arguments[arguments.length - 1];
             const wait = () => window.__blobs.length > 1 ? window.__blobs[1].text().then(done) : setTimeout(wait, 50);
             wait();",
        )
        .await;
    let mut rows = csv::Reader::from_reader(csv.as_str().unwrap().as_bytes());
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
async fn the_447_article_corpus_loads_in_under_three_seconds() {
    let corpus =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/ukraine-war-news.jsonl");
    if !corpus.exists() {
        eprintln!("skipped: {} not found", corpus.display());
        return;
    }
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
    assert!(elapsed < Duration::from_secs(3), "took {elapsed:?}");
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

/// Not a check: writes docs/screenshot.png (the sample with Sumy's popup open).
/// Run with `cargo test --test e2e -- --ignored screenshot`.
#[tokio::test(flavor = "multi_thread")]
#[ignore]
async fn screenshot() {
    let b = Browser::open_app().await;
    let markers = b.wait_for_markers().await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    b.js("window.mentionmap.map.setView([49.0, 35.4], 6.25, {animate: false})")
        .await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    if let Some(sumy) = find(&markers, "Sumy", 50.91, 34.80, 0.3) {
        let token = sumy["place"].as_str().unwrap();
        b.js(&format!("const p = document.querySelector('.mm-pin[data-place=\"{token}\"]'); if (p) p.click();")).await;
        b.until(
            "popup",
            "return document.querySelector('.leaflet-popup-content .mm-passage')",
        )
        .await;
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    if let Ok(corpus) = std::env::var("MM_SHOT_CORPUS") {
        // A look at a loaded corpus instead: `MM_SHOT_CORPUS=path/to.jsonl MM_SHOT_OUT=/tmp/x.png`.
        let input = b
            .client
            .find(Locator::Css("#mm-file"))
            .await
            .expect("file input");
        input.send_keys(&corpus).await.expect("send file");
        b.until(
            "corpus",
            "return document.body.dataset.articles > 1 && !document.querySelector('.mm-progress')",
        )
        .await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        if let Ok(script) = std::env::var("MM_SHOT_JS") {
            b.js(&script).await;
            tokio::time::sleep(Duration::from_millis(1500)).await;
        }
        if std::env::var("MM_SHOT_TAB").is_ok() {
            b.js("document.querySelectorAll('.mm-tab')[1].click()")
                .await;
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
    let png = b.client.screenshot().await.expect("screenshot");
    let out = std::env::var("MM_SHOT_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshot.png"));
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    std::fs::write(&out, png).unwrap();
    b.close().await;
}
