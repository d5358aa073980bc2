//! The article list of a corpus, with the date range filter.

use leptos::prelude::*;

use super::client;
use super::model::date_range;
use super::state::{AppState, Origin};

/// Articles shown before "Show more".
const PAGE: usize = 200;

/// The date range inputs, when the corpus has dates.
#[component]
pub fn DateFilter() -> impl IntoView {
    let state = expect_context::<AppState>();
    let range = Memo::new(move |_| state.corpus.with(|c| date_range(c)));
    move || {
        range.get().map(|(lo, hi)| {
            let from = move || state.filter.with(|f| f.from.clone().unwrap_or_default());
            let to = move || state.filter.with(|f| f.to.clone().unwrap_or_default());
            let set_from = move |ev| {
                let v = event_target_value(&ev);
                state.filter.update(|f| f.from = (!v.is_empty()).then_some(v));
            };
            let set_to = move |ev| {
                let v = event_target_value(&ev);
                state.filter.update(|f| f.to = (!v.is_empty()).then_some(v));
            };
            let active = move || state.filter.with(|f| f.from.is_some() || f.to.is_some());
            view! {
                <div class="mm-dates" role="group" aria-label="Date range">
                    <label>"From " <input id="mm-date-from" type="date" min=lo.clone() max=hi.clone() prop:value=from on:change=set_from /></label>
                    <label>"to " <input id="mm-date-to" type="date" min=lo max=hi prop:value=to on:change=set_to /></label>
                    <Show when=active>
                        <button class="mm-link-button" on:click=move |_| state.filter.update(|f| { f.from = None; f.to = None; })>"all dates"</button>
                    </Show>
                </div>
            }
        })
    }
}

/// The list of loaded articles.
#[component]
pub fn ArticleList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let limit = RwSignal::new(PAGE);
    let rows = Memo::new(move |_| {
        state.corpus.with(|corpus| {
            state.filter.with(|filter| {
                corpus
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| filter.admits(&a.doc))
                    .map(|(i, a)| {
                        (
                            i,
                            super::model::display_title(&a.doc),
                            a.doc.date.clone(),
                            a.mentions.iter().filter(|m| m.is_mappable()).count(),
                        )
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let remove = move |index: usize| {
        state.corpus.update(|c| {
            if index < c.len() {
                c.remove(index);
            }
        });
        state.selection.set(None);
        state.reader.update(|r| {
            *r = match *r {
                Some(i) if i > index => Some(i - 1),
                Some(i) if i == index => None,
                other => other,
            }
        });
        if state.corpus.with_untracked(Vec::is_empty) {
            state.origin.set(Origin::Empty);
        } else if state.origin.get_untracked() == Origin::Sample {
            state.origin.set(Origin::User);
        }
        client::persist_corpus(state);
    };
    view! {
        <DateFilter />
        <ul class="mm-articles" aria-label="Articles">
            {move || {
                let all = rows.get();
                let total = all.len();
                let shown = limit.get().min(total);
                let items = all
                    .into_iter()
                    .take(shown)
                    .map(|(i, label, date, count)| {
                        let current = move || state.reader.get() == Some(i);
                        view! {
                            <li class="mm-article" class:mm-selected=current>
                                <button class="mm-article-open" on:click=move |_| state.reader.set(Some(i))>
                                    <span class="mm-article-title">{label}</span>
                                    <span class="mm-article-meta">
                                        {date.unwrap_or_else(|| "undated".into())} " · " {count} {if count == 1 { " place mention" } else { " place mentions" }}
                                    </span>
                                </button>
                                <button class="mm-remove" title="Remove this article" aria-label="Remove this article" on:click=move |_| remove(i)>"×"</button>
                            </li>
                        }
                    })
                    .collect_view();
                let more = (total > shown).then(|| view! {
                    <li><button class="mm-link-button" on:click=move |_| limit.update(|l| *l += PAGE)>{format!("Show more ({} hidden)", total - shown)}</button></li>
                });
                (items, more)
            }}
        </ul>
    }
}
