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

/// The place filter: what was typed, and the places the gazetteer knows by that name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlaceQuery {
    /// The text typed, case- and accent-folded; empty shows every place.
    pub folded: String,
    /// Gazetteer ids of the places named exactly that, in any language ("Kharkov",
    /// "Харків" name Kharkiv), as the parsing worker answered.
    pub ids: std::collections::BTreeSet<u32>,
}

impl PlaceQuery {
    /// A query for `text`, before the gazetteer has answered.
    pub fn new(text: &str) -> PlaceQuery {
        PlaceQuery {
            folded: crate::text::fold_key(text.trim()),
            ids: Default::default(),
        }
    }

    /// True when the place matches: its display name or a name it was written as contains
    /// the text, or the gazetteer knows it by that name.
    pub fn matches(&self, group: &PlaceGroup) -> bool {
        self.folded.is_empty()
            || self.ids.contains(&group.key.id)
            || crate::text::fold_key(&group.place.name).contains(&self.folded)
            || group
                .names
                .iter()
                .any(|(n, _)| crate::text::fold_key(n).contains(&self.folded))
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
    /// Only places matching this, on the map and in the list.
    pub places: PlaceQuery,
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
    groups.retain(|g| filter.places.matches(g));
    groups.sort_by(|a, b| {
        b.count()
            .cmp(&a.count())
            .then_with(|| a.place.name.cmp(&b.place.name))
            .then_with(|| a.key.cmp(&b.key))
    });
    groups
}

/// Where the reader pane should go: a mention to scroll to, and whether keyboard focus
/// follows (it does when the user asked for the passage, not when a marker was clicked).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReaderTarget {
    /// The mention to show.
    pub at: MentionRef,
    /// Move keyboard focus to the mention.
    pub focus: bool,
}

/// The mention the reader shows first for a place: its first mention outside site
/// boilerplate, else its first mention.
pub fn first_passage(group: &PlaceGroup, articles: &[Arc<Article>]) -> Option<MentionRef> {
    let boilerplate = |r: &MentionRef| {
        articles
            .get(r.article)
            .and_then(|a| a.mentions.get(r.index))
            .is_none_or(|m| m.passage.boilerplate)
    };
    group
        .mentions
        .iter()
        .find(|r| !boilerplate(r))
        .or_else(|| group.mentions.first())
        .copied()
}

/// A name the user marked "not a place" from a popup, kept so that popup can undo it in place.
#[derive(Debug, Clone, PartialEq)]
pub struct Removal {
    /// The place whose popup offered the button.
    pub key: PlaceKey,
    /// The name as written.
    pub name: String,
    /// The name's correction before, restored by undo.
    pub previous: Option<Correction>,
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

/// Classes of a choropleth by mention count: the lowest count of each class, from 1 up,
/// on a 1-2-5 scale so the legend reads in round numbers; at most `classes` of them.
///
/// ```text
/// counts up to 3    -> [1, 2]           ("1", "2–3")
/// counts up to 700  -> [1, 5, 20, 100, 500]
/// ```
pub fn count_classes(max_count: usize, classes: usize) -> Vec<usize> {
    let mut steps: Vec<usize> = Vec::new();
    let mut magnitude = 1usize;
    'scale: loop {
        for m in [1, 2, 5] {
            let step = magnitude.saturating_mul(m);
            if step > max_count {
                break 'scale;
            }
            steps.push(step);
        }
        magnitude = magnitude.saturating_mul(10);
    }
    if steps.len() <= classes || classes < 2 {
        steps.truncate(classes.max(1));
        return steps;
    }
    // Keep the first and last and spread the rest evenly.
    (0..classes)
        .map(|i| steps[i * (steps.len() - 1) / (classes - 1)])
        .collect()
}

/// The class of `count` among [`count_classes`]'s lower bounds.
pub fn class_of(count: usize, lower_bounds: &[usize]) -> usize {
    lower_bounds
        .iter()
        .rposition(|&low| count >= low)
        .unwrap_or(0)
}

/// One row of the place list.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceRow {
    /// The place.
    pub key: PlaceKey,
    /// Its display name.
    pub name: String,
    /// How it is drawn.
    pub kind: MentionKind,
    /// ISO 3166-1 alpha-2 code of its country.
    pub country: Option<String>,
    /// Mentions in view.
    pub count: usize,
    /// True when a correction put some of them here.
    pub corrected: bool,
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

/// The map view, selected place and date range, as kept in the URL's fragment:
/// `#map=ZOOM/LAT/LON&place=KEY&from=YYYY-MM-DD&to=YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ViewHash {
    /// `(zoom, lat, lon)`.
    pub view: Option<(f64, f64, f64)>,
    /// The selected place.
    pub place: Option<PlaceKey>,
    /// First day of the date range.
    pub from: Option<String>,
    /// Last day of the date range.
    pub to: Option<String>,
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
                "from" | "to" if value.len() == 10 && day_number(value).is_some() => {
                    let date = Some(value.to_string());
                    if key == "from" {
                        out.from = date;
                    } else {
                        out.to = date;
                    }
                }
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
        if let Some(from) = &self.from {
            parts.push(format!("from={from}"));
        }
        if let Some(to) = &self.to {
            parts.push(format!("to={to}"));
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

/// Days since 1970-01-01 of a date written `YYYY-MM-DD` (anything after the tenth character,
/// such as a time, is ignored); `None` when it is not a real date.
pub fn day_number(date: &str) -> Option<i64> {
    let d = date.get(..10)?;
    let b = d.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = d.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (y, m, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || day < 1 || day > month_days[(m - 1) as usize] {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The `YYYY-MM-DD` of a [`day_number`].
pub fn date_of_day(days: i64) -> String {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// How long one bar of the timeline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    /// One day.
    Day,
    /// One week, Monday to Sunday.
    Week,
}

/// One bar of the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeBin {
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, inclusive.
    pub to: String,
    /// Mentions on the map from articles of these days.
    pub mentions: usize,
    /// Articles of these days.
    pub articles: usize,
}

/// The timeline's histogram: mentions per day or week over the corpus's dates, whatever the
/// chosen date range (which the timeline draws on top).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// Bars, oldest first, with no gaps (empty days or weeks have a bar of 0).
    pub bins: Vec<TimeBin>,
    /// Days or weeks.
    pub unit: TimeUnit,
    /// Articles without a date: never filtered out by a date range.
    pub undated: usize,
}

impl Timeline {
    /// The tallest bar.
    pub fn max(&self) -> usize {
        self.bins.iter().map(|b| b.mentions).max().unwrap_or(0)
    }

    /// The bars the range `from..=to` covers, as indices: `None` when it covers every bar.
    pub fn selected(&self, from: Option<&str>, to: Option<&str>) -> Option<(usize, usize)> {
        if self.bins.is_empty() || (from.is_none() && to.is_none()) {
            return None;
        }
        let lo = from.map_or(0, |f| {
            self.bins
                .iter()
                .position(|b| b.to.as_str() >= f)
                .unwrap_or(self.bins.len())
        });
        let hi = to.map_or(self.bins.len() - 1, |t| {
            self.bins
                .iter()
                .rposition(|b| b.from.as_str() <= t)
                .unwrap_or(0)
        });
        Some((
            lo.min(self.bins.len() - 1),
            hi.max(lo.min(self.bins.len() - 1)),
        ))
    }
}

/// Bars of a day up to this many days; weeks beyond.
const DAY_BARS_UP_TO: i64 = 92;

/// The timeline of the corpus as the map shows it (corrections, demonyms and the place filter
/// applied; the date range not); `None` when no article has a date.
pub fn timeline(
    articles: &[Arc<Article>],
    corrections: &Corrections,
    filter: &Filter,
) -> Option<Timeline> {
    let all_dates = Filter {
        from: None,
        to: None,
        ..filter.clone()
    };
    let allowed: Option<std::collections::HashSet<PlaceKey>> = (!filter.places.folded.is_empty())
        .then(|| {
            group_places(articles, corrections, &all_dates)
                .iter()
                .map(|g| g.key)
                .collect()
        });
    let mut undated = 0;
    let mut per_day: Vec<(i64, usize)> = Vec::new();
    for article in articles {
        let Some(day) = article.doc.date.as_deref().and_then(day_number) else {
            undated += 1;
            continue;
        };
        let mentions = article
            .mentions
            .iter()
            .filter_map(|m| effective(m, corrections))
            .filter(|e| {
                let m = e.mention.as_ref();
                all_dates.shows(m)
                    && allowed.as_ref().is_none_or(|keys| {
                        m.place.as_ref().is_some_and(|p| {
                            keys.contains(&PlaceKey {
                                id: p.id.0,
                                demonym: m.kind == MentionKind::Demonym,
                            })
                        })
                    })
            })
            .count();
        per_day.push((day, mentions));
    }
    let first = per_day.iter().map(|d| d.0).min()?;
    let last = per_day.iter().map(|d| d.0).max()?;
    let unit = if last - first < DAY_BARS_UP_TO {
        TimeUnit::Day
    } else {
        TimeUnit::Week
    };
    let (start, step) = match unit {
        TimeUnit::Day => (first, 1),
        // 1970-01-01 was a Thursday: weeks start three days before.
        TimeUnit::Week => (first - (first + 3).rem_euclid(7), 7),
    };
    let count = ((last - start) / step + 1) as usize;
    let mut bins: Vec<TimeBin> = (0..count)
        .map(|i| {
            let from = start + i as i64 * step;
            TimeBin {
                from: date_of_day(from),
                to: date_of_day(from + step - 1),
                mentions: 0,
                articles: 0,
            }
        })
        .collect();
    for (day, mentions) in per_day {
        let bin = &mut bins[((day - start) / step) as usize];
        bin.mentions += mentions;
        bin.articles += 1;
    }
    Some(Timeline {
        bins,
        unit,
        undated,
    })
}

/// Indices of the articles in the date range, in corpus order.
pub fn admitted(articles: &[Arc<Article>], filter: &Filter) -> Vec<usize> {
    articles
        .iter()
        .enumerate()
        .filter(|(_, a)| filter.admits(&a.doc))
        .map(|(i, _)| i)
        .collect()
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
    // With a place filter, only the places it lets on the map.
    let allowed: Option<std::collections::HashSet<PlaceKey>> = (!filter.places.folded.is_empty())
        .then(|| {
            group_places(articles, corrections, filter)
                .iter()
                .map(|g| g.key)
                .collect()
        });
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
                .filter(|m| {
                    allowed.as_ref().is_none_or(|keys| {
                        m.place.as_ref().is_some_and(|p| {
                            keys.contains(&PlaceKey {
                                id: p.id.0,
                                demonym: m.kind == MentionKind::Demonym,
                            })
                        })
                    })
                })
                .collect();
            (a.doc.clone(), mentions)
        })
        .collect()
}
