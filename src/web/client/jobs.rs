//! Jobs handed to the workers: a job's requests, one per worker's share ([`Shard`]).

use super::*;

/// Asks the workers to read `sources` (and `files`, which sources name by their index) and
/// geoparse them.
pub fn ingest(
    state: AppState,
    sources: Vec<Source>,
    files: Vec<web_sys::File>,
    mode: Mode,
    label: String,
) {
    let job = Job {
        mode,
        origin: Origin::User,
        label,
        fit: true,
        initial: false,
        when_empty: None,
    };
    let files: Vec<web_sys::Blob> = files.into_iter().map(Into::into).collect();
    read_and_parse(state, sources, &files, job);
}

/// Asks the workers to read the corpus an earlier visit stored ([`storage::load_corpus`]), as
/// they read an opened file, and geoparse it as `job` says.
///
/// [`storage::load_corpus`]: crate::web::storage::load_corpus
pub fn restore(state: AppState, stored: web_sys::Blob, job: Job) {
    let source = Source {
        name: crate::web::storage::STORED_NAME.into(),
        text: String::new(),
        content_type: None,
        file: Some(0),
    };
    read_and_parse(state, vec![source], &[stored], job);
}

fn read_and_parse(state: AppState, sources: Vec<Source>, files: &[web_sys::Blob], job: Job) {
    submit(state, job, files, |job, parts| {
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
    });
}

/// Asks the workers to geoparse documents already read, as `job` says.
pub fn parse(state: AppState, docs: Vec<Document>, job: Job) {
    submit(state, job, &[], |job, parts| {
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
    });
}

/// A request as the worker receives it: its JSON, with the files it names after it.
pub(super) fn message(request: &Request, files: &[web_sys::Blob]) -> Option<JsValue> {
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

/// Posts `message` to a worker, ready or not: until its wasm is, `worker-loader.js` keeps
/// what arrives, so the page never waits for the worker's word to send.
pub(super) fn send(slot: &Slot, message: JsValue) -> Option<()> {
    slot.worker.post_message(&message).ok()
}

pub(super) fn submit(
    state: AppState,
    job: Job,
    files: &[web_sys::Blob],
    requests: impl FnOnce(u32, usize) -> Vec<Request>,
) {
    let label = job.label.clone();
    let sent = CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        let client = c.as_mut()?;
        let id = client.next_job;
        client.next_job += 1;
        let parts = client.slots.len().max(1);
        let requests = requests(id, parts);
        client.jobs.insert(
            id,
            RunningJob {
                job,
                received: 0,
                problems: 0,
                first_index: 0,
                parts,
                parts_done: 0,
                progress: vec![JobProgress::default(); parts],
                next: 0,
                waiting: BTreeMap::new(),
                articles: 0,
                millis: 0.0,
            },
        );
        for (slot, request) in client.slots.iter().zip(&requests) {
            send(slot, message(request, files)?)?;
        }
        Some(())
    });
    match sent {
        Some(()) => state.progress.set(Some(JobProgress { label, ..JobProgress::default() })),
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
        if let Some(slot) = c.borrow().as_ref().and_then(|c| c.slots.first()) {
            let _ = send(slot, JsValue::from_str(&json));
        }
    });
}

/// Runs `f` on a running job; `None` when the job is not running (it has finished, or the
/// workers were restarted).
pub(super) fn with_job<T>(job: u32, f: impl FnOnce(&mut RunningJob) -> T) -> Option<T> {
    CLIENT.with(|c| {
        c.borrow_mut()
            .as_mut()
            .and_then(|c| c.jobs.get_mut(&job))
            .map(f)
    })
}
