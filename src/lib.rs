//! mentionmap: find the places a news report mentions and resolve them against a
//! gazetteer that ships with the program.
//!
//! Data flows one way, one module per arrow:
//!
//! ```text
//! text ─▶ Document ─▶ tokens ─▶ mentions (spans) ─▶ places (resolved) ─▶ passages ─▶ exports
//!        document     text      recognize           resolve              passage     export
//! ```
//!
//! The library knows no I/O beyond parsing bytes it is handed; the CLI (`src/bin`) and the
//! web app (`src/web`: its view model builds everywhere, the page itself on wasm32 only) are
//! thin shells over [`Geoparser::parse`].
//!
//! Where each step lives:
//!
//! | step | file | what it holds |
//! |---|---|---|
//! | the article | `document.rs` | [`Document`]: text and metadata, the ` date` prefix |
//! | tokens | `text.rs` | tokenising, [`fold_key`] (how names are compared), Cyrillic stems |
//! | mentions | `recognize/` (`mod.rs`, then a file per rule family), `lexicon.rs` | which word runs name a place, with the cue words |
//! | places | `resolve/` (`mod.rs`, `features.rs`, `weights.rs`, `prior.rs`, `context.rs`, `villages.rs`, `memory.rs`) | which candidate each mention means, and how sure |
//! | passages | `passage.rs` | the sentence around a mention, boilerplate flagged |
//! | the whole chain | `geoparse.rs` | [`Geoparser`], [`Mention`], windows for long texts |
//! | names and points | `gazetteer/` (`mod.rs` reader, `format.rs` layout, `build.rs` writer, `place.rs`) | the bundled [`Gazetteer`] |
//! | input | `ingest/` (`records.rs`, `error.rs`, `json.rs`, `csv.rs`, `html.rs`) | articles from txt, JSON Lines, JSON, CSV, HTML |
//! | output | `export/` (`jsonl.rs`, `geojson.rs`, `csv.rs`) | JSON Lines, GeoJSON and CSV |
//! | GeoJSON back in | `geojson.rs` | places and counts read from a FeatureCollection, for the web map |
//! | on the map | `web/` (`model/` pure, `map/redraw.rs` draws, `app.rs` the page) | the browser app |
//!
//! The public surface is what a shell needs: the types re-exported here, [`ingest`],
//! [`export`], [`gazetteer`] (with its builder) and [`geoparse`]. Recognition, resolution,
//! passages and tokenising are the crate's own (`mod`, not `pub mod`), so they can change
//! without breaking anyone, and `missing_docs` (Cargo.toml `[lints]`) keeps every public
//! item documented.
//!
//! ```
//! use mentionmap::{Document, Gazetteer, Geoparser};
//!
//! let parser = Geoparser::new(Gazetteer::bundled());
//! let doc = Document::new("Shelling was reported in the Kharkiv region and near Sumy.");
//! let mentions = parser.parse(&doc);
//! let names: Vec<&str> = mentions.iter().filter_map(|m| m.place.as_ref()).map(|p| p.name.as_str()).collect();
//! assert!(names.contains(&"Sumy"));
//! ```

mod document;
pub mod export;
pub mod gazetteer;
pub mod geojson;
pub mod geoparse;
pub mod ingest;
mod lexicon;
#[cfg(not(target_arch = "wasm32"))]
pub mod parquet_input;
mod passage;
mod recognize;
mod resolve;
mod text;

// The web app is public only for its two entry binaries and its tests. Its pure part
// (`web::model`, `web::protocol`) builds on every target, so `tests/web.rs` runs natively;
// the DOM and Leaflet modules exist on wasm32 only (see `web/mod.rs`).
pub mod web;

pub use document::Document;
pub use gazetteer::{Gazetteer, GazetteerError, Place, PlaceId, PlaceKind};
pub use geoparse::{Geoparser, Mention, MentionKind, ParseOptions, ResolvedPlace};
pub use passage::Passage;
pub use text::fold_key;
