//! The place list: every mapped place with its mention count, filterable, most mentioned first.

use leptos::prelude::*;

use super::client;
use super::model::{PlaceQuery, PlaceRow};
use super::state::AppState;
use super::util::{country_name, kind_label};

/// Places listed before "Show more": a corpus names thousands, and a list of all of them
/// took most of every redraw while it loaded.
const PAGE: usize = 200;

/// The place list.
#[component]
pub fn PlaceList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let limit = RwSignal::new(PAGE);
    let query = RwSignal::new(state.filter.with_untracked(|f| f.places.folded.clone()));
    let set_query = move |text: String| {
        let place_query = PlaceQuery::new(&text);
        let ask = !place_query.folded.is_empty();
        state.filter.update(|f| f.places = place_query);
        query.set(text.clone());
        if ask {
            client::lookup_names(text);
        }
    };
    let total = Memo::new(move |_| state.places.with(|g| g.len()));
    let shown = Memo::new(move |_| {
        let limit = limit.get();
        state.places.with(|groups| {
            groups
                .iter()
                .take(limit)
                .map(|g| PlaceRow {
                    key: g.key,
                    name: g.place.name.clone(),
                    kind: g.kind,
                    country: g.place.country.clone(),
                    count: g.count(),
                    corrected: g.corrected,
                })
                .collect::<Vec<_>>()
        })
    });
    let filtering = move || state.filter.with(|f| !f.places.folded.is_empty());
    view! {
        <div class="mm-list-tools">
            <input
                id="mm-place-filter"
                class="mm-filter"
                type="search"
                placeholder="Filter places (any spelling)…"
                aria-label="Filter places on the map and in this list, by any name the gazetteer knows"
                prop:value=move || query.get()
                on:input=move |ev| set_query(event_target_value(&ev))
            />
            <span class="mm-muted">{move || {
                let n = total.get();
                format!("{}{}", super::model::plural(n, "place", "places"), if filtering() { " match" } else { "" })
            }}</span>
        </div>
        <ul class="mm-places" aria-label="Places">
            <For
                each=move || shown.get()
                key=|row| (row.key, row.count, row.corrected)
                children=move |PlaceRow { key, name, kind, country, count, corrected }| {
                    let selected = move || state.selection.get() == Some(key);
                    let country = country.map(|c| country_name(&c)).filter(|c| c != &name);
                    view! {
                        <li>
                            <button
                                class="mm-place"
                                class:mm-selected=selected
                                data-place=key.to_token()
                                on:click=move |_| state.open_place(key, true)
                            >
                                <span class=format!("mm-dot {}", super::model::kind_class(kind))></span>
                                <span class="mm-place-name">{name}</span>
                                <span class="mm-place-kind">
                                    {kind_label(kind)}
                                    {country.map(|c| format!(" · {c}"))}
                                    {corrected.then_some(" · corrected")}
                                </span>
                                <span class="mm-count">{count}</span>
                            </button>
                        </li>
                    }
                }
            />
        </ul>
        <Show when=move || { total.get() > shown.with(Vec::len) }>
            <button class="mm-link-button mm-more-places" on:click=move |_| limit.update(|l| *l += PAGE)>
                {move || format!("Show more ({} not listed)", total.get() - shown.with(Vec::len))}
            </button>
        </Show>
        <Show when=move || shown.with(Vec::is_empty)>
            <p class="mm-empty">{move || if filtering() {
                "No place on the map has that name."
            } else {
                "No places yet. Paste text or open files to start."
            }}</p>
        </Show>
    }
}
