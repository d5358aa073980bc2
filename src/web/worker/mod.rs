//! The parsing worker: reads sources with [`crate::ingest`] and geoparses them off the page's
//! thread, so a corpus of hundreds of articles never freezes the page.
//!
//! Started by `src/bin/worker.rs`, built by trunk as a `data-type="worker"` binary. The bundled
//! gazetteer lives only in this worker's wasm; the page's wasm does not carry it.

use std::ops::ControlFlow;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

mod reading;

use reading::Articles;

use super::protocol::{Request, Response, WireArticle, BLOCK};
use crate::{Document, Gazetteer, Geoparser, Mention};

/// Installs the message handler and tells the page the worker is ready.
pub fn run() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        // A request is its JSON, or an array of its JSON and the files it reads.
        let data = event.data();
        let (text, files) = match data.dyn_ref::<js_sys::Array>() {
            Some(parts) => (
                parts.get(0).as_string(),
                parts
                    .iter()
                    .skip(1)
                    .filter_map(|f| f.dyn_into().ok())
                    .collect(),
            ),
            None => (data.as_string(), Vec::new()),
        };
        let Some(text) = text else {
            return;
        };
        match serde_json::from_str::<Request>(&text) {
            Ok(request) => handle(&reply_scope, request, &files),
            Err(err) => {
                web_sys::console::error_1(&format!("mentionmap worker: bad request: {err}").into())
            }
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let gazetteer = Gazetteer::bundled();
    let countries = gazetteer
        .countries()
        .map(|(code, place)| (code.to_string(), place.name.to_string()))
        .collect();
    let places = gazetteer.len();
    post(&scope, &Response::Ready { places, countries });
    warm_up_after(&scope, WARM_UP_AT_THE_LATEST);
}

/// Times the built-in sample is geoparsed while the worker waits for its first jobs.
const WARM_UP_ROUNDS: u32 = 1000;

/// How long after its first job the worker starts its warm-up: time for the page to draw
/// that job's answer without the browser's optimising compiler on the other core.
const WARM_UP_AFTER_FIRST_JOB_MS: i32 = 100;

/// When the worker starts its warm-up if no job has come, in milliseconds after it is ready.
const WARM_UP_AT_THE_LATEST: i32 = 2000;

thread_local! {
    /// Whether the warm-up has started.
    static WARMING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Starts the warm-up in `ms` milliseconds, unless it has started by then.
fn warm_up_after(scope: &DedicatedWorkerGlobalScope, ms: i32) {
    let next_scope = scope.clone();
    let start = Closure::once_into_js(move || {
        if !WARMING.with(|w| w.replace(true)) {
            warm_up(&next_scope, WARM_UP_ROUNDS);
        }
    });
    let _ = scope.set_timeout_with_callback_and_timeout_and_arguments_0(start.unchecked_ref(), ms);
}

/// Geoparses the built-in sample `rounds` times, one round per task so requests are never
/// kept waiting. It starts shortly after the first job (`WARM_UP_AFTER_FIRST_JOB_MS`), so
/// the page draws the first answer (the sample's, at a cold start) with both cores. The browser
/// first runs wasm from a quick baseline compile and optimises a function only once it has
/// run a while: without this, the first corpus a user loads is geoparsed several times
/// slower than the next one (939 ms against 170 ms for the 447 war reports in headless
/// Chromium).
fn warm_up(scope: &DedicatedWorkerGlobalScope, rounds: u32) {
    if rounds == 0 {
        return;
    }
    let next_scope = scope.clone();
    let round = Closure::once_into_js(move || {
        let parser = Geoparser::new(Gazetteer::bundled());
        std::hint::black_box(parser.parse_text(super::SAMPLE).len());
        warm_up(&next_scope, rounds - 1);
    });
    let _ = scope.set_timeout_with_callback_and_timeout_and_arguments_0(round.unchecked_ref(), 0);
}

/// Sends a response as bytes in an `ArrayBuffer` the page takes over (no copy).
fn post(scope: &DedicatedWorkerGlobalScope, response: &Response) {
    match response.encode() {
        Ok(bytes) => {
            let buffer = js_sys::Uint8Array::from(&bytes[..]).buffer();
            let transfer = js_sys::Array::of1(&buffer);
            if let Err(err) = scope.post_message_with_transfer(&buffer, &transfer) {
                web_sys::console::error_2(&"mentionmap worker: postMessage failed".into(), &err);
            }
        }
        Err(err) => web_sys::console::error_1(&format!("mentionmap worker: {err}").into()),
    }
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn handle(scope: &DedicatedWorkerGlobalScope, request: Request, files: &[web_sys::Blob]) {
    let started = now();
    let (job, shard, mut articles) = match request {
        Request::Names { query } => {
            let ids = Gazetteer::bundled()
                .lookup(&query)
                .iter()
                .map(|p| p.id.0)
                .collect();
            post(scope, &Response::Names { query, ids });
            return;
        }
        Request::Parse { job, docs, shard } => (job, shard, Articles::given(docs, shard)),
        Request::Ingest {
            job,
            sources,
            shard,
        } => (job, shard, Articles::read(sources, files, shard)),
    };
    let total = articles.total();
    let progress = |done, articles: &Articles| Response::Progress {
        job,
        done,
        total,
        read: articles.bytes_read(),
    };
    post(scope, &progress(0, &articles));
    let parser = Geoparser::new(Gazetteer::bundled());
    let mut chunk: Vec<WireArticle> = Vec::with_capacity(BLOCK);
    let mut first = 0;
    let mut done = 0;
    let mut last_post = now();
    let send = |chunk: &mut Vec<WireArticle>, first: usize, progress: Response| {
        post(
            scope,
            &Response::Articles {
                job,
                first,
                articles: std::mem::take(chunk),
            },
        );
        post(scope, &progress);
    };
    loop {
        let next = articles.next();
        // Every worker reads every source; the first one reports what went wrong.
        let problems = articles.take_problems();
        if !problems.is_empty() && shard.index == 0 {
            post(scope, &Response::Problems { job, problems });
        }
        let Some((position, doc)) = next else { break };
        // A chunk holds consecutive articles: a new block starts a new chunk.
        if !chunk.is_empty() && position != first + chunk.len() {
            send(&mut chunk, first, progress(done, &articles));
            last_post = now();
        }
        if chunk.is_empty() {
            first = position;
        }
        let (mentions, capped) = mentions_of(&parser, &doc);
        if capped {
            let name = doc
                .title
                .as_deref()
                .or(doc.id.as_deref())
                .unwrap_or("untitled");
            post(
                scope,
                &Response::Problems {
                    job,
                    problems: vec![format!(
                        "Article {} ({name}): more than {MAX_MENTIONS} place mentions; the page keeps the first {MAX_MENTIONS}. The command-line program keeps them all.",
                        position + 1
                    )],
                },
            );
        }
        chunk.push(WireArticle::new(doc, mentions));
        done += 1;
        if chunk.len() >= BLOCK || now() - last_post > 150.0 {
            send(&mut chunk, first, progress(done, &articles));
            last_post = now();
        }
    }
    if !chunk.is_empty() {
        send(&mut chunk, first, progress(done, &articles));
    }
    post(scope, &progress(done, &articles));
    post(
        scope,
        &Response::Done {
            job,
            articles: done,
            millis: now() - started,
        },
    );
    if !WARMING.with(|w| w.get()) {
        warm_up_after(scope, WARM_UP_AFTER_FIRST_JOB_MS);
    }
}

/// The most mentions the page keeps of one article: each takes about 1.5 KB in each wasm
/// memory, and a 50 MB line of "Kyiv " has ten million of them.
const MAX_MENTIONS: usize = 20_000;

/// Long articles are geoparsed in windows of this many bytes, as by the command-line program.
const WINDOW_BYTES: usize = 1 << 20;

/// The mentions of `doc`, at most [`MAX_MENTIONS`] of them (reading stops there), and whether
/// there were more.
fn mentions_of(parser: &Geoparser<'_>, doc: &Document) -> (Vec<Mention>, bool) {
    let mut mentions = Vec::new();
    let mut capped = false;
    parser.for_each_mention_windowed(&doc.text, WINDOW_BYTES, |m| {
        if mentions.len() == MAX_MENTIONS {
            capped = true;
            return ControlFlow::Break(());
        }
        mentions.push(m);
        ControlFlow::Continue(())
    });
    (mentions, capped)
}
