//! Word shapes: what a single token looks like, read without the gazetteer.
//!
//! These rules decide which tokens recognition even looks up ("I'll" never, "d'Ivoire"
//! inside a name), where a name may continue and where a sentence starts. They are apart
//! from the lookups because they are pure functions of the text, cheap and easy to test.

use std::borrow::Cow;

use crate::lexicon::CONNECTORS;
use crate::text::{is_capitalized, TokenKind, Tokenized};

/// True for an elided article before a capitalised word: "d'Ivoire", "l'Aquila".
pub(super) fn is_elided_capital(word: &str) -> bool {
    let mut chars = word.chars();
    matches!(chars.next(), Some('d' | 'l'))
        && matches!(chars.next(), Some('\'' | '’'))
        && chars.next().is_some_and(char::is_uppercase)
}

/// True for an English contraction ("I'll", "we've", "I'd", "they're", "don't"): never a
/// place, whatever town a folded "ill" or "ive" would find.
pub(super) fn is_contraction(word: &str) -> bool {
    let Some((head, tail)) = word.rsplit_once(['\'', '’', 'ʼ']) else {
        return false;
    };
    match tail {
        "ll" | "ve" | "d" | "re" | "m" => !head.is_empty(),
        "t" => head.ends_with(['n', 'N']),
        _ => false,
    }
}

/// Lowercased text of token `i`; cheap for ASCII.
pub(super) fn lower<'t>(view: Tokenized<'t>, i: usize) -> Cow<'t, str> {
    lowercase(view.word(i))
}

/// A word in lowercase, borrowed when it already is (the common case in English text).
pub(super) fn lowercase(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .all(|b| b.is_ascii_lowercase() || !b.is_ascii_alphabetic() && b < 0x80)
    {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

/// True when the tokens at `j` and `j + 1` are an apostrophe and the word "s": the
/// tokeniser splits "Anne's" into "Anne", "'", "s".
pub(super) fn possessive_at(view: Tokenized<'_>, j: usize) -> bool {
    (view.is_punct(j, "'") || view.is_punct(j, "’"))
        && view
            .get(j + 1)
            .is_some_and(|t| t.kind == TokenKind::Word && t.text(view.text) == "s")
}

/// True when the token at `j` could continue a multi-word name: a capitalised word, a
/// connector, or a joining mark on the same line.
pub(super) fn may_continue(view: Tokenized<'_>, j: usize) -> bool {
    let Some(t) = view.get(j) else { return false };
    if t.after_newline {
        return false;
    }
    let s = t.text(view.text);
    match t.kind {
        TokenKind::Word => {
            is_capitalized(s) || is_elided_capital(s) || CONNECTORS.contains(&lowercase(s))
        }
        TokenKind::Punct => matches!(s, "-" | "." | "'" | "’"),
        TokenKind::Number => false,
    }
}

/// True when token `i` begins a sentence: first in the text, after a line break, or after
/// sentence-ending punctuation (possibly followed by a quote or bracket).
pub(super) fn is_sentence_start(view: Tokenized<'_>, i: usize) -> bool {
    if i == 0 || view[i].after_newline {
        return true;
    }
    let mut j = i;
    while j > 0 {
        j -= 1;
        let t = &view[j];
        if t.kind != TokenKind::Punct {
            return false;
        }
        match t.text(view.text) {
            "." | "!" | "?" | ":" | ";" | "—" | "–" => return true,
            "\"" | "“" | "”" | "'" | "‘" | "(" | "[" | "«" | "-" => {
                if t.after_newline {
                    return true;
                }
                continue;
            }
            _ => return false,
        }
    }
    true
}
