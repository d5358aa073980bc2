//! Getting articles in: pasted text, files (picked or dropped), and URLs.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::client::{self, Mode};
use super::geojson_import;
use super::model::safe_link;
use super::protocol::{Source, MAX_FILE_BYTES};
use super::state::{AppState, JobProgress};

/// File types the picker offers.
pub const ACCEPT: &str = ".txt,.text,.jsonl,.ndjson,.json,.geojson,.csv,.html,.htm,text/plain,text/csv,text/html,application/json,application/geo+json";

/// Opens the picked or dropped files: GeoJSON in the page ([`geojson_import`]), the rest
/// through the workers.
pub fn load_files(state: AppState, files: web_sys::FileList) {
    let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
    leptos::task::spawn_local(async move {
        let mut texts = Vec::new();
        for file in files {
            if geojson_import::claims(&file).await {
                geojson_import::open(state, file).await;
            } else {
                texts.push(file);
            }
        }
        parse_files(state, texts);
    });
}

/// Sends files to the workers to be read and geoparsed.
fn parse_files(state: AppState, files: Vec<web_sys::File>) {
    if files.is_empty() {
        return;
    }
    let label = if files.len() == 1 {
        files[0].name()
    } else {
        format!("{} files", files.len())
    };
    // Files go to the parsing workers as they are; the workers read them.
    let mut sources = Vec::new();
    let mut kept = Vec::new();
    for file in files {
        let name = file.name();
        if file.size() > MAX_FILE_BYTES {
            state.notices.error(format!(
                "{name}: the file is {:.0} MB; the page reads files up to {:.0} MB. Split it, or use the command-line program, which has no such limit.",
                file.size() / 1_048_576.0,
                MAX_FILE_BYTES / 1_048_576.0
            ));
            continue;
        }
        sources.push(Source {
            name,
            text: String::new(),
            content_type: None,
            file: Some(kept.len()),
        });
        kept.push(file);
    }
    if sources.is_empty() {
        return;
    }
    client::ingest(state, sources, kept, Mode::Append, label);
}

async fn fetch_source(url: String) -> Result<Source, String> {
    let response = reqwest::get(&url).await.map_err(|err| {
        format!(
            "Could not load {url}: the site could not be reached, or the browser kept this page from reading it. A page may only read another site that allows it (with CORS headers), which most news sites do not. Save the page and open the file here, or give the address to the command-line program, which has no such rule. ({err})"
        )
    })?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!(
            "Could not load {url}: the server answered {status}."
        ));
    }
    let too_big = |bytes: f64| {
        format!(
            "Could not load {url}: it is {:.0} MB; the page reads up to {:.0} MB. Download it and use the command-line program, which has no such limit.",
            bytes / 1_048_576.0,
            MAX_FILE_BYTES / 1_048_576.0
        )
    };
    if let Some(length) = response.content_length() {
        if length as f64 > MAX_FILE_BYTES {
            return Err(too_big(length as f64));
        }
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
    if text.len() as f64 > MAX_FILE_BYTES {
        return Err(too_big(text.len() as f64));
    }
    Ok(Source {
        name: url,
        text,
        content_type,
        file: None,
    })
}

/// The input card: paste, open files, load a URL.
#[component]
pub fn InputPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let pasted = RwSignal::new(String::new());
    let url = RwSignal::new(String::new());
    let busy = move || state.progress.with(Option::is_some);

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
            file: None,
        };
        client::ingest(
            state,
            vec![source],
            Vec::new(),
            Mode::Append,
            "pasted text".into(),
        );
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
        state.progress.set(Some(JobProgress {
            label: format!("Downloading {address}"),
            ..JobProgress::default()
        }));
        leptos::task::spawn_local(async move {
            match fetch_source(address.clone()).await {
                Ok(source) => {
                    client::ingest(state, vec![source], Vec::new(), Mode::Append, address);
                    url.set(String::new());
                }
                Err(message) => {
                    state.progress.set(None);
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
                <span class="mm-hint">"txt, JSONL, JSON, CSV, HTML, GeoJSON — or drop files on the page"</span>
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
