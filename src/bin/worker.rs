//! The web app's parsing worker; the code lives in `mentionmap::web::worker`.

#[cfg(target_arch = "wasm32")]
fn main() {
    mentionmap::web::worker::run();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("mentionmap-worker runs in the browser as the web app's Web Worker: build it with `trunk build --release`.");
}
