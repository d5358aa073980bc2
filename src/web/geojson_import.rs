//! Opening a GeoJSON file of places (the CLI's `--format geojson`, this page's export, the
//! Python package's `to_geojson`): its places join the corpus as articles, so they reach the
//! map, the place list, the popup and the reader through the same flow as geoparsed text.
//!
//! Why articles: a feature's kept mentions come with their article's id, title, date and
//! passage, which is what the popup and reader show. Each source article is rebuilt from its
//! passages (its title says which file it came from). A count the file kept no passages for
//! (a Python aggregate, or the CLI's passage limit) becomes one line of a per-file "counts"
//! article whose mention stands for that many mentions ([`Article::weights`]).
//!
//! Imported places keep their GeoNames id. One the corpus already holds (a geoparsed or an
//! earlier imported place with that id) is merged into it; otherwise it gets an id of its own
//! above the gazetteer's range. Imported articles are not stored across reloads: they are not
//! text to geoparse again.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::model::Article;
use super::state::{AppState, Origin};
use crate::geojson::{self, ImportedMention, ImportedPlace};
use crate::{Document, Mention, MentionKind, Passage, PlaceId, ResolvedPlace};

/// Ids from here up are imported places the gazetteer does not know.
const IMPORTED_IDS: u32 = 0x8000_0000;

/// Whether a file should be opened as GeoJSON: named `.geojson`, or a `.json` file that
/// opens with an object naming a FeatureCollection in its first kilobyte (a JSON file of
/// articles is an array, or an object with a text).
pub async fn claims(file: &web_sys::File) -> bool {
    let name = file.name().to_lowercase();
    if name.ends_with(".geojson") {
        return true;
    }
    if !name.ends_with(".json") {
        return false;
    }
    let Ok(head) = file.slice_with_i32_and_i32(0, 1024) else {
        return false;
    };
    let text = JsFuture::from(head.text()).await.ok();
    text.and_then(|t| t.as_string()).is_some_and(|t| {
        t.trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('{')
            && t.contains("\"FeatureCollection\"")
    })
}

/// Reads a GeoJSON file and adds its places to the corpus, or says why it cannot; a bad file
/// changes nothing.
pub async fn open(state: AppState, file: web_sys::File) {
    let name = file.name();
    let text = match JsFuture::from(file.text()).await {
        Ok(t) => t.as_string().unwrap_or_default(),
        Err(_) => {
            state
                .notices
                .error(format!("{name}: the file could not be read."));
            return;
        }
    };
    let places = match geojson::parse(&text) {
        Ok(places) if places.is_empty() => {
            state.notices.error(format!(
                "{name}: the GeoJSON has no places, so nothing was added."
            ));
            return;
        }
        Ok(places) => places,
        Err(err) => {
            state.notices.error(format!(
                "{name}: cannot show this GeoJSON: {err}. Nothing was added."
            ));
            return;
        }
    };
    let replace = state.origin.get_untracked() != Origin::User;
    let known = if replace {
        HashMap::new()
    } else {
        state.corpus.with_untracked(|c| known_ids(c))
    };
    let new: Vec<Arc<Article>> = articles(&places, &name, &known)
        .into_iter()
        .map(Arc::new)
        .collect();
    let total: usize = places.iter().map(|p| p.count).sum();
    let kept: usize = places.iter().map(|p| p.mentions.len()).sum();
    let first = if replace {
        state.selection.set(None);
        state.corpus.set(new);
        state.origin.set(Origin::User);
        0
    } else {
        let first = state.corpus.with_untracked(Vec::len);
        state.corpus.update(|c| c.extend(new));
        first
    };
    state.reader.set(Some(first));
    state.fit.set(true);
    state.notices.info(format!(
        "{name}: {} places and {total} mentions from GeoJSON ({kept} with passages). Imported places are not kept after a reload.",
        places.len()
    ));
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-imported", &places.len().to_string());
    }
}

/// The GeoNames ids of the corpus's places, with the ids they are drawn under.
fn known_ids(corpus: &[Arc<Article>]) -> HashMap<u32, PlaceId> {
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
