//! The place list: every mapped place with its mention count, most mentioned first,
//! filterable by name, country and kind (the filters hide markers on the map too, since both
//! show `AppState::places`, and are kept in the URL by `model::ViewHash`).

use leptos::prelude::*;

use super::client;
use super::model::{place_facets, PlaceRow};
use super::state::AppState;
use super::util::{country_name, kind_label};
use crate::geoparse::MentionKind;

/// Places listed before "Show more": a corpus names thousands, and a list of all of them
/// took most of every redraw while it loaded (and 200 rows most of the first answer's task).
const PAGE: usize = 100;

/// The place list.
#[component]
pub fn PlaceList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let limit = RwSignal::new(PAGE);
    let set_query = move |text: String| {
        let mut ask = false;
        state.filter.update(|f| {
            f.places.set_text(&text);
            ask = !f.places.folded.is_empty();
        });
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
    // Each listed place's count, which its row reads.
    let counts = Memo::new(move |_| {
        shown.with(|rows| {
            rows.iter()
                .map(|r| (r.key, r.count))
                .collect::<std::collections::HashMap<_, _>>()
        })
    });
    let filtering = move || state.filter.with(|f| f.places.is_active());
    let facets = Memo::new(move |_| place_facets(&state.all_places.get()));
    let chosen_country = move || state.filter.with(|f| f.places.country.clone());
    let chosen_kind = move || state.filter.with(|f| f.places.kind);
    let set_country = move |code: String| {
        state
            .filter
            .update(|f| f.places.country = Some(code).filter(|c| !c.is_empty()));
    };
    let set_kind = move |name: String| {
        state
            .filter
            .update(|f| f.places.kind = MentionKind::from_name(&name));
    };
    view! {
        <div class="mm-list-tools">
            <input
                id="mm-place-filter"
                class="mm-filter"
                type="search"
                placeholder="Filter places (any spelling)…"
                aria-label="Filter places on the map and in this list, by any name the gazetteer knows"
                prop:value=move || state.filter.with(|f| f.places.text.clone())
                on:input=move |ev| set_query(event_target_value(&ev))
            />
            <FacetSelect
                label="Country"
                id="mm-filter-country"
                aria_label="Show only places in this country"
                options=Signal::derive(move || {
                    facets.with(|f| choices(&f.countries, String::clone, |code| country_name(code)))
                })
                chosen=Signal::derive(move || chosen_country().unwrap_or_default())
                on_change=set_country
            />
            <FacetSelect
                label="Kind"
                id="mm-filter-kind"
                aria_label="Show only places of this kind"
                options=Signal::derive(move || {
                    facets.with(|f| choices(&f.kinds, |k| k.as_str().to_string(), |k| kind_label(*k).to_string()))
                })
                chosen=Signal::derive(move || chosen_kind().map(|k| k.as_str().to_string()).unwrap_or_default())
                on_change=set_kind
            />
            <span class="mm-muted">{move || {
                let n = total.get();
                format!("{}{}", super::model::plural(n, "place", "places"), if filtering() { " match" } else { "" })
            }}</span>
        </div>
        <ul class="mm-places" aria-label="Places">
            // Keyed by place: while a corpus loads, a row whose count grows keeps its element
            // and only its number changes (rebuilding the rows took tens of ms per update).
            <For
                each=move || shown.get()
                key=|row| (row.key, row.corrected)
                children=move |PlaceRow { key, name, kind, country, count, corrected }| {
                    let count = move || {
                        counts.with(|c| c.get(&key).copied()).unwrap_or(count)
                    };
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
                "No place on the map matches the filters."
            } else {
                "No places yet. Paste text or open files to start."
            }}</p>
        </Show>
    }
}

/// A facet's rows as [`FacetSelect`] choices: each row's value, and its label with its count
/// ("Ukraine (12)").
fn choices<T>(
    rows: &[(T, usize)],
    value: impl Fn(&T) -> String,
    label: impl Fn(&T) -> String,
) -> Vec<(String, String)> {
    rows.iter()
        .map(|(row, n)| (value(row), format!("{} ({n})", label(row))))
        .collect()
}

/// A filter's drop-down: "All", then each value with its label; `chosen` is the value shown
/// as selected ("" for all), and `on_change` gets the value the user picks.
#[component]
fn FacetSelect(
    /// The visible label.
    label: &'static str,
    /// The select's element id.
    id: &'static str,
    /// What the select does, for assistive technology.
    aria_label: &'static str,
    /// (value, label) of each choice after "All".
    options: Signal<Vec<(String, String)>>,
    /// The chosen value, "" for all.
    chosen: Signal<String>,
    /// Called with the value the user picks ("" for all).
    on_change: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <label class="mm-facet">
            {label}
            <select id=id aria-label=aria_label on:change=move |ev| on_change(event_target_value(&ev))>
                <option value="" selected=move || chosen.with(String::is_empty)>"All"</option>
                <For
                    each=move || options.get()
                    key=|option| option.clone()
                    children=move |(value, text)| {
                        let selected = {
                            let value = value.clone();
                            move || chosen.with(|c| *c == value)
                        };
                        view! { <option value=value selected=selected>{text}</option> }
                    }
                />
            </select>
        </label>
    }
}
