//! Gazetteer lookups for recognition, cached per thread.
//!
//! News repeats its capitalised words ("The", "Ukraine", "President") from article to
//! article, and recognition asks the same questions of them every time: does a name start
//! here, is it a demonym, does a longer name go on. The answers live in per-thread caches
//! that outlive documents and start afresh for another gazetteer, so the fst index is asked
//! once per word rather than once per occurrence.

use std::cell::RefCell;
use std::rc::Rc;
use std::thread::LocalKey;

use rustc_hash::FxHashMap;

use super::words::lowercase;
use super::Recognizer;
use crate::gazetteer::{Brief, Gazetteer, NameHit, Namespace, PlaceKind};
use crate::lexicon::PERSON_TITLES;
use crate::text::{fold_key, is_cyrillic_key};

/// Words remembered per thread before the cache starts afresh.
const FIRST_WORD_CACHE_LIMIT: usize = 100_000;

/// A town at least this large is a "place word": next to a candidate it does not make the
/// candidate part of a person's or organisation's name.
const PLACE_WORD_POPULATION: u64 = 100_000;

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
pub(super) struct KeyInfo {
    /// The places named so.
    pub hits: Rc<[NameHit]>,
    /// Some longer name starts with this key.
    pub longer: bool,
}

/// What a capitalised word may begin.
#[derive(Debug, Clone, Copy)]
pub(super) struct FirstWord {
    /// A gazetteer name, a demonym, or the first word of a longer name (or Cyrillic, to stem).
    pub may_start_place: bool,
    /// The word alone is a gazetteer name.
    pub name: bool,
    /// The word is a demonym.
    pub demonym: bool,
    /// Some longer name starts with this word.
    pub longer: bool,
    /// A demonym, or the name of a country, region or large city: a neighbour that does not
    /// make a candidate part of a person's or organisation's name.
    pub place_word: bool,
    /// Some longer name starts with this word's possessive ("People's Republic").
    pub longer_possessive: bool,
    /// A title such as "President" that makes the next words a person.
    pub title: bool,
}

impl Recognizer<'_> {
    /// [`Self::first_word`] through a per-thread cache that outlives documents: news repeats
    /// its capitalised words ("The", "Ukraine", "President") from article to article.
    pub(super) fn first_word_cached(&self, word: &str) -> FirstWord {
        thread_local! {
            static CACHE: ThreadCache<FirstWord> = RefCell::default();
        }
        cached(&CACHE, self.gazetteer, word, || self.first_word(word))
    }

    /// The places a plain folded key names, and whether longer names start with it, through
    /// a per-thread cache: recognition asks about the same keys in article after article.
    pub(super) fn key_info(&self, key: &str) -> KeyInfo {
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
                    g.brief(h.id).is_some_and(
                        |Brief {
                             kind, population, ..
                         }| {
                            kind != PlaceKind::City || population >= PLACE_WORD_POPULATION
                        },
                    )
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

    /// True when a capitalised word is itself a known place or demonym (so it does not make
    /// its neighbour part of a person's or organisation's name).
    pub(super) fn is_place_word(&self, word: &str) -> bool {
        self.first_word_cached(word).place_word
    }
}
