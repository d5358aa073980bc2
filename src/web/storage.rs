//! Keeping the user's corpus and corrections in `localStorage` across reloads.

use super::model::Corrections;
use crate::Document;

const CORPUS_KEY: &str = "mentionmap.corpus.v1";
const CORRECTIONS_KEY: &str = "mentionmap.corrections.v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored corpus, if any (unreadable data is ignored).
pub fn load_corpus() -> Option<Vec<Document>> {
    let text = storage()?.get_item(CORPUS_KEY).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

/// Stores the corpus (`None` removes it). Returns a message for the user when the browser
/// refuses (storage full or disabled).
pub fn save_corpus(docs: Option<&[Document]>) -> Result<(), String> {
    let Some(store) = storage() else {
        return Err("This browser does not let the page keep data, so the corpus will not survive a reload.".into());
    };
    match docs {
        None => {
            let _ = store.remove_item(CORPUS_KEY);
            Ok(())
        }
        Some(docs) => {
            let json = serde_json::to_string(docs).map_err(|e| e.to_string())?;
            store.set_item(CORPUS_KEY, &json).map_err(|_| {
                let _ = store.remove_item(CORPUS_KEY);
                format!(
                    "The corpus ({:.1} MB) is too large for the browser's storage, so it will not survive a reload; your corrections are still kept.",
                    json.len() as f64 / 1e6
                )
            })
        }
    }
}

/// The stored corrections (empty when none or unreadable).
pub fn load_corrections() -> Corrections {
    storage()
        .and_then(|s| s.get_item(CORRECTIONS_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Stores the corrections.
pub fn save_corrections(corrections: &Corrections) {
    if let (Some(store), Ok(json)) = (storage(), serde_json::to_string(corrections)) {
        let _ = store.set_item(CORRECTIONS_KEY, &json);
    }
}
