//! Progress of the running job and messages for the user.

use leptos::prelude::*;

use super::state::AppState;

/// Progress bar and notices.
#[component]
pub fn StatusArea() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Information fades after a while; problems stay until dismissed.
    Effect::new(move |_| {
        let infos: Vec<u64> = state
            .notices
            .0
            .with(|n| n.iter().filter(|n| !n.error).map(|n| n.id).collect());
        for id in infos {
            set_timeout(
                move || state.notices.0.update(|n| n.retain(|x| x.id != id)),
                std::time::Duration::from_secs(8),
            );
        }
    });
    let progress = move || {
        state.progress.get().map(|p| {
            let (read, size) = p.read;
            // The bar: articles done of those known, else bytes read of the sources' size.
            let (label, value, max) = if p.total > 0 {
                let label = format!(
                    "Geoparsing {} of {} articles ({})",
                    p.done, p.total, p.label
                );
                (label, Some(p.done as f64), p.total as f64)
            } else if size > 0 {
                let label = format!(
                    "Reading and geoparsing {}: {} so far",
                    p.label,
                    super::model::plural(p.done, "article", "articles")
                );
                (label, Some(read as f64), size as f64)
            } else {
                (format!("{}…", p.label), None, 1.0)
            };
            view! {
                <div class="mm-progress" role="status">
                    <progress id="mm-progress" max=max.to_string() value=value.map(|v| v.to_string())></progress>
                    <span>{label}</span>
                </div>
            }
        })
    };
    view! {
        {progress}
        <ul class="mm-notices" aria-live="polite">
            <For
                each=move || state.notices.0.get()
                key=|n| n.id
                children=move |n| {
                    let id = n.id;
                    view! {
                        <li class="mm-notice" class:mm-error=n.error>
                            <span class="mm-notice-text">{n.text}</span>
                            <button class="mm-dismiss" aria-label="Dismiss" on:click=move |_| state.notices.0.update(|list| list.retain(|x| x.id != id))>"×"</button>
                        </li>
                    }
                }
            />
        </ul>
    }
}
