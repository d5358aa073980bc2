//! Keeping the user's corpus and corrections across reloads.
//!
//! The corrections are small and needed before the first drawing, so they live in
//! `localStorage`. The corpus lives in IndexedDB: `localStorage` holds about 5 MB, and writing
//! 1.5 MB there blocked the page for 80–150 ms (`setItem` is synchronous, and the text had to
//! become a JavaScript string first). Here the corpus is written as JSON Lines, a slice of
//! articles per task, and handed to IndexedDB as a Blob, which the browser stores off the
//! page's thread. The page never reads it back: at the next start the Blob goes to the workers
//! as an opened file would, so the page's wasm memory (which never shrinks) holds neither the
//! stored text nor a copy of it.

use std::cell::Cell;
use std::sync::Arc;

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransaction, IdbTransactionMode};

use super::model::{Article, Corrections};

const DATABASE: &str = "mentionmap";
const STORE: &str = "corpus";
/// The corpus's key in the store, and in `localStorage`, where earlier versions kept it.
const CORPUS_KEY: &str = "mentionmap.corpus.v1";
const CORRECTIONS_KEY: &str = "mentionmap.corrections.v1";
/// Bytes of JSON written per task while the corpus is stored.
const SLICE_BYTES: usize = 1 << 20;

thread_local! {
    /// Bumped by every save: a save that sees a newer one gives way to it.
    static SAVES: Cell<u64> = const { Cell::new(0) };
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Waits for an IndexedDB request to succeed, and gives its result.
async fn settle(request: &IdbRequest) -> Result<JsValue, String> {
    let target = request.clone();
    let promise = Promise::new(&mut |resolve, reject| {
        let done = target.clone();
        let on_success = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &done.result().unwrap_or(JsValue::UNDEFINED));
        });
        let failed = target.clone();
        let on_error = Closure::once_into_js(move || {
            let _ = reject.call1(
                &JsValue::NULL,
                &JsValue::from(describe(failed.error().ok().flatten())),
            );
        });
        target.set_onsuccess(Some(on_success.unchecked_ref()));
        target.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise)
        .await
        .map_err(|e| e.as_string().unwrap_or_default())
}

/// Waits until a transaction has committed; a full disk or quota aborts it.
async fn committed(transaction: &IdbTransaction) -> Result<(), String> {
    let target = transaction.clone();
    let promise = Promise::new(&mut |resolve, reject| {
        let on_complete = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let failed = target.clone();
        let on_abort = Closure::once_into_js(move || {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from(describe(failed.error())));
        });
        target.set_oncomplete(Some(on_complete.unchecked_ref()));
        target.set_onabort(Some(on_abort.unchecked_ref()));
    });
    JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|e| e.as_string().unwrap_or_default())
}

/// The browser's reason for a failed request or transaction, in words.
fn describe(error: Option<web_sys::DomException>) -> String {
    error.map_or_else(
        || "unknown error".into(),
        |e| format!("{}: {}", e.name(), e.message()),
    )
}

/// Opens the page's database, creating its store the first time.
async fn open() -> Result<IdbDatabase, String> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or("this browser does not let the page keep data")?;
    let request = factory
        .open_with_u32(DATABASE, 1)
        .map_err(|_| "the browser refused to open the page's storage")?;
    let upgrading = request.clone();
    let on_upgrade = Closure::once_into_js(move || {
        if let Ok(db) = upgrading.result().and_then(|r| r.dyn_into::<IdbDatabase>()) {
            let _ = db.create_object_store(STORE);
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    settle(&request)
        .await?
        .dyn_into::<IdbDatabase>()
        .map_err(|_| "the page's storage did not open".into())
}

/// Whether the page's database may exist. `indexedDB.databases()` lists the databases
/// without creating one; opening the database on a first visit created it on disk, which
/// took 100–200 ms of a cold start while the sample waited. `index.html` asks before the
/// app starts (`window.__mmDatabases`), so at the start the answer is usually in already.
/// True when the browser cannot list them.
async fn database_exists() -> bool {
    let Some(factory) = web_sys::window().and_then(|w| w.indexed_db().ok().flatten()) else {
        return false;
    };
    let asked_early = js_sys::Reflect::get(&js_sys::global(), &"__mmDatabases".into())
        .ok()
        .and_then(|p| p.dyn_into::<Promise>().ok());
    // Used once: later reads (after a save) ask afresh.
    let _ = js_sys::Reflect::delete_property(&js_sys::global(), &"__mmDatabases".into());
    let Some(list) = asked_early.or_else(|| {
        js_sys::Reflect::get(&factory, &"databases".into())
            .and_then(|f| f.dyn_into::<js_sys::Function>())
            .and_then(|f| f.call0(&factory))
            .and_then(|p| p.dyn_into::<Promise>())
            .ok()
    }) else {
        return true;
    };
    let Ok(list) = JsFuture::from(list).await else {
        return true;
    };
    js_sys::Array::from(&list).iter().any(|db| {
        js_sys::Reflect::get(&db, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .is_some_and(|n| n == DATABASE)
    })
}

/// True when no corpus is stored, known without waiting: `index.html` has found that the
/// page has no database, and `localStorage` holds no corpus of an earlier version. False when
/// there may be one, or `index.html` has not had its answer yet.
pub fn known_empty() -> bool {
    let no_database = js_sys::Reflect::get(&js_sys::global(), &"__mmStoredCorpus".into())
        .ok()
        .and_then(|v| v.as_bool())
        == Some(false);
    no_database
        && local_storage()
            .and_then(|s| s.get_item(CORPUS_KEY).ok().flatten())
            .is_none()
}

/// The stored corpus, if any, as it is stored: the page does not read it, the workers do, as
/// they read an opened file ([`STORED_NAME`] names it in their messages). Holds JSON Lines,
/// or, when an earlier version stored it, a JSON array; a corpus that an earlier version kept
/// in `localStorage` comes back as a Blob of its text, and moves to IndexedDB with the next
/// save.
pub async fn load_corpus() -> Option<web_sys::Blob> {
    let stored = async {
        if !database_exists().await {
            return None;
        }
        let db = open().await.ok()?;
        let store = db
            .transaction_with_str(STORE)
            .ok()?
            .object_store(STORE)
            .ok()?;
        let value = settle(&store.get(&CORPUS_KEY.into()).ok()?).await.ok()?;
        // A Blob; builds before it stored the bytes themselves.
        match value.dyn_into::<web_sys::Blob>() {
            Ok(blob) => Some(blob),
            Err(value) => blob_of(&value.dyn_into::<Uint8Array>().ok()?.into()),
        }
    };
    let blob = match stored.await {
        Some(blob) => blob,
        None => blob_of(&local_storage()?.get_item(CORPUS_KEY).ok().flatten()?.into())?,
    };
    // An empty corpus was stored as `[]` by earlier versions.
    (blob.size() > 2.0).then_some(blob)
}

/// How the workers name the stored corpus in their messages ("saved corpus:3: …").
pub const STORED_NAME: &str = "saved corpus";

/// A Blob of one part: bytes or text.
fn blob_of(part: &JsValue) -> Option<web_sys::Blob> {
    web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(part)).ok()
}

/// Stores the corpus (`None`, or no article, removes it). Returns a message for the user when the browser
/// refuses (storage full or disabled). A save overtaken by a newer one stops, quietly.
pub async fn save_corpus(articles: Option<&[Arc<Article>]>) -> Result<(), String> {
    let save = SAVES.with(|s| {
        s.set(s.get() + 1);
        s.get()
    });
    let overtaken = || SAVES.with(Cell::get) != save;
    // One JSON line an article (the JSON Lines the workers read), handed out a slice at a
    // time as it is written, so the page's wasm memory (which never shrinks) holds one slice,
    // never the whole corpus.
    let articles = articles.filter(|a| !a.is_empty());
    let parts = js_sys::Array::new();
    let mut written_bytes = 0;
    if let Some(articles) = articles {
        let mut lines = Vec::with_capacity(SLICE_BYTES + (SLICE_BYTES >> 2));
        for article in articles {
            article
                .doc
                .write_json_line(&mut lines)
                .map_err(|e| e.to_string())?;
            if lines.len() > SLICE_BYTES {
                parts.push(&Uint8Array::from(&lines[..]));
                written_bytes += lines.len();
                lines.clear();
                super::util::next_task().await;
                if overtaken() {
                    return Ok(());
                }
            }
        }
        parts.push(&Uint8Array::from(&lines[..]));
        written_bytes += lines.len();
    }
    let megabytes = written_bytes as f64 / 1e6;
    let too_large = |why: String| {
        format!(
            "The corpus ({megabytes:.1} MB) could not be kept by the browser ({why}), so it will not survive a reload; your corrections are still kept."
        )
    };
    let db = open().await.map_err(&too_large)?;
    if overtaken() {
        return Ok(());
    }
    let transaction = db
        .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
        .map_err(|_| too_large("no transaction".into()))?;
    let store = transaction
        .object_store(STORE)
        .map_err(|_| too_large("no store".into()))?;
    let written = if articles.is_some() {
        // As a Blob, which the browser writes off the page's thread: putting the bytes
        // themselves copied them on it (84 ms for 15 MB).
        let blob = web_sys::Blob::new_with_u8_array_sequence(&parts)
            .map_err(|_| too_large("no memory for a copy".into()))?;
        store.put_with_key(&blob, &CORPUS_KEY.into())
    } else {
        store.delete(&CORPUS_KEY.into())
    };
    written.map_err(|_| too_large("the write was refused".into()))?;
    committed(&transaction).await.map_err(too_large)?;
    // The copy an earlier version kept in `localStorage` is no longer needed.
    if let Some(store) = local_storage() {
        let _ = store.remove_item(CORPUS_KEY);
    }
    Ok(())
}

/// The stored corrections (empty when none or unreadable).
pub fn load_corrections() -> Corrections {
    local_storage()
        .and_then(|s| s.get_item(CORRECTIONS_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Stores the corrections.
pub fn save_corrections(corrections: &Corrections) {
    if let (Some(store), Ok(json)) = (local_storage(), serde_json::to_string(corrections)) {
        let _ = store.set_item(CORRECTIONS_KEY, &json);
    }
}
