//! The reader pane: one article with every mention highlighted, coloured by kind. Clicking a
//! mention flies to its place; a passage clicked in a popup scrolls here.

use leptos::either::Either;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use std::sync::Arc;

use super::model::{
    kind_class, pieces, reader_mark, safe_link, segments, MentionRef, ReaderMark, ReaderTarget,
    Segment,
};
use super::state::AppState;
use crate::geoparse::MentionKind;

/// The reader shows at most this many characters of an article's text.
pub const READER_CHARS: usize = 200_000;

/// Highlighted mentions the reader adds to the page in one frame (about 50 ms of building
/// and laying out), for a text that has more.
const PIECE_MARKS: usize = 1_000;

/// Shows one more of `total` pieces of the reader's text each frame, until all are shown or
/// the text is replaced (its signal disposed).
fn reveal(shown: RwSignal<usize>, total: usize) {
    request_animation_frame(move || {
        let now = shown.try_update(|n| {
            *n += 1;
            *n
        });
        if now.is_some_and(|n| n < total) {
            reveal(shown, total);
        }
    });
}

/// The element id of a mention in the reader.
pub fn mention_dom_id(at: MentionRef) -> String {
    format!("mm-m-{}-{}", at.article, at.index)
}

/// Scrolls the reader to a mention and flashes it; a mention in a piece of a long article
/// that is not shown yet is looked for again, up to `tries` times.
fn scroll_to(target: ReaderTarget, tries: u32) {
    let at = target.at;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(el) = document.get_element_by_id(&mention_dom_id(at)) else {
        if tries > 0 {
            set_timeout(
                move || scroll_to(target, tries - 1),
                std::time::Duration::from_millis(100),
            );
        }
        return;
    };
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    options.set_behavior(web_sys::ScrollBehavior::Smooth);
    el.scroll_into_view_with_scroll_into_view_options(&options);
    let _ = el.class_list().add_1("mm-flash");
    if let Ok(html) = el.dyn_into::<web_sys::HtmlElement>() {
        if target.focus {
            let _ = html.focus();
        }
        set_timeout(
            move || {
                let _ = html.class_list().remove_1("mm-flash");
            },
            std::time::Duration::from_millis(1600),
        );
    }
}

/// The reader pane.
#[component]
pub fn Reader() -> impl IntoView {
    let state = expect_context::<AppState>();

    // A passage clicked in a popup: show its article, then scroll to the mention.
    Effect::new(move |_| {
        if let Some(target) = state.focus.get() {
            state.reader.set(Some(target.at.article));
            request_animation_frame(move || {
                set_timeout(
                    move || scroll_to(target, 30),
                    std::time::Duration::from_millis(30),
                );
            });
            state.focus.set(None);
        }
    });

    // The article shown: the one chosen, while it is in the date range; else the first one
    // in the range (else the first one).
    let current = move || {
        let chosen = state.reader.get();
        state.corpus.with(|c| {
            if c.is_empty() {
                return None;
            }
            let admitted = state.filter.with(|f| super::model::admitted(c, f));
            chosen
                .filter(|i| admitted.contains(i))
                .or_else(|| admitted.first().copied())
                .or(Some(0))
        })
    };
    let body = move || {
        let index = current()?;
        let (article, n) = state.corpus.with(|c| (c.get(index).cloned(), c.len()));
        let article = article?;
        let doc = &article.doc;
        let filter = state.filter.get();
        let corrections = state.corrections.get();
        let mut spans = Vec::new();
        let mut marks: Vec<Option<ReaderMark>> = vec![None; article.mentions.len()];
        for (i, m) in article.mentions.iter().enumerate() {
            let Some(mark) = reader_mark(m, &corrections) else {
                continue;
            };
            marks[i] = Some(mark);
            spans.push((m.start, m.end, i));
        }
        // The headline is the pane's title (with its mentions); the text starts after it.
        let skip = super::model::title_prefix_len(&doc.text, doc.title.as_deref());
        let head: String = doc.text.chars().take(skip).collect();
        // A very long article is shown in part: laying out a whole 50 MB line took the tab
        // gigabytes and froze it for seconds.
        let mut rest = doc.text.chars().skip(skip);
        let body: String = rest.by_ref().take(READER_CHARS).collect();
        let cut = rest.next().map(|_| skip + READER_CHARS + 1 + rest.count());
        let head_spans: Vec<(usize, usize, usize)> =
            spans.iter().copied().filter(|s| s.1 <= skip).collect();
        let body_spans: Vec<(usize, usize, usize)> = spans
            .into_iter()
            .filter(|s| s.0 >= skip)
            .map(|(a, b, i)| (a - skip, b - skip, i))
            .collect();
        let marks = Arc::new(marks);
        let demonyms = filter.demonyms;
        let render = move |segs: Vec<Segment>| {
            segs.into_iter()
                .map(|s| match s {
                    Segment::Text(t) => Either::Left(t),
                    Segment::Mark { text, tag } => {
                        let ReaderMark { kind, key, corrected, title } =
                            marks.get(tag).cloned().flatten().unwrap_or(ReaderMark {
                                kind: MentionKind::City,
                                key: None,
                                corrected: false,
                                title: String::new(),
                            });
                        let hidden = kind == MentionKind::Demonym && !demonyms;
                        let class = format!(
                            "mm-mention {}{}{}{}",
                            kind_class(kind),
                            if key.is_none() { " mm-unresolved" } else { "" },
                            if corrected { " mm-corrected" } else { "" },
                            if hidden { " mm-hidden-kind" } else { "" }
                        );
                        let id = mention_dom_id(MentionRef { article: index, index: tag });
                        let activate = move || {
                            if let Some(key) = key {
                                if key.demonym && !state.filter.with_untracked(|f| f.demonyms) {
                                    state.filter.update(|f| f.demonyms = true);
                                }
                                state.select_place(key, true);
                            }
                        };
                        Either::Right(view! {
                            <mark id=id class=class title=title tabindex="0" data-place=key.map(|k| k.to_token())
                                on:click=move |_| activate()
                                on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Enter" { activate() }
                            >{text}</mark>
                        })
                    }
                })
                .collect_view()
        };
        // A text with many mentions is added a piece per frame (see `pieces`), each piece a
        // block of its own that the browser lays out only when in view (`app.css`).
        let mut parts = pieces(segments(&body, &body_spans), PIECE_MARKS);
        let text = if parts.len() == 1 {
            Either::Left(render(parts.pop().unwrap_or_default()))
        } else {
            let total = parts.len();
            let parts = Arc::new(parts);
            // Not even the first piece in this task, which already took the article in.
            let shown = RwSignal::new(0);
            reveal(shown, total);
            let render = render.clone();
            Either::Right(view! {
                <For each=move || 0..shown.get() key=|k| *k
                    children=move |k| view! {
                        <div class="mm-reader-piece">{render(parts.get(k).cloned().unwrap_or_default())}</div>
                    } />
            })
        };
        let heading = (skip > 0).then(|| render(segments(head.trim_end(), &head_spans)));
        let link = doc.url.as_deref().and_then(safe_link).map(str::to_string);
        let title = super::model::display_title(doc);
        let date = doc.date.clone();
        // Previous and next within the date range.
        let admitted = state.corpus.with(|c| super::model::admitted(c, &filter));
        let prev = admitted.iter().rev().find(|&&i| i < index).copied();
        let next = admitted.iter().find(|&&i| i > index).copied();
        Some(view! {
            <header class="mm-reader-head">
                <h2 class="mm-reader-title">
                    {match heading {
                        Some(h) => Either::Left(h),
                        None => Either::Right(title),
                    }}
                </h2>
                <div class="mm-reader-meta">
                    {date.map(|d| view! { <span>{d}</span> })}
                    {link.map(|href| view! { <a href=href target="_blank" rel="noopener noreferrer">"source ↗"</a> })}
                    <span class="mm-muted">{format!("article {} of {}", index + 1, n)}</span>
                    <span class="mm-pager">
                        <button class="mm-link-button" disabled=prev.is_none() on:click=move |_| state.reader.set(prev)>"‹ previous"</button>
                        <button class="mm-link-button" disabled=next.is_none() on:click=move |_| state.reader.set(next)>"next ›"</button>
                    </span>
                </div>
            </header>
            <div id="mm-reader-text" class="mm-reader-text">{text}</div>
            {cut.map(|total| view! {
                <p class="mm-muted mm-reader-cut">{format!(
                    "The reader shows the first {READER_CHARS} characters of this article's {total}; the places of all its mentions are on the map."
                )}</p>
            })}
        })
    };
    view! {
        <section id="mm-panel-reader" class="mm-reader" aria-label="Reader">
            {move || match body() {
                Some(v) => Either::Left(v),
                None => Either::Right(view! { <p class="mm-empty">"The article text appears here, with every place mention highlighted."</p> }),
            }}
        </section>
    }
}
