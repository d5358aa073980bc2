//! The page's side of the parsing worker: starts it, queues requests until it is ready, and
//! turns its responses into state changes (corpus, progress, notices, map fit, storage).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

use super::model::Article;
use super::protocol::{Request, Response, Source};
use super::state::{AppState, JobProgress, Origin};
use super::storage;
use crate::Document;

/// The worker's loader, written by trunk next to index.html.
const WORKER_URL: &str = "./mentionmap-worker_loader.js";

/// What a finished job does to the corpus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The new articles replace the corpus (once at least one arrives).
    Replace,
    /// The new articles are added to the corpus.
    Append,
}

#[derive(Clone, Debug)]
struct Job {
    mode: Mode,
    origin: Origin,
    label: String,
    received: usize,
    problems: usize,
    fit: bool,
    initial: bool,
    first_index: usize,
}

struct Client {
    worker: Worker,
    ready: bool,
    queue: Vec<String>,
    next_job: u32,
    jobs: HashMap<u32, Job>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
    /// Articles received but not yet added to the corpus: a large corpus arrives in many
    /// chunks, and redrawing the map for each would slow the page down.
    static PENDING: RefCell<Vec<Arc<Article>>> = const { RefCell::new(Vec::new()) };
    static FLUSH_SCHEDULED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// How often a loading corpus is redrawn.
const FLUSH_EVERY: std::time::Duration = std::time::Duration::from_millis(900);

fn flush(state: AppState) {
    FLUSH_SCHEDULED.with(|f| f.set(false));
    let pending = PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()));
    if !pending.is_empty() {
        state.corpus.0.update(|c| c.extend(pending));
    }
}

fn schedule_flush(state: AppState) {
    if !FLUSH_SCHEDULED.with(|f| f.replace(true)) {
        set_timeout(move || flush(state), FLUSH_EVERY);
    }
}

/// Starts the worker (or adopts the one `index.html` started early) and wires its messages to
/// `state`.
pub fn start(state: AppState) -> Result<(), String> {
    let global = js_sys::global();
    let early = js_sys::Reflect::get(&global, &"__mmWorker".into())
        .ok()
        .and_then(|w| w.dyn_into::<Worker>().ok());
    let early_error = js_sys::Reflect::get(&global, &"__mmWorkerError".into())
        .ok()
        .and_then(|m| m.as_string());
    let worker = match (early, &early_error) {
        (Some(w), None) => w,
        _ => Worker::new(WORKER_URL).map_err(|e| format!("{e:?}"))?,
    };
    // An error, or messages, that arrived before the app started were kept by index.html.
    if let Some(message) = early_error {
        state.notices.error(format!(
            "The background parser failed to start ({message}); it was started again."
        ));
    }
    let inbox = js_sys::Reflect::get(&global, &"__mmInbox".into()).unwrap_or(JsValue::UNDEFINED);
    install(state, worker, 1);
    if let Ok(inbox) = inbox.dyn_into::<js_sys::Array>() {
        for message in inbox.iter() {
            if let Some(text) = message.as_string() {
                receive(state, &text);
            }
        }
        inbox.set_length(0);
    }
    Ok(())
}

/// Wires a worker's messages and errors to `state` and makes it the current worker.
fn install(state: AppState, worker: Worker, next_job: u32) {
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some(text) = event.data().as_string() {
            receive(state, &text);
        }
    });
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let detail = js_sys::Reflect::get(&event, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_default();
        // Replace the worker outside this handler, which the old worker owns.
        set_timeout(
            move || restart(state, detail),
            std::time::Duration::from_millis(0),
        );
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    CLIENT.with(|c| {
        *c.borrow_mut() = Some(Client {
            worker,
            ready: false,
            queue: Vec::new(),
            next_job,
            jobs: HashMap::new(),
            _on_message: on_message,
            _on_error: on_error,
        })
    });
}

/// The worker died (a bug in the parser, or out of memory): say so, drop its jobs, and start
/// a fresh one so the page keeps working. What was loaded stays.
fn restart(state: AppState, detail: String) {
    let old = CLIENT.with(|c| c.borrow_mut().take());
    let (next_job, lost) = match &old {
        Some(client) => {
            client.worker.terminate();
            let lost: Vec<String> = client.jobs.values().map(|j| j.label.clone()).collect();
            (client.next_job, lost)
        }
        None => (1, Vec::new()),
    };
    drop(old);
    PENDING.with(|p| p.borrow_mut().clear());
    state.progress.0.set(None);
    let what = if lost.is_empty() {
        String::new()
    } else {
        format!(" while reading {}", lost.join(", "))
    };
    let why = if detail.is_empty() {
        String::new()
    } else {
        format!(" ({detail})")
    };
    state.notices.error(format!(
        "The background parser stopped{what}{why}; it has been restarted, so try again, perhaps with fewer articles."
    ));
    match Worker::new(WORKER_URL) {
        Ok(worker) => install(state, worker, next_job),
        Err(_) => state
            .notices
            .error("The background parser could not be restarted. Reload the page."),
    }
}

/// Asks the worker to read `sources` and geoparse them.
pub fn ingest(state: AppState, sources: Vec<Source>, mode: Mode, label: String) {
    submit(state, mode, Origin::User, label, true, false, |job| {
        Request::Ingest { job, sources }
    });
}

/// Asks the worker to geoparse documents already read. `fit` fits the map to the result;
/// `initial` marks the page's first job, which keeps a selection restored from the URL.
pub fn parse(
    state: AppState,
    docs: Vec<Document>,
    mode: Mode,
    origin: Origin,
    label: String,
    fit: bool,
    initial: bool,
) {
    submit(state, mode, origin, label, fit, initial, |job| {
        Request::Parse { job, docs }
    });
}

#[allow(clippy::too_many_arguments)]
fn submit(
    state: AppState,
    mode: Mode,
    origin: Origin,
    label: String,
    fit: bool,
    initial: bool,
    request: impl FnOnce(u32) -> Request,
) {
    let sent = CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        let client = c.as_mut()?;
        let job = client.next_job;
        client.next_job += 1;
        let json = serde_json::to_string(&request(job)).ok()?;
        client.jobs.insert(
            job,
            Job {
                mode,
                origin,
                label: label.clone(),
                received: 0,
                problems: 0,
                fit,
                initial,
                first_index: 0,
            },
        );
        if client.ready {
            client.worker.post_message(&JsValue::from_str(&json)).ok()?;
        } else {
            client.queue.push(json);
        }
        Some(())
    });
    match sent {
        Some(()) => state.progress.0.set(Some(JobProgress { done: 0, total: 0, label })),
        None => state.notices.error("The background parser is not running, so nothing can be read. Reload the page to try again."),
    }
}

/// Asks the worker which places the gazetteer knows by `query`; its answer completes the place
/// filter (see [`crate::web::model::PlaceQuery`]).
pub fn lookup_names(query: String) {
    let Ok(json) = serde_json::to_string(&Request::Names { query }) else {
        return;
    };
    CLIENT.with(|c| {
        if let Some(client) = c.borrow_mut().as_mut() {
            if client.ready {
                let _ = client.worker.post_message(&JsValue::from_str(&json));
            } else {
                client.queue.push(json);
            }
        }
    });
}

fn job_info(job: u32) -> Option<Job> {
    CLIENT.with(|c| c.borrow().as_ref().and_then(|c| c.jobs.get(&job).cloned()))
}

fn update_job(job: u32, f: impl FnOnce(&mut Job)) {
    CLIENT.with(|c| {
        if let Some(j) = c.borrow_mut().as_mut().and_then(|c| c.jobs.get_mut(&job)) {
            f(j);
        }
    });
}

fn receive(state: AppState, text: &str) {
    let response: Response = match serde_json::from_str(text) {
        Ok(r) => r,
        Err(err) => {
            state.notices.error(format!(
                "The background parser sent something unreadable ({err})."
            ));
            return;
        }
    };
    match response {
        Response::Ready { .. } => {
            let queued = CLIENT.with(|c| {
                let mut c = c.borrow_mut();
                let Some(client) = c.as_mut() else {
                    return Vec::new();
                };
                client.ready = true;
                let queued = std::mem::take(&mut client.queue);
                queued
                    .into_iter()
                    .map(|json| (client.worker.clone(), json))
                    .collect()
            });
            for (worker, json) in queued {
                let _ = worker.post_message(&JsValue::from_str(&json));
            }
        }
        Response::Names { query, ids } => {
            let folded = crate::text::fold_key(query.trim());
            if state.filter.0.with_untracked(|f| f.places.folded == folded) {
                state
                    .filter
                    .0
                    .update(|f| f.places.ids = ids.into_iter().collect());
            }
        }
        Response::Progress { job, done, total } => {
            if let Some(info) = job_info(job) {
                state.progress.0.set(Some(JobProgress {
                    done,
                    total,
                    label: info.label,
                }));
            }
        }
        Response::Problems { job, problems } => {
            update_job(job, |j| j.problems += problems.len());
            for p in problems {
                state.notices.error(p);
            }
        }
        Response::Articles { job, articles } => {
            let Some(info) = job_info(job) else { return };
            let new: Vec<Arc<Article>> = articles.into_iter().map(Arc::new).collect();
            let count = new.len();
            if info.received == 0 {
                let replace = info.mode == Mode::Replace
                    || state.origin.0.get_untracked() != Origin::User
                        && info.origin == Origin::User;
                let first_index = if replace {
                    0
                } else {
                    state.corpus.0.with_untracked(Vec::len)
                };
                update_job(job, |j| j.first_index = first_index);
                if replace {
                    if !info.initial {
                        state.selection.0.set(None);
                    }
                    state.corpus.0.set(new);
                } else {
                    state.corpus.0.update(|c| c.extend(new));
                }
                state.reader.0.set(Some(first_index));
                state.origin.0.set(info.origin);
            } else {
                PENDING.with(|p| p.borrow_mut().extend(new));
                schedule_flush(state);
            }
            update_job(job, |j| j.received += count);
        }
        Response::Done {
            job,
            articles,
            millis,
        } => {
            flush(state);
            let info = CLIENT.with(|c| c.borrow_mut().as_mut().and_then(|c| c.jobs.remove(&job)));
            let still_running =
                CLIENT.with(|c| c.borrow().as_ref().is_some_and(|c| !c.jobs.is_empty()));
            if !still_running {
                state.progress.0.set(None);
            }
            let Some(info) = info else { return };
            set_body_attr("data-last-parse-ms", &format!("{millis:.0}"));
            set_body_attr(
                "data-articles",
                &state.corpus.0.with_untracked(Vec::len).to_string(),
            );
            if articles == 0 {
                if info.problems == 0 {
                    state.notices.error(format!(
                        "{}: no article text found, so nothing was added.",
                        info.label
                    ));
                }
                return;
            }
            if info.origin == Origin::User && articles > 1 {
                state.notices.info(format!(
                    "Read and geoparsed {articles} articles in {:.1} s.",
                    millis / 1000.0
                ));
            }
            if info.fit {
                state.fit.0.set(true);
            }
            persist_corpus(state);
        }
    }
}

/// Stores the corpus (or forgets it when it is the sample).
pub fn persist_corpus(state: AppState) {
    let result = if state.origin.0.get_untracked() == Origin::User {
        let docs: Vec<Document> = state
            .corpus
            .0
            .with_untracked(|c| c.iter().map(|a| a.doc.clone()).collect());
        storage::save_corpus(Some(&docs))
    } else {
        storage::save_corpus(None)
    };
    if let Err(message) = result {
        state.notices.error(message);
    }
}

fn set_body_attr(name: &str, value: &str) {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute(name, value);
    }
}
