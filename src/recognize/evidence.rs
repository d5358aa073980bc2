//! Evidence: how sure recognition is that a span names a place at all, from 0 to 1.
//!
//! A reader decides that from the name's best candidate (a country's name almost always
//! means the country; a hamlet's name is often a surname or a word) and from the words
//! around it ("in Kherson", "Kherson region" for; "Vladimir Putin", "the Wagner group"
//! against). Each of those readings is one named step below, and each weight is a named
//! constant, so a false positive leads to the rule that let it through. The steps add up in
//! a fixed order, the one the output was made with. Resolution then weighs the span by its
//! evidence: a doubtful name casts a smaller vote for its country.

use rustc_hash::FxHashSet;

use super::words::{is_sentence_start, lowercase};
use super::{KindCue, Recognizer, Span};
use crate::gazetteer::{Brief, PlaceKind};
use crate::lexicon::{
    COMMON_WORDS, DIRECTION_WORDS, FIRST_NAMES, FRONT_WORDS, INSTITUTION_WORDS, NAME_USE_WORDS,
    OPENERS, ORGANISATION_WORDS, PLACE_PREPOSITIONS, SPEECH_VERBS,
};
use crate::text::{is_all_caps, is_capitalized, TokenKind, Tokenized};

/// Evidence of a country's name before its neighbours are read.
const COUNTRY: f32 = 0.9;
/// Evidence of a first-level region's name.
const REGION: f32 = 0.75;
/// Evidence of a named area's name (a continent, a sea, Donbas).
const AREA: f32 = 0.7;
/// Evidence of a district's name.
const DISTRICT: f32 = 0.55;
/// Evidence of a town's name by population: the first row it reaches.
const TOWN_BY_POPULATION: [(u64, f32); 4] = [
    (1_000_000, 0.85),
    (100_000, 0.75),
    (20_000, 0.6),
    (5_000, 0.5),
];
/// Evidence of a smaller town's name (or one of unknown population).
const SMALL_TOWN: f32 = 0.4;

/// A name of more than one word ("Nova Kakhovka") is seldom anything else.
const MULTIWORD_BONUS: f32 = 0.15;
/// "region", "raion", "city" after the name.
const KIND_CUE_BONUS: f32 = 0.3;
/// A country or region after a comma ("Alexandria, La.").
const QUALIFIER_BONUS: f32 = 0.3;
/// The name is only another spelling of every candidate.
const OTHER_SPELLING_PENALTY: f32 = 0.1;

/// A first name before the name, or a name used as a first name before a surname: a person.
const PERSON_NAME_PENALTY: f32 = 0.6;
/// A capitalised word before the name that opens no sentence: part of a longer name.
const INSIDE_LONGER_NAME_PENALTY: f32 = 0.45;
/// "in", "near", "outside" before the name.
const PREPOSITION_BONUS: f32 = 0.15;
/// "format", "group", "accords" after the name: a name used to name something else.
const NAME_USE_PENALTY: f32 = 0.5;
/// "front", "direction", "axis" after the name.
const FRONT_WORD_BONUS: f32 = 0.2;
/// "said", "told" after a town's name: a person speaking ("Bell said").
const SPEECH_VERB_PENALTY: f32 = 0.4;
/// Towns this large are not people, whatever verb follows them.
const SPEECH_VERB_MAX_POPULATION: u64 = 1_000_000;
/// "Ministry", "Party", "Airlines" after a country's name: a country in an organisation's name.
const COUNTRY_IN_ORGANISATION_PENALTY: f32 = 0.4;
/// The same after any other name: the name is likelier the organisation's alone.
const ORGANISATION_PENALTY: f32 = 0.6;
/// "University", "Hospital" after a town's name.
const TOWN_INSTITUTION_PENALTY: f32 = 0.15;
/// Any other capitalised, non-place word after a name that is no country: a longer name.
const CAPITALISED_NEXT_PENALTY: f32 = 0.2;

/// A common English phrase ("White House", "Long Island" is not one).
const COMMON_PHRASE_PENALTY: f32 = 0.45;
/// A single word that is also a common English word ("Bell", "Mobile").
const COMMON_WORD_PENALTY: f32 = 0.45;
/// Towns at least this large are what their name means, common word or not ("Mobile").
const COMMON_TOWN_POPULATION: u64 = 100_000;
/// A single word that is also a first name ("Florence").
const FIRST_NAME_PENALTY: f32 = 0.35;
/// Places at least this large are what their name means, first name or not.
const FIRST_NAME_MAX_POPULATION: u64 = 150_000;
/// Capitals of at most this many letters abbreviate something ("AP", "NATO" does not count).
const SHORT_CAPS_MAX_CHARS: usize = 3;
/// A short all-capitals word that is no country's: an acronym.
const SHORT_CAPS_PENALTY: f32 = 0.4;
/// A word of one or two letters.
const TINY_WORD_PENALTY: f32 = 0.3;
/// A small town's name first in a sentence, where every word is capitalised.
const SENTENCE_START_PENALTY: f32 = 0.2;
/// Towns at least this large are not doubted for starting a sentence.
const SENTENCE_START_MAX_POPULATION: u64 = 50_000;

/// A single word also seen in lowercase in the same document ("hope", "mobile").
const LOWERCASE_ELSEWHERE_PENALTY: f32 = 0.35;

/// The most telling candidate of a span: what evidence weighs.
#[derive(Debug, Clone, Copy)]
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

/// Evidence from the best candidate alone: its kind, and a town's population.
fn kind_prior(best: Best) -> f32 {
    match best.kind {
        PlaceKind::Country => COUNTRY,
        PlaceKind::Region => REGION,
        PlaceKind::Area => AREA,
        PlaceKind::District => DISTRICT,
        PlaceKind::City => TOWN_BY_POPULATION
            .iter()
            .find(|(least, _)| best.population >= *least)
            .map_or(SMALL_TOWN, |(_, e)| *e),
    }
}

/// "Western officials", "Nord Stream": a compass word alone, with no kind word and no
/// qualifier, is no region.
fn is_lone_compass_word(span: &Span, lower_surface: &str) -> bool {
    span.end_token - span.first_token == 1
        && DIRECTION_WORDS.contains(lower_surface)
        && span.kind_cue == KindCue::None
        && span.qualifier.is_none()
}

impl Recognizer<'_> {
    /// How place-like the span looks from its own words and their neighbours.
    pub(super) fn evidence(&self, view: Tokenized<'_>, span: &Span) -> f32 {
        let Some(best) = self.best_candidate(span) else {
            return 0.0;
        };
        let words = span.end_token - span.first_token;
        let surface = span.range.slice(view.text);
        let lower_surface = lowercase(surface);
        let mut e = kind_prior(best);
        if words > 1 {
            e += MULTIWORD_BONUS;
        }
        if span.kind_cue != KindCue::None {
            e += KIND_CUE_BONUS;
        }
        if span.qualifier.is_some() {
            e += QUALIFIER_BONUS;
        }
        if !span.hits.iter().any(|h| h.preferred) {
            e -= OTHER_SPELLING_PENALTY;
        }
        e += self.word_before(view, span);
        e += self.word_after(view, span, best, &lower_surface);
        if words > 1 && COMMON_WORDS.contains(&lower_surface) {
            e -= COMMON_PHRASE_PENALTY;
        }
        if is_lone_compass_word(span, &lower_surface) {
            return 0.0;
        }
        // "US", "UK", "EU": capitals that abbreviate a country or a union of them.
        let caps_country =
            is_all_caps(surface) && matches!(best.kind, PlaceKind::Country | PlaceKind::Area);
        if words == 1 && !caps_country {
            e -= self.common_word_penalty(span, best, &lower_surface);
            e -= acronym_penalty(surface, best);
            e -= tiny_word_penalty(surface);
            e -= sentence_start_penalty(view, span, best);
        }
        e.clamp(0.0, 1.0)
    }

    /// The span's most telling candidate: countries before regions before towns, then the
    /// most populous.
    fn best_candidate(&self, span: &Span) -> Option<Best> {
        span.hits
            .iter()
            .filter_map(|h| self.gazetteer.brief(h.id))
            .max_by_key(|b| (kind_weight(b.kind), b.population))
            .map(
                |Brief {
                     kind, population, ..
                 }| Best { kind, population },
            )
    }

    /// The word before, on the same line: a first name makes a person, another capitalised
    /// word that opens nothing makes a longer name, a preposition helps.
    fn word_before(&self, view: Tokenized<'_>, span: &Span) -> f32 {
        let Some(prev) = span.first_token.checked_sub(1).map(|p| &view[p]) else {
            return 0.0;
        };
        if prev.kind != TokenKind::Word || view[span.first_token].after_newline {
            return 0.0;
        }
        let prev_text = prev.text(view.text);
        let prev_lower = lowercase(prev_text);
        if is_capitalized(prev_text) && FIRST_NAMES.contains(&prev_lower) {
            -PERSON_NAME_PENALTY
        } else if is_capitalized(prev_text)
            && !OPENERS.contains(&prev_lower)
            && !self.is_place_word(prev_text)
        {
            -INSIDE_LONGER_NAME_PENALTY
        } else if PLACE_PREPOSITIONS.contains(&prev_lower) {
            PREPOSITION_BONUS
        } else {
            0.0
        }
    }

    /// The word after, on the same line: a surname, a word that uses the name to name
    /// something ("format", "Ministry"), a speech verb after a small town; or a front word.
    fn word_after(&self, view: Tokenized<'_>, span: &Span, best: Best, lower_surface: &str) -> f32 {
        let next = view.get(span.end_token).filter(|t| !t.after_newline);
        let Some(next) = next.filter(|t| t.kind == TokenKind::Word) else {
            return 0.0;
        };
        let next_text = next.text(view.text);
        let next_lower = lowercase(next_text);
        let surname_follows = span.end_token - span.first_token == 1
            && is_capitalized(next_text)
            && FIRST_NAMES.contains(lower_surface)
            && !self.is_place_word(next_text);
        if surname_follows {
            // "Vladimir Putin", "Antony Blinken": a first name, however big the town.
            -PERSON_NAME_PENALTY
        } else if NAME_USE_WORDS.contains(&next_lower) {
            // "the Normandy format", "the Wagner group": a name used to name something.
            -NAME_USE_PENALTY
        } else if FRONT_WORDS.contains(&next_lower) {
            FRONT_WORD_BONUS
        } else if SPEECH_VERBS.contains(&next_lower)
            && best.kind == PlaceKind::City
            && best.population < SPEECH_VERB_MAX_POPULATION
        {
            -SPEECH_VERB_PENALTY
        } else if is_capitalized(next_text) {
            self.capitalised_word_after(next_text, &next_lower, span, best)
        } else {
            0.0
        }
    }

    /// A capitalised word after the name: an organisation's or institution's word, or any
    /// other that is no place, makes the name part of a longer one.
    fn capitalised_word_after(
        &self,
        next_text: &str,
        next_lower: &str,
        span: &Span,
        best: Best,
    ) -> f32 {
        if ORGANISATION_WORDS.contains(next_lower) {
            if best.kind == PlaceKind::Country {
                -COUNTRY_IN_ORGANISATION_PENALTY
            } else {
                -ORGANISATION_PENALTY
            }
        } else if INSTITUTION_WORDS.contains(next_lower) {
            if best.kind == PlaceKind::City {
                -TOWN_INSTITUTION_PENALTY
            } else {
                0.0
            }
        } else if span.kind_cue == KindCue::None
            && best.kind != PlaceKind::Country
            && !self.is_place_word(next_text)
        {
            -CAPITALISED_NEXT_PENALTY
        } else {
            0.0
        }
    }

    /// A single word that is a common English word (from the word list, or a small town
    /// marked common at build time: "Bell", "Superior"), else a first name of a place that is
    /// not large.
    fn common_word_penalty(&self, span: &Span, best: Best, lower_surface: &str) -> f32 {
        let common_town = best.kind == PlaceKind::City
            && best.population < COMMON_TOWN_POPULATION
            && span
                .hits
                .iter()
                .any(|h| self.gazetteer.is_common_word(h.id));
        if COMMON_WORDS.contains(lower_surface) || common_town {
            COMMON_WORD_PENALTY
        } else if FIRST_NAMES.contains(lower_surface) && best.population < FIRST_NAME_MAX_POPULATION
        {
            FIRST_NAME_PENALTY
        } else {
            0.0
        }
    }

    /// Evidence from the whole document: a single word that also appears in lowercase
    /// ("hope", "mobile") is likely a common word.
    pub(super) fn apply_document_evidence(&self, view: Tokenized<'_>, spans: &mut [Span]) {
        let lowered: FxHashSet<String> = spans
            .iter()
            .filter(|s| !s.demonym && s.end_token - s.first_token == 1)
            .map(|s| s.range.slice(view.text).to_lowercase())
            .collect();
        if lowered.is_empty() {
            return;
        }
        // Word lengths (up to 63 bytes) worth hashing: most words are skipped on length alone.
        let lengths: u64 = lowered
            .iter()
            .map(|w| 1u64 << w.len().min(63))
            .fold(0, |a, b| a | b);
        let used: FxHashSet<&str> = view
            .tokens
            .iter()
            .filter(|t| {
                t.kind == TokenKind::Word
                    && lengths & (1u64 << (t.range.byte_end - t.range.byte_start).min(63)) != 0
                    && view.text.as_bytes()[t.range.byte_start].is_ascii_lowercase()
            })
            .map(|t| t.text(view.text))
            .filter(|w| lowered.contains(*w))
            .collect();
        for span in spans.iter_mut() {
            if span.demonym || span.end_token - span.first_token != 1 {
                continue;
            }
            let surface = span.range.slice(view.text);
            if used.contains(surface.to_lowercase().as_str()) {
                span.evidence -= LOWERCASE_ELSEWHERE_PENALTY;
            }
        }
    }
}

/// A short all-capitals word ("AP", "GOP") that is no country's: an acronym.
fn acronym_penalty(surface: &str, best: Best) -> f32 {
    if is_short_caps(surface) && best.kind != PlaceKind::Country {
        SHORT_CAPS_PENALTY
    } else {
        0.0
    }
}

/// True for an all-capitals word of at most [`SHORT_CAPS_MAX_CHARS`] letters.
pub(super) fn is_short_caps(surface: &str) -> bool {
    is_all_caps(surface) && surface.chars().count() <= SHORT_CAPS_MAX_CHARS
}

/// A word of one or two letters is seldom a place.
fn tiny_word_penalty(surface: &str) -> f32 {
    if surface.chars().count() <= 2 {
        TINY_WORD_PENALTY
    } else {
        0.0
    }
}

/// A small town's name first in a sentence, where any word is capitalised.
fn sentence_start_penalty(view: Tokenized<'_>, span: &Span, best: Best) -> f32 {
    if is_sentence_start(view, span.first_token)
        && best.kind == PlaceKind::City
        && best.population < SENTENCE_START_MAX_POPULATION
    {
        SENTENCE_START_PENALTY
    } else {
        0.0
    }
}
