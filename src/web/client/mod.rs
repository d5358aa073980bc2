//! The page's side of the parsing workers: starts them, sends them requests (at once: a
//! worker keeps what arrives before its wasm is ready), and turns their responses into state
//! changes (corpus, progress, notices, map fit, storage).
//!
//! **A pool of workers.** Each worker holds the whole gazetteer. The first is started by
//! `index.html` as the page loads; once it is ready, the others start (one per core beyond
//! the page's own, `navigator.hardwareConcurrency - 1`, at least 1 and at most [`MAX_WORKERS`];
//! `?workers=N` in the page's address overrides it). A job is dealt out to the workers by
//! blocks of articles ([`Shard`]); their chunks are put back in input order before they
//! reach the corpus. Files, and the corpus stored by an earlier visit, are handed to every
//! worker as `Blob`s, which the browser shares without copying, and read there; the page never
//! holds their text.
//!
//! **The page stays responsive.** Arriving articles are added to the corpus at most once per
//! flush interval, which grows with what the last redraw cost, so the page never spends
//! more than about a fifth of its time redrawing while a corpus loads.

mod jobs;
mod receive;

pub use jobs::{ingest, lookup_names, parse, restore};

use jobs::with_job;
use receive::{receive, set_body_attr};

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

use super::model::Article;
use super::protocol::{Request, Response, Shard, Source, WireArticle};
use super::state::{AppState, JobProgress, Origin};
use crate::Document;

/// The workers' loader (`public/worker-loader.js`), copied by trunk next to index.html.
const WORKER_URL: &str = "./worker-loader.js";

/// What a finished job does to the corpus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The new articles replace the corpus (once at least one arrives).
    Replace,
    /// The new articles are added to the corpus.
    Append,
}

/// The most workers the page starts, whatever the number of cores: each holds the gazetteer.
pub const MAX_WORKERS: usize = 4;

/// A job for the workers: what its articles do to the corpus, and what the page does when
/// they arrive.
#[derive(Clone, Debug)]
pub struct Job {
    /// Replace the corpus or add to it.
    pub mode: Mode,
    /// Where the articles come from.
    pub origin: Origin,
    /// What is being read, for the progress bar and the notices.
    pub label: String,
    /// Fit the map to the result.
    pub fit: bool,
    /// The page's first job, which keeps a selection restored from the URL.
    pub initial: bool,
    /// What the page does instead when the job ends without an article (a stored corpus that
    /// could not be read shows the sample), besides the workers' notices.
    pub when_empty: Option<fn(AppState)>,
}

/// A job the workers are running: the [`Job`], and how far it got.
#[derive(Debug)]
struct RunningJob {
    job: Job,
    /// Articles the corpus has taken.
    received: usize,
    problems: usize,
    first_index: usize,
    /// Workers sharing the job, and how many of them are done.
    parts: usize,
    parts_done: usize,
    /// Each part's progress (its `label` unused).
    progress: Vec<JobProgress>,
    /// Position in the job of the next article the corpus takes; chunks that arrive early
    /// wait in `waiting`, keyed by their first position.
    next: usize,
    waiting: BTreeMap<usize, Vec<Article>>,
    articles: usize,
    millis: f64,
}

/// One worker of the pool.
struct Slot {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

struct Client {
    slots: Vec<Slot>,
    size: usize,
    next_job: u32,
    jobs: HashMap<u32, RunningJob>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
    /// Articles received but not yet added to the corpus: a large corpus arrives in many
    /// chunks, and redrawing the map for each would slow the page down.
    static PENDING: RefCell<Vec<Arc<Article>>> = const { RefCell::new(Vec::new()) };
    static FLUSH_SCHEDULED: Cell<bool> = const { Cell::new(false) };
    /// What the last flush cost, in ms: the next waits at least four times as long.
    static FLUSH_COST: Cell<f64> = const { Cell::new(0.0) };
}

/// How often a loading corpus is redrawn, at least.
const FLUSH_EVERY: f64 = 700.0;

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// How many workers to run: `?workers=N` in the address, else one per core beyond the
/// page's own.
fn pool_size() -> usize {
    let Some(window) = web_sys::window() else {
        return 1;
    };
    let asked = window.location().search().ok().and_then(|q| {
        q.trim_start_matches('?')
            .split('&')
            .find_map(|kv| kv.strip_prefix("workers=")?.parse::<usize>().ok())
    });
    let cores = window.navigator().hardware_concurrency() as usize;
    asked
        .unwrap_or(cores.saturating_sub(1))
        .clamp(1, MAX_WORKERS)
}

/// Starts the first worker (or adopts the one `index.html` started early) and wires its
/// messages to `state`; the rest of the pool starts when it is ready.
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
    CLIENT.with(|c| {
        *c.borrow_mut() = Some(Client {
            slots: Vec::new(),
            size: pool_size(),
            next_job: 1,
            jobs: HashMap::new(),
        })
    });
    install(state, worker);
    if let Ok(inbox) = inbox.dyn_into::<js_sys::Array>() {
        for message in inbox.iter() {
            receive_message(state, 0, &message);
        }
        inbox.set_length(0);
    }
    Ok(())
}

/// True while a job is running.
pub fn is_busy() -> bool {
    CLIENT.with(|c| c.borrow().as_ref().is_some_and(|c| !c.jobs.is_empty()))
}

/// True while the parser works on something the user loaded.
pub fn is_busy_for_user() -> bool {
    CLIENT.with(|c| {
        c.borrow()
            .as_ref()
            .is_some_and(|c| c.jobs.values().any(|j| j.job.origin == Origin::User))
    })
}

/// Wires a worker's messages and errors to `state` and adds it to the pool.
fn install(state: AppState, worker: Worker) {
    let Some(slot) = CLIENT.with(|c| c.borrow().as_ref().map(|c| c.slots.len())) else {
        return;
    };
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        receive_message(state, slot, &event.data());
    });
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let detail = js_sys::Reflect::get(&event, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_default();
        // Replace the pool outside this handler, which the old worker owns.
        set_timeout(
            move || restart(state, detail),
            std::time::Duration::from_millis(0),
        );
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    CLIENT.with(|c| {
        if let Some(client) = c.borrow_mut().as_mut() {
            client.slots.push(Slot {
                worker,
                _on_message: on_message,
                _on_error: on_error,
            });
        }
    });
}

/// A message from worker `slot`: an `ArrayBuffer` is a [`Response`]; anything else is the
/// loader's download progress, which `index.html` shows.
fn receive_message(state: AppState, slot: usize, data: &JsValue) {
    if let Some(buffer) = data.dyn_ref::<js_sys::ArrayBuffer>() {
        receive(state, slot, &js_sys::Uint8Array::new(buffer).to_vec());
    }
}

fn show_pool_size() {
    let n = CLIENT.with(|c| c.borrow().as_ref().map_or(0, |c| c.slots.len()));
    set_body_attr("data-workers", &n.to_string());
}

/// Starts the rest of the pool, once the first worker is ready: its wasm is then in the
/// browser's cache, so the others neither download it again nor slow the first one down.
fn grow_pool(state: AppState) {
    let missing = CLIENT.with(|c| {
        c.borrow()
            .as_ref()
            .map_or(0, |c| c.size.saturating_sub(c.slots.len()))
    });
    for _ in 0..missing {
        match Worker::new(WORKER_URL) {
            Ok(worker) => install(state, worker),
            Err(_) => break,
        }
    }
    show_pool_size();
}

/// A worker died (a bug in the parser, or out of memory): say so, drop the running jobs,
/// and start a fresh pool so the page keeps working. What was loaded stays.
fn restart(state: AppState, detail: String) {
    let old = CLIENT.with(|c| c.borrow_mut().take());
    let Some(old) = old else {
        return; // Another worker's error already restarted the pool.
    };
    for slot in &old.slots {
        slot.worker.terminate();
    }
    let lost: Vec<String> = old.jobs.values().map(|j| j.job.label.clone()).collect();
    let (next_job, size) = (old.next_job, old.size);
    drop(old);
    PENDING.with(|p| p.borrow_mut().clear());
    state.progress.set(None);
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
        Ok(worker) => {
            CLIENT.with(|c| {
                *c.borrow_mut() = Some(Client {
                    slots: Vec::new(),
                    size,
                    next_job,
                    jobs: HashMap::new(),
                })
            });
            install(state, worker);
        }
        Err(_) => state
            .notices
            .error("The background parser could not be restarted. Reload the page."),
    }
}
