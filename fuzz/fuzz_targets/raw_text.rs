//! Fuzz target `raw_text`: see `checks::raw_text` in tests/support/fuzz_checks.rs, which the stable
//! `cargo test --test fuzz_regressions` also runs on every input that once failed here.
#![no_main]

#[path = "../../tests/support/fuzz_checks.rs"]
mod checks;
#[path = "../../tests/support/invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::raw_text(data));
