//! What can go wrong while reading an input, and where: every error names the input, the
//! line (or JSON array item) and what to do about it.

use std::fmt;

use super::html::MAX_HTML_DEPTH;

/// Where in an input an error was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// The input as a whole.
    Input,
    /// A 1-based line of the input.
    Line(u64),
    /// A 1-based position in a JSON array.
    Item(usize),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Input => Ok(()),
            Location::Line(n) => write!(f, ":{n}"),
            Location::Item(n) => write!(f, ": item {n}"),
        }
    }
}

/// What was wrong with an input or a record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IngestErrorKind {
    /// The input holds no article at all.
    #[error("the input is empty; expected at least one article")]
    Empty,
    /// The input contains NUL bytes, so it is not text.
    #[error("looks like a binary file (NUL byte at byte {offset}); expected UTF-8 text")]
    Binary {
        /// 0-based byte offset of the first NUL byte.
        offset: usize,
    },
    /// A JSON Lines line or CSV row holds a NUL byte, which text never does; the records
    /// around it are still read.
    #[error("the record holds a NUL byte, so it is not text")]
    NulByte,
    /// The bytes are not valid UTF-8.
    #[error("invalid UTF-8 at byte {column} of the line; convert the input to UTF-8")]
    InvalidUtf8 {
        /// 1-based byte position of the first invalid byte in its line.
        column: usize,
    },
    /// The record is not JSON.
    #[error("not valid JSON: {message} (column {column})")]
    NotJson {
        /// What the JSON parser expected.
        message: String,
        /// 1-based column where it gave up.
        column: usize,
    },
    /// The record is JSON but not an object.
    #[error("expected a JSON object with a \"text\" string, found {found}")]
    NotObject {
        /// What was found instead ("an array", "a number", …).
        found: &'static str,
    },
    /// The object has no `text` field.
    #[error("expected a JSON object with a \"text\" string, but it has no \"text\" field")]
    NoText,
    /// The object's `text` is not a string.
    #[error("expected a JSON object with a \"text\" string, but \"text\" is {found}")]
    TextNotString {
        /// What `text` is instead.
        found: &'static str,
    },
    /// A metadata field has a type that cannot be read as text.
    #[error("\"{field}\" must be a string, found {found}")]
    FieldNotString {
        /// The field's name.
        field: &'static str,
        /// What it is instead.
        found: &'static str,
    },
    /// The CSV header row has no column with the text.
    #[error("no column named \"{column}\" in the CSV header (columns: {header}); name the text column explicitly")]
    MissingColumn {
        /// The column looked for.
        column: String,
        /// The header row, comma-separated.
        header: String,
    },
    /// A CSV row ends before the text column.
    #[error("the row has only {fields} field(s), so no \"{column}\" column")]
    ShortRow {
        /// The text column's name.
        column: String,
        /// Fields in the row.
        fields: usize,
    },
    /// The CSV is malformed.
    #[error("malformed CSV: {0}")]
    Csv(String),
    /// An HTML page has no text outside navigation, scripts and the like.
    #[error("found no article text in the HTML page")]
    NoArticleText,
    /// The input could not be opened or read.
    #[error("could not read: {0}")]
    Unreadable(String),
    /// A record (a whole txt, JSON or HTML input, a JSON Lines line) is over the size limit.
    #[error("the record is larger than the limit of {limit_mb} MB for one record; split it into smaller articles or raise the limit (--max-record-mb)")]
    TooLarge {
        /// The limit, in MB (2^20 bytes).
        limit_mb: usize,
    },
    /// An HTML page is over its size limit, a sixteenth of the record limit: a parsed page
    /// takes up to 80 times its size in memory.
    #[error("the HTML page is larger than {limit_kb} KB, the limit for a page (a sixteenth of --max-record-mb, as a parsed page takes up to 80 times its size); save its text as txt instead")]
    HtmlTooLarge {
        /// The limit, in KB (2^10 bytes).
        limit_kb: usize,
    },
    /// An HTML page nests elements too deeply to parse in reasonable time.
    #[error("the HTML page nests elements about {depth} deep, more than the {MAX_HTML_DEPTH} this reader accepts; save its text as txt instead")]
    HtmlTooDeep {
        /// About how deep the page's elements nest.
        depth: usize,
    },
    /// A CSV row is over the size limit; the rows after it cannot be found.
    #[error("a row is larger than the limit of {limit_mb} MB for one record, so the rest of this CSV input cannot be read; split it or raise the limit (--max-record-mb)")]
    CsvTooLarge {
        /// The limit, in MB (2^20 bytes).
        limit_mb: usize,
    },
}

/// An input or record that could not be read, with where it was.
///
/// Displays as `FILE:LINE: message`, the form compilers use, so editors can jump to it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{input}{location}: {kind}")]
pub struct IngestError {
    /// The input's name as the user gave it (a path, a URL or `stdin`).
    pub input: String,
    /// Where in the input.
    pub location: Location,
    /// What went wrong.
    pub kind: IngestErrorKind,
}

impl IngestError {
    /// An error about `input` at `location`.
    pub fn new(input: impl Into<String>, location: Location, kind: IngestErrorKind) -> Self {
        IngestError {
            input: input.into(),
            location,
            kind,
        }
    }
}
