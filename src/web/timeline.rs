//! The timeline under the map: mentions per day or week as bars, a brush to choose a date
//! range, and a play button that steps a window through time. Like every component it only
//! changes state (the date range in the filter); the map, lists, counts, reader, exports and
//! URL follow from there.

use leptos::prelude::*;

use super::model::{timeline, TimeUnit, Timeline as TimelineData};
use super::state::AppState;

/// Time between two steps of playback.
const STEP: std::time::Duration = std::time::Duration::from_millis(900);

/// Sets the date range to bars `lo..=hi` (every date when that is all of them).
fn choose(state: AppState, data: &TimelineData, lo: usize, hi: usize) {
    let (lo, hi) = (lo.min(hi), lo.max(hi));
    let all = lo == 0 && hi + 1 >= data.bins.len();
    let (from, to) = match (all, data.bins.get(lo), data.bins.get(hi)) {
        (false, Some(a), Some(b)) => (Some(a.from.clone()), Some(b.to.clone())),
        _ => (None, None),
    };
    state.filter.update(|f| {
        f.from = from;
        f.to = to;
    });
}

/// One step of playback: the window moves one bar later (a cumulative window keeps its
/// start). Returns false at the end.
fn step(state: AppState, data: &TimelineData, cumulative: bool) -> bool {
    let n = data.bins.len();
    let selected = state
        .filter
        .with_untracked(|f| data.selected(f.from.as_deref(), f.to.as_deref()));
    let (lo, hi) = match selected {
        // Nothing chosen: start with the first bar.
        None => {
            choose(state, data, 0, 0);
            return n > 1;
        }
        Some(range) => range,
    };
    if hi + 1 >= n {
        return false;
    }
    let lo = if cumulative { lo } else { lo + 1 };
    choose(state, data, lo, hi + 1);
    hi + 2 < n
}

/// The bar under a pointer event on the bars' SVG.
fn bar_at(ev: &web_sys::PointerEvent, bars: usize) -> Option<usize> {
    use wasm_bindgen::JsCast;
    let target = ev.current_target()?;
    let measure: js_sys::Function = js_sys::Reflect::get(&target, &"getBoundingClientRect".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let rect = measure.call0(&target).ok()?;
    let field = |name: &str| js_sys::Reflect::get(&rect, &name.into()).ok()?.as_f64();
    let (left, width) = (field("left")?, field("width")?);
    if width <= 0.0 || bars == 0 {
        return None;
    }
    let x = (f64::from(ev.client_x()) - left) / width;
    Some(((x * bars as f64).floor().max(0.0) as usize).min(bars - 1))
}

/// The timeline: shown when some article has a date.
#[component]
pub fn Timeline() -> impl IntoView {
    let state = expect_context::<AppState>();
    let data = Memo::new(move |_| {
        let corpus = state.corpus.read();
        let corrections = state.corrections.read();
        // The histogram does not depend on the date range: leave it out of the memo's inputs.
        let filter = state.filter.with(|f| super::model::Filter {
            from: None,
            to: None,
            ..f.clone()
        });
        timeline(&corpus, &corrections, &filter)
    });
    let selected = Memo::new(move |_| {
        let range = state.filter.with(|f| (f.from.clone(), f.to.clone()));
        data.with(|d| {
            d.as_ref()
                .and_then(|d| d.selected(range.0.as_deref(), range.1.as_deref()))
        })
    });
    let drag_start = RwSignal::new(None::<usize>);
    let cumulative = RwSignal::new(false);
    let playing = RwSignal::new(false);
    let timer = StoredValue::new(None::<TimeoutHandle>);

    // Playback: a timer that moves the window, stopped at the end or by the user.
    let stop = move || {
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        timer.set_value(None);
        playing.set(false);
    };
    fn schedule(
        state: AppState,
        data: Memo<Option<TimelineData>>,
        cumulative: RwSignal<bool>,
        playing: RwSignal<bool>,
        timer: StoredValue<Option<TimeoutHandle>>,
    ) {
        let handle = set_timeout_with_handle(
            move || {
                if !playing.get_untracked() {
                    return;
                }
                let more = data.with_untracked(|d| {
                    d.as_ref()
                        .is_some_and(|d| step(state, d, cumulative.get_untracked()))
                });
                if more {
                    schedule(state, data, cumulative, playing, timer);
                } else {
                    timer.set_value(None);
                    playing.set(false);
                }
            },
            STEP,
        )
        .ok();
        timer.set_value(handle);
    }
    let toggle_play = move |_| {
        if playing.get_untracked() {
            stop();
            return;
        }
        playing.set(true);
        // Start at once; from the beginning when the window is already at the end.
        let at_end = data.with_untracked(|d| {
            d.as_ref().is_some_and(|d| {
                state.filter.with_untracked(|f| {
                    d.selected(f.from.as_deref(), f.to.as_deref())
                        .is_some_and(|(_, hi)| hi + 1 >= d.bins.len())
                })
            })
        });
        if at_end {
            data.with_untracked(|d| {
                if let Some(d) = d {
                    choose(state, d, 0, 0);
                }
            });
        } else {
            let more = data.with_untracked(|d| {
                d.as_ref()
                    .is_some_and(|d| step(state, d, cumulative.get_untracked()))
            });
            if !more {
                stop();
                return;
            }
        }
        schedule(state, data, cumulative, playing, timer);
    };
    on_cleanup(move || {
        if let Some(handle) = timer.try_get_value().flatten() {
            handle.clear();
        }
    });

    let on_down = move |ev: web_sys::PointerEvent| {
        let n = data.with_untracked(|d| d.as_ref().map_or(0, |d| d.bins.len()));
        if let Some(i) = bar_at(&ev, n) {
            stop();
            drag_start.set(Some(i));
            data.with_untracked(|d| {
                if let Some(d) = d {
                    choose(state, d, i, i);
                }
            });
        }
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        let Some(start) = drag_start.get_untracked() else {
            return;
        };
        if ev.buttons() == 0 {
            drag_start.set(None);
            return;
        }
        let n = data.with_untracked(|d| d.as_ref().map_or(0, |d| d.bins.len()));
        if let Some(i) = bar_at(&ev, n) {
            data.with_untracked(|d| {
                if let Some(d) = d {
                    choose(state, d, start, i);
                }
            });
        }
    };
    let on_up = move |_: web_sys::PointerEvent| drag_start.set(None);

    let label = move || {
        let range = state.filter.with(|f| (f.from.clone(), f.to.clone()));
        match range {
            (None, None) => "all dates".to_string(),
            (Some(a), Some(b)) if a == b => a,
            (a, b) => format!(
                "{} – {}",
                a.unwrap_or_else(|| "start".into()),
                b.unwrap_or_else(|| "end".into())
            ),
        }
    };

    move || {
        data.get().map(|d| {
            let n = d.bins.len();
            let max = d.max().max(1) as f64;
            let unit = match d.unit {
                TimeUnit::Day => "day",
                TimeUnit::Week => "week",
            };
            let bars = d
                .bins
                .iter()
                .enumerate()
                .map(|(i, bin)| {
                    let h = if bin.mentions == 0 {
                        0.0
                    } else {
                        (bin.mentions as f64 / max * 92.0).max(4.0)
                    };
                    let inside = move || selected.get().is_none_or(|(lo, hi)| (lo..=hi).contains(&i));
                    let title = format!(
                        "{}{}: {} mentions in {} articles",
                        bin.from,
                        if bin.from == bin.to { String::new() } else { format!(" – {}", bin.to) },
                        bin.mentions,
                        bin.articles
                    );
                    view! {
                        <rect x=i.to_string() y=format!("{:.1}", 100.0 - h) width="0.86" height=format!("{h:.1}")
                            class="mm-bar" class:mm-bar-out=move || !inside()>
                            <title>{title}</title>
                        </rect>
                    }
                })
                .collect_view();
            let first = d.bins.first().map(|b| b.from.clone()).unwrap_or_default();
            let last = d.bins.last().map(|b| b.to.clone()).unwrap_or_default();
            let undated = d.undated;
            view! {
                <section id="mm-timeline" class="mm-timeline" aria-label="Timeline: mentions per day or week">
                    <div class="mm-timeline-controls">
                        <button id="mm-play" class="mm-button mm-play" on:click=toggle_play
                            aria-pressed=move || playing.get().to_string()
                            title="Step a window through time">
                            {move || if playing.get() { "❚❚ Pause" } else { "▶ Play" }}
                        </button>
                        <label class="mm-toggle" title="Keep the start of the range while playing">
                            <input id="mm-cumulative" type="checkbox" prop:checked=move || cumulative.get()
                                on:change=move |ev| cumulative.set(event_target_checked(&ev)) />
                            "cumulative"
                        </label>
                        <span id="mm-range" class="mm-range">{label}</span>
                        <Show when=move || selected.get().is_some()>
                            <button class="mm-link-button" id="mm-all-dates"
                                on:click=move |_| { stop(); state.filter.update(|f| { f.from = None; f.to = None; }); }>
                                "all dates"
                            </button>
                        </Show>
                        <span class="mm-muted mm-timeline-note">
                            {format!("mentions per {unit}")}
                            {(undated > 0).then(|| format!(" · {undated} undated {} always shown", if undated == 1 { "article" } else { "articles" }))}
                        </span>
                    </div>
                    <svg class="mm-bars" viewBox=format!("0 0 {n} 100") preserveAspectRatio="none"
                        role="img" aria-label=format!("Mentions per {unit} from {first} to {last}; drag to choose a date range")
                        on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up>
                        {bars}
                    </svg>
                    <div class="mm-timeline-axis"><span>{first}</span><span>{last}</span></div>
                </section>
            }
        })
    }
}
