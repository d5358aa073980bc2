//! Shared state of the page, as context newtypes: each names what its signal means.

use std::sync::Arc;

use leptos::prelude::*;

use super::model::{
    first_passage, group_places, Article, Corrections, Filter, Panel, PlaceGroup, PlaceKey,
    ReaderTarget, Removal,
};

/// The loaded articles, geoparsed, in load order.
#[derive(Clone, Copy)]
pub struct Corpus(pub RwSignal<Vec<Arc<Article>>>);

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

/// The corpus's [`Origin`].
#[derive(Clone, Copy)]
pub struct CorpusOrigin(pub RwSignal<Origin>);

/// The user's corrections, applied to every view and export.
#[derive(Clone, Copy)]
pub struct UserCorrections(pub RwSignal<Corrections>);

/// Date range and demonym switch.
#[derive(Clone, Copy)]
pub struct ViewFilter(pub RwSignal<Filter>);

/// Places on the map, derived from corpus, corrections and filter.
#[derive(Clone, Copy)]
pub struct Places(pub Memo<Arc<Vec<PlaceGroup>>>);

/// The place whose popup is open.
#[derive(Clone, Copy)]
pub struct Selection(pub RwSignal<Option<PlaceKey>>);

/// The article shown in the reader pane (index into the corpus).
#[derive(Clone, Copy)]
pub struct ReaderArticle(pub RwSignal<Option<usize>>);

/// A mention the reader should scroll to and flash.
#[derive(Clone, Copy)]
pub struct ReaderFocus(pub RwSignal<Option<ReaderTarget>>);

/// A request to move the map to a place; the map effect consumes it.
#[derive(Clone, Copy)]
pub struct FlyRequest(pub RwSignal<Option<PlaceKey>>);

/// A request to fit the map to the places once they are drawn; the map effect consumes it.
#[derive(Clone, Copy)]
pub struct FitRequest(pub RwSignal<bool>);

/// The last "not a place" made from a popup, which that popup offers to undo.
#[derive(Clone, Copy)]
pub struct LastRemoval(pub RwSignal<Option<Removal>>);

/// The panel shown on small screens.
#[derive(Clone, Copy)]
pub struct ShownPanel(pub RwSignal<Panel>);

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

/// A running parse job: `(done, total)` articles, and what is being read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobProgress {
    /// Articles parsed.
    pub done: usize,
    /// Articles to parse (0 while reading).
    pub total: usize,
    /// What is being read, for the label.
    pub label: String,
}

/// The running job's progress, if any.
#[derive(Clone, Copy)]
pub struct Progress(pub RwSignal<Option<JobProgress>>);

/// Everything above, bundled: provided as context and passed to popups, which Leaflet mounts
/// outside the app's tree.
#[derive(Clone, Copy)]
pub struct AppState {
    /// See [`Corpus`].
    pub corpus: Corpus,
    /// See [`CorpusOrigin`].
    pub origin: CorpusOrigin,
    /// See [`UserCorrections`].
    pub corrections: UserCorrections,
    /// See [`ViewFilter`].
    pub filter: ViewFilter,
    /// See [`Places`].
    pub places: Places,
    /// See [`Selection`].
    pub selection: Selection,
    /// See [`ReaderArticle`].
    pub reader: ReaderArticle,
    /// See [`ReaderFocus`].
    pub focus: ReaderFocus,
    /// See [`Notices`].
    pub notices: Notices,
    /// See [`Progress`].
    pub progress: Progress,
    /// See [`FlyRequest`].
    pub fly: FlyRequest,
    /// See [`FitRequest`].
    pub fit: FitRequest,
    /// See [`LastRemoval`].
    pub removal: LastRemoval,
    /// See [`ShownPanel`].
    pub panel: ShownPanel,
}

impl AppState {
    /// Fresh state with an empty corpus.
    pub fn new() -> Self {
        let corpus = Corpus(RwSignal::new(Vec::new()));
        let corrections = UserCorrections(RwSignal::new(Corrections::default()));
        let filter = ViewFilter(RwSignal::new(Filter::default()));
        let places = Places(Memo::new(move |_| {
            let articles = corpus.0.read();
            let corrections = corrections.0.read();
            let filter = filter.0.read();
            Arc::new(super::util::measured("mm:group-places", || {
                group_places(&articles, &corrections, &filter)
            }))
        }));
        AppState {
            corpus,
            origin: CorpusOrigin(RwSignal::new(Origin::Empty)),
            corrections,
            filter,
            places,
            selection: Selection(RwSignal::new(None)),
            reader: ReaderArticle(RwSignal::new(None)),
            focus: ReaderFocus(RwSignal::new(None)),
            notices: Notices(RwSignal::new(Vec::new())),
            progress: Progress(RwSignal::new(None)),
            fly: FlyRequest(RwSignal::new(None)),
            fit: FitRequest(RwSignal::new(false)),
            removal: LastRemoval(RwSignal::new(None)),
            panel: ShownPanel(RwSignal::new(Panel::Map)),
        }
    }

    /// The place group with this key, if it is on the map.
    pub fn group(&self, key: PlaceKey) -> Option<PlaceGroup> {
        self.places
            .0
            .with(|groups| groups.iter().find(|g| g.key == key).cloned())
    }

    /// Opens a place as a click on its marker or list row does: its popup, its first passage
    /// in the reader and, with `fly`, the map moved to it. On a small screen the map is shown.
    pub fn open_place(&self, key: PlaceKey, fly: bool) {
        self.select_place(key, fly);
        let first = self.places.0.with_untracked(|groups| {
            let group = groups.iter().find(|g| g.key == key)?;
            self.corpus.0.with_untracked(|c| first_passage(group, c))
        });
        if let Some(at) = first {
            self.focus.0.set(Some(ReaderTarget { at, focus: false }));
        }
    }

    /// Opens a place's popup (and with `fly` moves the map to it) without moving the reader:
    /// for a mention clicked in the reader itself.
    pub fn select_place(&self, key: PlaceKey, fly: bool) {
        self.selection.0.set(Some(key));
        if fly {
            self.fly.0.set(Some(key));
        }
        if self.panel.0.get_untracked() != Panel::Map {
            self.panel.0.set(Panel::Map);
        }
    }

    /// Removes every article and what depends on them.
    pub fn clear(&self) {
        self.selection.0.set(None);
        self.removal.0.set(None);
        self.corpus.0.set(Vec::new());
        self.origin.0.set(Origin::Empty);
        self.reader.0.set(None);
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}
