//! The page's side of the parsing workers: starts them, queues requests until they are ready,
//! and turns their responses into state changes (corpus, progress, notices, map fit, storage).
//!
//! **A pool of workers.** Each worker holds the whole gazetteer. The first is started by
//! `index.html` as the page loads; once it is ready, the others start (one per core beyond
//! the page's own, `navigator.hardwareConcurrency - 1`, at least 1 and at most [`MAX_WORKERS`];
//! `?workers=N` in the page's address overrides it). A job is dealt out to the workers by
//! blocks of articles ([`Shard`]); their chunks are put back in input order before they
//! reach the corpus. Files are handed to every worker as `File` objects, which the browser
//! shares without copying, and read there; the page never holds their text.
//!
//! **The page stays responsive.** Arriving articles are added to the corpus at most once per
//! flush interval, which grows with what the last redraw cost, so the page never spends
//! more than about a fifth of its time redrawing while a corpus loads.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

use super::model::Article;
use super::protocol::{Request, Response, Shard, Source};
use super::state::{AppState, JobProgress, Origin};
use super::storage;
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
    /// Workers sharing the job, and how many of them are done.
    parts: usize,
    parts_done: usize,
    /// `(done, total)` articles of each part.
    progress: Vec<(usize, usize)>,
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
    ready: bool,
    queue: Vec<JsValue>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

struct Client {
    slots: Vec<Slot>,
    size: usize,
    next_job: u32,
    jobs: HashMap<u32, Job>,
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

fn flush(state: AppState) {
    FLUSH_SCHEDULED.with(|f| f.set(false));
    let pending = PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()));
    if !pending.is_empty() {
        let started = now();
        state.corpus.0.update(|c| c.extend(pending));
        // The effects run after this task's microtasks; a timer runs after them.
        set_timeout(
            move || FLUSH_COST.with(|c| c.set(now() - started)),
            std::time::Duration::from_millis(0),
        );
    }
}

fn schedule_flush(state: AppState) {
    if !FLUSH_SCHEDULED.with(|f| f.replace(true)) {
        let wait = FLUSH_COST
            .with(Cell::get)
            .mul_add(4.0, 0.0)
            .max(FLUSH_EVERY);
        set_timeout(
            move || flush(state),
            std::time::Duration::from_millis(wait as u64),
        );
    }
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
            if let Some(text) = message.as_string() {
                receive(state, 0, &text);
            }
        }
        inbox.set_length(0);
    }
    Ok(())
}

/// Wires a worker's messages and errors to `state` and adds it to the pool.
fn install(state: AppState, worker: Worker) {
    let Some(slot) = CLIENT.with(|c| c.borrow().as_ref().map(|c| c.slots.len())) else {
        return;
    };
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        // Strings are responses; objects are the loader's download progress (index.html).
        if let Some(text) = event.data().as_string() {
            receive(state, slot, &text);
        }
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
                ready: false,
                queue: Vec::new(),
                _on_message: on_message,
                _on_error: on_error,
            });
        }
    });
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
    let lost: Vec<String> = old.jobs.values().map(|j| j.label.clone()).collect();
    let (next_job, size) = (old.next_job, old.size);
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

/// Asks the workers to read `sources` (and `files`, which sources name by their index) and
/// geoparse them.
pub fn ingest(
    state: AppState,
    sources: Vec<Source>,
    files: Vec<web_sys::File>,
    mode: Mode,
    label: String,
) {
    submit(
        state,
        mode,
        Origin::User,
        label,
        true,
        false,
        &files,
        |job, parts| {
            (0..parts)
                .map(|index| Request::Ingest {
                    job,
                    sources: sources.clone(),
                    shard: Shard {
                        index,
                        count: parts,
                    },
                })
                .collect()
        },
    );
}

/// Asks the workers to geoparse documents already read. `fit` fits the map to the result;
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
    submit(
        state,
        mode,
        origin,
        label,
        fit,
        initial,
        &[],
        |job, parts| {
            Shard::split(docs, parts)
                .into_iter()
                .enumerate()
                .map(|(index, docs)| Request::Parse {
                    job,
                    docs,
                    shard: Shard {
                        index,
                        count: parts,
                    },
                })
                .collect()
        },
    );
}

/// A request as the worker receives it: its JSON, with the files it names after it.
fn message(request: &Request, files: &[web_sys::File]) -> Option<JsValue> {
    let json = JsValue::from_str(&serde_json::to_string(request).ok()?);
    if files.is_empty() {
        return Some(json);
    }
    let message = js_sys::Array::of1(&json);
    for file in files {
        message.push(file);
    }
    Some(message.into())
}

fn send(slot: &mut Slot, message: JsValue) -> Option<()> {
    if slot.ready {
        slot.worker.post_message(&message).ok()
    } else {
        slot.queue.push(message);
        Some(())
    }
}

#[allow(clippy::too_many_arguments)]
fn submit(
    state: AppState,
    mode: Mode,
    origin: Origin,
    label: String,
    fit: bool,
    initial: bool,
    files: &[web_sys::File],
    requests: impl FnOnce(u32, usize) -> Vec<Request>,
) {
    let sent = CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        let client = c.as_mut()?;
        let job = client.next_job;
        client.next_job += 1;
        let parts = client.slots.len().max(1);
        let requests = requests(job, parts);
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
                parts,
                parts_done: 0,
                progress: vec![(0, 0); parts],
                next: 0,
                waiting: BTreeMap::new(),
                articles: 0,
                millis: 0.0,
            },
        );
        for (slot, request) in client.slots.iter_mut().zip(&requests) {
            send(slot, message(request, files)?)?;
        }
        Some(())
    });
    match sent {
        Some(()) => state.progress.0.set(Some(JobProgress { done: 0, total: 0, label })),
        None => state.notices.error("The background parser is not running, so nothing can be read. Reload the page to try again."),
    }
}

/// Asks a worker which places the gazetteer knows by `query`; its answer completes the place
/// filter (see [`crate::web::model::PlaceQuery`]).
pub fn lookup_names(query: String) {
    let Ok(json) = serde_json::to_string(&Request::Names { query }) else {
        return;
    };
    CLIENT.with(|c| {
        if let Some(slot) = c.borrow_mut().as_mut().and_then(|c| c.slots.first_mut()) {
            let _ = send(slot, JsValue::from_str(&json));
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

fn receive(state: AppState, slot: usize, text: &str) {
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
                let Some(s) = c.as_mut().and_then(|c| c.slots.get_mut(slot)) else {
                    return Vec::new();
                };
                s.ready = true;
                let worker = s.worker.clone();
                std::mem::take(&mut s.queue)
                    .into_iter()
                    .map(|m| (worker.clone(), m))
                    .collect()
            });
            for (worker, message) in queued {
                let _ = worker.post_message(&message);
            }
            if slot == 0 {
                grow_pool(state);
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
            update_job(job, |j| {
                if let Some(p) = j.progress.get_mut(slot) {
                    *p = (done, total);
                }
            });
            if let Some(info) = job_info(job) {
                let (done, total) = info
                    .progress
                    .iter()
                    .fold((0, 0), |(d, t), (pd, pt)| (d + pd, t + pt));
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
        Response::Articles {
            job,
            first,
            articles,
        } => {
            // Chunks of several workers arrive in any order: take them in input order.
            let mut ready = Vec::new();
            update_job(job, |j| {
                j.waiting.insert(first, articles);
                while let Some(chunk) = j.waiting.remove(&j.next) {
                    j.next += chunk.len().max(1);
                    ready.extend(chunk);
                }
            });
            if !ready.is_empty() {
                take_articles(state, job, ready);
            }
        }
        Response::Done {
            job,
            articles,
            millis,
        } => {
            let mut finished = false;
            update_job(job, |j| {
                j.parts_done += 1;
                j.articles += articles;
                j.millis = j.millis.max(millis);
                finished = j.parts_done >= j.parts;
            });
            if finished {
                finish(state, job);
            }
        }
    }
}

/// Adds articles, in input order, to the corpus: the job's first ones at once (the first
/// markers appear as soon as possible), the rest at the next flush.
fn take_articles(state: AppState, job: u32, articles: Vec<Article>) {
    let Some(info) = job_info(job) else { return };
    let new: Vec<Arc<Article>> = articles.into_iter().map(Arc::new).collect();
    let count = new.len();
    if info.received == 0 {
        let replace = info.mode == Mode::Replace
            || state.origin.0.get_untracked() != Origin::User && info.origin == Origin::User;
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

/// Every worker has finished the job.
fn finish(state: AppState, job: u32) {
    let info = CLIENT.with(|c| c.borrow_mut().as_mut().and_then(|c| c.jobs.remove(&job)));
    // Chunks still waiting for an earlier one that never came (cannot happen unless a
    // worker broke its promise): take them anyway rather than lose them.
    if let Some(info) = &info {
        let rest = info.waiting.values().flatten().cloned().map(Arc::new);
        PENDING.with(|p| p.borrow_mut().extend(rest));
    }
    flush(state);
    let still_running = CLIENT.with(|c| c.borrow().as_ref().is_some_and(|c| !c.jobs.is_empty()));
    if !still_running {
        state.progress.0.set(None);
    }
    let Some(info) = info else { return };
    let (articles, millis) = (info.articles, info.millis);
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
    // In a task of its own: storing a big corpus takes a while.
    set_timeout(
        move || persist_corpus(state),
        std::time::Duration::from_millis(0),
    );
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
