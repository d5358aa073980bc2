//! GeoJSON places as articles (pure; the file handling is `web::geojson_import`): each source
//! article of a file's kept mentions is rebuilt from its passages, and counts the file kept
//! no passages for become lines of a per-file counts article whose mentions stand for that
//! many ([`Article::weights`]). A place the corpus holds (same GeoNames id) keeps its id;
//! another gets one above the gazetteer's range.

use std::collections::HashMap;
use std::sync::Arc;

use super::Article;
use crate::geojson::{ImportedMention, ImportedPlace};
use crate::{Document, Mention, MentionKind, Passage, PlaceId, ResolvedPlace};

/// Ids from here up are imported places the gazetteer does not know.
const IMPORTED_IDS: u32 = 0x8000_0000;

/// The GeoNames ids of the corpus's places, with the ids they are drawn under.
pub fn known_ids(corpus: &[Arc<Article>]) -> HashMap<u32, PlaceId> {
    corpus
        .iter()
        .flat_map(|a| a.mentions.iter())
        .filter_map(|m| m.place.as_ref())
        .filter_map(|p| Some((p.geonameid?, p.id)))
        .collect()
}

/// The id an imported place is drawn under.
fn place_id(place: &ImportedPlace, known: &HashMap<u32, PlaceId>) -> PlaceId {
    if let Some(id) = place.geonameid.and_then(|g| known.get(&g)) {
        return *id;
    }
    let key = match place.geonameid {
        Some(g) => g,
        // FNV-1a over what identifies a place without an id.
        None => format!("{}|{}|{}|{}", place.name, place.kind, place.lat, place.lon)
            .bytes()
            .fold(0x811c_9dc5u32, |h, b| {
                (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
            }),
    };
    PlaceId(IMPORTED_IDS | (key & !IMPORTED_IDS))
}

fn resolved(place: &ImportedPlace, known: &HashMap<u32, PlaceId>) -> ResolvedPlace {
    ResolvedPlace {
        id: place_id(place, known),
        name: place.name.clone(),
        kind: place.kind,
        lat: place.lat,
        lon: place.lon,
        geonameid: place.geonameid,
        country: place.country.clone(),
        region: None,
        population: 0,
        score: 1.0,
    }
}

/// One source article being rebuilt from its passages.
struct Rebuilt<'a> {
    first: &'a ImportedMention,
    /// Distinct passages: their start in the original article, and text.
    passages: Vec<(usize, &'a str)>,
    /// Each kept mention: its passage and place.
    mentions: Vec<(usize, &'a ImportedMention, usize)>,
}

/// The articles that carry a GeoJSON file's places: one per source article of its kept
/// mentions, then one for the counts kept without passages.
pub fn articles(
    places: &[ImportedPlace],
    file: &str,
    known: &HashMap<u32, PlaceId>,
) -> Vec<Article> {
    let resolved: Vec<ResolvedPlace> = places.iter().map(|p| resolved(p, known)).collect();
    let mut sources: Vec<Rebuilt> = Vec::new();
    for (pi, place) in places.iter().enumerate() {
        for m in &place.mentions {
            let same = |s: &&mut Rebuilt| {
                (&s.first.id, &s.first.title, &s.first.date, &s.first.url)
                    == (&m.id, &m.title, &m.date, &m.url)
            };
            let source = match sources.iter_mut().position(|s| same(&s)) {
                Some(i) => &mut sources[i],
                None => {
                    sources.push(Rebuilt {
                        first: m,
                        passages: Vec::new(),
                        mentions: Vec::new(),
                    });
                    sources.last_mut().expect("just pushed")
                }
            };
            let key = (m.passage.start, m.passage.text.as_str());
            let at = match source.passages.iter().position(|p| *p == key) {
                Some(at) => at,
                None => {
                    source.passages.push(key);
                    source.passages.len() - 1
                }
            };
            source.mentions.push((at, m, pi));
        }
    }
    let mut out: Vec<Article> = sources
        .iter()
        .map(|s| rebuild(s, &resolved, file))
        .collect();
    if let Some(counts) = counts_article(places, &resolved, file) {
        out.push(counts);
    }
    out
}

/// A source article made of its kept passages, in their original order.
fn rebuild(source: &Rebuilt, resolved: &[ResolvedPlace], file: &str) -> Article {
    let mut order: Vec<usize> = (0..source.passages.len()).collect();
    order.sort_by_key(|&i| source.passages[i].0);
    let mut text = String::new();
    // Where each passage starts in the rebuilt text: (code points, bytes).
    let mut offsets = vec![(0usize, 0usize); source.passages.len()];
    for i in order {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        offsets[i] = (text.chars().count(), text.len());
        text.push_str(source.passages[i].1);
    }
    let mut mentions: Vec<Mention> = source
        .mentions
        .iter()
        .map(|&(at, m, pi)| {
            let (chars, bytes) = offsets[at];
            let p = &m.passage;
            let byte_of = |c: usize| {
                p.text
                    .char_indices()
                    .nth(c)
                    .map_or(p.text.len(), |(b, _)| b)
            };
            let passage = Passage {
                start: chars,
                end: chars + p.text.chars().count(),
                ..p.clone()
            };
            mention(
                &resolved[pi],
                m.text.clone(),
                (chars + p.mention_start, chars + p.mention_end),
                (
                    bytes + byte_of(p.mention_start),
                    bytes + byte_of(p.mention_end),
                ),
                passage,
            )
        })
        .collect();
    mentions.sort_by_key(|m| (m.start, m.end));
    let first = source.first;
    let heading = first
        .title
        .as_deref()
        .or(first.id.as_deref())
        .unwrap_or("Article");
    Article {
        doc: Document {
            id: first.id.clone(),
            title: Some(format!("{heading} (passages from {file})")),
            date: first.date.clone(),
            url: first.url.clone(),
            text,
        },
        weights: vec![1; mentions.len()],
        mentions,
    }
}

/// One line per place whose count is above its kept mentions, its name standing for the rest.
fn counts_article(
    places: &[ImportedPlace],
    resolved: &[ResolvedPlace],
    file: &str,
) -> Option<Article> {
    let mut text = String::new();
    let mut mentions = Vec::new();
    let mut weights = Vec::new();
    for (place, r) in places.iter().zip(resolved) {
        let rest = place.count - place.mentions.len();
        if rest == 0 {
            continue;
        }
        if !text.is_empty() {
            text.push('\n');
        }
        let more = if place.mentions.is_empty() {
            ""
        } else {
            " more"
        };
        let plural = if rest == 1 { "" } else { "s" };
        let line = format!(
            "{}: {rest}{more} mention{plural} counted in {file}, without passages.",
            place.name
        );
        let (chars, bytes) = (text.chars().count(), text.len());
        let name_chars = place.name.chars().count();
        let passage = Passage {
            start: chars,
            end: chars + line.chars().count(),
            text: line.clone(),
            mention_start: 0,
            mention_end: name_chars,
            boilerplate: false,
        };
        mentions.push(mention(
            r,
            place.name.clone(),
            (chars, chars + name_chars),
            (bytes, bytes + place.name.len()),
            passage,
        ));
        weights.push(rest);
        text.push_str(&line);
    }
    (!mentions.is_empty()).then(|| Article {
        doc: Document {
            title: Some(format!("Place counts from {file}")),
            ..Document::new(text)
        },
        mentions,
        weights,
    })
}

fn mention(
    place: &ResolvedPlace,
    text: String,
    (start, end): (usize, usize),
    (byte_start, byte_end): (usize, usize),
    passage: Passage,
) -> Mention {
    Mention {
        start,
        end,
        byte_start,
        byte_end,
        text,
        kind: MentionKind::from(place.kind),
        place: Some(place.clone()),
        score: 1.0,
        candidates: Vec::new(),
        passage,
    }
}
