//! Small browser helpers: display names, file downloads, timing and yielding to the page.

use wasm_bindgen::JsCast;

use crate::geoparse::MentionKind;

/// A kind's label for people.
pub fn kind_label(kind: MentionKind) -> &'static str {
    kind.as_str()
}

thread_local! {
    /// Country names by ISO 3166-1 alpha-2 code, from the gazetteer (the worker sends them
    /// when it is ready).
    static COUNTRY_NAMES: std::cell::RefCell<std::collections::HashMap<String, String>> = Default::default();
}

/// Keeps the gazetteer's country names for [`country_name`].
pub fn know_country_names(names: Vec<(String, String)>) {
    COUNTRY_NAMES.with(|n| n.borrow_mut().extend(names));
}

/// The name of an ISO 3166-1 alpha-2 country code: the gazetteer's, as the worker sent it;
/// the code itself before that or for a code it does not know. (The browser's
/// `Intl.DisplayNames` has them too, but making one on a cold start loaded its region names
/// for 80–90 ms, just as the first answer was being drawn.)
pub fn country_name(code: &str) -> String {
    COUNTRY_NAMES
        .with(|n| n.borrow().get(code).cloned())
        .unwrap_or_else(|| code.to_string())
}

/// Offers `content` to the user as a file download.
pub fn download(file_name: &str, mime: &str, content: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&content.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(10),
    );
    Ok(())
}

/// Runs `f` and records how long it took as a User Timing measure named `name` (seen in the
/// browser's performance panel and by `scripts/bench-web.sh`).
pub fn measured<R>(name: &str, f: impl FnOnce() -> R) -> R {
    let performance = web_sys::window().and_then(|w| w.performance());
    let start = performance.as_ref().map_or(0.0, |p| p.now());
    let result = f();
    if let Some(p) = performance {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"start".into(), &start.into());
        let _ = js_sys::Reflect::set(&options, &"end".into(), &p.now().into());
        if let Ok(measure) = js_sys::Reflect::get(&p, &"measure".into())
            .and_then(|m| m.dyn_into::<js_sys::Function>())
        {
            let _ = measure.call2(&p, &name.into(), &options);
        }
    }
    result
}

/// Waits for a task of its own, so the page can draw and take input before the work that
/// follows (an `await` alone would run it in the task that woke it).
pub async fn next_task() {
    sleep(0).await;
}

/// Waits `ms` milliseconds, in a task of its own.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
