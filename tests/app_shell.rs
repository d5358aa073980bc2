//! The app shell in index.html (issue 12): the drawing of its basemap is what its generator
//! writes from the app's own basemap, and the shell is inert. How it looks in a browser, and
//! that the live app replaces it, is checked by tests/e2e.rs.

#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The shell's markup: from `<div id="mm-boot"` up to the download strip that follows it.
fn shell() -> String {
    let html = std::fs::read_to_string(root().join("index.html")).expect("index.html");
    let start = html
        .find(r#"<div id="mm-boot""#)
        .expect("the shell in index.html");
    let end = html[start..]
        .find(r#"<div id="mm-boot-progress""#)
        .expect("the download strip after the shell");
    html[start..start + end].to_string()
}

#[test]
fn the_committed_basemap_drawing_is_what_its_generator_writes() {
    let out = Command::new("node")
        .arg(root().join("scripts/shell-basemap.mjs"))
        .arg("--check")
        .output()
        .expect("node (scripts/setup.sh installs it) runs scripts/shell-basemap.mjs");
    assert!(
        out.status.success(),
        "public/shell-basemap.svg differs from its generator's output: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(root().join("public/shell-basemap.svg")).expect("svg");
    assert!(
        svg.starts_with(r#"<svg class="mm-shell-basemap""#)
            && svg.contains(r#"aria-hidden="true""#)
    );
    // Country outlines, not an empty drawing: well over a hundred rings.
    assert!(
        svg.matches('M').count() > 100,
        "too few shapes in the drawing"
    );
    assert!(
        shell().contains(r#"<link data-trunk rel="inline" href="public/shell-basemap.svg" />"#),
        "the shell's map area does not inline the drawing"
    );
}

#[test]
fn the_shell_is_busy_and_every_control_in_it_is_disabled() {
    let shell = shell();
    let opening = &shell[..shell.find('>').expect("the shell's opening tag")];
    assert!(opening.contains(r#"aria-busy="true""#), "{opening}");
    let mut controls = 0;
    for tag in ["<button", "<input", "<textarea", "<select", "<a "] {
        for (at, _) in shell.match_indices(tag) {
            let element = &shell[at..at + shell[at..].find('>').expect("tag end")];
            controls += 1;
            assert!(
                element.contains(" disabled"),
                "a working control in the shell: {element}"
            );
        }
    }
    assert!(controls >= 10, "only {controls} controls in the shell");
    // Ids belong to the live app (its tests and styles find its elements by them).
    assert_eq!(shell.matches(" id=").count(), 1, "an id other than mm-boot");
}
