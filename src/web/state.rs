//! Shared state of the page: [`AppState`], one signal per thing the page shows, with the
//! domain methods that keep them consistent.

use std::sync::Arc;

use leptos::prelude::*;

use super::model::{
    first_passage, group_all_places, Article, Corrections, Filter, Panel, PlaceGroup, PlaceKey,
    PlaceQuery, ReaderTarget, Removal,
};

/// Where the corpus came from: the built-in sample is replaced by the first thing a user loads
/// and is never stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Nothing loaded yet.
    Empty,
    /// The built-in sample dispatch.
    Sample,
    /// Text, files or URLs the user loaded.
    User,
}

/// A message for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// Unique id, for dismissing.
    pub id: u64,
    /// What happened, in the user's words.
    pub text: String,
    /// True for problems, false for information.
    pub error: bool,
}

/// Messages shown above the lists; problems stay until dismissed.
#[derive(Clone, Copy)]
pub struct Notices(pub RwSignal<Vec<Notice>>);

impl Notices {
    /// Shows a problem.
    pub fn error(&self, text: impl Into<String>) {
        self.push(text.into(), true);
    }

    /// Shows information.
    pub fn info(&self, text: impl Into<String>) {
        self.push(text.into(), false);
    }

    fn push(&self, text: String, error: bool) {
        self.0.update(|list| {
            let id = list.iter().map(|n| n.id).max().unwrap_or(0) + 1;
            list.push(Notice { id, text, error });
            let overflow = list.len().saturating_sub(30);
            list.drain(..overflow);
        });
    }
}

/// A running parse job: articles done, how far its sources are read, and what is being read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JobProgress {
    /// Articles parsed.
    pub done: usize,
    /// Articles to parse, when known (0 while sources are read, which lasts the whole job).
    pub total: usize,
    /// Bytes of the sources read, and all their bytes (`(0, 0)` when nothing is read).
    pub read: (u64, u64),
    /// What is being read, for the label.
    pub label: String,
}

/// The page's state: one signal per thing the page shows, provided as context (and passed
/// to the map's Leaflet handlers, which run outside the app's tree). Components change it,
/// through the domain methods below where a change must keep several signals consistent;
/// the effects in `App` carry it to Leaflet and to browser storage.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The loaded articles, geoparsed, in load order.
    pub corpus: RwSignal<Vec<Arc<Article>>>,
    /// Where the corpus came from: the built-in sample is replaced by the first thing a user
    /// loads and is never stored.
    pub origin: RwSignal<Origin>,
    /// The user's corrections, applied to every view and export.
    pub corrections: RwSignal<Corrections>,
    /// Date range, demonym switch and place query.
    pub filter: RwSignal<Filter>,
    /// Every place in the date range, before the place query: what the country and kind
    /// choices are made from.
    pub all_places: Memo<Arc<Vec<PlaceGroup>>>,
    /// Places on the map and in the list: `all_places` the place query matches.
    pub places: Memo<Arc<Vec<PlaceGroup>>>,
    /// The place whose popup is open.
    pub selection: RwSignal<Option<PlaceKey>>,
    /// The article shown in the reader pane (index into the corpus).
    pub reader: RwSignal<Option<usize>>,
    /// A mention the reader should scroll to and flash.
    pub focus: RwSignal<Option<ReaderTarget>>,
    /// Messages shown above the lists.
    pub notices: Notices,
    /// The running job's progress, if any.
    pub progress: RwSignal<Option<JobProgress>>,
    /// A request to move the map to a place; the map effect consumes it.
    pub fly: RwSignal<Option<PlaceKey>>,
    /// A request to fit the map to the places once they are drawn; the map effect consumes it.
    pub fit: RwSignal<bool>,
    /// The last "not a place" made from a popup, which that popup offers to undo.
    pub removal: RwSignal<Option<Removal>>,
    /// The panel shown on small screens.
    pub panel: RwSignal<Panel>,
}

impl AppState {
    /// Fresh state with an empty corpus.
    pub fn new() -> Self {
        let corpus = RwSignal::new(Vec::new());
        let corrections = RwSignal::new(Corrections::default());
        let filter = RwSignal::new(Filter::default());
        // The filter without its place query, so typing a name does not group anew.
        let grouping = Memo::new(move |_| {
            filter.with(|f| Filter {
                places: PlaceQuery::default(),
                ..f.clone()
            })
        });
        let all_places = Memo::new(move |_| {
            let articles = corpus.read();
            let corrections = corrections.read();
            let grouping = grouping.read();
            Arc::new(super::util::measured("mm:group-places", || {
                group_all_places(&articles, &corrections, &grouping)
            }))
        });
        let places = Memo::new(move |_| {
            let all = all_places.get();
            filter.with(|f| {
                if f.places.is_active() {
                    Arc::new(
                        all.iter()
                            .filter(|g| f.places.matches(g))
                            .cloned()
                            .collect(),
                    )
                } else {
                    all
                }
            })
        });
        AppState {
            corpus,
            origin: RwSignal::new(Origin::Empty),
            corrections,
            filter,
            all_places,
            places,
            selection: RwSignal::new(None),
            reader: RwSignal::new(None),
            focus: RwSignal::new(None),
            notices: Notices(RwSignal::new(Vec::new())),
            progress: RwSignal::new(None),
            fly: RwSignal::new(None),
            fit: RwSignal::new(false),
            removal: RwSignal::new(None),
            panel: RwSignal::new(Panel::Map),
        }
    }

    /// The place group with this key, if it is on the map.
    pub fn group(&self, key: PlaceKey) -> Option<PlaceGroup> {
        self.places
            .with(|groups| groups.iter().find(|g| g.key == key).cloned())
    }

    /// Opens a place as a click on its marker or list row does: its popup, its first passage
    /// in the reader and, with `fly`, the map moved to it. On a small screen the map is shown.
    pub fn open_place(&self, key: PlaceKey, fly: bool) {
        self.select_place(key, fly);
        let first = self.places.with_untracked(|groups| {
            let group = groups.iter().find(|g| g.key == key)?;
            self.corpus.with_untracked(|c| first_passage(group, c))
        });
        if let Some(at) = first {
            self.focus.set(Some(ReaderTarget { at, focus: false }));
        }
    }

    /// Opens a place's popup (and with `fly` moves the map to it) without moving the reader:
    /// for a mention clicked in the reader itself.
    pub fn select_place(&self, key: PlaceKey, fly: bool) {
        self.selection.set(Some(key));
        if fly {
            self.fly.set(Some(key));
        }
        if self.panel.get_untracked() != Panel::Map {
            self.panel.set(Panel::Map);
        }
    }

    /// Removes one article: the reader keeps its article (or closes when it was this one), the
    /// popup closes, and a corpus the user changed is the user's, no longer the sample.
    pub fn remove_article(&self, index: usize) {
        self.corpus.update(|c| {
            if index < c.len() {
                c.remove(index);
            }
        });
        self.selection.set(None);
        self.reader.update(|r| {
            *r = match *r {
                Some(i) if i > index => Some(i - 1),
                Some(i) if i == index => None,
                other => other,
            }
        });
        if self.corpus.with_untracked(Vec::is_empty) {
            self.origin.set(Origin::Empty);
        } else if self.origin.get_untracked() == Origin::Sample {
            self.origin.set(Origin::User);
        }
    }

    /// Takes the first articles of a job: they replace the corpus (closing the popup unless
    /// `keep_selection`) or go after it; the reader opens the first of them, and the corpus
    /// becomes `origin`'s. Returns the index the new articles start at.
    pub fn add_articles(
        &self,
        articles: Vec<Arc<Article>>,
        replace: bool,
        keep_selection: bool,
        origin: Origin,
    ) -> usize {
        let first_index = if replace {
            0
        } else {
            self.corpus.with_untracked(Vec::len)
        };
        if replace {
            if !keep_selection {
                self.selection.set(None);
            }
            self.corpus.set(articles);
        } else {
            self.corpus.update(|c| c.extend(articles));
        }
        self.reader.set(Some(first_index));
        self.origin.set(origin);
        first_index
    }

    /// Removes every article and what depends on them.
    pub fn clear(&self) {
        self.selection.set(None);
        self.removal.set(None);
        self.corpus.set(Vec::new());
        self.origin.set(Origin::Empty);
        self.reader.set(None);
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}
