//! Cues after a name: the kind word ("region", "raion", "city") and the qualifier after a
//! comma ("Alexandria, La.", "Sumy, Ukraine").
//!
//! Both read the words that follow a gazetteer name and narrow its candidates: a kind word
//! keeps the places of that kind (and widens the span over the word), a qualifier records
//! the country or region the place lies in for resolution to weigh. They sit together
//! because both are "what the next words say about this name", asked once per span.

use super::words::lower;
use super::{KindCue, Qualifier, Recognizer, Span};
use crate::gazetteer::{NameHit, Namespace, PlaceId, PlaceKind};
use crate::lexicon::{CITY_WORDS, DISTRICT_WORDS, REGION_WORDS};
use crate::text::{fold_key_into, is_capitalized, TokenKind, Tokenized};

/// How the gazetteer spells the district word of a raion's full name.
const RAION_SUFFIXES: [&str; 3] = ["raion", "rayon", "district"];

/// Tokens after the comma that a qualifier may span: its words and the dots of an
/// abbreviation.
const QUALIFIER_MAX_WORDS: usize = 4;

impl Recognizer<'_> {
    /// Reads "region", "oblast", "county", "city" after the name (or "city of" before it),
    /// widens the span over the cue word and keeps the places of that kind when there are any.
    pub(super) fn read_kind_cue(
        &self,
        view: Tokenized<'_>,
        span: &mut Span,
        hits: &mut Vec<NameHit>,
    ) {
        let g = self.gazetteer;
        let next = view
            .get(span.end_token)
            .filter(|t| t.kind == TokenKind::Word && !t.after_newline);
        let Some(next) = next else { return };
        let word = lower(view, span.end_token);
        let (cue, kinds): (KindCue, &[PlaceKind]) = if REGION_WORDS.contains(&word)
            || (word == "state" && is_capitalized(next.text(view.text)))
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
            span.range = span.range.to(next.range);
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
    /// Where the name has several such places, the one that holds one of the span's own
    /// places (`town_hits`) comes first: "Atlanta, Georgia" is the state, not the country.
    pub(super) fn qualifier_after(
        &self,
        view: Tokenized<'_>,
        end: usize,
        town_hits: &[NameHit],
    ) -> Option<Qualifier> {
        let g = self.gazetteer;
        let holds_town = |q: PlaceId| {
            town_hits
                .iter()
                .any(|h| g.country_of(h.id) == Some(q) || g.region_of(h.id) == Some(q))
        };
        if !view.is_punct(end, ",") {
            return None;
        }
        let mut key = String::new();
        let mut found = None;
        for (j, t) in view
            .tokens
            .iter()
            .enumerate()
            .skip(end + 1)
            .take(QUALIFIER_MAX_WORDS)
        {
            let s = t.text(view.text);
            match t.kind {
                TokenKind::Word if is_capitalized(s) => {
                    if !key.is_empty() {
                        key.push(' ');
                    }
                    fold_key_into(s, &mut key);
                    let is_region_or_country = |id: PlaceId| {
                        g.brief(id).is_some_and(|b| {
                            matches!(b.kind, PlaceKind::Country | PlaceKind::Region)
                        })
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
                        .min_by_key(|id| (!holds_town(*id), g.brief(*id).map(|b| b.kind)));
                    if let Some(place) = abbreviation.or(name) {
                        let dot = view.is_punct(j + 1, ".");
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
}
