//! The web app's view model: pure functions from geoparsed articles, the user's corrections
//! and the current filter to what the page shows. No DOM and no Leaflet here, so everything in
//! this module is unit-tested in `tests/web.rs`.
//!
//! ```text
//! articles + corrections ──effective()──▶ mentions as the user sees them
//!                         ──group_places()──▶ one PlaceGroup per mapped place, sorted by count
//! ```

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

/// What the user decided about a name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Correction {
    /// The name refers to this place.
    Place {
        /// The chosen place (one of the mention's candidates).
        place: ResolvedPlace,
    },
    /// The name is not a place here ("Sumy" in a surname, say).
    NotAPlace,
}

/// The user's corrections, keyed by the folded name so one decision applies to every mention
/// of that name across the corpus.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Corrections {
    by_name: BTreeMap<String, Correction>,
}

impl Corrections {
    /// The key a mention's text is filed under: case- and accent-folded.
    pub fn key(text: &str) -> String {
        crate::text::fold_key(text)
    }

    /// The correction for a name as written, if any.
    pub fn get(&self, text: &str) -> Option<&Correction> {
        self.by_name.get(&Self::key(text))
    }

    /// Records a correction for every mention of `text`.
    pub fn set(&mut self, text: &str, correction: Correction) {
        self.by_name.insert(Self::key(text), correction);
    }

    /// Forgets the correction for `text`; true when there was one.
    pub fn remove(&mut self, text: &str) -> bool {
        self.by_name.remove(&Self::key(text)).is_some()
    }

    /// Number of corrected names.
    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    /// True when nothing was corrected.
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }
}

/// A mention as the user sees it, after corrections.
#[derive(Debug, Clone, PartialEq)]
pub struct Effective<'a> {
    /// The mention, rewritten when corrected.
    pub mention: Cow<'a, Mention>,
    /// True when a correction chose the place.
    pub corrected: bool,
}

/// The mention after the user's corrections: `None` when marked "not a place".
///
/// A corrected mention takes the chosen place; its candidates become the original choice and
/// the other runners-up, so the user can switch back.
pub fn effective<'a>(mention: &'a Mention, corrections: &Corrections) -> Option<Effective<'a>> {
    match corrections.get(&mention.text) {
        None => Some(Effective {
            mention: Cow::Borrowed(mention),
            corrected: false,
        }),
        Some(Correction::NotAPlace) => None,
        Some(Correction::Place { place }) => {
            if mention.place.as_ref().is_some_and(|p| p.id == place.id) {
                return Some(Effective {
                    mention: Cow::Borrowed(mention),
                    corrected: true,
                });
            }
            let mut m = mention.clone();
            let mut candidates: Vec<ResolvedPlace> = Vec::new();
            for p in mention.place.iter().chain(mention.candidates.iter()) {
                if p.id != place.id && !candidates.iter().any(|c| c.id == p.id) {
                    candidates.push(p.clone());
                }
            }
            m.candidates = candidates;
            if m.kind != MentionKind::Demonym {
                m.kind = place.kind.into();
            }
            m.place = Some(place.clone());
            Some(Effective {
                mention: Cow::Owned(m),
                corrected: true,
            })
        }
    }
}

/// What the user chose to see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Earliest article date shown (`YYYY-MM-DD`), inclusive.
    pub from: Option<String>,
    /// Latest article date shown, inclusive.
    pub to: Option<String>,
    /// Show demonyms ("Ukrainian") as places.
    pub demonyms: bool,
}

impl Filter {
    /// True when the article is in the date range. Undated articles are always shown, since
    /// nothing says they are out of range.
    pub fn admits(&self, doc: &Document) -> bool {
        let Some(date) = doc.date.as_deref().map(|d| d.get(..10).unwrap_or(d)) else {
            return true;
        };
        self.from.as_deref().is_none_or(|from| date >= from)
            && self.to.as_deref().is_none_or(|to| date <= to)
    }

    /// True when the (effective) mention is drawn: resolved, and not a hidden demonym.
    pub fn shows(&self, mention: &Mention) -> bool {
        mention.place.is_some() && (self.demonyms || mention.kind != MentionKind::Demonym)
    }
}

/// Every mention of one place in the visible articles.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceGroup {
    /// The place's key.
    pub key: PlaceKey,
    /// The place (as resolved or corrected).
    pub place: ResolvedPlace,
    /// How the place is drawn: the kind of its mentions (demonym, or the place's kind).
    pub kind: MentionKind,
    /// Mentions, in corpus order.
    pub mentions: Vec<MentionRef>,
    /// Number of distinct articles that mention it.
    pub articles: usize,
    /// Names as written, with counts, most frequent first.
    pub names: Vec<(String, usize)>,
    /// True when at least one mention was placed here by a correction.
    pub corrected: bool,
}

impl PlaceGroup {
    /// Number of mentions.
    pub fn count(&self) -> usize {
        self.mentions.len()
    }
}

/// Groups the visible, effective mentions of a corpus by place; most mentioned first, then by
/// name.
pub fn group_places(
    articles: &[Arc<Article>],
    corrections: &Corrections,
    filter: &Filter,
) -> Vec<PlaceGroup> {
    let mut groups: Vec<PlaceGroup> = Vec::new();
    let mut slot: HashMap<PlaceKey, usize> = HashMap::new();
    for (ai, article) in articles.iter().enumerate() {
        if !filter.admits(&article.doc) {
            continue;
        }
        for (mi, raw) in article.mentions.iter().enumerate() {
            let Some(eff) = effective(raw, corrections) else {
                continue;
            };
            let m = eff.mention.as_ref();
            if !filter.shows(m) {
                continue;
            }
            let Some(place) = m.place.as_ref() else {
                continue;
            };
            let key = PlaceKey {
                id: place.id.0,
                demonym: m.kind == MentionKind::Demonym,
            };
            let at = *slot.entry(key).or_insert_with(|| {
                groups.push(PlaceGroup {
                    key,
                    place: place.clone(),
                    kind: if key.demonym {
                        MentionKind::Demonym
                    } else {
                        place.kind.into()
                    },
                    mentions: Vec::new(),
                    articles: 0,
                    names: Vec::new(),
                    corrected: false,
                });
                groups.len() - 1
            });
            let g = &mut groups[at];
            if g.mentions.last().is_none_or(|last| last.article != ai) {
                g.articles += 1;
            }
            g.mentions.push(MentionRef {
                article: ai,
                index: mi,
            });
            g.corrected |= eff.corrected;
            match g.names.iter_mut().find(|(n, _)| n == &m.text) {
                Some((_, c)) => *c += 1,
                None => g.names.push((m.text.clone(), 1)),
            }
        }
    }
    for g in &mut groups {
        g.names
            .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    }
    groups.sort_by(|a, b| {
        b.count()
            .cmp(&a.count())
            .then_with(|| a.place.name.cmp(&b.place.name))
            .then_with(|| a.key.cmp(&b.key))
    });
    groups
}

/// A piece of text to render: plain, or a highlighted mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Plain text.
    Text(String),
    /// A highlighted span; `tag` is the caller's number for it (e.g. the mention index).
    Mark {
        /// The highlighted text.
        text: String,
        /// Caller's tag, returned unchanged.
        tag: usize,
    },
}

/// Cuts `text` into plain and highlighted segments. Spans are `(start, end, tag)` in Unicode
/// code points, end exclusive; spans that overlap an earlier one or fall outside the text are
/// skipped, so bad offsets never panic.
pub fn segments(text: &str, spans: &[(usize, usize, usize)]) -> Vec<Segment> {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let chars = bounds.len() - 1;
    let mut sorted: Vec<(usize, usize, usize)> = spans.to_vec();
    sorted.sort_by_key(|s| (s.0, s.1));
    let mut out = Vec::new();
    let mut at = 0usize;
    for (start, end, tag) in sorted {
        if start < at || end <= start || end > chars {
            continue;
        }
        if start > at {
            out.push(Segment::Text(text[bounds[at]..bounds[start]].to_string()));
        }
        out.push(Segment::Mark {
            text: text[bounds[start]..bounds[end]].to_string(),
            tag,
        });
        at = end;
    }
    if at < chars {
        out.push(Segment::Text(text[bounds[at]..].to_string()));
    }
    out
}

/// The map view and selected place, as kept in the URL's fragment:
/// `#map=ZOOM/LAT/LON&place=KEY`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ViewHash {
    /// `(zoom, lat, lon)`.
    pub view: Option<(f64, f64, f64)>,
    /// The selected place.
    pub place: Option<PlaceKey>,
}

impl ViewHash {
    /// Reads a fragment (with or without the leading `#`); unknown or malformed parts are ignored.
    pub fn parse(hash: &str) -> ViewHash {
        let mut out = ViewHash::default();
        for part in hash.trim_start_matches('#').split('&') {
            let Some((key, value)) = part.split_once('=') else {
                continue;
            };
            match key {
                "map" => {
                    let nums: Vec<f64> = value
                        .split('/')
                        .filter_map(|v| v.parse::<f64>().ok())
                        .collect();
                    if let [zoom, lat, lon] = nums[..] {
                        if (0.0..=22.0).contains(&zoom)
                            && (-90.0..=90.0).contains(&lat)
                            && (-180.0..=180.0).contains(&lon)
                        {
                            out.view = Some((zoom, lat, lon));
                        }
                    }
                }
                "place" => out.place = PlaceKey::from_token(value),
                _ => {}
            }
        }
        out
    }

    /// Writes the fragment, with the leading `#`; empty when there is nothing to keep.
    pub fn format(&self) -> String {
        let mut parts = Vec::new();
        if let Some((zoom, lat, lon)) = self.view {
            let zoom = if zoom.fract() == 0.0 {
                format!("{zoom:.0}")
            } else {
                format!("{zoom:.2}")
            };
            parts.push(format!("map={zoom}/{lat:.4}/{lon:.4}"));
        }
        if let Some(place) = self.place {
            parts.push(format!("place={}", place.to_token()));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("#{}", parts.join("&"))
        }
    }
}

/// The URL when it may be made a link: only `http:` and `https:` URLs, never `javascript:` or
/// `data:`.
pub fn safe_link(url: &str) -> Option<&str> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let ok = lower.starts_with("http://") || lower.starts_with("https://");
    (ok && url.len() > lower.find("//").unwrap_or(0) + 2 && !url.chars().any(char::is_control))
        .then_some(url)
}

/// Coordinates for people: `50.9077° N, 34.7981° E`.
pub fn format_coords(lat: f64, lon: f64) -> String {
    let ns = if lat >= 0.0 { 'N' } else { 'S' };
    let ew = if lon >= 0.0 { 'E' } else { 'W' };
    format!("{:.4}° {ns}, {:.4}° {ew}", lat.abs(), lon.abs())
}

/// The article's first line, when it reads like a headline (short and followed by more text).
pub fn headline(text: &str) -> Option<String> {
    let trimmed = text.trim_start();
    let (first, rest) = trimmed.split_once('\n')?;
    let first = first.trim();
    let words = first.split_whitespace().count();
    (!first.is_empty() && first.chars().count() <= 160 && words >= 2 && !rest.trim().is_empty())
        .then(|| first.to_string())
}

/// A title for people: the headline, else the text's first words (an id like
/// `20220125T090000Z_GB_en_7d015e6984` says little).
pub fn display_title(doc: &Document) -> String {
    if let Some(title) = doc
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        return title.to_string();
    }
    let words: Vec<&str> = doc.text.split_whitespace().take(12).collect();
    if words.is_empty() {
        return doc.label();
    }
    let more = doc.text.split_whitespace().nth(12).is_some();
    format!("{}{}", words.join(" "), if more { " …" } else { "" })
}

/// How many leading characters of `text` repeat the title (the headline line and the blank
/// lines after it), so the reader can show the title once; 0 when the text does not start
/// with it.
pub fn title_prefix_len(text: &str, title: Option<&str>) -> usize {
    let Some(title) = title.map(str::trim).filter(|t| !t.is_empty()) else {
        return 0;
    };
    let lead = text.len() - text.trim_start().len();
    let rest = &text[lead..];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    if rest[..line_end].trim() != title {
        return 0;
    }
    let after = &rest[line_end..];
    let gap = after.len() - after.trim_start().len();
    text[..lead + line_end + gap].chars().count()
}

/// The smallest and largest article dates, `YYYY-MM-DD`.
pub fn date_range(articles: &[Arc<Article>]) -> Option<(String, String)> {
    let mut dates = articles
        .iter()
        .filter_map(|a| a.doc.date.as_deref())
        .filter_map(|d| d.get(..10));
    let first = dates.next()?;
    let (lo, hi) = dates.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d)));
    Some((lo.to_string(), hi.to_string()))
}

/// The current view as documents with their effective, visible mentions: what the exports
/// write. Articles outside the date range are left out; corrections are applied; hidden
/// demonyms and "not a place" mentions are dropped.
pub fn view_articles(
    articles: &[Arc<Article>],
    corrections: &Corrections,
    filter: &Filter,
) -> Vec<(Document, Vec<Mention>)> {
    articles
        .iter()
        .filter(|a| filter.admits(&a.doc))
        .map(|a| {
            let mentions = a
                .mentions
                .iter()
                .filter_map(|m| effective(m, corrections))
                .map(|e| e.mention.into_owned())
                .filter(|m| filter.shows(m))
                .collect();
            (a.doc.clone(), mentions)
        })
        .collect()
}
