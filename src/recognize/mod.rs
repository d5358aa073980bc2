//! Recognition: finding the spans of text that name places.
//!
//! A span is a run of capitalised words (with connectors such as "of" or "upon" inside)
//! that the gazetteer knows, taken longest first. Around it, recognition reads the cues a
//! reader would: a following "region" or "oblast" makes it a region, a following ", Ala."
//! or ", Ukraine" qualifies it, a preceding "President" or a first name makes it a person.
//! Each span gets an `evidence` score: how sure we are that it names a place at all.
//! Choosing *which* place is left to [`crate::resolve`].
//!
//! The rules live one concept per file, so that a false positive leads to one file:
//!
//! | file | what it decides |
//! |---|---|
//! | `mod.rs` | [`Span`] and the walk over the tokens ([`Recognizer::spans`]) |
//! | `words.rs` | word shapes: contractions, elided articles, possessives, sentence starts |
//! | `lookup.rs` | what the gazetteer says of a word or key, cached per thread |
//! | `matching.rs` | the longest name or demonym at a word, and which of its places stay |
//! | `cues.rs` | "region", "raion", "city" after a name; a qualifier after a comma |
//! | `persons.rs` | titles and first names: words that name people, not places |
//! | `evidence.rs` | how sure a span names a place at all, one named step per reading |

mod cues;
mod evidence;
mod lookup;
mod matching;
mod persons;
mod words;

use crate::gazetteer::{Gazetteer, NameHit, PlaceId};
use crate::text::{fold_key, is_capitalized, TextRange, Token, TokenKind, Tokenized};

use lookup::FirstWord;
use persons::PersonWords;
use words::{is_contraction, lowercase, possessive_at};

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
    /// Where it lies in the text.
    pub range: TextRange,
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
fn abbreviation_span(view: Tokenized<'_>, first_token: usize, q: Qualifier) -> Span {
    let (first, last) = (&view[first_token], &view[q.end_token - 1]);
    Span {
        first_token,
        end_token: q.end_token,
        range: first.range.to(last.range),
        key: fold_key(first.range.to(last.range).slice(view.text)),
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

/// The region a span spells out as the qualifier of the span before it: "New York" in
/// "Buffalo, New York" (an abbreviation is a span of its own already, see
/// [`abbreviation_span`]). Not inside a list of names, where a comma only separates them:
/// "Sharon, Cornwall and Salisbury", "Butler, Clark, Hamilton".
fn spelled_qualifier(view: Tokenized<'_>, prev: &Span, span: &Span) -> Option<Qualifier> {
    let q = prev.qualifier.filter(|q| {
        !q.abbreviation
            && span.first_token == prev.end_token + 1
            && span.end_token == q.end_token
            && span.hits.iter().any(|h| h.id == q.place)
    })?;
    let in_list = (prev.first_token > 0 && view.is_punct(prev.first_token - 1, ","))
        || view
            .get(span.end_token)
            .is_some_and(|t| LIST_WORDS.contains(&lowercase(t.text(view.text)).as_ref()));
    (!in_list).then_some(q)
}

/// Words that go on a list of names after its last comma.
const LIST_WORDS: [&str; 3] = ["and", "or", "&"];

/// "Buffalo, New York": the name after the town's comma means the region it qualifies the
/// town with, not its namesake city, so it keeps that place alone, and it is read apart from
/// the name's other uses in the text, as if "state" followed it.
fn read_as_qualifier(span: &mut Span, q: Qualifier) {
    span.hits.retain(|h| h.id == q.place);
    span.kind_cue = KindCue::Region;
}

/// How sure a state's abbreviation after a town and a comma is a place.
const ABBREVIATION_EVIDENCE: f32 = 0.9;

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
        let view = Tokenized::new(text, tokens);
        let mut spans: Vec<Span> = Vec::new();
        let mut people = PersonWords::default();
        let mut i = 0;
        while i < view.tokens.len() {
            let Some(first) = self.first_word_at(view, i) else {
                i += 1;
                continue;
            };
            let found = if first.may_start_place {
                self.match_at(view, i, first)
            } else {
                None
            };
            let multiword = found
                .as_ref()
                .is_some_and(|s| s.end_token > i + 1 && !s.demonym);
            if !multiword && first.title && people.skip_titled_name(view, i + 1) {
                i += 1;
                continue;
            }
            let Some(mut span) = found.filter(|_| !people.skips(i)) else {
                i += 1;
                continue;
            };
            let qualifier = spans
                .last()
                .and_then(|prev| spelled_qualifier(view, prev, &span));
            if let Some(q) = qualifier {
                read_as_qualifier(&mut span, q);
            }
            let one_word = span.end_token == i + 1;
            if one_word
                && (persons::after_first_name(view, i)
                    || persons::followed_by_age(view, span.end_token))
            {
                people.words.push(span.key.clone());
            }
            let abbreviation = span
                .qualifier
                .filter(|q| q.abbreviation)
                .map(|q| abbreviation_span(view, span.end_token + 1, q));
            i = abbreviation
                .as_ref()
                .map_or(span.end_token, |a| a.end_token);
            spans.push(span);
            spans.extend(abbreviation);
        }
        self.apply_document_evidence(view, &mut spans);
        people.silence(&mut spans);
        spans
    }

    /// What the word at `i` may begin, when it is a capitalised word (no contraction) that
    /// may start a place's name or is a title; `None` for any other token.
    fn first_word_at(&self, view: Tokenized<'_>, i: usize) -> Option<FirstWord> {
        let token = &view[i];
        let word = token.text(view.text);
        if token.kind != TokenKind::Word || !is_capitalized(word) || is_contraction(word) {
            return None;
        }
        let first = self.first_word_cached(word);
        // "People's Republic": a word whose possessive starts a longer name.
        let possessive_follows = first.longer_possessive && possessive_at(view, i + 1);
        let first = FirstWord {
            may_start_place: first.may_start_place || possessive_follows,
            ..first
        };
        (first.may_start_place || first.title).then_some(first)
    }
}

#[cfg(test)]
pub(crate) mod fixture;
#[cfg(test)]
mod tests;
