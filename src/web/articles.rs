//! The article list of a corpus, with the date range filter.

use leptos::prelude::*;

use super::model::{article_rows, date_range, plural, ArticleRow};
use super::state::AppState;

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
        state
            .corpus
            .with(|corpus| state.filter.with(|filter| article_rows(corpus, filter)))
    });
    view! {
        <DateFilter />
        <ul class="mm-articles" aria-label="Articles">
            // Keyed, so "Show more" renders only the rows it adds.
            <For
                each=move || {
                    let shown = limit.get();
                    rows.with(|all| all.iter().take(shown).cloned().collect::<Vec<_>>())
                }
                key=|row| (row.index, row.mentions, row.title.clone(), row.date.clone())
                children=move |ArticleRow { index: i, title, date, mentions: count }| {
                    let current = move || state.reader.get() == Some(i);
                    view! {
                        <li class="mm-article" class:mm-selected=current>
                            <button class="mm-article-open" on:click=move |_| state.reader.set(Some(i))>
                                <span class="mm-article-title">{title}</span>
                                <span class="mm-article-meta">
                                    {date.unwrap_or_else(|| "undated".into())} " · " {plural(count, "place mention", "place mentions")}
                                </span>
                            </button>
                            <button class="mm-remove" title="Remove this article" aria-label="Remove this article" on:click=move |_| state.remove_article(i)>"×"</button>
                        </li>
                    }
                }
            />
            {move || {
                let total = rows.with(Vec::len);
                let shown = limit.get().min(total);
                (total > shown).then(|| view! {
                    <li><button class="mm-link-button" on:click=move |_| limit.update(|l| *l += PAGE)>{format!("Show more ({} hidden)", total - shown)}</button></li>
                })
            }}
        </ul>
    }
}
