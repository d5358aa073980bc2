//! The place popup: what the place is, the passages that mention it, and the correction
//! controls. Rendered by the app into the popup host that [`super::map::show_popup`] shows in
//! the Leaflet popup; like every component it only changes state.

use leptos::prelude::*;

use super::model::{
    candidates_for, format_coords, passage_items, Candidates, Correction, PassageItem, PlaceGroup,
    PlaceKey, ReaderTarget, Removal, Segment,
};
use super::state::AppState;
use super::util::{country_name, kind_label};

/// Passages shown before "Show all".
const FIRST_PASSAGES: usize = 3;

/// Passages added by each "Show more": the list is paged, so a place with thousands of
/// passages never builds them all at once.
const MORE_PASSAGES: usize = 50;

/// Runs `f` once the current click has finished: a correction re-renders the popup, and a
/// click whose button vanished mid-way would reach the map as a click on the map, which
/// closes popups (the new one included).
fn after_click(f: impl FnOnce() + 'static) {
    set_timeout(f, std::time::Duration::from_millis(0));
}

fn correct(state: AppState, name: String, correction: Correction, demonym: bool) {
    after_click(move || apply_correction(state, name, correction, demonym));
}

fn undo(state: AppState, name: String, demonym: bool) {
    after_click(move || apply_undo(state, name, demonym));
}

fn apply_correction(state: AppState, name: String, correction: Correction, demonym: bool) {
    let previous = state.corrections.with_untracked(|c| c.get(&name).cloned());
    match &correction {
        Correction::Place { place } => {
            let key = PlaceKey {
                id: place.id.0,
                demonym,
            };
            state.corrections.update(|c| c.set(&name, correction));
            state.removal.set(None);
            state.select_place(key, true);
        }
        Correction::NotAPlace => {
            // The popup stays open where it was and offers to undo (see `RemovedNotice`).
            if let Some(key) = state.selection.get_untracked() {
                state.removal.set(Some(Removal {
                    key,
                    name: name.clone(),
                    previous,
                }));
            }
            state.corrections.update(|c| c.set(&name, correction));
        }
    }
}

/// Undoes a "not a place": the name's correction goes back to what it was.
fn undo_removal(state: AppState, removal: Removal) {
    after_click(move || {
        state.corrections.update(|c| match removal.previous {
            Some(previous) => c.set(&removal.name, previous),
            None => {
                c.remove(&removal.name);
            }
        });
        state.removal.set(None);
    });
}

fn apply_undo(state: AppState, name: String, demonym: bool) {
    state.corrections.update(|c| {
        c.remove(&name);
    });
    let original = state.corpus.with_untracked(|corpus| {
        corpus
            .iter()
            .flat_map(|a| a.mentions.iter())
            .find(|m| m.text == name)
            .and_then(|m| m.place.as_ref())
            .map(|p| p.id.0)
    });
    match original.map(|id| PlaceKey { id, demonym }) {
        Some(key) => state.select_place(key, true),
        None => state.selection.set(None),
    }
}

/// Renders highlighted segments: mentions in `<mark>`, the rest as text.
pub fn render_segments(segs: Vec<Segment>) -> impl IntoView {
    segs.into_iter()
        .map(|s| match s {
            Segment::Text(t) => leptos::either::Either::Left(t),
            Segment::Mark { text, .. } => {
                leptos::either::Either::Right(view! { <mark>{text}</mark> })
            }
        })
        .collect_view()
}

/// The popup of one place.
#[component]
pub fn PlacePopup(
    /// The place shown: the selected place, whose passages and candidates the popup lists.
    place: PlaceKey,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let limit = RwSignal::new(FIRST_PASSAGES);
    let group = Memo::new(move |_| {
        state
            .places
            .with(|gs| gs.iter().find(|g| g.key == place).cloned())
    });
    move || match group.get() {
        None => {
            let removal = state.removal.get().filter(|r| r.key == place);
            removed_notice(state, removal).into_any()
        }
        Some(g) => popup_body(state, g, limit).into_any(),
    }
}

/// What a popup shows once its place has left the map: why, and the undo when a
/// "Not a place" from this popup did it.
fn removed_notice(state: AppState, removal: Option<Removal>) -> impl IntoView {
    match removal {
        Some(removal) => {
            let text = format!("“{}” is marked as not a place.", removal.name);
            leptos::either::Either::Left(view! {
                <div class="mm-popup mm-popup-removed">
                    <p class="mm-popup-focus" tabindex="-1">{text}</p>
                    <button class="mm-button mm-undo-removal" on:click=move |_| undo_removal(state, removal.clone())>
                        "Undo"
                    </button>
                </div>
            })
        }
        None => leptos::either::Either::Right(view! {
            <div class="mm-popup">
                <p class="mm-muted mm-popup-focus" tabindex="-1">"This place is no longer on the map (a correction or filter removed it)."</p>
            </div>
        }),
    }
}

fn popup_body(state: AppState, g: PlaceGroup, limit: RwSignal<usize>) -> impl IntoView {
    let p = g.place.clone();
    let kind = g.kind;
    let country = p
        .country
        .as_deref()
        .map(country_name)
        .filter(|c| !c.is_empty() && *c != p.name);
    let items = state.corpus.with(|corpus| passage_items(corpus, &g));
    let total = items.len();
    let names: Vec<String> = g.names.iter().take(3).map(|(n, _)| n.clone()).collect();
    let multiple_names = names.len() > 1;
    let summary = format!(
        "{} in {}",
        super::model::plural(g.count(), "mention", "mentions"),
        super::model::plural(g.articles, "article", "articles")
    );
    let demonym = g.key.demonym;
    let corrected = g.corrected;
    let token = g.key.to_token();

    // Keyed, so "Show more" renders only the passages it adds.
    let shown_items = move || {
        items
            .iter()
            .take(limit.get().min(total))
            .cloned()
            .collect::<Vec<_>>()
    };
    let passage_view = move |item: PassageItem| {
        let at = item.at;
        let link = item
            .url
            .as_deref()
            .and_then(super::model::safe_link)
            .map(str::to_string);
        let open = move |_| {
            state.focus.set(Some(ReaderTarget { at, focus: true }));
            state.panel.set(super::model::Panel::Reader);
        };
        view! {
            <li class="mm-passage" class:mm-boilerplate=item.boilerplate>
                <button class="mm-passage-text" title="Show in the reader" on:click=open>
                    {render_segments(item.segments)}
                </button>
                <div class="mm-passage-meta">
                    <span class="mm-passage-title">{item.title}</span>
                    {item.date.map(|d| view! { <span class="mm-passage-date">{d}</span> })}
                    {link.map(|href| view! {
                        <a class="mm-source" href=href target="_blank" rel="noopener noreferrer">"source ↗"</a>
                    })}
                    {item.boilerplate.then(|| view! { <span class="mm-muted">"site text"</span> })}
                </div>
            </li>
        }
    };

    let correction_rows = names
        .into_iter()
        .map(|name| {
            let Candidates { current, others, corrected: name_corrected } = state.corpus.with(|corpus| {
                state.corrections.with(|corrections| candidates_for(corpus, corrections, &g, &name))
            });
            let score = current.as_ref().map(|c| format!("{:.0}%", c.score * 100.0)).unwrap_or_default();
            let label = format!("“{name}”");
            let undo_name = name.clone();
            let nap_name = name.clone();
            let buttons = others
                .into_iter()
                .map(|cand| {
                    let n = name.clone();
                    let text = format!(
                        "{} · {}{}",
                        cand.name,
                        cand.kind.as_str(),
                        cand.country.as_deref().map(|c| format!(" · {c}")).unwrap_or_default()
                    );
                    let title = format!("Use {} ({:.4}, {:.4}) for every “{}”", cand.name, cand.lat, cand.lon, n);
                    let pct = format!("{:.0}%", cand.score * 100.0);
                    view! {
                        <button class="mm-candidate" title=title on:click=move |_| correct(state, n.clone(), Correction::Place { place: cand.clone() }, demonym)>
                            <span>{text}</span>
                            <span class="mm-cand-score">{pct}</span>
                        </button>
                    }
                })
                .collect_view();
            view! {
                <div class="mm-correct-row">
                    <div class="mm-correct-head">
                        {multiple_names.then(|| view! { <span class="mm-correct-name">{label}</span> })}
                        <span class="mm-score" title="How strongly the evidence supports this place">"match score " {score}</span>
                        {name_corrected.then(|| view! {
                            <span class="mm-badge mm-badge-corrected">"corrected"</span>
                            <button class="mm-link-button" on:click=move |_| undo(state, undo_name.clone(), demonym)>"undo"</button>
                        })}
                    </div>
                    <div class="mm-candidates">
                        <span class="mm-muted">"Other candidates:"</span>
                        {buttons}
                        <button class="mm-candidate mm-not-place" on:click=move |_| correct(state, nap_name.clone(), Correction::NotAPlace, demonym)>
                            "Not a place"
                        </button>
                    </div>
                </div>
            }
        })
        .collect_view();

    view! {
        <div class="mm-popup" data-place=token>
            <div class="mm-popup-head">
                <h3 class="mm-popup-name mm-popup-focus" tabindex="-1">{p.name.clone()}</h3>
                <span class=format!("mm-badge mm-kind-{}", kind.as_str())>{kind_label(kind)}</span>
                {corrected.then(|| view! { <span class="mm-badge mm-badge-corrected">"corrected"</span> })}
            </div>
            <div class="mm-popup-meta">
                {country.map(|c| view! { <span>{c}</span> })}
                <span class="mm-coords">{format_coords(p.lat, p.lon)}</span>
                <span>{summary}</span>
            </div>
            <ol class="mm-passages">
                <For each=shown_items key=|item| item.at children=passage_view />
            </ol>
            {(total > FIRST_PASSAGES).then(|| view! {
                <button class="mm-link-button mm-show-all" on:click=move |_| {
                    if limit.get_untracked() >= total {
                        limit.set(FIRST_PASSAGES);
                    } else {
                        limit.update(|l| *l += MORE_PASSAGES);
                    }
                }>
                    {move || {
                        let shown = limit.get().min(total);
                        if shown >= total {
                            "Show fewer".to_string()
                        } else {
                            format!("Show {} more of {total} passages", MORE_PASSAGES.min(total - shown))
                        }
                    }}
                </button>
            })}
            <div class="mm-correct">{correction_rows}</div>
        </div>
    }
}
