//! The place list: every mapped place with its mention count, filterable, most mentioned first.

use leptos::prelude::*;

use super::map;
use super::state::AppState;
use super::util::{country_name, kind_label};

/// The place list.
#[component]
pub fn PlaceList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let query = RwSignal::new(String::new());
    let shown = Memo::new(move |_| {
        let q = crate::text::fold_key(&query.get());
        state.places.0.with(|groups| {
            groups
                .iter()
                .filter(|g| q.is_empty() || crate::text::fold_key(&g.place.name).contains(&q))
                .map(|g| {
                    (
                        g.key,
                        g.place.name.clone(),
                        g.kind,
                        g.place.country.clone(),
                        g.count(),
                        g.corrected,
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let total = move || state.places.0.with(|g| g.len());
    view! {
        <div class="mm-list-tools">
            <input
                id="mm-place-filter"
                class="mm-filter"
                type="search"
                placeholder="Filter places…"
                aria-label="Filter places"
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
            <span class="mm-muted">{move || format!("{} of {}", shown.with(Vec::len), total())}</span>
        </div>
        <ul class="mm-places" aria-label="Places">
            <For
                each=move || shown.get()
                key=|row| (row.0, row.4, row.5)
                children=move |(key, name, kind, country, count, corrected)| {
                    let selected = move || state.selection.0.get() == Some(key);
                    let country = country.map(|c| country_name(&c)).filter(|c| c != &name);
                    view! {
                        <li>
                            <button
                                class="mm-place"
                                class:mm-selected=selected
                                data-place=key.to_token()
                                on:click=move |_| map::select(state, key, true)
                            >
                                <span class=format!("mm-dot mm-kind-{}", kind.as_str())></span>
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
        <Show when=move || total() == 0>
            <p class="mm-empty">"No places yet. Paste text or open files to start."</p>
        </Show>
    }
}
