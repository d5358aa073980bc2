//! Replays, on the stable toolchain, every input under `tests/fuzz_regressions/<target>/`
//! through the same check its fuzz target runs (`tests/support/fuzz_checks.rs`). An input
//! that once made a target fail is copied there by `scripts/fuzz.sh`, so CI keeps it fixed
//! without running the fuzzer.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/fuzz_checks.rs"]
mod checks;
#[path = "support/invariants.rs"]
mod invariants;

use std::path::Path;

#[test]
fn every_saved_fuzz_input_passes_its_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&root).expect("tests/fuzz_regressions exists") {
        let dir = entry.expect("directory entry").path();
        if !dir.is_dir() {
            continue;
        }
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let (_, check) = checks::TARGETS
            .iter()
            .find(|(target, _)| *target == name)
            .unwrap_or_else(|| panic!("{} names no fuzz target", dir.display()));
        for input in std::fs::read_dir(&dir).expect("read the target's inputs") {
            let path = input.expect("directory entry").path();
            let bytes = std::fs::read(&path).expect("read a saved input");
            let outcome = std::panic::catch_unwind(|| check(&bytes));
            assert!(outcome.is_ok(), "{} fails again", path.display());
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no saved inputs under {}", root.display());
}
