//! The web app's entry point; the app itself lives in `mentionmap::web`.

#[cfg(target_arch = "wasm32")]
fn main() {
    mentionmap::web::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("mentionmap-web runs in the browser: build it with `trunk build --release` (see README.md).");
}
