//! The geoparser: recognition, resolution and passages in one call.

use std::ops::ControlFlow;

use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::gazetteer::{Gazetteer, PlaceId, PlaceKind};
use crate::passage::{Passage, Sentences};
use crate::recognize::{Recognizer, Span};
use crate::resolve::{explain, resolve, resolve_window, DocumentMemory, ExplainedCandidate};
use crate::text::{tokenize, Token};

/// What a mention refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    /// A sovereign country or dependent territory.
    Country,
    /// A first-level administrative division: oblast, state, province.
    Region,
    /// A second-level division: county, raion, district.
    District,
    /// A named geographic area with no administrative status: Donbas, the Balkans.
    Area,
    /// A populated place: city, town, village.
    City,
    /// An adjective or noun of nationality ("Ukrainian"); not mapped by default.
    Demonym,
}

impl MentionKind {
    /// Every kind, from country down to city, then demonym: the order lists show them in.
    pub const ALL: [MentionKind; 6] = [
        MentionKind::Country,
        MentionKind::Region,
        MentionKind::District,
        MentionKind::Area,
        MentionKind::City,
        MentionKind::Demonym,
    ];

    /// The kind of a mention of a place of kind `place`: the place's own kind, unless the
    /// mention is a demonym ("Ukrainian" for Ukraine).
    pub fn new(place: PlaceKind, demonym: bool) -> MentionKind {
        if demonym {
            MentionKind::Demonym
        } else {
            MentionKind::from(place)
        }
    }

    /// The place kind this mention kind names; `None` for a demonym.
    pub fn place_kind(self) -> Option<PlaceKind> {
        match self {
            MentionKind::Country => Some(PlaceKind::Country),
            MentionKind::Region => Some(PlaceKind::Region),
            MentionKind::District => Some(PlaceKind::District),
            MentionKind::Area => Some(PlaceKind::Area),
            MentionKind::City => Some(PlaceKind::City),
            MentionKind::Demonym => None,
        }
    }

    /// The kind's name as used in every output format: the place kind's name
    /// ([`PlaceKind::as_str`]), or `demonym`.
    pub fn as_str(self) -> &'static str {
        self.place_kind().map_or("demonym", PlaceKind::as_str)
    }

    /// The kind named by [`MentionKind::as_str`]'s output; `None` for any other text.
    pub fn from_name(name: &str) -> Option<MentionKind> {
        MentionKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl From<PlaceKind> for MentionKind {
    fn from(kind: PlaceKind) -> Self {
        match kind {
            PlaceKind::Country => MentionKind::Country,
            PlaceKind::Region => MentionKind::Region,
            PlaceKind::District => MentionKind::District,
            PlaceKind::Area => MentionKind::Area,
            PlaceKind::City => MentionKind::City,
        }
    }
}

/// A gazetteer place chosen for a mention, with the score that chose it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResolvedPlace {
    /// Index of the place in the gazetteer it came from.
    pub id: PlaceId,
    /// The place's display name.
    pub name: String,
    /// Country, region, district, area or city.
    pub kind: PlaceKind,
    /// Latitude in degrees (WGS 84).
    pub lat: f64,
    /// Longitude in degrees (WGS 84).
    pub lon: f64,
    /// GeoNames id, when the place comes from GeoNames.
    pub geonameid: Option<u32>,
    /// ISO 3166-1 alpha-2 code of the country the place is in.
    pub country: Option<String>,
    /// Name of the first-level region the place is in, when known.
    pub region: Option<String>,
    /// Population, 0 when unknown.
    pub population: u64,
    /// How strongly the evidence supports this place, from 0 to 1.
    pub score: f32,
}

/// One place name found in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Start in the document text, in Unicode code points.
    pub start: usize,
    /// End (exclusive) in the document text, in Unicode code points.
    pub end: usize,
    /// Start in the document text, in bytes.
    pub byte_start: usize,
    /// End (exclusive) in the document text, in bytes.
    pub byte_end: usize,
    /// The mention as written.
    pub text: String,
    /// What the mention names.
    pub kind: MentionKind,
    /// The place the mention was resolved to; for a demonym, its country (not mapped by default).
    pub place: Option<ResolvedPlace>,
    /// Confidence that this span is a place name and that `place` is right, from 0 to 1.
    pub score: f32,
    /// Up to three runners-up, best first, so a user can correct the choice.
    pub candidates: Vec<ResolvedPlace>,
    /// The sentence around the mention.
    pub passage: Passage,
}

impl Mention {
    /// True when the mention should be drawn on a map: resolved and not a demonym.
    pub fn is_mappable(&self) -> bool {
        self.place.is_some() && self.kind != MentionKind::Demonym
    }
}

/// Settings for [`Geoparser`].
#[derive(Debug, Clone, PartialEq)]
pub struct ParseOptions {
    /// Report demonyms ("Ukrainian") as mentions of kind [`MentionKind::Demonym`].
    pub demonyms: bool,
    /// Drop mentions scored below this.
    pub min_score: f32,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            demonyms: true,
            min_score: 0.0,
        }
    }
}

/// Finds and resolves place mentions. Cheap to create and to share between threads.
#[derive(Debug, Clone)]
pub struct Geoparser<'g> {
    gazetteer: &'g Gazetteer,
    options: ParseOptions,
}

impl<'g> Geoparser<'g> {
    /// A geoparser over `gazetteer` with default options.
    pub fn new(gazetteer: &'g Gazetteer) -> Self {
        Geoparser {
            gazetteer,
            options: ParseOptions::default(),
        }
    }

    /// A geoparser with the given options.
    pub fn with_options(gazetteer: &'g Gazetteer, options: ParseOptions) -> Self {
        Geoparser { gazetteer, options }
    }

    /// The gazetteer places are resolved against.
    pub fn gazetteer(&self) -> &'g Gazetteer {
        self.gazetteer
    }

    /// Every place mention in `doc`, in text order.
    pub fn parse(&self, doc: &Document) -> Vec<Mention> {
        self.parse_text(&doc.text)
    }

    /// The spans of `text` that resolution will see.
    fn spans(&self, text: &str, tokens: &[Token]) -> Vec<Span> {
        Recognizer::new(self.gazetteer)
            .spans(text, tokens)
            .into_iter()
            .filter(|s| s.evidence >= MIN_EVIDENCE && (self.options.demonyms || !s.demonym))
            .collect()
    }

    /// Every span that [`Self::parse_text`] resolves, with each candidate's features:
    /// what `scripts/fit-resolution.py` fits the resolution weights on.
    #[doc(hidden)]
    pub fn explain(&self, text: &str) -> Vec<(Span, Vec<ExplainedCandidate>)> {
        let tokens = tokenize(text);
        let spans = self.spans(text, &tokens);
        let explained = explain(self.gazetteer, &spans);
        spans.into_iter().zip(explained).collect()
    }

    /// Every place mention in `text`, in text order.
    pub fn parse_text(&self, text: &str) -> Vec<Mention> {
        let mut mentions = Vec::new();
        self.for_each_mention(text, |m| mentions.push(m));
        mentions
    }

    /// Calls `f` with every place mention in `text`, in text order, as each one is resolved.
    ///
    /// Nothing is collected: memory stays at the text's tokens and name spans however many
    /// mentions there are, where [`Geoparser::parse_text`] holds every mention with its
    /// passage and runners-up (about 1.5 KB each) at once.
    pub fn for_each_mention(&self, text: &str, f: impl FnMut(Mention)) {
        self.mentions_in(text, None, f);
    }

    /// [`Self::for_each_mention`] for one window of a longer text, resolved with what the
    /// earlier windows left in `memory` (and leaving this one's), or alone.
    fn mentions_in(
        &self,
        text: &str,
        memory: Option<&mut DocumentMemory>,
        mut f: impl FnMut(Mention),
    ) {
        let g = self.gazetteer;
        let tokens = tokenize(text);
        let spans = self.spans(text, &tokens);
        let resolutions = match memory {
            Some(memory) => resolve_window(g, &spans, memory),
            None => resolve(g, &spans),
        };
        let sentences = Sentences::from_tokens(text, &tokens);
        for (span, resolution) in spans.iter().zip(resolutions) {
            let Some(best) = resolution.best() else {
                continue;
            };
            let score = (span.evidence * best.probability).clamp(0.0, 1.0);
            if score < self.options.min_score {
                continue;
            }
            let place = self.resolved(best.id, best.probability);
            let kind = MentionKind::new(place.kind, span.demonym);
            f(Mention {
                start: span.range.char_start,
                end: span.range.char_end,
                byte_start: span.range.byte_start,
                byte_end: span.range.byte_end,
                text: span.range.slice(text).to_string(),
                kind,
                place: Some(place),
                score,
                candidates: resolution
                    .ranked
                    .iter()
                    .skip(1)
                    .map(|c| self.resolved(c.id, c.probability))
                    .collect(),
                passage: sentences.passage(text, span.range),
            });
        }
    }

    /// Calls `f` with every place mention in `text`, reading it in windows of at most
    /// `window_bytes` bytes (see [`windows`]) so that a text of any length is geoparsed in
    /// memory bounded by the window. Offsets are into the whole `text`, as from
    /// [`Geoparser::for_each_mention`]. When `f` breaks, no further window is read.
    ///
    /// A text no longer than `window_bytes` is one window, with exactly the mentions of
    /// [`Geoparser::parse_text`]. The windows of a longer text share a bounded summary of
    /// what the earlier ones resolved (`resolve::DocumentMemory`): a name keeps the place it got
    /// in the first window that named it (one sense per document, as within one window),
    /// and the countries, regions and anchor places named earlier count in later windows as
    /// if named there. A passage ends at its window's edge.
    pub fn for_each_mention_windowed(
        &self,
        text: &str,
        window_bytes: usize,
        mut f: impl FnMut(Mention) -> ControlFlow<()>,
    ) {
        let mut memory = DocumentMemory::default();
        for window in windows(text, window_bytes) {
            let mut flow = ControlFlow::Continue(());
            self.mentions_in(window.text, Some(&mut memory), |mut m| {
                if flow.is_break() {
                    return;
                }
                m.start += window.char_start;
                m.end += window.char_start;
                m.byte_start += window.byte_start;
                m.byte_end += window.byte_start;
                m.passage.start += window.char_start;
                m.passage.end += window.char_start;
                flow = f(m);
            });
            if flow.is_break() {
                return;
            }
        }
    }

    fn resolved(&self, id: PlaceId, score: f32) -> ResolvedPlace {
        let g = self.gazetteer;
        let p = g.place(id);
        ResolvedPlace {
            id,
            name: p.name.to_string(),
            kind: p.kind,
            lat: p.lat,
            lon: p.lon,
            geonameid: p.geonameid,
            country: p.country.map(str::to_string),
            region: g
                .region_of(id)
                .filter(|r| *r != id)
                .map(|r| g.place(r).name.to_string()),
            population: p.population,
            score,
        }
    }
}

/// Spans that look less like a place than this are dropped before resolution.
const MIN_EVIDENCE: f32 = 0.35;

/// A piece of a long text, geoparsed on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window<'t> {
    /// Where the window starts in the whole text, in bytes.
    pub byte_start: usize,
    /// Where the window starts in the whole text, in Unicode code points.
    pub char_start: usize,
    /// The window's text.
    pub text: &'t str,
}

/// Cuts `text` into consecutive windows of at most `max_bytes` bytes (but at least one
/// character), which together are the whole text.
///
/// A window ends, in order of preference, after the last paragraph break (a blank line), the
/// last sentence end (`.`, `!` or `?` and a space, or a line break), or the last space in
/// the second half of its reach; only a text with no such break (one 20 MB word) is cut
/// mid-word, at a character boundary.
///
/// ```
/// use mentionmap::geoparse::windows;
/// let text = "Sumy was quiet. Kharkiv was not.\n\nIn Kyiv, sirens.";
/// let parts: Vec<&str> = windows(text, 40).map(|w| w.text).collect();
/// assert_eq!(parts, ["Sumy was quiet. Kharkiv was not.\n\n", "In Kyiv, sirens."]);
/// assert_eq!(parts.concat(), text);
/// ```
pub fn windows(text: &str, max_bytes: usize) -> impl Iterator<Item = Window<'_>> {
    let mut byte_start = 0;
    let mut char_start = 0;
    std::iter::from_fn(move || {
        let rest = &text[byte_start..];
        if rest.is_empty() {
            return None;
        }
        let len = window_len(rest, max_bytes.max(1));
        let window = Window {
            byte_start,
            char_start,
            text: &rest[..len],
        };
        byte_start += len;
        char_start += window.text.chars().count();
        Some(window)
    })
}

/// The length of the first window of `text`, as [`windows`] cuts it.
fn window_len(text: &str, max_bytes: usize) -> usize {
    if text.len() <= max_bytes {
        return text.len();
    }
    let mut limit = max_bytes;
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    if limit == 0 {
        // One character longer than the window: take it whole.
        return text.chars().next().map_or(text.len(), char::len_utf8);
    }
    let b = text.as_bytes();
    let floor = limit / 2;
    let last = |cut: &dyn Fn(usize) -> bool| (floor..limit).rev().find(|&i| cut(i)).map(|i| i + 1);
    let paragraph = |i: usize| b[i] == b'\n' && i > 0 && b[i - 1] == b'\n';
    let sentence = |i: usize| {
        b[i] == b'\n' || (b[i] == b' ' && i > 0 && matches!(b[i - 1], b'.' | b'!' | b'?'))
    };
    let space = |i: usize| b[i].is_ascii_whitespace();
    last(&paragraph)
        .or_else(|| last(&sentence))
        .or_else(|| last(&space))
        .unwrap_or(limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::build::{GazetteerBuilder, PlaceRecord};

    /// A gazetteer of Ukraine and one town.
    fn with_town(town: &str) -> Gazetteer {
        let place = |key: &str, kind, name: &str, parent: Option<&str>| PlaceRecord {
            parent: parent.map(Into::into),
            population: 500_000,
            country: Some("UA".into()),
            ..PlaceRecord::new(key, kind, name, 49.0, 30.0)
        };
        let mut builder = GazetteerBuilder::new();
        builder
            .add(place("city:1", PlaceKind::City, town, Some("country:UA")))
            .add(place("country:UA", PlaceKind::Country, "Ukraine", None));
        Gazetteer::from_bytes(builder.build().expect("builds")).expect("loads")
    }

    /// A gazetteer of Ukraine and Russia, with a small Ukrainian and a large Russian town
    /// of each name in `namesakes`.
    fn with_namesakes(namesakes: &[&str]) -> Gazetteer {
        let place =
            |key: String, kind, name: &str, country: &str, population, parent: Option<&str>| {
                PlaceRecord {
                    parent: parent.map(Into::into),
                    population,
                    country: Some(country.into()),
                    ..PlaceRecord::new(
                        &key,
                        kind,
                        name,
                        50.0,
                        if country == "UA" { 30.0 } else { 45.0 },
                    )
                }
            };
        let mut builder = GazetteerBuilder::new();
        for (country, name) in [("UA", "Ukraine"), ("RU", "Russia")] {
            builder.add(place(
                format!("country:{country}"),
                PlaceKind::Country,
                name,
                country,
                40_000_000,
                None,
            ));
        }
        for (i, town) in namesakes.iter().enumerate() {
            builder
                .add(place(
                    format!("city:ua{i}"),
                    PlaceKind::City,
                    town,
                    "UA",
                    20_000,
                    Some("country:UA"),
                ))
                .add(place(
                    format!("city:ru{i}"),
                    PlaceKind::City,
                    town,
                    "RU",
                    400_000,
                    Some("country:RU"),
                ));
        }
        Gazetteer::from_bytes(builder.build().expect("builds")).expect("loads")
    }

    /// The country of each mention named `name` in `text`, read in windows of `window` bytes.
    fn countries_of(g: &Gazetteer, text: &str, window: usize, name: &str) -> Vec<String> {
        let mut countries = Vec::new();
        Geoparser::new(g).for_each_mention_windowed(text, window, |m| {
            if m.text == name {
                countries.push(m.place.and_then(|p| p.country).unwrap_or_default());
            }
            ControlFlow::Continue(())
        });
        countries
    }

    #[test]
    fn a_name_keeps_its_sense_in_later_windows() {
        let g = with_namesakes(&["Dolyna"]);
        let text = "Shelling hit Dolyna in Ukraine.\n\n\
                    Nothing else happened that night.\n\n\
                    Dolyna was quiet.\n\n";
        let parts: Vec<&str> = windows(text, 40).map(|w| w.text).collect();
        assert_eq!(parts.len(), 3, "{parts:?}");
        // Alone, the third window means the larger namesake; the first decides otherwise.
        assert_eq!(countries_of(&g, parts[2], 40, "Dolyna"), ["RU"]);
        assert_eq!(countries_of(&g, parts[0], 40, "Dolyna"), ["UA"]);
        assert_eq!(countries_of(&g, text, 40, "Dolyna"), ["UA", "UA"]);
    }

    #[test]
    fn later_windows_count_the_countries_named_earlier() {
        let g = with_namesakes(&["Dolyna", "Zorya"]);
        let text = "Ukraine and Ukraine again, Ukraine.\n\n\
                    Nothing else happened that night.\n\n\
                    Zorya was quiet.\n\n";
        assert_eq!(
            countries_of(&g, "Zorya was quiet.\n\n", 40, "Zorya"),
            ["RU"]
        );
        assert_eq!(countries_of(&g, text, 40, "Zorya"), ["UA"]);
    }

    #[test]
    fn one_window_is_the_whole_text_parse() {
        let g = with_namesakes(&["Dolyna", "Zorya"]);
        let text = "Shelling hit Dolyna in Ukraine. Zorya was quiet, Russia said.";
        let mut windowed = Vec::new();
        Geoparser::new(&g).for_each_mention_windowed(text, text.len(), |m| {
            windowed.push(m);
            ControlFlow::Continue(())
        });
        assert_eq!(windowed, Geoparser::new(&g).parse_text(text));
    }

    #[test]
    fn gazetteers_loaded_in_turn_never_share_cached_answers() {
        // Each gazetteer is dropped before the next is made, so the allocator is likely to
        // put the next one at the same address; the per-thread word caches must still tell
        // them apart.
        for town in ["Zorya", "Dolyna", "Zorya", "Dolyna"] {
            let gazetteer = Box::new(with_town(town));
            let names: Vec<String> = Geoparser::new(&gazetteer)
                .parse_text("Shelling hit Zorya and Dolyna overnight.")
                .into_iter()
                .filter_map(|m| m.place.map(|p| p.name))
                .collect();
            assert_eq!(names, [town]);
        }
    }
}
