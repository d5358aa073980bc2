//! Opening a GeoJSON file of places (the CLI's `--format geojson`, this page's export, the
//! Python package's `to_geojson`): its places join the corpus as articles, so they reach the
//! map, the place list, the popup and the reader through the same flow as geoparsed text.
//!
//! Why articles: a feature's kept mentions come with their article's id, title, date and
//! passage, which is what the popup and reader show. Each source article is rebuilt from its
//! passages (its title says which file it came from). A count the file kept no passages for
//! (a Python aggregate, or the CLI's passage limit) becomes one line of a per-file "counts"
//! article whose mention stands for that many mentions ([`Article::weights`]).
//!
//! Imported places keep their GeoNames id. One the corpus already holds (a geoparsed or an
//! earlier imported place with that id) is merged into it; otherwise it gets an id of its own
//! above the gazetteer's range. Imported articles are not stored across reloads: they are not
//! text to geoparse again.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::model::imported::{articles, known_ids};
use super::model::Article;
use super::state::{AppState, Origin};
use crate::geojson;

/// Whether a file should be opened as GeoJSON: named `.geojson`, or a `.json` file that
/// opens with an object naming a FeatureCollection in its first kilobyte (a JSON file of
/// articles is an array, or an object with a text).
pub async fn claims(file: &web_sys::File) -> bool {
    let name = file.name().to_lowercase();
    if name.ends_with(".geojson") {
        return true;
    }
    if !name.ends_with(".json") {
        return false;
    }
    let Ok(head) = file.slice_with_i32_and_i32(0, 1024) else {
        return false;
    };
    let text = JsFuture::from(head.text()).await.ok();
    text.and_then(|t| t.as_string()).is_some_and(|t| {
        t.trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('{')
            && t.contains("\"FeatureCollection\"")
    })
}

/// Reads a GeoJSON file and adds its places to the corpus, or says why it cannot; a bad file
/// changes nothing.
pub async fn open(state: AppState, file: web_sys::File) {
    let name = file.name();
    let text = match JsFuture::from(file.text()).await {
        Ok(t) => t.as_string().unwrap_or_default(),
        Err(_) => {
            state
                .notices
                .error(format!("{name}: the file could not be read."));
            return;
        }
    };
    let places = match geojson::parse(&text) {
        Ok(places) if places.is_empty() => {
            state.notices.error(format!(
                "{name}: the GeoJSON has no places, so nothing was added."
            ));
            return;
        }
        Ok(places) => places,
        Err(err) => {
            state.notices.error(format!(
                "{name}: cannot show this GeoJSON: {err}. Nothing was added."
            ));
            return;
        }
    };
    let replace = state.origin.get_untracked() != Origin::User;
    let known = if replace {
        HashMap::new()
    } else {
        state.corpus.with_untracked(|c| known_ids(c))
    };
    let new: Vec<Arc<Article>> = articles(&places, &name, &known)
        .into_iter()
        .map(Arc::new)
        .collect();
    let total: usize = places.iter().map(|p| p.count).sum();
    let kept: usize = places.iter().map(|p| p.mentions.len()).sum();
    let first = if replace {
        state.selection.set(None);
        state.corpus.set(new);
        state.origin.set(Origin::User);
        0
    } else {
        let first = state.corpus.with_untracked(Vec::len);
        state.corpus.update(|c| c.extend(new));
        first
    };
    state.reader.set(Some(first));
    state.fit.set(true);
    state.notices.info(format!(
        "{name}: {} places and {total} mentions from GeoJSON ({kept} with passages). Imported places are not kept after a reload.",
        places.len()
    ));
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-imported", &places.len().to_string());
    }
}
