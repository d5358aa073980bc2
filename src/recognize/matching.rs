//! Matching: the longest gazetteer name (or demonym) that starts at a capitalised word.
//!
//! `match_at` runs four named steps: read as far as a name can reach ([`Reach`]), choose
//! which reading wins (a longer demonym over a name, a Cyrillic stem when nothing else
//! matches), look up its places, and narrow them by what the surface says (a common phrase
//! keeps only its own places, a short acronym only countries). Cues after the name and the
//! evidence score are then asked of `cues.rs` and `evidence.rs`.

use super::evidence::is_short_caps;
use super::lookup::FirstWord;
use super::words::{is_elided_capital, lowercase, may_continue, possessive_at};
use super::{KindCue, Recognizer, Span};
use crate::gazetteer::{NameHit, Namespace, PlaceKind};
use crate::lexicon::{COMMON_WORDS, CONNECTORS};
use crate::text::{
    cyrillic_stems, fold_key, fold_key_into, is_capitalized, is_cyrillic_key, TokenKind, Tokenized,
};

/// A name reaches over at most this many tokens.
const MAX_NAME_TOKENS: usize = 16;

/// A demonym is almost always what it seems ("Ukrainian", "Sri Lankan").
const DEMONYM_EVIDENCE: f32 = 0.9;

/// How far names reach from one first word: each as its end token and the length of its
/// folded key, a prefix of `key`.
struct Reach {
    /// The folded words read, joined by spaces.
    key: String,
    /// The longest gazetteer name.
    name: Option<(usize, usize)>,
    /// The longest demonym of more than one word: "Sri Lankan", "Latin American".
    demonym: Option<(usize, usize)>,
}

/// The reading a span takes: its end token, its folded key, and whether it is a demonym.
type Reading = (usize, String, bool);

impl Recognizer<'_> {
    /// The longest gazetteer name starting at token `i`, with its cues and evidence.
    pub(super) fn match_at(&self, view: Tokenized<'_>, i: usize, first: FirstWord) -> Option<Span> {
        let reach = self.reach(view, i, first);
        let (end, key, demonym) = self.choose_reading(view, i, first, reach)?;
        let mut hits = self.places_of(&key, demonym, end == i + 1);
        if hits.is_empty() {
            return None;
        }
        let mut span = Span {
            first_token: i,
            end_token: end,
            range: view[i].range.to(view[end - 1].range),
            key,
            hits: Vec::new(),
            demonym,
            kind_cue: KindCue::None,
            qualifier: None,
            evidence: 0.0,
        };
        if demonym {
            span.evidence = DEMONYM_EVIDENCE;
            span.hits = hits;
            return Some(span);
        }
        self.read_kind_cue(view, &mut span, &mut hits);
        let surface = span.range.slice(view.text);
        keep_own_names_of_common_phrase(&span, surface, &mut hits);
        self.keep_countries_of_acronym(surface, &mut hits);
        if hits.is_empty() {
            return None;
        }
        span.qualifier = self.qualifier_after(view, span.end_token, &hits);
        span.hits = hits;
        span.evidence = self.evidence(view, &span);
        Some(span)
    }

    /// Reads capitalised words, connectors and joining marks from token `i` for as long as
    /// some longer name goes on, noting the longest name and demonym met.
    fn reach(&self, view: Tokenized<'_>, i: usize, first: FirstWord) -> Reach {
        let g = self.gazetteer;
        let mut reach = Reach {
            key: String::new(),
            name: None,
            demonym: None,
        };
        let key = &mut reach.key;
        let mut j = i;
        while j < view.tokens.len() && j - i < MAX_NAME_TOKENS {
            let t = &view[j];
            if j > i && t.after_newline {
                break;
            }
            match t.kind {
                TokenKind::Word => {
                    let word = t.text(view.text);
                    let capital = is_capitalized(word) || is_elided_capital(word);
                    if j > i && !capital && !CONNECTORS.contains(&lowercase(word)) {
                        break;
                    }
                    if !key.is_empty() {
                        key.push(' ');
                    }
                    fold_key_into(word, key);
                    let info = (j > i).then(|| self.key_info(key));
                    let is_name = match &info {
                        None => first.name,
                        Some(info) => capital && !info.hits.is_empty(),
                    };
                    if is_name {
                        reach.name = Some((j + 1, key.len()));
                    } else if j > i && capital && g.hits(Namespace::Demonym, key).next().is_some() {
                        reach.demonym = Some((j + 1, key.len()));
                    }
                    // "Queen Anne's County", "People's Republic": the possessive joins the name.
                    let possessive_follows = possessive_at(view, j + 1);
                    let longer = match &info {
                        None => first.longer || (possessive_follows && first.longer_possessive),
                        Some(info) => {
                            info.longer
                                || (possessive_follows && g.has_longer_name(&format!("{key}s")))
                        }
                    };
                    if !longer || !may_continue(view, j + 1) {
                        break;
                    }
                }
                TokenKind::Punct => {
                    let p = t.text(view.text);
                    let apostrophe = p == "'" || p == "’";
                    if j > i && possessive_at(view, j) {
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
        reach
    }

    /// Which reading the span takes: a demonym that reaches further than any name ("Sri
    /// Lankan" over "Sri Lanka"), else the longest name (unless the first word alone is a
    /// demonym and no longer name was found), else the first word as a demonym or a
    /// Cyrillic stem. `None` when nothing matches.
    fn choose_reading(
        &self,
        view: Tokenized<'_>,
        i: usize,
        first: FirstWord,
        reach: Reach,
    ) -> Option<Reading> {
        let Reach {
            mut key,
            name,
            demonym,
        } = reach;
        let single_word_demonym = first.demonym && name.is_some_and(|(end, _)| end == i + 1);
        let longer_demonym = demonym.filter(|(d, _)| name.is_none_or(|(n, _)| *d > n));
        match (longer_demonym, name) {
            (Some((end, key_len)), _) => {
                key.truncate(key_len);
                Some((end, key, true))
            }
            (None, Some((end, key_len))) if !single_word_demonym => {
                key.truncate(key_len);
                Some((end, key, false))
            }
            _ => {
                let folded = fold_key(view.word(i));
                if first.demonym {
                    Some((i + 1, folded, true))
                } else if is_cyrillic_key(&folded) {
                    Some((i + 1, self.cyrillic_stem(&folded)?, false))
                } else {
                    None
                }
            }
        }
    }

    /// The stem of a Cyrillic word that names a place: one that is itself a name
    /// ("покровск" for "Покровска") beats one that only other names reduce to.
    fn cyrillic_stem(&self, folded: &str) -> Option<String> {
        let g = self.gazetteer;
        let stems = cyrillic_stems(folded);
        stems
            .iter()
            .find(|s| g.hits(Namespace::Name, s).next().is_some())
            .or_else(|| {
                stems
                    .iter()
                    .find(|s| g.hits(Namespace::CyrillicStem, s).next().is_some())
            })
            .cloned()
    }

    /// The places a reading names: a demonym's countries, or a name's places (for a single
    /// Cyrillic word, with the places whose names reduce to the same stem).
    fn places_of(&self, key: &str, demonym: bool, one_word: bool) -> Vec<NameHit> {
        let g = self.gazetteer;
        if demonym {
            return g.hits(Namespace::Demonym, key).collect();
        }
        let mut hits: Vec<NameHit> = self.key_info(key).hits.to_vec();
        if is_cyrillic_key(key) && one_word {
            for extra in g.hits(Namespace::CyrillicStem, key) {
                if !hits.iter().any(|x| x.id == extra.id) {
                    hits.push(extra);
                }
            }
        }
        hits
    }

    /// "EU", "UK": short capitals abbreviate a country or a union, not the town of Eu. When
    /// such a candidate exists, only those are kept.
    fn keep_countries_of_acronym(&self, surface: &str, hits: &mut Vec<NameHit>) {
        if !is_short_caps(surface) {
            return;
        }
        let g = self.gazetteer;
        let country_or_union = |h: &NameHit| {
            g.brief(h.id)
                .is_some_and(|b| matches!(b.kind, PlaceKind::Country | PlaceKind::Area))
        };
        if hits.iter().any(country_or_union) {
            hits.retain(country_or_union);
        }
    }
}

/// A common English phrase names a place only by that place's own name, never as another
/// language's name for one ("White House" is not Casablanca).
fn keep_own_names_of_common_phrase(span: &Span, surface: &str, hits: &mut Vec<NameHit>) {
    if span.end_token - span.first_token > 1 && COMMON_WORDS.contains(&lowercase(surface)) {
        hits.retain(|h| h.preferred);
    }
}
