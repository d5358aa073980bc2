//! Recognition: finding the spans of text that name places.
//!
//! A span is a run of capitalised words (with connectors such as "of" or "upon" inside)
//! that the gazetteer knows, taken longest first. Around it, recognition reads the cues a
//! reader would: a following "region" or "oblast" makes it a region, a following ", Ala."
//! or ", Ukraine" qualifies it, a preceding "President" or a first name makes it a person.
//! Each span gets an `evidence` score: how sure we are that it names a place at all.
//! Choosing *which* place is left to [`crate::resolve`].

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;
use std::thread::LocalKey;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::lexicon::{
    CITY_WORDS, COMMON_WORDS, CONNECTORS, DIRECTION_WORDS, DISTRICT_WORDS, FIRST_NAMES,
    FRONT_WORDS, INSTITUTION_WORDS, NAME_USE_WORDS, OPENERS, ORGANISATION_WORDS, PERSON_TITLES,
    PLACE_PREPOSITIONS, REGION_WORDS, SPEECH_VERBS,
};

use crate::gazetteer::{Gazetteer, NameHit, Namespace, PlaceId, PlaceKind};
use crate::text::{
    cyrillic_stems, fold_key, fold_key_into, is_all_caps, is_capitalized, is_cyrillic_key, Token,
    TokenKind,
};

/// What the words around a span say about the kind of place it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KindCue {
    /// No cue.
    None,
    /// Followed by a word such as "region", "oblast", "province", "state".
    Region,
    /// Followed by "county", "district", "raion", "parish".
    District,
    /// Followed by "city" or "town", or preceded by "city of".
    City,
}

/// The country or region named after a comma that a span's place lies in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Qualifier {
    /// The country or region.
    pub place: PlaceId,
    /// One past its last token.
    pub end_token: usize,
    /// True for an abbreviation ("Ala.", "N.Y."), which only counts after a comma and becomes
    /// a span of its own right after the town's.
    pub abbreviation: bool,
}

/// A span of text that may name a place.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// First token of the span.
    pub first_token: usize,
    /// One past the last token of the span (cue words such as "region" included).
    pub end_token: usize,
    /// Byte offsets in the text.
    pub byte_start: usize,
    /// Byte offset past the end.
    pub byte_end: usize,
    /// Code point offsets in the text.
    pub char_start: usize,
    /// Code point offset past the end.
    pub char_end: usize,
    /// The folded name the places were found under.
    pub key: String,
    /// Candidate places.
    pub hits: Vec<NameHit>,
    /// True for a demonym ("Ukrainian"); `hits` then holds its country.
    pub demonym: bool,
    /// Kind suggested by the surrounding words.
    pub kind_cue: KindCue,
    /// A place named right after a comma ("Alexandria, La."): the span's place lies in it.
    pub qualifier: Option<Qualifier>,
    /// How likely the span names a place at all, from 0 to 1, before resolution.
    pub evidence: f32,
}

/// The span of a state's abbreviation after a town and a comma ("Lawrence, Kan."): a
/// mention of the state in its own right, sure because the town before it was looked up in
/// it.
fn abbreviation_span(text: &str, tokens: &[Token], first_token: usize, q: Qualifier) -> Span {
    let (first, last) = (&tokens[first_token], &tokens[q.end_token - 1]);
    Span {
        first_token,
        end_token: q.end_token,
        byte_start: first.byte_start,
        byte_end: last.byte_end,
        char_start: first.char_start,
        char_end: last.char_end,
        key: fold_key(&text[first.byte_start..last.byte_end]),
        hits: vec![NameHit {
            id: q.place,
            preferred: true,
        }],
        demonym: false,
        kind_cue: KindCue::None,
        qualifier: None,
        evidence: ABBREVIATION_EVIDENCE,
    }
}

/// How sure a state's abbreviation after a town and a comma is a place.
const ABBREVIATION_EVIDENCE: f32 = 0.9;

/// True for an elided article before a capitalised word: "d'Ivoire", "l'Aquila".
fn is_elided_capital(word: &str) -> bool {
    let mut chars = word.chars();
    matches!(chars.next(), Some('d' | 'l'))
        && matches!(chars.next(), Some('\'' | '’'))
        && chars.next().is_some_and(char::is_uppercase)
}

/// True for an English contraction ("I'll", "we've", "I'd", "they're", "don't"): never a
/// place, whatever town a folded "ill" or "ive" would find.
fn is_contraction(word: &str) -> bool {
    let Some((head, tail)) = word.rsplit_once(['\'', '’', 'ʼ']) else {
        return false;
    };
    match tail {
        "ll" | "ve" | "d" | "re" | "m" => !head.is_empty(),
        "t" => head.ends_with(['n', 'N']),
        _ => false,
    }
}

/// Words remembered per thread before the cache starts afresh.
const FIRST_WORD_CACHE_LIMIT: usize = 100_000;

/// A per-thread cache of answers about words, and the gazetteer they came from.
type ThreadCache<V> = RefCell<(Option<u64>, FxHashMap<String, V>)>;

/// The cached answer for `key`, computing and keeping it when missing. The cache starts
/// afresh for another gazetteer or when it holds [`FIRST_WORD_CACHE_LIMIT`] entries.
fn cached<V: Clone>(
    cache: &'static LocalKey<ThreadCache<V>>,
    gazetteer: &Gazetteer,
    key: &str,
    compute: impl FnOnce() -> V,
) -> V {
    let owner = Some(gazetteer.instance());
    cache.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.0 != owner || cache.1.len() > FIRST_WORD_CACHE_LIMIT {
            *cache = (owner, FxHashMap::default());
        }
        if let Some(found) = cache.1.get(key) {
            return found.clone();
        }
        let found = compute();
        cache.1.insert(key.to_string(), found.clone());
        found
    })
}

/// What the name index holds for one folded key.
#[derive(Debug, Clone)]
struct KeyInfo {
    /// The places named so.
    hits: Rc<[NameHit]>,
    /// Some longer name starts with this key.
    longer: bool,
}

/// What a capitalised word may begin.
#[derive(Debug, Clone, Copy)]
struct FirstWord {
    /// A gazetteer name, a demonym, or the first word of a longer name (or Cyrillic, to stem).
    may_start_place: bool,
    /// The word alone is a gazetteer name.
    name: bool,
    /// The word is a demonym.
    demonym: bool,
    /// Some longer name starts with this word.
    longer: bool,
    /// A demonym, or the name of a country, region or large city: a neighbour that does not
    /// make a candidate part of a person's or organisation's name.
    place_word: bool,
    /// Some longer name starts with this word's possessive ("People's Republic").
    longer_possessive: bool,
    /// A title such as "President" that makes the next words a person.
    title: bool,
}

/// Lowercased text of a token; cheap for ASCII.
fn lower<'t>(token: &Token, text: &'t str) -> Cow<'t, str> {
    lowercase(token.text(text))
}

/// A word in lowercase, borrowed when it already is (the common case in English text).
fn lowercase(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .all(|b| b.is_ascii_lowercase() || !b.is_ascii_alphabetic() && b < 0x80)
    {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

/// The recogniser: a gazetteer plus the word lists above.
pub struct Recognizer<'g> {
    gazetteer: &'g Gazetteer,
}

impl<'g> Recognizer<'g> {
    /// A recogniser over `gazetteer`.
    pub fn new(gazetteer: &'g Gazetteer) -> Self {
        Recognizer { gazetteer }
    }

    /// Every span in `text` that may name a place, in text order, not overlapping.
    pub fn spans(&self, text: &str, tokens: &[Token]) -> Vec<Span> {
        let mut spans: Vec<Span> = Vec::new();
        let mut person_words: Vec<String> = Vec::new();
        let mut i = 0;
        let mut skip_person_until = 0;
        while i < tokens.len() {
            let token = &tokens[i];
            let word = token.text(text);
            if token.kind != TokenKind::Word || !is_capitalized(word) || is_contraction(word) {
                i += 1;
                continue;
            }
            let first = self.first_word_cached(word);
            let possessive_follows = first.longer_possessive
                && tokens
                    .get(i + 1)
                    .is_some_and(|t| matches!(t.text(text), "'" | "’"))
                && tokens.get(i + 2).is_some_and(|t| t.text(text) == "s");
            let first = FirstWord {
                may_start_place: first.may_start_place || possessive_follows,
                ..first
            };
            if !first.may_start_place && !first.title {
                i += 1;
                continue;
            }
            let found = if first.may_start_place {
                self.match_at(text, tokens, i, first)
            } else {
                None
            };
            let multiword = found
                .as_ref()
                .is_some_and(|s| s.end_token > i + 1 && !s.demonym);
            if !multiword && first.title && self.followed_by_capital(text, tokens, i + 1) {
                // "President Zelenskyy", "Gen. Syrskyi": skip the name that follows.
                skip_person_until = self.capital_run_end(text, tokens, i + 1);
                person_words.extend(
                    tokens[i + 1..skip_person_until]
                        .iter()
                        .filter(|t| t.kind == TokenKind::Word)
                        .map(|t| fold_key(t.text(text))),
                );
                i += 1;
                continue;
            }
            if i < skip_person_until {
                i += 1;
                continue;
            }
            match found {
                Some(span) => {
                    let next = span.end_token;
                    let after_first_name = i > 0
                        && tokens[i - 1].kind == TokenKind::Word
                        && is_capitalized(tokens[i - 1].text(text))
                        && FIRST_NAMES.contains(&lower(&tokens[i - 1], text));
                    if after_first_name && next == i + 1 {
                        person_words.push(span.key.clone());
                    }
                    let abbreviation = span
                        .qualifier
                        .filter(|q| q.abbreviation)
                        .map(|q| abbreviation_span(text, tokens, span.end_token + 1, q));
                    let next = abbreviation.as_ref().map_or(next, |a| a.end_token);
                    spans.push(span);
                    spans.extend(abbreviation);
                    i = next;
                }
                None => i += 1,
            }
        }
        self.apply_document_evidence(text, tokens, &mut spans);
        for span in spans.iter_mut() {
            if span.end_token - span.first_token == 1
                && !span.demonym
                && person_words.contains(&span.key)
            {
                span.evidence = 0.0;
            }
        }
        spans
    }

    /// [`Self::first_word`] through a per-thread cache that outlives documents: news repeats
    /// its capitalised words ("The", "Ukraine", "President") from article to article.
    fn first_word_cached(&self, word: &str) -> FirstWord {
        thread_local! {
            static CACHE: ThreadCache<FirstWord> = RefCell::default();
        }
        cached(&CACHE, self.gazetteer, word, || self.first_word(word))
    }

    /// The places a plain folded key names, and whether longer names start with it, through
    /// a per-thread cache: recognition asks about the same keys in article after article.
    fn key_info(&self, key: &str) -> KeyInfo {
        thread_local! {
            static CACHE: ThreadCache<KeyInfo> = RefCell::default();
        }
        cached(&CACHE, self.gazetteer, key, || KeyInfo {
            hits: self.gazetteer.hits(Namespace::Name, key).collect(),
            longer: self.gazetteer.has_longer_name(key),
        })
    }

    /// What a capitalised word can be at the start of a span, looked up once per document.
    fn first_word(&self, word: &str) -> FirstWord {
        let g = self.gazetteer;
        let key = fold_key(word);
        let info = self.key_info(&key);
        let name = !info.hits.is_empty();
        let demonym = g.hits(Namespace::Demonym, &key).next().is_some();
        let longer = info.longer;
        let place_word = demonym
            || (name
                && info.hits.iter().any(|h| {
                    g.brief(h.id).is_some_and(|(kind, population, _)| {
                        kind != PlaceKind::City || population >= 100_000
                    })
                }));
        FirstWord {
            place_word,
            longer_possessive: g.has_longer_name(&format!("{key}s")),
            may_start_place: name || demonym || longer || is_cyrillic_key(&key),
            name,
            demonym,
            longer,
            title: PERSON_TITLES.contains(lowercase(word).trim_end_matches('.')),
        }
    }

    fn followed_by_capital(&self, text: &str, tokens: &[Token], mut j: usize) -> bool {
        if tokens
            .get(j)
            .is_some_and(|t| t.kind == TokenKind::Punct && t.text(text) == ".")
        {
            j += 1;
        }
        tokens
            .get(j)
            .is_some_and(|t| t.kind == TokenKind::Word && is_capitalized(t.text(text)))
    }

    fn capital_run_end(&self, text: &str, tokens: &[Token], mut j: usize) -> usize {
        while let Some(t) = tokens.get(j) {
            let s = t.text(text);
            if j > 0 && t.after_newline {
                break;
            }
            let capital_word = t.kind == TokenKind::Word && is_capitalized(s);
            let after_initial = j > 0
                && tokens[j - 1].kind == TokenKind::Word
                && tokens[j - 1].text(text).chars().count() == 1;
            let joiner =
                t.kind == TokenKind::Punct && ((s == "." && after_initial) || s == "-" || s == "'");
            if !(capital_word || joiner) {
                break;
            }
            j += 1;
        }
        j
    }

    /// The longest gazetteer name starting at token `i`, with its cues and evidence.
    fn match_at(&self, text: &str, tokens: &[Token], i: usize, first: FirstWord) -> Option<Span> {
        let g = self.gazetteer;
        let mut key = String::new();
        let mut best: Option<(usize, usize)> = None;
        // A demonym of more than one word: "Sri Lankan", "Latin American".
        let mut best_demonym: Option<(usize, usize)> = None;
        let mut j = i;
        while j < tokens.len() && j - i < 16 {
            let t = &tokens[j];
            if j > i && t.after_newline {
                break;
            }
            match t.kind {
                TokenKind::Word => {
                    let word = t.text(text);
                    let capital = is_capitalized(word) || is_elided_capital(word);
                    if j > i && !capital && !CONNECTORS.contains(&lowercase(word)) {
                        break;
                    }
                    if !key.is_empty() {
                        key.push(' ');
                    }
                    fold_key_into(word, &mut key);
                    let info = (j > i).then(|| self.key_info(&key));
                    let is_name = match &info {
                        None => first.name,
                        Some(info) => capital && !info.hits.is_empty(),
                    };
                    if is_name {
                        best = Some((j + 1, key.len()));
                    } else if j > i && capital && g.hits(Namespace::Demonym, &key).next().is_some()
                    {
                        best_demonym = Some((j + 1, key.len()));
                    }
                    // "Queen Anne's County", "People's Republic": the possessive joins the name.
                    let possessive_follows = tokens
                        .get(j + 1)
                        .is_some_and(|t| matches!(t.text(text), "'" | "’"))
                        && tokens
                            .get(j + 2)
                            .is_some_and(|t| t.kind == TokenKind::Word && t.text(text) == "s");
                    let longer = match &info {
                        None => first.longer || (possessive_follows && first.longer_possessive),
                        Some(info) => {
                            info.longer
                                || (possessive_follows && g.has_longer_name(&format!("{key}s")))
                        }
                    };
                    if !longer || !may_continue(text, tokens, j + 1) {
                        break;
                    }
                }
                TokenKind::Punct => {
                    let p = t.text(text);
                    let apostrophe = p == "'" || p == "’";
                    if j > i
                        && apostrophe
                        && tokens
                            .get(j + 1)
                            .is_some_and(|n| n.kind == TokenKind::Word && n.text(text) == "s")
                    {
                        // "Queen Anne's County": the possessive belongs to the name.
                        key.push('s');
                        j += 2;
                        continue;
                    }
                    let joiner = p == "-" || p == "." || apostrophe;
                    if j == i || !joiner {
                        break;
                    }
                }
                TokenKind::Number => break,
            }
            j += 1;
        }

        let word = tokens[i].text(text);
        let single_word_demonym =
            first.demonym && best.as_ref().is_some_and(|(end, _)| *end == i + 1);
        // A demonym reaching further than any name wins ("Sri Lankan" over "Sri Lanka").
        let longer_demonym = best_demonym.filter(|(d, _)| best.is_none_or(|(n, _)| d > &n));
        let (end, key, demonym) = match (longer_demonym, best) {
            (Some((end, key_len)), _) => {
                key.truncate(key_len);
                (end, key, true)
            }
            (None, Some((end, key_len))) if !single_word_demonym => {
                key.truncate(key_len);
                (end, key, false)
            }
            _ => {
                let folded = fold_key(word);
                if first.demonym {
                    (i + 1, folded, true)
                } else if is_cyrillic_key(&folded) {
                    // A stem that is itself a name ("покровск" for "Покровска") beats one that
                    // only other names reduce to.
                    let stems = cyrillic_stems(&folded);
                    let stem = stems
                        .iter()
                        .find(|s| g.hits(Namespace::Name, s).next().is_some())
                        .or_else(|| {
                            stems
                                .iter()
                                .find(|s| g.hits(Namespace::CyrillicStem, s).next().is_some())
                        })?
                        .clone();
                    (i + 1, stem, false)
                } else {
                    return None;
                }
            }
        };

        let mut hits: Vec<NameHit> = if demonym {
            g.hits(Namespace::Demonym, &key).collect()
        } else {
            let mut h: Vec<NameHit> = self.key_info(&key).hits.to_vec();
            if is_cyrillic_key(&key) && end == i + 1 {
                for extra in g.hits(Namespace::CyrillicStem, &key) {
                    if !h.iter().any(|x| x.id == extra.id) {
                        h.push(extra);
                    }
                }
            }
            h
        };
        if hits.is_empty() {
            return None;
        }

        let mut span = Span {
            first_token: i,
            end_token: end,
            byte_start: tokens[i].byte_start,
            byte_end: tokens[end - 1].byte_end,
            char_start: tokens[i].char_start,
            char_end: tokens[end - 1].char_end,
            key,
            hits: Vec::new(),
            demonym,
            kind_cue: KindCue::None,
            qualifier: None,
            evidence: 0.0,
        };
        if demonym {
            span.evidence = 0.9;
            span.hits = hits;
            return Some(span);
        }
        self.read_kind_cue(text, tokens, &mut span, &mut hits);
        if span.end_token - span.first_token > 1
            && COMMON_WORDS.contains(&lowercase(&text[span.byte_start..span.byte_end]))
        {
            // A common English phrase names a place only by that place's own name, never as
            // another language's name for one ("White House" is not Casablanca).
            hits.retain(|h| h.preferred);
        }
        let surface = &text[span.byte_start..span.byte_end];
        if is_all_caps(surface) && surface.chars().count() <= 3 {
            // "EU", "UK": capitals abbreviate a country or a union, not the town of Eu.
            let country_or_union = |h: &NameHit| {
                matches!(
                    g.brief(h.id),
                    Some((PlaceKind::Country | PlaceKind::Area, _, _))
                )
            };
            if hits.iter().any(country_or_union) {
                hits.retain(country_or_union);
            }
        }
        if hits.is_empty() {
            return None;
        }
        span.qualifier = self.qualifier_after(text, tokens, span.end_token);
        span.hits = hits;
        span.evidence = self.evidence(text, tokens, &span);
        Some(span)
    }

    /// Reads "region", "oblast", "county", "city" after the name (or "city of" before it),
    /// widens the span over the cue word and keeps the places of that kind when there are any.
    fn read_kind_cue(
        &self,
        text: &str,
        tokens: &[Token],
        span: &mut Span,
        hits: &mut Vec<NameHit>,
    ) {
        let g = self.gazetteer;
        let next = tokens
            .get(span.end_token)
            .filter(|t| t.kind == TokenKind::Word && !t.after_newline);
        let Some(next) = next else { return };
        let word = lower(next, text);
        let (cue, kinds): (KindCue, &[PlaceKind]) = if REGION_WORDS.contains(&word)
            || (word == "state" && is_capitalized(next.text(text)))
        {
            (KindCue::Region, &[PlaceKind::Region])
        } else if DISTRICT_WORDS.contains(&word) {
            (KindCue::District, &[PlaceKind::District, PlaceKind::Region])
        } else if CITY_WORDS.contains(&word) {
            (KindCue::City, &[PlaceKind::City])
        } else {
            return;
        };
        let mut of_kind: Vec<NameHit> = hits
            .iter()
            .copied()
            .filter(|h| kinds.contains(&g.place(h.id).kind))
            .collect();
        if of_kind.is_empty() && cue == KindCue::District {
            of_kind = self.districts_named(&span.key);
        }
        if of_kind.is_empty() {
            return;
        }
        *hits = of_kind;
        span.kind_cue = cue;
        if word != "regional" {
            span.end_token += 1;
            span.byte_end = next.byte_end;
            span.char_end = next.char_end;
        }
    }

    /// The raions of Ukraine and Russia whose full name is the key plus a district word:
    /// "Pokrovsk raion" and "the Pokrovsk district" name the district "Pokrovsk Raion", which
    /// the bare key "pokrovsk" does not index (a raion named in the text is what singles out
    /// a village among its namesakes). Elsewhere "Denver District" is a court's name.
    fn districts_named(&self, key: &str) -> Vec<NameHit> {
        let g = self.gazetteer;
        let mut found: Vec<NameHit> = Vec::new();
        for suffix in RAION_SUFFIXES {
            let full = format!("{key} {suffix}");
            for h in g.hits(Namespace::Name, &full) {
                let raion = g.get(h.id).is_some_and(|p| {
                    p.kind == PlaceKind::District && matches!(p.country, Some("UA" | "RU"))
                });
                if raion && !found.iter().any(|f| f.id == h.id) {
                    found.push(h);
                }
            }
        }
        found
    }

    /// A place named right after the span behind a comma: "Alexandria, La.", "Sumy, Ukraine".
    fn qualifier_after(&self, text: &str, tokens: &[Token], end: usize) -> Option<Qualifier> {
        let g = self.gazetteer;
        let comma = tokens.get(end)?;
        if comma.kind != TokenKind::Punct || comma.text(text) != "," {
            return None;
        }
        let mut key = String::new();
        let mut found = None;
        for (j, t) in tokens.iter().enumerate().skip(end + 1).take(4) {
            let s = t.text(text);
            match t.kind {
                TokenKind::Word if is_capitalized(s) => {
                    if !key.is_empty() {
                        key.push(' ');
                    }
                    fold_key_into(s, &mut key);
                    let is_region_or_country = |id: PlaceId| {
                        matches!(
                            g.brief(id),
                            Some((PlaceKind::Country | PlaceKind::Region, _, _))
                        )
                    };
                    let abbreviation = g
                        .hits(Namespace::Qualifier, &key)
                        .map(|h| h.id)
                        .find(|id| is_region_or_country(*id));
                    let name = self
                        .key_info(&key)
                        .hits
                        .iter()
                        .map(|h| h.id)
                        .filter(|id| is_region_or_country(*id))
                        .min_by_key(|id| g.brief(*id).map(|b| b.0));
                    if let Some(place) = abbreviation.or(name) {
                        let dot = tokens
                            .get(j + 1)
                            .is_some_and(|d| d.kind == TokenKind::Punct && d.text(text) == ".");
                        found = Some(Qualifier {
                            place,
                            end_token: if dot && abbreviation.is_some() {
                                j + 2
                            } else {
                                j + 1
                            },
                            abbreviation: abbreviation.is_some() && name.is_none(),
                        });
                    }
                }
                TokenKind::Punct if s == "." => {}
                _ => break,
            }
        }
        found
    }

    /// How place-like the span looks from its own words and their neighbours.
    fn evidence(&self, text: &str, tokens: &[Token], span: &Span) -> f32 {
        let g = self.gazetteer;
        let words = span.end_token - span.first_token;
        let first = &tokens[span.first_token];
        let surface = &text[span.byte_start..span.byte_end];
        let lower_surface = lowercase(surface);
        let best = span
            .hits
            .iter()
            .filter_map(|h| g.brief(h.id))
            .max_by_key(|(kind, population, _)| (kind_weight(*kind), *population));
        let Some((best_kind, best_population, _)) = best else {
            return 0.0;
        };
        let best = Best {
            kind: best_kind,
            population: best_population,
        };
        let mut e: f32 = match best.kind {
            PlaceKind::Country => 0.9,
            PlaceKind::Region => 0.75,
            PlaceKind::Area => 0.7,
            PlaceKind::District => 0.55,
            PlaceKind::City => match best.population {
                p if p >= 1_000_000 => 0.85,
                p if p >= 100_000 => 0.75,
                p if p >= 20_000 => 0.6,
                p if p >= 5_000 => 0.5,
                _ => 0.4,
            },
        };
        if words > 1 {
            e += 0.15;
        }
        if span.kind_cue != KindCue::None {
            e += 0.3;
        }
        if span.qualifier.is_some() {
            e += 0.3;
        }
        if !span.hits.iter().any(|h| h.preferred) {
            e -= 0.1;
        }
        // The word before: a preposition helps, a capitalised non-opener means a longer name.
        if let Some(prev) = span.first_token.checked_sub(1).map(|p| &tokens[p]) {
            let prev_text = prev.text(text);
            let prev_lower = lowercase(prev_text);
            if prev.kind == TokenKind::Word && !first.after_newline {
                if is_capitalized(prev_text) && FIRST_NAMES.contains(&prev_lower) {
                    e -= 0.6;
                } else if is_capitalized(prev_text)
                    && !OPENERS.contains(&prev_lower)
                    && !self.is_place_word(prev_text)
                {
                    e -= 0.45;
                } else if PLACE_PREPOSITIONS.contains(&prev_lower) {
                    e += 0.15;
                }
            }
        }
        // The word after: an organisation word means the name is used as part of a name.
        if let Some(next) = tokens.get(span.end_token).filter(|t| !t.after_newline) {
            let next_text = next.text(text);
            let next_lower = lowercase(next_text);
            if next.kind == TokenKind::Word {
                let surname_follows = words == 1
                    && is_capitalized(next_text)
                    && FIRST_NAMES.contains(&lower_surface)
                    && !self.is_place_word(next_text);
                if surname_follows {
                    // "Vladimir Putin", "Antony Blinken": a first name, however big the town.
                    e -= 0.6;
                } else if NAME_USE_WORDS.contains(&next_lower) {
                    // "the Normandy format", "the Wagner group": a name used to name something.
                    e -= 0.5;
                } else if FRONT_WORDS.contains(&next_lower) {
                    e += 0.2;
                } else if SPEECH_VERBS.contains(&next_lower)
                    && best.kind == PlaceKind::City
                    && best.population < 1_000_000
                {
                    e -= 0.4;
                } else if is_capitalized(next_text) {
                    if ORGANISATION_WORDS.contains(&next_lower) {
                        e -= if best.kind == PlaceKind::Country {
                            0.4
                        } else {
                            0.6
                        };
                    } else if INSTITUTION_WORDS.contains(&next_lower) {
                        e -= if best.kind == PlaceKind::City {
                            0.15
                        } else {
                            0.0
                        };
                    } else if span.kind_cue == KindCue::None
                        && best.kind != PlaceKind::Country
                        && !self.is_place_word(next_text)
                    {
                        e -= 0.2;
                    }
                }
            } else if next.text(text) == "'" || next.text(text) == "’" {
                // possessive: "Kharkiv's mayor"
            }
        }
        // "US", "UK", "EU": capitals that abbreviate a country or a union of them.
        let caps_country =
            is_all_caps(surface) && matches!(best.kind, PlaceKind::Country | PlaceKind::Area);
        if words > 1 && COMMON_WORDS.contains(&lower_surface) {
            e -= 0.45;
        }
        if words == 1
            && DIRECTION_WORDS.contains(&lower_surface)
            && span.kind_cue == KindCue::None
            && span.qualifier.is_none()
        {
            // "Western officials", "Nord Stream": a compass word alone is no region.
            return 0.0;
        }
        // A town whose name is also a common English word (from word frequencies, at build
        // time): "Bell", "Superior", "Leader".
        let common_town = best.kind == PlaceKind::City
            && best.population < COMMON_TOWN_POPULATION
            && span.hits.iter().any(|h| g.is_common_word(h.id));
        if words == 1 && !caps_country {
            if COMMON_WORDS.contains(&lower_surface) || common_town {
                e -= 0.45;
            } else if FIRST_NAMES.contains(&lower_surface) && best.population < 150_000 {
                e -= 0.35;
            }
            if is_all_caps(surface)
                && surface.chars().count() <= 3
                && best.kind != PlaceKind::Country
            {
                e -= 0.4;
            }
            if surface.chars().count() <= 2 {
                e -= 0.3;
            }
            if is_sentence_start(text, tokens, span.first_token)
                && best.kind == PlaceKind::City
                && best.population < 50_000
            {
                e -= 0.2;
            }
        }
        e.clamp(0.0, 1.0)
    }

    /// True when a capitalised word is itself a known place or demonym (so it does not make
    /// its neighbour part of a person's or organisation's name).
    fn is_place_word(&self, word: &str) -> bool {
        self.first_word_cached(word).place_word
    }

    /// Evidence from the whole document: a single word that also appears in lowercase
    /// ("hope", "mobile") is likely a common word.
    fn apply_document_evidence(&self, text: &str, tokens: &[Token], spans: &mut [Span]) {
        let lowered: FxHashSet<String> = spans
            .iter()
            .filter(|s| !s.demonym && s.end_token - s.first_token == 1)
            .map(|s| text[s.byte_start..s.byte_end].to_lowercase())
            .collect();
        if lowered.is_empty() {
            return;
        }
        // Word lengths (up to 63 bytes) worth hashing: most words are skipped on length alone.
        let lengths: u64 = lowered
            .iter()
            .map(|w| 1u64 << w.len().min(63))
            .fold(0, |a, b| a | b);
        let used: FxHashSet<&str> = tokens
            .iter()
            .filter(|t| {
                t.kind == TokenKind::Word
                    && lengths & (1u64 << (t.byte_end - t.byte_start).min(63)) != 0
                    && text.as_bytes()[t.byte_start].is_ascii_lowercase()
            })
            .map(|t| t.text(text))
            .filter(|w| lowered.contains(*w))
            .collect();
        for span in spans.iter_mut() {
            if span.demonym || span.end_token - span.first_token != 1 {
                continue;
            }
            let surface = &text[span.byte_start..span.byte_end];
            if used.contains(surface.to_lowercase().as_str()) {
                span.evidence -= 0.35;
            }
        }
    }
}

/// How the gazetteer spells the district word of a raion's full name.
const RAION_SUFFIXES: [&str; 3] = ["raion", "rayon", "district"];

/// True when the token at `j` could continue a multi-word name: a capitalised word, a
/// connector, or a joining mark on the same line.
fn may_continue(text: &str, tokens: &[Token], j: usize) -> bool {
    let Some(t) = tokens.get(j) else { return false };
    if t.after_newline {
        return false;
    }
    let s = t.text(text);
    match t.kind {
        TokenKind::Word => {
            is_capitalized(s) || is_elided_capital(s) || CONNECTORS.contains(&lowercase(s))
        }
        TokenKind::Punct => matches!(s, "-" | "." | "'" | "’"),
        TokenKind::Number => false,
    }
}

/// The most telling candidate of a span: what evidence weighs.
struct Best {
    kind: PlaceKind,
    population: u64,
}

/// Orders kinds for choosing a span's most telling place: countries first.
fn kind_weight(kind: PlaceKind) -> u8 {
    match kind {
        PlaceKind::Country => 4,
        PlaceKind::Region => 3,
        PlaceKind::Area => 2,
        PlaceKind::City => 1,
        PlaceKind::District => 0,
    }
}

/// Towns at least this large are what their name means, common word or not ("Mobile").
const COMMON_TOWN_POPULATION: u64 = 100_000;

/// True when token `i` begins a sentence: first in the text, after a line break, or after
/// sentence-ending punctuation (possibly followed by a quote or bracket).
pub fn is_sentence_start(text: &str, tokens: &[Token], i: usize) -> bool {
    if i == 0 || tokens[i].after_newline {
        return true;
    }
    let mut j = i;
    while j > 0 {
        j -= 1;
        let t = &tokens[j];
        if t.kind != TokenKind::Punct {
            return false;
        }
        match t.text(text) {
            "." | "!" | "?" | ":" | ";" | "—" | "–" => return true,
            "\"" | "“" | "”" | "'" | "‘" | "(" | "[" | "«" | "-" => {
                if t.after_newline {
                    return true;
                }
                continue;
            }
            _ => return false,
        }
    }
    true
}
