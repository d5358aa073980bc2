//! The web app's view model: pure functions from geoparsed articles, the user's corrections
//! and the current filter to what the page shows. No DOM and no Leaflet here, so everything in
//! this module is unit-tested in `tests/web.rs`.
//!
//! ```text
//! articles + corrections ──effective()──▶ mentions as the user sees them
//!                         ──group_places()──▶ one PlaceGroup per mapped place, sorted by count
//! ```
//!
//! | file | what it holds |
//! |---|---|
//! | `mod.rs` | [`Article`], [`PlaceKey`], [`MentionRef`], the small screen's [`Panel`] |
//! | `corrections.rs` | [`Corrections`] and [`effective`] |
//! | `filter.rs` | [`Filter`], [`admitted`], [`view_articles`] (what the exports write) |
//! | `places.rs` | [`group_places`], [`PlaceGroup`], [`PlaceRow`], the choropleth's classes |
//! | `passages.rs` | [`passage_items`]: a place's passages for its popup |
//! | `problems.rs` | [`problem_notices`]: the notices for the records a source could not give |
//! | `reader.rs` | [`segments`], titles, [`safe_link`] |
//! | `hash.rs` | [`ViewHash`] |
//! | `timeline.rs` | [`timeline`], day numbers |

mod corrections;
mod filter;
mod hash;
pub mod imported;
mod passages;
mod places;
mod problems;
mod reader;
mod timeline;

pub use corrections::*;
pub use filter::*;
pub use hash::*;
pub use passages::*;
pub use places::*;
pub use problems::*;
pub use reader::*;
pub use timeline::*;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::geoparse::{Mention, MentionKind, ResolvedPlace};
use crate::Document;

/// One geoparsed article: the document and the mentions the geoparser found in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The article as loaded.
    pub doc: Document,
    /// The geoparser's mentions, in text order, before any correction.
    pub mentions: Vec<Mention>,
    /// How many mentions each of `mentions` stands for, when not one: an article read back from
    /// GeoJSON (`web::geojson_import`) carries counts whose passages the file did not keep.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weights: Vec<usize>,
}

impl Article {
    /// How many mentions the mention at `index` stands for (one, unless imported with a count).
    pub fn weight(&self, index: usize) -> usize {
        self.weights.get(index).copied().unwrap_or(1)
    }

    /// The text of `mention`'s passage (`mention` being one of this article's). The page keeps
    /// a passage as its place in the document, its `text` left empty (see
    /// [`WireArticle::into_article`](crate::web::protocol::WireArticle::into_article)): a
    /// passage is about 200 bytes, a third of what the page holds for a corpus. A passage
    /// that carries its text gives that.
    pub fn passage_text<'a>(&'a self, mention: &'a Mention) -> &'a str {
        if !mention.passage.text.is_empty() {
            return &mention.passage.text;
        }
        passage_bytes(&self.doc.text, mention)
            .and_then(|range| self.doc.text.get(range))
            .unwrap_or_default()
    }

    /// `mention` with its passage's text, as the command-line program writes it: for exports.
    pub fn with_passage_text(&self, mut mention: Mention) -> Mention {
        if mention.passage.text.is_empty() {
            mention.passage.text = self.passage_text(&mention).to_string();
        }
        mention
    }
}

/// Where `mention`'s passage lies in `text`, in bytes: it starts `passage.mention_start` code
/// points before the mention and runs `passage.end - passage.start` code points. `None` when
/// the offsets do not fit the text.
fn passage_bytes(text: &str, mention: &Mention) -> Option<std::ops::Range<usize>> {
    let p = &mention.passage;
    let before = text.get(..mention.byte_start)?;
    let start = match p.mention_start {
        0 => mention.byte_start,
        n => before.char_indices().rev().nth(n - 1)?.0,
    };
    let rest = &text[start..];
    let end = match p.end.checked_sub(p.start)? {
        0 => start,
        n => rest
            .char_indices()
            .nth(n)
            .map_or(text.len(), |(at, _)| start + at),
    };
    Some(start..end)
}

/// Identifies a mapped place: the gazetteer id, and whether it was named by a demonym
/// ("Ukrainian" is drawn apart from "Ukraine" so it can be hidden).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PlaceKey {
    /// The gazetteer place id.
    pub id: u32,
    /// True for the group of demonyms pointing at the place.
    pub demonym: bool,
}

impl PlaceKey {
    /// The key's form in URLs: `1234`, or `1234d` for demonyms.
    pub fn to_token(self) -> String {
        if self.demonym {
            format!("{}d", self.id)
        } else {
            self.id.to_string()
        }
    }

    /// Parses [`PlaceKey::to_token`]'s output.
    pub fn from_token(token: &str) -> Option<PlaceKey> {
        let (digits, demonym) = match token.strip_suffix('d') {
            Some(d) => (d, true),
            None => (token, false),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(PlaceKey {
            id: digits.parse().ok()?,
            demonym,
        })
    }
}

/// Where one mention lives: article index in the corpus and mention index in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MentionRef {
    /// Index of the article in the corpus.
    pub article: usize,
    /// Index of the mention in [`Article::mentions`].
    pub index: usize,
}

/// The panel a small screen shows; wide screens show all three side by side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Panel {
    /// The map.
    #[default]
    Map,
    /// Input, place list and article list.
    Places,
    /// The reader.
    Reader,
}

impl Panel {
    /// Every panel, in tab-bar order.
    pub const ALL: [Panel; 3] = [Panel::Map, Panel::Places, Panel::Reader];

    /// The panel's name in the tab bar and in `data-panel`.
    pub fn as_str(self) -> &'static str {
        match self {
            Panel::Map => "map",
            Panel::Places => "places",
            Panel::Reader => "reader",
        }
    }

    /// The tab's label.
    pub fn label(self) -> &'static str {
        match self {
            Panel::Map => "Map",
            Panel::Places => "Places",
            Panel::Reader => "Reader",
        }
    }
}

/// A count with its noun for people: `1 mention`, `3 mentions`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The CSS class of a kind of place (`mm-kind-city`, …), which `app.css` colours: the one place
/// it is built for markers, list dots, reader marks and the legend's swatches.
pub fn kind_class(kind: MentionKind) -> String {
    format!("mm-kind-{}", kind.as_str())
}
