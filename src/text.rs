//! Text normalisation and tokenising.
//!
//! Gazetteer keys and text are compared through [`fold_key`], which lowercases, strips
//! diacritics, drops apostrophes and soft signs, and folds the Cyrillic letters that
//! Ukrainian and Russian spell differently (і/и/ы, є/е/э), so that "Kyïv", "Kyiv" and
//! "Kyiv's" meet, and so do "Харків" and "Харьков" once their endings are stemmed.

use unicode_normalization::UnicodeNormalization;

/// Folds a name or a piece of text to the key the gazetteer is indexed by.
///
/// ```
/// use mentionmap::fold_key;
/// assert_eq!(fold_key("Zaporizhzhia"), "zaporizhzhia");
/// assert_eq!(fold_key("Bila Tserkva"), fold_key("Bíla  Tsérkva"));
/// assert_eq!(fold_key("Ivano-Frankivsk"), "ivano frankivsk");
/// assert_eq!(fold_key("Kurs'k"), "kursk");
/// assert_eq!(fold_key("Курськ"), fold_key("Курск"));
/// ```
pub fn fold_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_key_into(s, &mut out);
    out
}

/// Appends the folded key of `s` to `out` (see [`fold_key`]); no allocation when `out`
/// has room.
pub fn fold_key_into(s: &str, out: &mut String) {
    let base = out.len();
    let mut pending_space = false;
    if s.is_ascii() {
        for b in s.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => {
                    if pending_space && out.len() > base {
                        out.push(' ');
                    }
                    pending_space = false;
                    out.push(b.to_ascii_lowercase() as char);
                }
                b'\'' | b'`' => {}
                _ => pending_space = true,
            }
        }
        return;
    }
    for c in s.nfd() {
        for folded in fold_char(c) {
            match folded {
                Folded::Keep(c) => {
                    if pending_space && out.len() > base {
                        out.push(' ');
                    }
                    pending_space = false;
                    out.push(c);
                }
                Folded::Space => pending_space = true,
                Folded::Drop => {}
            }
        }
    }
}

enum Folded {
    Keep(char),
    Space,
    Drop,
}

/// Folds one (decomposed) character; most give one output, a few ligatures give two.
fn fold_char(c: char) -> impl Iterator<Item = Folded> {
    let one = |f: Folded| [Some(f), None];
    let pair = [
        match c {
            'ß' => Some(Folded::Keep('s')),
            'æ' | 'Æ' => Some(Folded::Keep('a')),
            'œ' | 'Œ' => Some(Folded::Keep('o')),
            _ => None,
        },
        match c {
            'ß' => Some(Folded::Keep('s')),
            'æ' | 'Æ' | 'œ' | 'Œ' => Some(Folded::Keep('e')),
            _ => None,
        },
    ];
    let result = if pair[0].is_some() {
        pair
    } else if is_combining_mark(c)
        || matches!(
            c,
            '\'' | '’' | 'ʼ' | '‘' | '`' | '´' | 'ʹ' | 'ʻ' | 'ь' | 'Ь' | 'ъ' | 'Ъ'
        )
    {
        one(Folded::Drop)
    } else if c.is_alphanumeric() {
        one(Folded::Keep(fold_letter(c)))
    } else {
        one(Folded::Space)
    };
    result.into_iter().flatten()
}

fn fold_letter(c: char) -> char {
    match c {
        'ø' | 'Ø' => 'o',
        'ł' | 'Ł' => 'l',
        'đ' | 'Đ' | 'ð' | 'Ð' => 'd',
        'ı' => 'i',
        'þ' | 'Þ' => 't',
        'і' | 'І' | 'ы' | 'Ы' | 'й' | 'Й' | 'ї' | 'Ї' => 'и',
        'є' | 'Є' | 'э' | 'Э' | 'ё' | 'Ё' => 'е',
        'ґ' | 'Ґ' => 'г',
        'ў' | 'Ў' => 'у',
        _ => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            }
        }
    }
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// True when the folded key is written in Cyrillic.
pub fn is_cyrillic_key(key: &str) -> bool {
    key.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
}

/// Case endings of Ukrainian and Russian nouns and adjectives, after [`fold_key`], longest
/// first. Stripping one of them leaves a stem that inflected forms of a name share.
const CYRILLIC_ENDINGS: &[&str] = &[
    "ами", "ями", "ого", "ому", "ему", "ими", "ах", "ях", "ам", "ям", "ом", "ем", "ои", "еи", "ии",
    "ая", "ую", "юю", "ов", "ев", "их", "ия", "ию", "а", "я", "у", "ю", "е", "и", "о",
];

/// Every stem an inflected Cyrillic word (already folded) may come from: the word itself
/// and the word without each case ending it carries, keeping at least three letters
/// ("харковом" gives "харковом" and "харков").
pub fn cyrillic_stems(word: &str) -> Vec<String> {
    let mut stems = vec![word.to_string()];
    for ending in CYRILLIC_ENDINGS {
        if let Some(stem) = word.strip_suffix(ending) {
            if stem.chars().count() >= 3 && !stems.iter().any(|s| s == stem) {
                stems.push(stem.to_string());
            }
        }
    }
    stems
}

/// The one stem a Cyrillic gazetteer name is indexed under: the name less its longest
/// case ending, or the name itself.
pub fn cyrillic_index_stem(name_key: &str) -> String {
    for ending in CYRILLIC_ENDINGS {
        if let Some(stem) = name_key.strip_suffix(ending) {
            if stem.chars().count() >= 3 {
                return stem.to_string();
            }
        }
    }
    name_key.to_string()
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (with inner apostrophes or dots of abbreviations such as "St.").
    Word,
    /// Digits.
    Number,
    /// Any other visible character, one per token.
    Punct,
}

/// Where a piece of text lies: in bytes, to slice the text, and in code points, the
/// offsets the output gives. Tokens, spans and the mention a passage is cut around all
/// carry one, so the four numbers travel together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRange {
    /// Byte offset of the first byte.
    pub byte_start: usize,
    /// Byte offset past the end.
    pub byte_end: usize,
    /// Code point offset of the first character.
    pub char_start: usize,
    /// Code point offset past the end.
    pub char_end: usize,
}

impl TextRange {
    /// From the start of this range to the end of `last`.
    pub fn to(self, last: TextRange) -> TextRange {
        TextRange {
            byte_end: last.byte_end,
            char_end: last.char_end,
            ..self
        }
    }

    /// The piece of `text` it covers.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.byte_start..self.byte_end]
    }
}

/// A token of the text, with byte and code point offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Where it lies.
    pub range: TextRange,
    /// Word, number or punctuation.
    pub kind: TokenKind,
    /// True when a line break or blank line separates this token from the previous one.
    pub after_newline: bool,
}

impl Token {
    /// The token's text.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        self.range.slice(text)
    }
}

/// A text and its tokens, read together. Recognition asks of a token its text, whether it
/// is a given mark, what lies around it; it never needs the two apart, so they travel as
/// one view. `view[i]` is token `i`, like indexing the slice.
#[derive(Debug, Clone, Copy)]
pub struct Tokenized<'t> {
    /// The text.
    pub text: &'t str,
    /// Its tokens, from [`tokenize`].
    pub tokens: &'t [Token],
}

impl<'t> Tokenized<'t> {
    /// The view of `text` and its `tokens`.
    pub fn new(text: &'t str, tokens: &'t [Token]) -> Self {
        Tokenized { text, tokens }
    }

    /// Token `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&'t Token> {
        self.tokens.get(i)
    }

    /// The text of token `i`. Panics past the end, like indexing.
    pub fn word(&self, i: usize) -> &'t str {
        self.tokens[i].text(self.text)
    }

    /// True when token `i` is the punctuation mark `mark`.
    pub fn is_punct(&self, i: usize, mark: &str) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Punct && t.text(self.text) == mark)
    }
}

impl std::ops::Index<usize> for Tokenized<'_> {
    type Output = Token;

    fn index(&self, i: usize) -> &Token {
        &self.tokens[i]
    }
}

/// Splits text into words, numbers and punctuation; whitespace separates tokens and is dropped.
/// A possessive "'s" (or "’s") is split off as its own punctuation-led token.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let bytes = text.as_bytes();
    let (mut i, mut chars, mut newline) = (0, 0, false);
    while i < bytes.len() {
        let b = bytes[i];
        // Most text is ASCII: skip its spaces without decoding a character.
        if b == b' ' {
            i += 1;
            chars += 1;
            continue;
        }
        let c = if b < 0x80 {
            b as char
        } else {
            text[i..].chars().next().unwrap_or(' ')
        };
        if c.is_whitespace() {
            newline |= matches!(c, '\n' | '\u{2028}' | '\u{2029}');
            i += c.len_utf8();
            chars += 1;
            continue;
        }
        let (kind, end, end_chars) = if c.is_alphabetic() {
            let (end, end_chars) = scan_word(text, i, chars);
            (TokenKind::Word, end, end_chars)
        } else if c.is_ascii_digit() {
            let digits = bytes[i..].iter().take_while(|d| d.is_ascii_digit()).count();
            (TokenKind::Number, i + digits, chars + digits)
        } else if c.is_numeric() {
            (TokenKind::Number, i + c.len_utf8(), chars + 1)
        } else {
            (TokenKind::Punct, i + c.len_utf8(), chars + 1)
        };
        tokens.push(Token {
            range: TextRange {
                byte_start: i,
                byte_end: end,
                char_start: chars,
                char_end: end_chars,
            },
            kind,
            after_newline: newline,
        });
        newline = false;
        i = end;
        chars = end_chars;
    }
    tokens
}

/// Scans a word from `start`: letters and combining marks, with an apostrophe inside a
/// word kept ("O'Hare", "Kurs'k") unless it begins a possessive "'s".
fn scan_word(text: &str, start: usize, start_chars: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut i = start;
    let mut chars = start_chars;
    loop {
        if i >= bytes.len() {
            break;
        }
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_alphabetic() {
                i += 1;
                chars += 1;
                continue;
            }
            if b == b'\'' && next_is_inner_letter(text, i + 1) {
                i += 1;
                chars += 1;
                continue;
            }
            break;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        if c.is_alphabetic() || is_combining_mark(c) {
            i += c.len_utf8();
            chars += 1;
            continue;
        }
        if matches!(c, '’' | 'ʼ') && next_is_inner_letter(text, i + c.len_utf8()) {
            i += c.len_utf8();
            chars += 1;
            continue;
        }
        break;
    }
    (i, chars)
}

/// After an apostrophe: true when a letter follows that is not a lone possessive "s".
fn next_is_inner_letter(text: &str, at: usize) -> bool {
    let mut rest = text[at.min(text.len())..].chars();
    match rest.next() {
        Some('s') | Some('S') => rest.next().is_some_and(|c| c.is_alphabetic()),
        Some(c) => c.is_alphabetic(),
        None => false,
    }
}

/// True when the word starts with an uppercase letter.
pub fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_uppercase())
}

/// True when every letter of the word is uppercase and it has at least two letters.
pub fn is_all_caps(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars() {
        if c.is_alphabetic() {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_rows() {
        let rows = [
            ("Kyiv", "kyiv"),
            ("Kyïv", "kyiv"),
            ("São Paulo", "sao paulo"),
            ("Łódź", "lodz"),
            ("Stratford-upon-Avon", "stratford upon avon"),
            ("St. Louis", "st louis"),
            ("Харків", "харкив"),
            ("Харьков", "харков"),
            ("Київ", "киив"),
            ("Киев", "киев"),
            ("Mykolaïv", "mykolaiv"),
            ("  ", ""),
        ];
        for (input, want) in rows {
            assert_eq!(fold_key(input), want, "{input:?}");
        }
    }

    #[test]
    fn inflected_cyrillic_forms_share_a_stem_with_the_name() {
        let rows = [
            ("Харковом", "Харьков"),
            ("Харкові", "Харьков"),
            ("Сумах", "Суми"),
            ("Сумами", "Сумы"),
            ("Покровска", "Покровськ"),
            ("Курській", "Курская"),
            ("Курской", "Курська"),
            ("Києва", "Киев"),
            ("Херсоні", "Херсон"),
        ];
        for (form, name) in rows {
            let stem = cyrillic_index_stem(&fold_key(name));
            let name_key = fold_key(name);
            let stems = cyrillic_stems(&fold_key(form));
            assert!(
                stems.contains(&stem) || stems.contains(&name_key),
                "{form} vs {name}: {stems:?} / {stem}"
            );
        }
    }

    #[test]
    fn cyrillic_stems_keep_the_word_and_drop_each_ending() {
        let stems = cyrillic_stems(&fold_key("Харковом"));
        assert_eq!(stems, ["харковом", "харков"]);
    }

    /// The word tokens of `text`.
    fn words(text: &str) -> Vec<&str> {
        tokenize(text)
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| t.text(text))
            .collect()
    }

    #[test]
    fn words_leave_out_numbers_and_punctuation() {
        let words = words("Kharkiv's mayor, 2 km from Sumy.");
        assert_eq!(words, ["Kharkiv", "s", "mayor", "km", "from", "Sumy"]);
    }

    #[test]
    fn tokens_carry_char_and_byte_offsets() {
        let text = "Удар по Сумах — «Sumy» 10 km.";
        for t in tokenize(text) {
            let by_chars: String = text
                .chars()
                .skip(t.range.char_start)
                .take(t.range.char_end - t.range.char_start)
                .collect();
            assert_eq!(by_chars, t.text(text));
        }
    }

    #[test]
    fn apostrophes_and_possessives() {
        let words = words("O'Hare and Kurs'k, Kharkiv’s and Ukraine's");
        assert_eq!(
            words,
            ["O'Hare", "and", "Kurs'k", "Kharkiv", "s", "and", "Ukraine", "s"]
        );
    }
}
