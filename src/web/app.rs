//! The page: [`App`] sets up the state, the effects that move the map and write storage, and
//! the layout (toolbar, side panel with the input and the lists, map with the timeline,
//! reader); [`start`] mounts it.

use leptos::portal::Portal;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::articles::ArticleList;
use super::client::{Job, Mode};
use super::input::InputPanel;
use super::model::{headline, view_articles, Panel, ViewHash};
use super::places::PlaceList;
use super::popup::PlacePopup;
use super::reader::Reader;
use super::state::{AppState, Origin};
use super::status::StatusArea;
use super::timeline::Timeline;
use super::{client, input, map, model, storage, util};
use crate::export::{to_bytes, OutputFormat};
use crate::Document;

/// The built-in sample: an invented front-line dispatch written for this project.
pub const SAMPLE: &str = include_str!("../../public/sample-dispatch.txt");

/// The sample as a document, titled by its first line.
pub fn sample_document() -> Document {
    let mut doc = Document::from_raw_text(SAMPLE);
    doc.id = Some("sample".into());
    doc.title = headline(&doc.text);
    doc
}

/// Mounts the app on `<body>`.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        report_panic();
    }));
    // The app shell index.html shows until the app starts; the map keeps its drawing of the
    // countries until its own have arrived.
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("mm-boot"))
    {
        if let Ok(Some(drawing)) = boot.query_selector(".mm-shell-basemap") {
            map::keep_shell_drawing(drawing);
        }
        boot.remove();
    }
    leptos::mount::mount_to_body(App);
}

/// After a panic the app cannot go on: say so in the page (with plain DOM, since the app's
/// own code may be what broke) and mark `<body data-panicked>` for the tests.
fn report_panic() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    if body.has_attribute("data-panicked") {
        return;
    }
    let _ = body.set_attribute("data-panicked", "");
    if let Ok(banner) = document.create_element("div") {
        banner.set_class_name("mm-panic");
        let _ = banner.set_attribute("role", "alert");
        banner.set_text_content(Some(
            "mentionmap hit an internal error and stopped. Reload the page; your corpus and corrections are kept.",
        ));
        let _ = body.append_child(&banner);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Places,
    Articles,
}

fn export(state: AppState, format: OutputFormat) {
    let data = state.corpus.with_untracked(|c| {
        state
            .corrections
            .with_untracked(|k| state.filter.with_untracked(|f| view_articles(c, k, f)))
    });
    let pairs = data.iter().map(|(d, m)| (d, m.as_slice()));
    let bytes = to_bytes(format, pairs);
    let text = String::from_utf8_lossy(&bytes);
    let name = format!("mentionmap.{}", format.extension());
    if let Err(err) = util::download(&name, format.media_type(), &text) {
        state.notices.error(format!("The export failed: {err}"));
    }
}

/// How long the start waits for the stored corpus before it shows the sample.
const STORAGE_WAIT: std::time::Duration = std::time::Duration::from_millis(1500);

/// Shows the sample at the start, unless something else is shown or on its way.
fn show_sample(state: AppState, fit: bool) {
    if state.origin.get_untracked() != Origin::Empty || client::is_busy() {
        return;
    }
    let job = Job {
        fit,
        initial: true,
        ..sample_job()
    };
    client::parse(state, vec![sample_document()], job);
}

/// The job that loads the sample in place of the corpus, fitting the map to it.
fn sample_job() -> Job {
    Job {
        mode: Mode::Replace,
        origin: Origin::Sample,
        label: "sample dispatch".into(),
        fit: true,
        initial: false,
        when_empty: None,
    }
}

#[component]
fn Toolbar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let summary = move || {
        let articles = state
            .corpus
            .with(|c| state.filter.with(|f| model::admitted(c, f).len()));
        let (places, mentions) = state
            .places
            .with(|g| (g.len(), g.iter().map(|g| g.count()).sum::<usize>()));
        let s = model::plural;
        format!(
            "{} · {} · {}",
            s(articles, "article", "articles"),
            s(mentions, "mention", "mentions"),
            s(places, "place", "places")
        )
    };
    let corrections = move || state.corrections.with(|c| c.len());
    let sample = move || state.origin.get() == Origin::Sample;
    view! {
        <header class="mm-toolbar">
            <div class="mm-brand">
                <span class="mm-logo" aria-hidden="true"></span>
                <h1>"mentionmap"</h1>
                <span class="mm-tagline">"places in war reporting, on a map"</span>
            </div>
            <div id="mm-summary" class="mm-summary">
                {summary}
                <Show when=sample>
                    <span class="mm-badge mm-badge-sample" title="An invented dispatch written for this demo">"sample"</span>
                </Show>
                <Show when=move || corrections() != 0>
                    <span class="mm-badge mm-badge-corrected">{move || format!("{} corrected", corrections())}</span>
                    <button class="mm-link-button" title="Forget every correction" on:click=move |_| state.corrections.set(Default::default())>"reset"</button>
                </Show>
            </div>
            <div class="mm-actions">
                <label class="mm-toggle" title="Show nationality words (Ukrainian, Russian) at their country">
                    <input
                        id="mm-demonyms"
                        type="checkbox"
                        prop:checked=move || state.filter.with(|f| f.demonyms)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            state.filter.update(|f| f.demonyms = on);
                        }
                    />
                    "Demonyms"
                </label>
                <button id="mm-export-geojson" class="mm-button" on:click=move |_| export(state, OutputFormat::Geojson) title="Download the current view as GeoJSON">
                    <span class="mm-wide-only">"Export "</span>"GeoJSON"
                </button>
                <button id="mm-export-csv" class="mm-button" on:click=move |_| export(state, OutputFormat::Csv) title="Download the current view as CSV">
                    "CSV"
                </button>
                <button id="mm-sample" class="mm-button mm-quiet" on:click=move |_| client::parse(state, vec![sample_document()], sample_job()) title="Replace the corpus with the built-in sample">
                    "Sample"
                </button>
                <button
                    id="mm-clear"
                    class="mm-button mm-quiet"
                    title="Remove every article"
                    on:click=move |_| state.clear()
                >
                    "Clear"
                </button>
            </div>
        </header>
    }
}

#[component]
fn SidePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let tab = RwSignal::new(Tab::Places);
    let n_places = move || state.places.with(|g| g.len());
    let n_articles = move || {
        state
            .corpus
            .with(|c| state.filter.with(|f| model::admitted(c, f).len()))
    };
    view! {
        <aside id="mm-panel-places" class="mm-side">
            <InputPanel />
            <StatusArea />
            <div class="mm-tabs" role="tablist" aria-label="Lists">
                <button role="tab" id="mm-tab-places" class="mm-tab" class:mm-active=move || tab.get() == Tab::Places
                    aria-selected=move || (tab.get() == Tab::Places).to_string()
                    aria-controls="mm-tab-body"
                    on:click=move |_| tab.set(Tab::Places)>
                    "Places " <span class="mm-count">{n_places}</span>
                </button>
                <button role="tab" id="mm-tab-articles" class="mm-tab" class:mm-active=move || tab.get() == Tab::Articles
                    aria-selected=move || (tab.get() == Tab::Articles).to_string()
                    aria-controls="mm-tab-body"
                    on:click=move |_| tab.set(Tab::Articles)>
                    "Articles " <span class="mm-count">{n_articles}</span>
                </button>
            </div>
            <div id="mm-tab-body" class="mm-tab-body" role="tabpanel"
                aria-labelledby=move || if tab.get() == Tab::Places { "mm-tab-places" } else { "mm-tab-articles" }>
                {move || match tab.get() {
                    Tab::Places => leptos::either::Either::Left(view! { <PlaceList /> }),
                    Tab::Articles => leptos::either::Either::Right(view! { <ArticleList /> }),
                }}
            </div>
        </aside>
    }
}

/// The tab bar of small screens: one panel at a time (hidden on wide screens by `app.css`).
#[component]
fn PanelTabs() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <nav class="mm-panel-tabs" role="tablist" aria-label="Panels">
            {Panel::ALL
                .into_iter()
                .map(|panel| {
                    let active = move || state.panel.get() == panel;
                    view! {
                        <button role="tab" id=format!("mm-show-{}", panel.as_str()) class="mm-panel-tab"
                            class:mm-active=active
                            aria-selected=move || active().to_string()
                            on:click=move |_| state.panel.set(panel)>
                            {panel.label()}
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// Renders the selected place's popup into `host`, which the map shows in its Leaflet popup.
/// The view belongs to the app's owner, not to an effect, so it lives until the selection
/// changes, however often the map effects re-run.
#[component]
fn PopupPortal(host: web_sys::Element) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <Portal mount=host>
            {move || state.selection.get().map(|key| view! { <PlacePopup place=key /> })}
        </Portal>
    }
}

/// Stores the corpus (or forgets it when it is the sample or empty), in the background.
fn save_corpus(state: AppState) {
    let articles = (state.origin.get_untracked() == Origin::User).then(|| {
        state.corpus.with_untracked(|c| {
            // Imported GeoJSON is not text to geoparse again on reload.
            c.iter()
                .filter(|a| a.weights.is_empty())
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    leptos::task::spawn_local(async move {
        if let Err(message) = storage::save_corpus(articles.as_deref()).await {
            state.notices.error(message);
        }
    });
}

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}

#[component]
fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let initial = ViewHash::parse(&hash);
    state.corrections.set(storage::load_corrections());
    state.selection.set(initial.place);
    state.filter.update(|f| initial.restore(f));
    let restored_query = initial.query.clone();

    // The popup's content lives here for the app's whole life; Leaflet shows it in its popup.
    let popup_host = document()
        .create_element("div")
        .inspect(|el| el.set_class_name("mm-popup-host"))
        .expect("createElement");

    let map_el = NodeRef::<leptos::html::Div>::new();
    let map_ready = RwSignal::new(false);
    let host = popup_host.clone();
    let fit = initial.view.is_none();
    Effect::new(move |_| {
        if map_ready.get_untracked() {
            return;
        }
        if let Some(el) = map_el.get() {
            match map::init(el.into(), state, &initial, host.clone().unchecked_into()) {
                Ok(()) => map_ready.set(true),
                Err(message) => state.notices.error(message),
            }
        }
    });
    Effect::new(move |_| {
        let places = state.places.get();
        if map_ready.get() {
            map::render_soon(places);
        }
    });
    // Fit the map to new places, unless a popup is open: the reader is looking at it.
    Effect::new(move |_| {
        let fit = state.fit.get();
        if fit && map_ready.get() {
            state.fit.update_untracked(|f| *f = false);
            if state.selection.get_untracked().is_none() {
                map::fit_to_places(&state.places.get_untracked());
            }
        }
    });
    Effect::new(move |_| {
        let selection = state.selection.get();
        let fly = state.fly.get();
        state.places.track();
        if map_ready.get() {
            if let Some(key) = fly {
                state.fly.update_untracked(|f| *f = None);
                map::fly_to(state, key);
            }
            map::show_popup(state, selection);
            map::sync_hash(state);
        }
    });
    Effect::new(move |_| {
        state.filter.track();
        if map_ready.get() {
            map::sync_hash(state);
        }
    });
    // Escape closes the popup from anywhere.
    let _ = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && state.selection.get_untracked().is_some() {
            state.selection.set(None);
        }
    });
    Effect::new(move |first: Option<()>| {
        let corrections = state.corrections.get();
        if first.is_some() {
            storage::save_corrections(&corrections);
        }
    });
    // The corpus is stored by this effect alone, whenever it changed and no job is running:
    // at the end of a job, after an article is removed, after "Clear". Not while a job adds
    // articles chunk by chunk: storing a big corpus takes a while.
    Effect::new(move |first: Option<()>| {
        state.corpus.track();
        state.origin.track();
        let idle = state.progress.with(Option::is_none);
        if first.is_some() && idle {
            // In a task of its own, after the page has drawn the change.
            set_timeout(
                move || save_corpus(state),
                std::time::Duration::from_millis(0),
            );
        }
    });

    // Dropping files anywhere on the page loads them.
    let dragging = RwSignal::new(false);
    let _ = window_event_listener(leptos::ev::dragover, move |ev| {
        if input::drag_has_files(&ev) {
            ev.prevent_default();
            dragging.set(true);
        }
    });
    let _ = window_event_listener(leptos::ev::dragleave, move |ev| {
        if ev.related_target().is_none() {
            dragging.set(false);
        }
    });
    let _ = window_event_listener(leptos::ev::drop, move |ev| {
        dragging.set(false);
        if let Some(files) = input::dropped_files(&ev) {
            ev.prevent_default();
            input::load_files(state, files);
        }
    });

    match client::start(state) {
        // No corpus was stored: the sample is asked for now, so the parser has it before the
        // page has drawn itself.
        Ok(()) if storage::known_empty() => show_sample(state, fit),
        // The stored corpus is read without blocking; the sample waits for that answer, but
        // not for ever: a browser whose storage is slow or stuck shows the sample meanwhile.
        Ok(()) => {
            let answered = std::rc::Rc::new(std::cell::Cell::new(false));
            let waited = answered.clone();
            set_timeout(
                move || {
                    if !waited.get() {
                        show_sample(state, fit);
                    }
                },
                STORAGE_WAIT,
            );
            leptos::task::spawn_local(async move {
                let saved = storage::load_corpus().await;
                answered.set(true);
                match saved {
                    // Unless the user loaded something meanwhile; the sample gives way.
                    Some(stored)
                        if state.origin.get_untracked() != Origin::User
                            && !client::is_busy_for_user() =>
                    {
                        let job = Job {
                            mode: Mode::Replace,
                            origin: Origin::User,
                            label: storage::STORED_NAME.into(),
                            fit,
                            initial: true,
                            // Unreadable: the workers say why, and the sample is shown.
                            when_empty: Some(if fit {
                                |state| show_sample(state, true)
                            } else {
                                |state| show_sample(state, false)
                            }),
                        };
                        client::restore(state, stored, job);
                    }
                    Some(_) => {}
                    None => show_sample(state, fit),
                }
            });
        }
        Err(err) => state.notices.error(format!(
            "The background parser could not start ({err}), so no text can be geoparsed."
        )),
    }
    // A place filter restored from the URL: ask for the gazetteer's names, as typing does.
    if let Some(query) = restored_query {
        client::lookup_names(query);
    }

    view! {
        <div class="mm-app" data-panel=move || state.panel.get().as_str()>
            <Toolbar />
            <PanelTabs />
            <main class="mm-main">
                <SidePanel />
                <div class="mm-map-wrap" id="mm-panel-map">
                    <div class="mm-map-box">
                        <div id="mm-map" class="mm-map" node_ref=map_el role="application" aria-label="Map of mentioned places"></div>
                    </div>
                    <Timeline />
                </div>
                <Reader />
            </main>
            <PopupPortal host=popup_host />
            <Show when=move || dragging.get()>
                <div class="mm-drop-overlay"><div>"Drop files to geoparse them"</div></div>
            </Show>
        </div>
    }
}
