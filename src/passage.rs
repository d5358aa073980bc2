//! Passages: the sentence around a mention, shown to the user as evidence.
//!
//! A passage is the sentence that contains the mention, cut at a word boundary when the
//! sentence is very long. Lines that are site furniture rather than reporting
//! ("Read more:", "Subscribe", link lists) are flagged as boilerplate so a map can leave
//! them out by default.

use serde::{Deserialize, Serialize};

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
    "read more", "see more", "see also", "also read", "read also", "related:", "related stories",
    "related articles", "subscribe", "sign up", "follow us", "share this", "click here", "watch:",
    "watch more", "advertisement", "more:", "photo:", "image:", "©", "copyright", "all rights reserved",
    "newsletter", "download the app", "listen to", "more on this story", "most read", "trending",
];

impl Passage {
    /// The passage around the mention at `byte_start..byte_end` (code points
    /// `char_start..char_end`) of `text`.
    ///
    /// ```
    /// use mentionmap::Passage;
    /// let text = "Calm night. Drones struck Sumy at dawn. Later, more news.";
    /// let at = text.find("Sumy").unwrap();
    /// let p = Passage::around(text, at, at + 4, at, at + 4);
    /// assert_eq!(p.text, "Drones struck Sumy at dawn.");
    /// assert_eq!(&p.text[p.mention_start..p.mention_end], "Sumy");
    /// ```
    pub fn around(text: &str, byte_start: usize, byte_end: usize, char_start: usize, char_end: usize) -> Passage {
        let start = sentence_start(text, byte_start);
        let end = sentence_end(text, byte_end);
        let before = &text[start..byte_start];
        let passage = &text[start..end];
        let lead = before.chars().count();
        let line_start = text[..byte_start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[byte_end..].find('\n').map_or(text.len(), |i| byte_end + i);
        Passage {
            start: char_start - lead,
            end: char_end + text[byte_end..end].chars().count(),
            text: passage.to_string(),
            mention_start: lead,
            mention_end: lead + (char_end - char_start),
            boilerplate: is_boilerplate(&text[line_start..line_end]),
        }
    }
}

/// Start of the sentence holding `at`: after the previous ". ", "! ", "? " or line break,
/// or a word boundary [`REACH`] bytes back.
fn sentence_start(text: &str, at: usize) -> usize {
    let floor = floor_boundary(text, at.saturating_sub(REACH));
    let window = &text[floor..at];
    let bytes = window.as_bytes();
    for i in (0..bytes.len()).rev() {
        let b = bytes[i];
        if b == b'\n' {
            return skip_space(text, floor + i + 1);
        }
        if matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1).is_some_and(|c| c.is_ascii_whitespace()) && !is_abbreviation(window, i) {
            return skip_space(text, floor + i + 1);
        }
    }
    if floor == 0 {
        return 0;
    }
    let cut = window.find(' ').map_or(floor, |i| floor + i + 1);
    cut.min(at)
}

/// End of the sentence holding `at`: through the next ". ", "! ", "? " or up to a line break.
fn sentence_end(text: &str, at: usize) -> usize {
    let ceiling = ceil_boundary(text, (at + REACH).min(text.len()));
    let window = &text[at..ceiling];
    let bytes = window.as_bytes();
    for i in 0..bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            return at + i;
        }
        if matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1).is_none_or(|c| c.is_ascii_whitespace()) && !is_abbreviation(window, i) {
            return at + i + 1;
        }
    }
    if ceiling == text.len() {
        return text.len().min(at + text[at..].trim_end().len());
    }
    window.rfind(' ').map_or(ceiling, |i| at + i)
}

/// True when the period at `i` ends a short capitalised abbreviation ("St.", "Gen.", "U.S.").
fn is_abbreviation(window: &str, i: usize) -> bool {
    if window.as_bytes()[i] != b'.' {
        return false;
    }
    let word_start = window[..i].rfind(|c: char| c.is_whitespace()).map_or(0, |p| p + 1);
    let word = &window[word_start..i];
    !word.is_empty() && word.len() <= 3 && word.chars().next().is_some_and(|c| c.is_uppercase())
}

fn skip_space(text: &str, mut at: usize) -> usize {
    while let Some(c) = text[at..].chars().next() {
        if !c.is_whitespace() {
            break;
        }
        at += c.len_utf8();
    }
    at
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
    let trimmed = line.trim_start_matches(|c: char| c.is_whitespace() || c == '*' || c == '-' || c == '•' || c == '>');
    let lowered: String = trimmed.chars().take(40).collect::<String>().to_lowercase();
    if BOILERPLATE_OPENINGS.iter().any(|m| lowered.starts_with(m)) {
        return true;
    }
    line.matches("http://").count() + line.matches("https://").count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage_of(text: &str, mention: &str) -> Passage {
        let at = text.find(mention).expect("mention in text");
        let chars = text[..at].chars().count();
        let n = mention.chars().count();
        Passage::around(text, at, at + mention.len(), chars, chars + n)
    }

    #[test]
    fn passage_rows() {
        let rows: &[(&str, &str, &str, bool)] = &[
            ("One. Two near Sumy today. Three.", "Sumy", "Two near Sumy today.", false),
            ("Gen. Ivanov visited St. Petersburg. Then left.", "Petersburg", "Gen. Ivanov visited St. Petersburg.", false),
            ("Title line\nShelling in Kharkiv\nNext line", "Kharkiv", "Shelling in Kharkiv", false),
            ("Read more: Kharkiv under fire", "Kharkiv", "Read more: Kharkiv under fire", true),
            ("Удари по Сумах. Інше.", "Сумах", "Удари по Сумах.", false),
            ("Kyiv", "Kyiv", "Kyiv", false),
        ];
        for (text, mention, want, boilerplate) in rows {
            let p = passage_of(text, mention);
            assert_eq!(p.text, *want, "{text:?}");
            assert_eq!(p.boilerplate, *boilerplate, "{text:?}");
            let inner: String = p.text.chars().skip(p.mention_start).take(p.mention_end - p.mention_start).collect();
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
