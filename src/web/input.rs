//! Getting articles in: pasted text, files (picked or dropped), and URLs.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::client::{self, Mode};
use super::model::safe_link;
use super::protocol::Source;
use super::state::{AppState, JobProgress};

/// File types the picker offers.
pub const ACCEPT: &str = ".txt,.text,.jsonl,.ndjson,.json,.csv,.html,.htm,text/plain,text/csv,text/html,application/json";

/// Reads the picked or dropped files and sends them to the worker.
pub fn load_files(state: AppState, files: web_sys::FileList) {
    let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
    if files.is_empty() {
        return;
    }
    let label = if files.len() == 1 {
        files[0].name()
    } else {
        format!("{} files", files.len())
    };
    state.progress.0.set(Some(JobProgress {
        done: 0,
        total: 0,
        label: format!("Reading {label}"),
    }));
    leptos::task::spawn_local(async move {
        let mut sources = Vec::new();
        for file in files {
            let name = file.name();
            match JsFuture::from(file.text()).await {
                Ok(text) => sources.push(Source {
                    name,
                    text: text.as_string().unwrap_or_default(),
                    content_type: None,
                }),
                Err(_) => state
                    .notices
                    .error(format!("{name}: the browser could not read this file.")),
            }
        }
        if sources.is_empty() {
            state.progress.0.set(None);
            return;
        }
        client::ingest(state, sources, Mode::Append, label);
    });
}

async fn fetch_source(url: String) -> Result<Source, String> {
    let response = reqwest::get(&url).await.map_err(|err| {
        format!(
            "Could not load {url}: the site could not be reached, or it does not allow other pages to read it (CORS). Download the page and open the file instead. ({err})"
        )
    })?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!(
            "Could not load {url}: the server answered {status}."
        ));
    }
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let text = response
        .text()
        .await
        .map_err(|err| format!("Could not read {url}: {err}"))?;
    Ok(Source {
        name: url,
        text,
        content_type,
    })
}

/// The input card: paste, open files, load a URL.
#[component]
pub fn InputPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let pasted = RwSignal::new(String::new());
    let url = RwSignal::new(String::new());
    let busy = move || state.progress.0.with(Option::is_some);

    let submit_paste = move |_| {
        let text = pasted.get_untracked();
        if text.trim().is_empty() {
            state.notices.error("Paste some article text first.");
            return;
        }
        let source = Source {
            name: "pasted text".into(),
            text,
            content_type: Some("text/plain".into()),
        };
        client::ingest(state, vec![source], Mode::Append, "pasted text".into());
        pasted.set(String::new());
    };

    let submit_url = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let address = url.get_untracked().trim().to_string();
        if address.is_empty() {
            return;
        }
        if safe_link(&address).is_none() {
            state.notices.error(format!(
                "Cannot load “{address}”: only http:// and https:// addresses can be loaded."
            ));
            return;
        }
        state.progress.0.set(Some(JobProgress {
            done: 0,
            total: 0,
            label: format!("Downloading {address}"),
        }));
        leptos::task::spawn_local(async move {
            match fetch_source(address.clone()).await {
                Ok(source) => {
                    client::ingest(state, vec![source], Mode::Append, address);
                    url.set(String::new());
                }
                Err(message) => {
                    state.progress.0.set(None);
                    state.notices.error(message);
                }
            }
        });
    };

    let on_files = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(files) = input.files() {
            load_files(state, files);
        }
        input.set_value("");
    };

    view! {
        <section class="mm-card mm-input" aria-label="Add articles">
            <div class="mm-input-row">
                <label class="mm-button mm-primary mm-file-button">
                    <input
                        id="mm-file"
                        class="mm-file-input"
                        type="file"
                        multiple
                        accept=ACCEPT
                        on:change=on_files
                    />
                    "Open files…"
                </label>
                <span class="mm-hint">"txt, JSONL, JSON, CSV, HTML — or drop files on the page"</span>
            </div>
            <textarea
                id="mm-paste"
                class="mm-paste"
                rows="3"
                placeholder="Paste article text here…"
                prop:value=move || pasted.get()
                on:input=move |ev| pasted.set(event_target_value(&ev))
            ></textarea>
            <div class="mm-input-row">
                <button id="mm-paste-go" class="mm-button" on:click=submit_paste disabled=busy>
                    "Geoparse text"
                </button>
                <form class="mm-url-form" on:submit=submit_url>
                    <input
                        id="mm-url"
                        class="mm-url"
                        type="url"
                        placeholder="https://… article or JSONL"
                        prop:value=move || url.get()
                        on:input=move |ev| url.set(event_target_value(&ev))
                    />
                    <button class="mm-button" type="submit" disabled=busy>"Load"</button>
                </form>
            </div>
        </section>
    }
}

/// Whether a drag carries files (not text or links).
pub fn drag_has_files(ev: &web_sys::DragEvent) -> bool {
    ev.data_transfer().is_some_and(|dt| {
        let types = dt.types();
        types
            .iter()
            .any(|t| t.as_string().as_deref() == Some("Files"))
    })
}

/// The files of a drop event.
pub fn dropped_files(ev: &web_sys::DragEvent) -> Option<web_sys::FileList> {
    ev.data_transfer()
        .and_then(|dt| dt.files())
        .filter(|f| f.length() > 0)
}

/// `event.target` as an input element.
fn event_target(ev: &leptos::ev::Event) -> web_sys::HtmlInputElement {
    ev.target().expect("event target").unchecked_into()
}
