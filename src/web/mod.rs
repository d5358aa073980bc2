//! The web app: a Leptos page around a Leaflet map.
//!
//! ```text
//! input ──Source──▶ worker (ingest + Geoparser, off the page's thread) ──Article──▶ Corpus
//! Corpus + Corrections + Filter ──model::group_places──▶ Places ──▶ map markers, place list
//! Selection ──▶ popup (passages, candidates)      ReaderArticle ──▶ reader pane
//! ```
//!
//! Design notes:
//!
//! * **Parsing runs in a pool of Web Workers** (`src/bin/worker.rs`, a trunk
//!   `data-type="worker"` binary built for speed, loaded by `public/worker-loader.js`). The
//!   bundled gazetteer is compiled into the worker's wasm only, so the page's own wasm stays
//!   small and the page never freezes; `index.html` starts the first worker before the page's
//!   wasm so both download at once, and shows the download's progress before the app starts.
//!   A job is split between the workers by blocks of articles ([`protocol::Shard`]); results
//!   come back in chunks, are put back in input order, and are added to the corpus at most
//!   every [`client`]'s flush interval. A worker that dies is replaced.
//! * **Markers are redrawn by difference** ([`map::render`]): a place whose count alone
//!   changed keeps its marker; new markers are added in short steps between frames.
//! * **Leaflet through thin bindings** ([`leaflet`]): markers are `divIcon`s whose element
//!   carries the place's data attributes. The popup is a Leptos view the app renders into one
//!   host element for its whole life (`PopupPortal` in [`app`]); Leaflet only shows that element.
//!   Leaflet and the cluster plugin are classic scripts from npm, copied by trunk.
//! * **Components only change state; effects in `App` ([`app`]) are the only code that moves Leaflet**
//!   (render, popup, fly, fit) or writes storage. Leaflet's own events only write state too.
//! * **All view logic is pure** ([`model`]): grouping, corrections, filters, highlight
//!   segments and the URL fragment are plain functions, tested in the browser by `tests/web.rs`;
//!   the map, popups and reader only render what it computes.
//! * **Text is only ever text**: article text, titles and URLs go into text nodes or attribute
//!   values, never HTML; only `http:`/`https:` URLs become links ([`model::safe_link`]).
//! * The offline basemap (`public/basemap/`, made by `gazetteer/shapes.py`) is fetched lazily:
//!   country shapes at start, a country's region outlines when one of its regions is mentioned.

pub mod app;
pub mod articles;
pub mod client;
pub mod input;
pub mod leaflet;
pub mod map;
pub mod model;
pub mod places;
pub mod popup;
pub mod protocol;
pub mod reader;
pub mod state;
pub mod status;
pub mod storage;
pub mod timeline;
pub mod util;
pub mod worker;

pub use app::{sample_document, start, SAMPLE};
