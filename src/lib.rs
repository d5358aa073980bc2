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
//! web app (`src/web`, wasm32 only) are thin shells over [`Geoparser::parse`].
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

pub mod document;
pub mod export;
pub mod gazetteer;
pub mod geoparse;
pub mod ingest;
mod lexicon;
#[cfg(not(target_arch = "wasm32"))]
pub mod parquet_input;
pub mod passage;
pub mod recognize;
pub mod resolve;
pub mod text;

#[cfg(target_arch = "wasm32")]
pub mod web;

pub use document::Document;
pub use gazetteer::{Gazetteer, GazetteerError, Place, PlaceId, PlaceKind};
pub use geoparse::{Geoparser, Mention, MentionKind, ParseOptions, ResolvedPlace};
pub use passage::Passage;
