//! What the page says about the records of one source it could not read. The library reports
//! each one with its line ([`IngestError`]), as the command-line program prints them; a page
//! cannot show a hundred thousand notices, so the lines skipped for a NUL byte (a damaged
//! export has them by the thousand) become one notice that names them, and other problems
//! are shown one each up to [`MAX_PROBLEMS`].

use crate::ingest::{IngestError, IngestErrorKind, Location};

/// The most problems of one source shown one by one; a last notice counts the rest.
pub const MAX_PROBLEMS: usize = 20;

/// How many skipped lines a notice names before it counts the rest.
const NAMED_LINES: usize = 10;

/// The notices for the problems met reading source `name`, in input order (the NUL-byte
/// notice where the first such line was).
pub fn problem_notices(name: &str, errors: &[IngestError]) -> Vec<String> {
    let nul_lines: Vec<u64> = errors
        .iter()
        .filter(|e| e.kind == IngestErrorKind::NulByte)
        .map(|e| match e.location {
            Location::Line(n) => n,
            Location::Input | Location::Item(_) => 0,
        })
        .collect();
    let mut notices = Vec::new();
    let mut others = 0;
    let mut nul_said = false;
    for error in errors {
        if error.kind == IngestErrorKind::NulByte {
            if !std::mem::replace(&mut nul_said, true) {
                notices.push(nul_notice(name, &nul_lines));
            }
            continue;
        }
        others += 1;
        if others <= MAX_PROBLEMS {
            notices.push(error.to_string());
        }
    }
    if others > MAX_PROBLEMS {
        notices.push(format!(
            "{name}: {} more problems not shown.",
            others - MAX_PROBLEMS
        ));
    }
    notices
}

/// One notice for every line skipped because it holds a NUL byte: the first few by number.
fn nul_notice(name: &str, lines: &[u64]) -> String {
    let named: Vec<String> = lines.iter().take(NAMED_LINES).map(u64::to_string).collect();
    match lines.len() {
        1 => format!(
            "{name}: line {} holds a NUL byte, so it is not text; it was skipped and the other lines were read.",
            named[0]
        ),
        n if n <= NAMED_LINES => format!(
            "{name}: lines {} hold NUL bytes, so they are not text; they were skipped and the other lines were read.",
            named.join(", ")
        ),
        n => format!(
            "{name}: {n} lines hold NUL bytes, so they are not text; they were skipped and the other lines were read. The first: lines {} …",
            named.join(", ")
        ),
    }
}
