//! `mentionmap`: the command-line geoparser, a thin shell over the library.
//!
//! `parse` reads articles (ingest), geoparses them in parallel (pipeline) and writes them
//! (export); `places` shows what the gazetteer knows about a name. Exit status: 0 when every
//! record was read, 1 when some were skipped, 2 for usage and fatal errors.
//!
//! The command line needs files, threads and a terminal, so it is built natively only; on
//! wasm32 (where `cargo build --bins` also compiles it) the web app is the shell instead.

#[cfg(not(target_arch = "wasm32"))]
mod cli;
#[cfg(not(target_arch = "wasm32"))]
mod input;
#[cfg(not(target_arch = "wasm32"))]
mod output;
#[cfg(not(target_arch = "wasm32"))]
mod pipeline;
#[cfg(not(target_arch = "wasm32"))]
mod places;
#[cfg(not(target_arch = "wasm32"))]
mod progress;

/// Geoparsing a corpus makes many small, short-lived allocations (names, passages, output
/// records); mimalloc serves them faster than the system allocator.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
