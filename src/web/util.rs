//! Small browser helpers: display names, file downloads, timing and yielding to the page.

use wasm_bindgen::JsCast;

use crate::geoparse::MentionKind;

/// A kind's label for people.
pub fn kind_label(kind: MentionKind) -> &'static str {
    kind.as_str()
}

/// The English name of an ISO 3166-1 alpha-2 country code, via the browser's
/// `Intl.DisplayNames`; the code itself when the browser does not know it.
pub fn country_name(code: &str) -> String {
    thread_local! {
        static NAMES: std::cell::RefCell<std::collections::HashMap<String, String>> = Default::default();
        // Made once: making one took milliseconds, most of a place list's first drawing.
        static DISPLAY_NAMES: Option<(wasm_bindgen::JsValue, js_sys::Function)> = display_names();
    }
    if let Some(name) = NAMES.with(|n| n.borrow().get(code).cloned()) {
        return name;
    }
    let name = DISPLAY_NAMES
        .with(|d| {
            let (names, of) = d.as_ref()?;
            of.call1(names, &code.into()).ok()?.as_string()
        })
        .unwrap_or_else(|| code.to_string());
    NAMES.with(|n| n.borrow_mut().insert(code.to_string(), name.clone()));
    name
}

/// `new Intl.DisplayNames(["en"], {type: "region"})` and its `of` method.
fn display_names() -> Option<(wasm_bindgen::JsValue, js_sys::Function)> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let ctor: js_sys::Function = js_sys::Reflect::get(&intl, &"DisplayNames".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"type".into(), &"region".into()).ok()?;
    let args = js_sys::Array::of2(&js_sys::Array::of1(&"en".into()), &options);
    let names = js_sys::Reflect::construct(&ctor, &args).ok()?;
    let of = js_sys::Reflect::get(&names, &"of".into())
        .ok()?
        .dyn_into()
        .ok()?;
    Some((names, of))
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
