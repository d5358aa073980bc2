//! People's names: the words recognition must not take for places.
//!
//! News names people next to places, and many surnames are towns ("President Zelenskyy",
//! "Gen. Syrskyi", "Sergei Shoigu"). Two readings mark a person: a title before a run of
//! capitalised words skips the whole run, and a first name before a single word makes that
//! word a surname; an age in commas after a name ("Hailey, 6,") makes it a person's. A word once read as part of a person's name names no place anywhere in
//! the document ("Shoigu said" after "Sergei Shoigu"), which is why these words are kept
//! until the walk is done.

use super::words::lower;
use super::Span;
use crate::lexicon::{FIRST_NAMES, TITLE_ABBREVIATIONS};
use crate::text::{fold_key, is_capitalized, TokenKind, Tokenized};

/// The words of people's names met so far in one document.
#[derive(Debug, Default)]
pub(super) struct PersonWords {
    /// Folded words of people's names.
    pub words: Vec<String>,
    /// One past the last token of the titled name being skipped.
    skip_until: usize,
}

impl PersonWords {
    /// "President Zelenskyy", "Gen. Syrskyi": when a capitalised word follows the title
    /// (after an optional "."), skips the run of capitals from token `j`, keeps its words,
    /// and says so.
    pub fn skip_titled_name(&mut self, view: Tokenized<'_>, mut j: usize) -> bool {
        if !followed_by_capital(view, j) {
            return false;
        }
        if view.is_punct(j, ".") {
            j += 1;
        }
        self.skip_until = capital_run_end(view, j);
        self.words.extend(
            view.tokens[j..self.skip_until]
                .iter()
                .filter(|t| t.kind == TokenKind::Word)
                .map(|t| fold_key(t.text(view.text))),
        );
        true
    }

    /// True while token `i` lies inside a titled name being skipped.
    pub fn skips(&self, i: usize) -> bool {
        i < self.skip_until
    }

    /// A single word read as part of a person's name somewhere in the document names no
    /// place anywhere in it: its evidence drops to nothing.
    pub fn silence(&self, spans: &mut [Span]) {
        for span in spans.iter_mut() {
            if span.end_token - span.first_token == 1
                && !span.demonym
                && self.words.contains(&span.key)
            {
                span.evidence = 0.0;
            }
        }
    }
}

/// True when the word before token `i` is a capitalised first name ("Sergei Shoigu").
pub(super) fn after_first_name(view: Tokenized<'_>, i: usize) -> bool {
    i > 0
        && view[i - 1].kind == TokenKind::Word
        && is_capitalized(view.word(i - 1))
        && FIRST_NAMES.contains(&lower(view, i - 1))
}

/// The oldest age news gives after a name.
const MAX_AGE: u32 = 120;

/// True when an age in commas or brackets follows the name that ends before token `end`:
/// "Hailey, 6, and Caleb", "Barry George, 46." News gives people's ages, never towns'.
pub(super) fn followed_by_age(view: Tokenized<'_>, end: usize) -> bool {
    let age = view.get(end + 1).filter(|t| t.kind == TokenKind::Number);
    let is_age = age.is_some_and(|t| {
        t.text(view.text)
            .parse::<u32>()
            .is_ok_and(|n| (1..=MAX_AGE).contains(&n))
    });
    // "Poland, 5,000 troops": digits after the closing mark make a larger number.
    let digits_follow = view
        .get(end + 3)
        .is_some_and(|t| t.kind == TokenKind::Number);
    is_age
        && !digits_follow
        && (view.is_punct(end, ",") || view.is_punct(end, "("))
        && [",", ")", ";", "."]
            .iter()
            .any(|mark| view.is_punct(end + 2, mark))
}

/// True when a capitalised word is at `j`, or after a "." at `j` that ends an abbreviated
/// title ("Gen. Syrskyi"; "the German Chancellor. Ukraine" is two sentences).
fn followed_by_capital(view: Tokenized<'_>, mut j: usize) -> bool {
    if view.is_punct(j, ".") {
        let abbreviated = j > 0 && TITLE_ABBREVIATIONS.contains(&lower(view, j - 1));
        if !abbreviated {
            return false;
        }
        j += 1;
    }
    view.get(j)
        .is_some_and(|t| t.kind == TokenKind::Word && is_capitalized(t.text(view.text)))
}

/// One past the run of capitalised words from `j` on one line, joined by hyphens,
/// apostrophes and the dots after initials ("Volodymyr O. Zelenskyy").
fn capital_run_end(view: Tokenized<'_>, mut j: usize) -> usize {
    while let Some(t) = view.get(j) {
        let s = t.text(view.text);
        if j > 0 && t.after_newline {
            break;
        }
        let capital_word = t.kind == TokenKind::Word && is_capitalized(s);
        let after_initial =
            j > 0 && view[j - 1].kind == TokenKind::Word && view.word(j - 1).chars().count() == 1;
        let joiner =
            t.kind == TokenKind::Punct && ((s == "." && after_initial) || s == "-" || s == "'");
        if !(capital_word || joiner) {
            break;
        }
        j += 1;
    }
    j
}
