//! Passages: the sentence around a mention, shown to the user as evidence.
//!
//! A passage is the sentence that contains the mention, cut at a word boundary when the
//! sentence is very long. Lines that are site furniture rather than reporting
//! ("Read more:", "Subscribe", link lists) are flagged as boilerplate so a map can leave
//! them out by default.

use std::cell::Cell;

use serde::{Deserialize, Serialize};

use crate::text::{TextRange, Token, TokenKind};

/// The text around one mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passage {
    /// Start of the passage in the document, in Unicode code points.
    pub start: usize,
    /// End (exclusive) of the passage in the document, in code points.
    pub end: usize,
    /// The passage's text, `document.text[start..end]` counted in code points.
    pub text: String,
    /// Start of the mention inside [`Passage::text`], in code points.
    pub mention_start: usize,
    /// End (exclusive) of the mention inside [`Passage::text`], in code points.
    pub mention_end: usize,
    /// True when the passage is a line of site furniture, not reporting.
    pub boilerplate: bool,
}

/// How far a passage reaches either side of its mention, in bytes, before it is cut.
const REACH: usize = 320;

/// Line openings that mark site furniture.
const BOILERPLATE_OPENINGS: &[&str] = &[
    "read more",
    "see more",
    "see also",
    "also read",
    "read also",
    "related:",
    "related stories",
    "related articles",
    "subscribe",
    "sign up",
    "follow us",
    "share this",
    "click here",
    "watch:",
    "watch more",
    "advertisement",
    "more:",
    "photo:",
    "image:",
    "©",
    "copyright",
    "all rights reserved",
    "newsletter",
    "download the app",
    "listen to",
    "more on this story",
    "most read",
    "trending",
];

/// The sentences of a text (byte ranges), found in one pass: after ". ", "! ", "? "
/// (but not after abbreviations such as "St." or "Gen.") and at line breaks.
#[derive(Debug, Clone)]
pub struct Sentences {
    ranges: Vec<(usize, usize)>,
    /// Whether each sentence is boilerplate, worked out when a passage first needs it.
    boilerplate: Vec<Cell<Option<bool>>>,
}

impl Sentences {
    /// Splits a tokenised text into sentences, visiting only its tokens.
    pub fn from_tokens(text: &str, tokens: &[Token]) -> Self {
        let mut ranges = Vec::with_capacity(tokens.len() / 20 + 1);
        let Some(first) = tokens.first() else {
            return Sentences {
                ranges,
                boilerplate: Vec::new(),
            };
        };
        let mut start = first.range.byte_start;
        for (k, t) in tokens.iter().enumerate() {
            let next = tokens.get(k + 1);
            let line_ends = next.is_some_and(|n| n.after_newline);
            let stop = t.kind == TokenKind::Punct
                && matches!(&text.as_bytes()[t.range.byte_start], b'.' | b'!' | b'?')
                && next.is_none_or(|n| n.range.byte_start > t.range.byte_end)
                && !is_abbreviation(text, t.range.byte_start);
            if stop || line_ends {
                ranges.push((start, t.range.byte_end));
                if let Some(n) = next {
                    start = n.range.byte_start;
                }
            }
        }
        let last = tokens[tokens.len() - 1].range.byte_end;
        if ranges.last().is_none_or(|r| r.1 < last) {
            ranges.push((start, last));
        }
        let boilerplate = vec![Cell::new(None); ranges.len()];
        Sentences {
            ranges,
            boilerplate,
        }
    }

    /// The passage around the mention at `mention`: its sentence, cut at word boundaries
    /// when it reaches more than [`REACH`] bytes either side of the mention.
    pub fn passage(&self, text: &str, mention: TextRange) -> Passage {
        let TextRange {
            byte_start,
            byte_end,
            char_start,
            char_end,
        } = mention;
        let k = self.ranges.partition_point(|r| r.0 <= byte_start);
        let (mut start, mut end) = match k.checked_sub(1).map(|k| self.ranges[k]) {
            Some((s, e)) => (s, e.max(byte_end)),
            None => (byte_start, byte_end),
        };
        // A mention that runs past its sentence's end takes the next sentence's end.
        if let Some(&(_, next_end)) = self.ranges.get(k).filter(|r| r.0 < byte_end) {
            end = end.max(next_end);
        }
        if byte_start - start > REACH {
            let floor = floor_boundary(text, byte_start - REACH);
            start = text[floor..byte_start]
                .find(' ')
                .map_or(floor, |i| floor + i + 1)
                .min(byte_start);
        }
        if end - byte_end > REACH {
            let ceiling = ceil_boundary(text, byte_end + REACH);
            end = text[byte_end..ceiling]
                .rfind(' ')
                .map_or(ceiling, |i| byte_end + i);
        }
        let passage = &text[start..end];
        let lead = text[start..byte_start].chars().count();
        Passage {
            start: char_start - lead,
            end: char_end + text[byte_end..end].chars().count(),
            text: passage.to_string(),
            mention_start: lead,
            mention_end: lead + (char_end - char_start),
            boilerplate: match k.checked_sub(1) {
                Some(sentence) => self.is_boilerplate(text, sentence),
                None => is_boilerplate(passage) || is_boilerplate(line_opening(text, start)),
            },
        }
    }
}

impl Sentences {
    /// Whether sentence `k` is site furniture, or sits on a line that is; worked out once.
    fn is_boilerplate(&self, text: &str, k: usize) -> bool {
        if let Some(known) = self.boilerplate[k].get() {
            return known;
        }
        let (start, end) = self.ranges[k];
        let verdict =
            is_boilerplate(&text[start..end]) || is_boilerplate(line_opening(text, start));
        self.boilerplate[k].set(Some(verdict));
        verdict
    }
}

/// True when the period at `i` ends a short capitalised abbreviation ("St.", "Gen.", "U.S.").
fn is_abbreviation(text: &str, i: usize) -> bool {
    if text.as_bytes()[i] != b'.' {
        return false;
    }
    let from = floor_boundary(text, i.saturating_sub(8));
    let word_start = text[from..i]
        .char_indices()
        .rfind(|(_, c)| c.is_whitespace())
        .map_or(from, |(p, c)| from + p + c.len_utf8());
    let word = &text[word_start..i];
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    (1..=3).contains(&letters)
        && word.chars().next().is_some_and(|c| c.is_uppercase())
        && (letters <= 2 || ABBREVIATIONS.contains(&word))
}

/// Three-letter abbreviations that end with a period but not a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Gen", "Col", "Sgt", "Capt", "Rep", "Sen", "Gov", "Ave", "Blvd", "Lt", "Maj", "Adm", "Rev",
    "Dr", "Mr", "Mrs", "Ms", "Jr", "Sr", "St", "Mt", "Ft", "Co", "Inc", "Ltd", "Corp", "vs", "No",
];

/// The first words of the line holding `at`, looked for at most [`REACH`] bytes back.
fn line_opening(text: &str, at: usize) -> &str {
    let floor = floor_boundary(text, at.saturating_sub(REACH));
    let line_start = match text[floor..at].rfind('\n') {
        Some(i) => floor + i + 1,
        None if floor == 0 => 0,
        None => return "",
    };
    let end = ceil_boundary(text, (line_start + 60).min(text.len()));
    let opening = &text[line_start..end];
    opening.split('\n').next().unwrap_or("")
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// True when a line is site furniture: it opens with a marker such as "Read more:" or it
/// is mostly links.
pub fn is_boilerplate(line: &str) -> bool {
    let trimmed = line.trim_start_matches(|c: char| {
        c.is_whitespace() || c == '*' || c == '-' || c == '•' || c == '>'
    });
    let opening = trimmed.as_bytes();
    let first = opening.first().map(u8::to_ascii_lowercase);
    let opens_with =
        |m: &str| opening.len() >= m.len() && opening[..m.len()].eq_ignore_ascii_case(m.as_bytes());
    if BOILERPLATE_OPENINGS
        .iter()
        .any(|m| Some(m.as_bytes()[0]) == first && opens_with(m))
    {
        return true;
    }
    line.contains("://") && line.matches("://").count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn passage_of(text: &str, mention: &str) -> Passage {
        let at = text.find(mention).expect("mention in text");
        let chars = text[..at].chars().count();
        let n = mention.chars().count();
        let mention = TextRange {
            byte_start: at,
            byte_end: at + mention.len(),
            char_start: chars,
            char_end: chars + n,
        };
        Sentences::from_tokens(text, &tokenize(text)).passage(text, mention)
    }

    #[test]
    fn passage_rows() {
        let rows: &[(&str, &str, &str, bool)] = &[
            (
                "One. Two near Sumy today. Three.",
                "Sumy",
                "Two near Sumy today.",
                false,
            ),
            (
                "Gen. Ivanov visited St. Petersburg. Then left.",
                "Petersburg",
                "Gen. Ivanov visited St. Petersburg.",
                false,
            ),
            (
                "Title line\nShelling in Kharkiv\nNext line",
                "Kharkiv",
                "Shelling in Kharkiv",
                false,
            ),
            (
                "Read more: Kharkiv under fire",
                "Kharkiv",
                "Read more: Kharkiv under fire",
                true,
            ),
            ("Удари по Сумах. Інше.", "Сумах", "Удари по Сумах.", false),
            ("Kyiv", "Kyiv", "Kyiv", false),
        ];
        for (text, mention, want, boilerplate) in rows {
            let p = passage_of(text, mention);
            assert_eq!(p.text, *want, "{text:?}");
            assert_eq!(p.boilerplate, *boilerplate, "{text:?}");
            let inner: String = p
                .text
                .chars()
                .skip(p.mention_start)
                .take(p.mention_end - p.mention_start)
                .collect();
            assert_eq!(inner, *mention);
            let outer: String = text.chars().skip(p.start).take(p.end - p.start).collect();
            assert_eq!(outer, p.text);
        }
    }

    #[test]
    fn long_sentences_are_cut_at_word_boundaries() {
        let text = format!("{} Sumy {}", "word ".repeat(200), "more ".repeat(200));
        let p = passage_of(&text, "Sumy");
        assert!(p.text.len() < 2 * REACH + 10);
        assert!(p.text.starts_with("word") && p.text.ends_with("more"));
    }

    #[test]
    fn boilerplate_rows() {
        let rows = [
            ("Subscribe to our newsletter", true),
            ("  * See also: Kyiv", true),
            ("https://a.example/x https://b.example/y", true),
            ("Russian forces advanced near Pokrovsk.", false),
        ];
        for (line, want) in rows {
            assert_eq!(is_boilerplate(line), want, "{line:?}");
        }
    }
}
