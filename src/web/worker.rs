//! The parsing worker: reads sources with [`crate::ingest`] and geoparses them off the page's
//! thread, so a corpus of hundreds of articles never freezes the page.
//!
//! Started by `src/bin/worker.rs`, built by trunk as a `data-type="worker"` binary. The bundled
//! gazetteer lives only in this worker's wasm; the page's wasm does not carry it.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use super::model::Article;
use super::protocol::{Request, Response, Source};
use crate::ingest::{read_all, IngestOptions, InputFormat};
use crate::{Document, Gazetteer, Geoparser};

/// Articles per `Articles` message; small enough that the map fills in while a corpus loads.
const CHUNK: usize = 40;

/// Installs the message handler and tells the page the worker is ready.
pub fn run() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(text) = event.data().as_string() else {
            return;
        };
        match serde_json::from_str::<Request>(&text) {
            Ok(request) => handle(&reply_scope, request),
            Err(err) => {
                web_sys::console::error_1(&format!("mentionmap worker: bad request: {err}").into())
            }
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let places = Gazetteer::bundled().len();
    post(&scope, &Response::Ready { places });
}

fn post(scope: &DedicatedWorkerGlobalScope, response: &Response) {
    match serde_json::to_string(response) {
        Ok(json) => {
            if let Err(err) = scope.post_message(&JsValue::from_str(&json)) {
                web_sys::console::error_2(&"mentionmap worker: postMessage failed".into(), &err);
            }
        }
        Err(err) => web_sys::console::error_1(&format!("mentionmap worker: {err}").into()),
    }
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn handle(scope: &DedicatedWorkerGlobalScope, request: Request) {
    let started = now();
    let (job, docs, problems) = match request {
        Request::Names { query } => {
            let ids = Gazetteer::bundled()
                .lookup(&query)
                .iter()
                .map(|p| p.id.0)
                .collect();
            post(scope, &Response::Names { query, ids });
            return;
        }
        Request::Parse { job, docs } => (job, docs, Vec::new()),
        Request::Ingest { job, sources } => {
            let mut docs = Vec::new();
            let mut problems = Vec::new();
            for source in &sources {
                let (d, p) = read_source(source);
                docs.extend(d);
                problems.extend(p);
            }
            (job, docs, problems)
        }
    };
    if !problems.is_empty() {
        post(scope, &Response::Problems { job, problems });
    }
    let total = docs.len();
    post(
        scope,
        &Response::Progress {
            job,
            done: 0,
            total,
        },
    );
    let parser = Geoparser::new(Gazetteer::bundled());
    let mut chunk = Vec::with_capacity(CHUNK);
    let mut done = 0;
    let mut last_post = now();
    for doc in docs {
        let mentions = parser.parse(&doc);
        chunk.push(Article { doc, mentions });
        done += 1;
        if chunk.len() >= CHUNK || now() - last_post > 150.0 {
            post(
                scope,
                &Response::Articles {
                    job,
                    articles: std::mem::take(&mut chunk),
                },
            );
            post(scope, &Response::Progress { job, done, total });
            last_post = now();
        }
    }
    if !chunk.is_empty() {
        post(
            scope,
            &Response::Articles {
                job,
                articles: chunk,
            },
        );
    }
    post(scope, &Response::Progress { job, done, total });
    post(
        scope,
        &Response::Done {
            job,
            articles: done,
            millis: now() - started,
        },
    );
}

/// Reads one source with the library's readers; problems come back in the user's words.
pub fn read_source(source: &Source) -> (Vec<Document>, Vec<String>) {
    let bytes = source.text.as_bytes();
    if source.text.trim().is_empty() {
        return (
            Vec::new(),
            vec![format!("{}: the file is empty.", source.name)],
        );
    }
    let format = source
        .content_type
        .as_deref()
        .and_then(InputFormat::from_media_type)
        .or_else(|| InputFormat::from_path(&source.name))
        .unwrap_or_else(|| InputFormat::sniff(bytes));
    let mut read = read_all(&source.name, format, bytes, &IngestOptions::default());
    let downloaded = super::model::safe_link(&source.name).is_some();
    for doc in &mut read.documents {
        if downloaded && doc.url.is_none() {
            doc.url = Some(source.name.clone());
        }
        if doc.title.is_none() && matches!(format, InputFormat::Txt) {
            doc.title = super::model::headline(&doc.text);
        }
    }
    let mut problems: Vec<String> = read.errors.iter().take(20).map(|e| e.to_string()).collect();
    if read.errors.len() > 20 {
        problems.push(format!(
            "{}: {} more problems not shown.",
            source.name,
            read.errors.len() - 20
        ));
    }
    if read.documents.is_empty() && read.errors.is_empty() {
        problems.push(format!("{}: no article text found.", source.name));
    }
    (read.documents, problems)
}
