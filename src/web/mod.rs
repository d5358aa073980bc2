//! The web app: a Leptos page around a Leaflet map.
//!
//! ```text
//! input ──Source──▶ worker (ingest + Geoparser, off the page's thread) ──Article──▶ corpus
//! corpus + corrections + filter ──model::group_places──▶ places ──▶ map markers, place list
//! selection ──▶ popup (passages, candidates)      reader ──▶ reader pane
//! ```
//!
//! Where to look: a mention is recognised and resolved by the library in the worker
//! (`worker.rs` calls [`crate::Geoparser`]); its article reaches the page in `client/receive.rs`;
//! [`model::group_places`] makes it part of a place; `map/redraw.rs` (`render`) draws the
//! place's marker, `places.rs` its row, `reader.rs` the highlighted mention, `popup.rs` its
//! passage.
//!
//! Design notes:
//!
//! * **Which code runs where.** [`model`] and [`protocol`] are pure and build on every target,
//!   so `tests/web.rs` tests them natively; everything else needs the browser (DOM, Leaflet,
//!   Web Workers) and exists on wasm32 only.
//! * **Parsing runs in a pool of Web Workers** (`src/bin/worker.rs`, a trunk
//!   `data-type="worker"` binary built for speed, loaded by `public/worker-loader.js`). The
//!   bundled gazetteer is compiled into the worker's wasm only, so the page's own wasm stays
//!   small and the page never freezes; `index.html` starts the first worker before the page's
//!   wasm so both download at once, and shows the download's progress before the app starts.
//!   A job (`client::Job`) is split between the workers by blocks of articles
//!   ([`protocol::Shard`]); results come back in chunks, are put back in input order, and are
//!   added to the corpus at most every flush interval (`client/receive.rs`). A worker that dies
//!   is replaced.
//! * **Data flows one way.** Components only change state (`state::AppState`, whose domain
//!   methods such as `open_place`, `remove_article` and `clear` keep its signals consistent);
//!   the effects in `app::App` are the only code that moves Leaflet (render, popup, fly, fit)
//!   or writes browser storage (the corpus and the corrections, one effect each). Leaflet's
//!   own events only write state too.
//! * **Markers are redrawn by difference** (`map/redraw.rs`): a place whose count alone
//!   changed keeps its marker; new markers are added in short steps between frames.
//! * **Leaflet through typed bindings** (`leaflet.rs`): every Leaflet method the map calls is
//!   bound there, with typed option structs. Markers are `divIcon`s whose element carries the
//!   place's data attributes. The popup is a Leptos view the app renders into one host
//!   element for its whole life (`PopupPortal` in `app.rs`); Leaflet only shows that element
//!   (`map/popup.rs`). Leaflet and its cluster and heat plugins are classic scripts from npm,
//!   copied by trunk.
//! * **View logic is pure** ([`model`]): grouping, corrections, filters, list rows, reader
//!   marks, a popup's candidates, highlight segments and the URL fragment are plain functions
//!   returning named structs; the map, popups and reader only render what they compute.
//! * **Text is only ever text**: article text, titles and URLs go into text nodes or attribute
//!   values, never HTML; only `http:`/`https:` URLs become links ([`model::safe_link`]).
//! * The offline basemap (`public/basemap/`, made by `gazetteer/shapes.py`) is fetched lazily:
//!   country shapes at start, a country's region outlines when one of its regions is mentioned
//!   (`map/basemap.rs`).

// Pure code: no DOM, built on every target, tested natively by `tests/web.rs`.
pub mod model; // what the page shows, computed from the corpus, corrections and filter
pub mod protocol; // the messages between the page and the parsing workers

// The page (wasm32 only). Components change state; the effects in `app` move the map.
#[cfg(target_arch = "wasm32")]
pub mod app; // `App`: state, effects, layout; `start` mounts it
#[cfg(target_arch = "wasm32")]
pub mod articles; // the article list
#[cfg(target_arch = "wasm32")]
pub mod client; // the page's side of the worker pool
#[cfg(target_arch = "wasm32")]
pub mod geojson_import; // GeoJSON files of places opened as articles
#[cfg(target_arch = "wasm32")]
pub mod input; // the input panel: paste, files, URLs, drag and drop
#[cfg(target_arch = "wasm32")]
pub mod leaflet; // typed Leaflet bindings and option structs
#[cfg(target_arch = "wasm32")]
pub mod map; // the Leaflet map: basemap, markers, view, popup hosting
#[cfg(target_arch = "wasm32")]
pub mod places; // the place list
#[cfg(target_arch = "wasm32")]
pub mod popup; // `PlacePopup`: a place's passages and candidates, with the corrections
#[cfg(target_arch = "wasm32")]
pub mod reader; // the reader pane: an article with its mentions highlighted
#[cfg(target_arch = "wasm32")]
pub mod state; // `AppState`: the signals every component shares, and its domain methods
#[cfg(target_arch = "wasm32")]
pub mod status; // progress and notices
#[cfg(target_arch = "wasm32")]
pub mod storage; // the corpus and corrections in browser storage
#[cfg(target_arch = "wasm32")]
pub mod timeline; // the date filter drawn as a timeline
#[cfg(target_arch = "wasm32")]
pub mod util; // small browser helpers (downloads, timings, country names)
#[cfg(target_arch = "wasm32")]
pub mod worker; // the worker's side (`src/bin/worker.rs`): ingest and geoparse

#[cfg(target_arch = "wasm32")]
pub use app::{sample_document, start, SAMPLE};
