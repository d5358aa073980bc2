//! Reading articles from the formats people have them in: plain text, JSON Lines, JSON,
//! CSV and HTML pages.
//!
//! Every reader turns bytes into [`Document`]s and never gives up on a whole corpus because
//! of one bad record: [`Records`] yields each article or an [`IngestError`] saying which file,
//! which line and what to do about it, in input order. A caller decides whether an error is
//! a warning (the CLI's default, and the web app's list of problems) or fatal (`--strict`).
//!
//! The module reads from any [`BufRead`] and does no file or network I/O of its own, so it
//! compiles for the web app (wasm32) as well. JSON Lines and CSV are read one record at a
//! time, so a corpus of any size streams through in constant memory; a plain text, JSON or
//! HTML input is one article (or one array of them) and is read whole.
//!
//! ```
//! use mentionmap::ingest::{read_all, InputFormat, IngestOptions};
//!
//! let jsonl = b"{\"id\": \"a\", \"text\": \"Shelling hit Kharkiv.\"}\n[1, 2]\n";
//! let read = read_all("news.jsonl", InputFormat::Jsonl, jsonl, &IngestOptions::default());
//! assert_eq!(read.documents.len(), 1);
//! assert_eq!(
//!     read.errors[0].to_string(),
//!     "news.jsonl:2: expected a JSON object with a \"text\" string, found an array"
//! );
//! ```

use std::fmt;
use std::io::{BufRead, Read};
use std::str::FromStr;

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::document::Document;

/// How many leading bytes are checked for NUL bytes to recognise a binary file.
const BINARY_SNIFF_LEN: usize = 8192;

/// A supported input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputFormat {
    /// One article per file; an optional ` date YYYY-MM-DD` prefix gives its date.
    Txt,
    /// One JSON object per line with `text` and optional `id`, `title`, `date`, `url`.
    Jsonl,
    /// One such JSON object, or an array of them.
    Json,
    /// A header row, then one article per row.
    Csv,
    /// A web page; the article's main text and metadata are extracted.
    Html,
}

impl InputFormat {
    /// Every format, in the order the CLI lists them.
    pub const ALL: [InputFormat; 5] = [
        InputFormat::Txt,
        InputFormat::Jsonl,
        InputFormat::Json,
        InputFormat::Csv,
        InputFormat::Html,
    ];

    /// The format's name, as accepted by `--input`.
    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Txt => "txt",
            InputFormat::Jsonl => "jsonl",
            InputFormat::Json => "json",
            InputFormat::Csv => "csv",
            InputFormat::Html => "html",
        }
    }

    /// The format a file extension (without the dot, any case) stands for.
    ///
    /// ```
    /// use mentionmap::ingest::InputFormat;
    /// assert_eq!(InputFormat::from_extension("NDJSON"), Some(InputFormat::Jsonl));
    /// assert_eq!(InputFormat::from_extension("docx"), None);
    /// ```
    pub fn from_extension(ext: &str) -> Option<InputFormat> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => InputFormat::Txt,
            "jsonl" | "ndjson" => InputFormat::Jsonl,
            "json" => InputFormat::Json,
            "csv" => InputFormat::Csv,
            "html" | "htm" | "xhtml" => InputFormat::Html,
            _ => return None,
        })
    }

    /// The format named by the extension of a path or URL, if it has a known one.
    ///
    /// ```
    /// use mentionmap::ingest::InputFormat;
    /// assert_eq!(InputFormat::from_path("data/lgl.jsonl"), Some(InputFormat::Jsonl));
    /// assert_eq!(InputFormat::from_path("https://example.org/a/story.html?x=1"), Some(InputFormat::Html));
    /// assert_eq!(InputFormat::from_path("README"), None);
    /// ```
    pub fn from_path(path: &str) -> Option<InputFormat> {
        let (_, ext) = file_name(path)?.rsplit_once('.')?;
        InputFormat::from_extension(ext)
    }

    /// The format a media type (an HTTP `Content-Type` value) stands for.
    ///
    /// ```
    /// use mentionmap::ingest::InputFormat;
    /// assert_eq!(InputFormat::from_media_type("text/html; charset=utf-8"), Some(InputFormat::Html));
    /// assert_eq!(InputFormat::from_media_type("application/octet-stream"), None);
    /// ```
    pub fn from_media_type(content_type: &str) -> Option<InputFormat> {
        let essence = content_type.split(';').next().unwrap_or("").trim();
        Some(match essence.to_ascii_lowercase().as_str() {
            "text/plain" => InputFormat::Txt,
            "application/x-ndjson"
            | "application/jsonl"
            | "application/jsonlines"
            | "application/json-lines"
            | "application/x-jsonlines" => InputFormat::Jsonl,
            "application/json" | "text/json" => InputFormat::Json,
            "text/csv" | "application/csv" => InputFormat::Csv,
            "text/html" | "application/xhtml+xml" => InputFormat::Html,
            _ => return None,
        })
    }

    /// A guess from the first bytes, for standard input and unknown extensions: `<` is
    /// HTML, `[` JSON, `{` JSON Lines, anything else plain text.
    ///
    /// ```
    /// use mentionmap::ingest::InputFormat;
    /// assert_eq!(InputFormat::sniff(b"  {\"text\": \"x\"}"), InputFormat::Jsonl);
    /// assert_eq!(InputFormat::sniff(b"Kharkiv, 3 May."), InputFormat::Txt);
    /// ```
    pub fn sniff(start: &[u8]) -> InputFormat {
        let start = start.strip_prefix(UTF8_BOM).unwrap_or(start);
        match start.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'<') => InputFormat::Html,
            Some(b'[') => InputFormat::Json,
            Some(b'{') => InputFormat::Jsonl,
            _ => InputFormat::Txt,
        }
    }
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for InputFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        InputFormat::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!("unknown input format {s:?} (expected txt, jsonl, json, csv or html)")
            })
    }
}

/// Settings for reading: which CSV columns hold what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestOptions {
    /// Header of the CSV column with the article text (required).
    pub text_column: String,
    /// Header of the CSV column with the article id.
    pub id_column: String,
    /// Header of the CSV column with the headline.
    pub title_column: String,
    /// Header of the CSV column with the publication date.
    pub date_column: String,
    /// Header of the CSV column with the article's address.
    pub url_column: String,
    /// The most bytes one record may take: a whole txt, JSON or HTML input, a JSON Lines
    /// line or a CSV row. A larger record is reported as [`IngestErrorKind::TooLarge`]
    /// instead of being read into memory.
    pub max_record_bytes: usize,
}

/// The default for [`IngestOptions::max_record_bytes`]: 64 MB.
pub const DEFAULT_MAX_RECORD_BYTES: usize = 64 << 20;

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            text_column: "text".into(),
            id_column: "id".into(),
            title_column: "title".into(),
            date_column: "date".into(),
            url_column: "url".into(),
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
        }
    }
}

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

/// Everything read from one input: the good articles and the errors, each in input order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ingested {
    /// Articles read successfully.
    pub documents: Vec<Document>,
    /// Records and inputs that were skipped, and why.
    pub errors: Vec<IngestError>,
}

/// Reads every article of an input held in memory (what the web app does with a dropped
/// file or pasted text).
///
/// `name` labels errors and gives text and HTML articles their id (its file stem).
pub fn read_all(
    name: &str,
    format: InputFormat,
    bytes: &[u8],
    options: &IngestOptions,
) -> Ingested {
    let mut read = Ingested::default();
    for record in Records::new(name, format, bytes, options) {
        match record {
            Ok(doc) => read.documents.push(doc),
            Err(e) => read.errors.push(e),
        }
    }
    read
}

/// The id an input gives a whole-file article: its file stem ("dispatch" for
/// `news/dispatch.txt` or `https://example.org/news/dispatch.html?s=1`).
///
/// ```
/// use mentionmap::ingest::input_stem;
/// assert_eq!(input_stem("news/2025-01-10.dispatch.txt"), "2025-01-10.dispatch");
/// assert_eq!(input_stem("https://example.org/news/story.html?s=1"), "story");
/// assert_eq!(input_stem("stdin"), "stdin");
/// ```
pub fn input_stem(name: &str) -> &str {
    let Some(segment) = file_name(name) else {
        // A URL without a path: its host names it.
        let rest = name.split_once("://").map_or(name, |(_, rest)| rest);
        return rest.split(['/', '?', '#']).next().unwrap_or(rest);
    };
    match segment.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => segment,
    }
}

/// The last path segment of a path or URL, without query or fragment; `None` for a URL
/// with no path.
fn file_name(name: &str) -> Option<&str> {
    let path = match name.split_once("://") {
        Some((_, rest)) => {
            let rest = rest.split(['?', '#']).next().unwrap_or(rest);
            rest.split_once('/')?.1
        }
        None => name,
    };
    let path = path.trim_end_matches(['/', '\\']);
    let segment = path.rsplit(['/', '\\']).next().unwrap_or(path);
    (!segment.is_empty()).then_some(segment)
}

/// The articles of one input, read lazily: each item is an article or the reason a record
/// (or the whole input) was skipped. After an error that concerns the whole input (empty,
/// binary, unreadable, no text column) the iterator ends.
pub struct Records<R> {
    name: String,
    state: State<R>,
}

enum State<R> {
    Start {
        reader: R,
        format: InputFormat,
        options: IngestOptions,
    },
    Lines {
        reader: R,
        line: u64,
        buf: Vec<u8>,
        seen: bool,
        limit: usize,
    },
    Csv {
        reader: Box<csv::Reader<LimitedReader<R>>>,
        columns: CsvColumnIndex,
        record: csv::ByteRecord,
        seen: bool,
    },
    Queue(std::vec::IntoIter<Result<Document, IngestError>>),
    Done,
}

impl<R: BufRead> Records<R> {
    /// Reads `reader` as `format`; `name` labels errors and gives whole-file articles their id.
    pub fn new(name: &str, format: InputFormat, reader: R, options: &IngestOptions) -> Self {
        Records {
            name: name.to_string(),
            state: State::Start {
                reader,
                format,
                options: options.clone(),
            },
        }
    }

    fn error(&self, location: Location, kind: IngestErrorKind) -> IngestError {
        IngestError::new(self.name.clone(), location, kind)
    }

    /// Checks the first bytes (empty, binary, byte order mark) and picks the reading state.
    fn start(
        &mut self,
        mut reader: R,
        format: InputFormat,
        options: IngestOptions,
    ) -> Option<Result<Document, IngestError>> {
        let head = match reader.fill_buf() {
            Ok(head) => head,
            Err(e) => {
                return Some(Err(
                    self.error(Location::Input, IngestErrorKind::Unreadable(e.to_string()))
                ))
            }
        };
        if head.is_empty() {
            return Some(Err(self.error(Location::Input, IngestErrorKind::Empty)));
        }
        if let Some(offset) = head.iter().take(BINARY_SNIFF_LEN).position(|&b| b == 0) {
            return Some(Err(
                self.error(Location::Input, IngestErrorKind::Binary { offset })
            ));
        }
        if head.starts_with(UTF8_BOM) {
            reader.consume(UTF8_BOM.len());
        }
        match format {
            InputFormat::Jsonl => {
                self.state = State::Lines {
                    reader,
                    line: 0,
                    buf: Vec::new(),
                    seen: false,
                    limit: options.max_record_bytes,
                };
                self.next()
            }
            InputFormat::Csv => {
                let reader = LimitedReader {
                    inner: reader,
                    read: 0,
                    limit: options.max_record_bytes,
                };
                let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
                match CsvColumnIndex::from_header(&mut reader, &options) {
                    Ok(columns) => {
                        self.state = State::Csv {
                            reader: Box::new(reader),
                            columns,
                            record: csv::ByteRecord::new(),
                            seen: false,
                        };
                        self.next()
                    }
                    Err((location, kind)) => Some(Err(self.error(location, kind))),
                }
            }
            InputFormat::Txt | InputFormat::Json | InputFormat::Html => {
                let limit = options.max_record_bytes;
                let mut bytes = Vec::new();
                let read = reader
                    .by_ref()
                    .take(limit as u64 + 1)
                    .read_to_end(&mut bytes);
                if let Err(e) = read {
                    return Some(Err(
                        self.error(Location::Input, IngestErrorKind::Unreadable(e.to_string()))
                    ));
                }
                if bytes.len() > limit {
                    let kind = IngestErrorKind::TooLarge {
                        limit_mb: limit >> 20,
                    };
                    return Some(Err(self.error(Location::Input, kind)));
                }
                if format == InputFormat::Html && bytes.len() > limit / 16 {
                    let kind = IngestErrorKind::HtmlTooLarge {
                        limit_kb: (limit / 16) >> 10,
                    };
                    return Some(Err(self.error(Location::Input, kind)));
                }
                let items = read_whole(&self.name, format, &bytes);
                self.state = State::Queue(items.into_iter());
                self.next()
            }
        }
    }

    /// The next JSON Lines record; blank lines are skipped.
    fn next_line(&mut self) -> Option<Result<Document, IngestError>> {
        let State::Lines {
            reader,
            line,
            buf,
            seen,
            limit,
        } = &mut self.state
        else {
            return None;
        };
        loop {
            buf.clear();
            let read = read_line_within(reader, buf, *limit);
            *line += 1;
            let n = *line;
            match read {
                Err(e) => {
                    let kind = IngestErrorKind::Unreadable(e.to_string());
                    self.state = State::Done;
                    return Some(Err(self.error(Location::Line(n), kind)));
                }
                Ok(Line::End) => {
                    let seen = *seen;
                    self.state = State::Done;
                    return (!seen)
                        .then(|| Err(self.error(Location::Input, IngestErrorKind::Empty)));
                }
                Ok(Line::TooLong) => {
                    *seen = true;
                    let kind = IngestErrorKind::TooLarge {
                        limit_mb: *limit >> 20,
                    };
                    return Some(Err(self.error(Location::Line(n), kind)));
                }
                Ok(Line::Read) => {}
            }
            let bytes = trim_line_end(buf);
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            *seen = true;
            let record = std::str::from_utf8(bytes)
                .map_err(|e| IngestErrorKind::InvalidUtf8 {
                    column: e.valid_up_to() + 1,
                })
                .and_then(parse_json_record)
                .and_then(|raw| raw.into_document(|| n.to_string()));
            return Some(record.map_err(|kind| self.error(Location::Line(n), kind)));
        }
    }

    /// The next CSV row.
    fn next_row(&mut self) -> Option<Result<Document, IngestError>> {
        let State::Csv {
            reader,
            columns,
            record,
            seen,
        } = &mut self.state
        else {
            return None;
        };
        reader.get_mut().read = 0;
        let line_before = reader.position().line();
        let read = reader.read_byte_record(record);
        let first = !std::mem::replace(seen, true);
        match read {
            Ok(false) => {
                self.state = State::Done;
                first.then(|| Err(self.error(Location::Input, IngestErrorKind::Empty)))
            }
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                let doc = columns.document(record, line);
                Some(doc.map_err(|kind| self.error(Location::Line(line), kind)))
            }
            Err(_) if reader.get_ref().read > reader.get_ref().limit => {
                let limit_mb = reader.get_ref().limit >> 20;
                self.state = State::Done;
                let kind = IngestErrorKind::CsvTooLarge { limit_mb };
                Some(Err(self.error(Location::Line(line_before), kind)))
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                let fatal = matches!(e.kind(), csv::ErrorKind::Io(_));
                let kind = IngestErrorKind::Csv(csv_message(&e));
                if fatal {
                    self.state = State::Done;
                }
                Some(Err(self.error(Location::Line(line), kind)))
            }
        }
    }
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = Result<Document, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        match std::mem::replace(&mut self.state, State::Done) {
            State::Start {
                reader,
                format,
                options,
            } => self.start(reader, format, options),
            state @ State::Lines { .. } => {
                self.state = state;
                self.next_line()
            }
            state @ State::Csv { .. } => {
                self.state = state;
                self.next_row()
            }
            State::Queue(mut items) => {
                let item = items.next();
                if item.is_some() {
                    self.state = State::Queue(items);
                }
                item
            }
            State::Done => None,
        }
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The deepest nesting of HTML elements read: the HTML parser checks the open elements for
/// each tag, so its time grows with the square of the depth (a million nested `<div>`s would
/// take hours). Real pages nest a few dozen deep; browsers flatten below 512.
pub const MAX_HTML_DEPTH: usize = 20_000;

/// About how deeply a page's elements nest: start tags minus end tags, at their highest,
/// not counting void elements or self-closed tags. It over-counts pages that leave
/// elements such as `<p>` and `<li>` unclosed, which is why the limit is far above real
/// pages.
fn nesting_estimate(html: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "option", "td", "tr", "th", "dt", "dd",
    ];
    let b = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(at) = b[i..].iter().position(|&c| c == b'<') {
        i += at + 1;
        match b.get(i) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                // Both scans stop early, so that text full of `<a` stays linear.
                let name_len = b[i..]
                    .iter()
                    .take(64)
                    .position(|c| !c.is_ascii_alphanumeric())
                    .unwrap_or(b.len().min(i + 64) - i);
                let name = &html[i..i + name_len];
                let end = b[i..]
                    .iter()
                    .take(4096)
                    .position(|&c| c == b'>')
                    .map(|e| i + e);
                let self_closed = end.is_some_and(|e| e > 0 && b[e - 1] == b'/');
                if !self_closed && !VOID.iter().any(|v| v.eq_ignore_ascii_case(name)) {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
            }
            _ => {}
        }
    }
    deepest
}

/// What [`read_line_within`] found.
enum Line {
    /// A line, in the buffer.
    Read,
    /// A line longer than the limit, skipped up to and including its newline.
    TooLong,
    /// The end of the input.
    End,
}

/// Reads one line (with its newline) into `buf`, as `read_until` does, unless it is longer
/// than `limit` bytes: then the rest of the line is read past and dropped, so one huge line
/// never sits in memory.
fn read_line_within<R: BufRead>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<Line> {
    let mut any = false;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        any = true;
        let (used, ends) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        let content = used - usize::from(ends);
        if !too_long && buf.len() + content > limit {
            too_long = true;
            buf.clear();
            buf.shrink_to(1 << 16);
        }
        if !too_long {
            buf.extend_from_slice(&available[..used]);
        }
        reader.consume(used);
        if ends {
            break;
        }
    }
    Ok(match (any, too_long) {
        (false, _) => Line::End,
        (true, true) => Line::TooLong,
        (true, false) => Line::Read,
    })
}

/// The reader under the CSV parser: it fails once a row has taken more than `limit` bytes
/// (`read` is reset before each row), so one huge field never sits in memory.
struct LimitedReader<R> {
    inner: R,
    read: usize,
    limit: usize,
}

impl<R: std::io::Read> std::io::Read for LimitedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.read > self.limit {
            return Err(std::io::Error::other("the row is over the size limit"));
        }
        let n = self.inner.read(buf)?;
        self.read += n;
        Ok(n)
    }
}

fn trim_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Reads an input that is one article (text, HTML) or one JSON value.
fn read_whole(name: &str, format: InputFormat, bytes: &[u8]) -> Vec<Result<Document, IngestError>> {
    let error = |location, kind| vec![Err(IngestError::new(name, location, kind))];
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return error(Location::Input, IngestErrorKind::Binary { offset });
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let (line, column) = line_and_column(bytes, e.valid_up_to());
            return error(
                Location::Line(line),
                IngestErrorKind::InvalidUtf8 { column },
            );
        }
    };
    if text.trim().is_empty() {
        return error(Location::Input, IngestErrorKind::Empty);
    }
    let stem = input_stem(name);
    match format {
        InputFormat::Html => {
            let depth = nesting_estimate(text);
            if depth > MAX_HTML_DEPTH {
                return error(Location::Input, IngestErrorKind::HtmlTooDeep { depth });
            }
            let mut doc = document_from_html(text);
            if doc.text.is_empty() {
                return error(Location::Input, IngestErrorKind::NoArticleText);
            }
            doc.id = Some(stem.to_string());
            vec![Ok(doc)]
        }
        InputFormat::Json => read_json(name, stem, text),
        InputFormat::Txt | InputFormat::Jsonl | InputFormat::Csv => {
            let mut doc = Document::from_raw_text(text);
            doc.id = Some(stem.to_string());
            vec![Ok(doc)]
        }
    }
}

/// 1-based line and byte column of a byte offset.
fn line_and_column(bytes: &[u8], offset: usize) -> (u64, usize) {
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    (line, offset - line_start + 1)
}

/// Reads a JSON document that is one article object or an array of them.
fn read_json(name: &str, stem: &str, text: &str) -> Vec<Result<Document, IngestError>> {
    let error = |location, kind| IngestError::new(name, location, kind);
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            return vec![Err(error(
                Location::Line(e.line() as u64),
                json_syntax_error(&e),
            ))]
        }
    };
    match value {
        Value::Array(items) if items.is_empty() => {
            vec![Err(error(Location::Input, IngestErrorKind::Empty))]
        }
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let n = i + 1;
                RawRecord::from_value(item)
                    .and_then(|raw| raw.into_document(|| n.to_string()))
                    .map_err(|kind| error(Location::Item(n), kind))
            })
            .collect(),
        value => vec![RawRecord::from_value(value)
            .and_then(|raw| raw.into_document(|| stem.to_string()))
            .map_err(|kind| error(Location::Input, kind))],
    }
}

/// An article object as written; fields are kept as JSON values until their types are checked.
#[derive(Deserialize)]
struct RawRecord {
    #[serde(default, deserialize_with = "present")]
    text: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    id: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    title: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    date: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    url: Option<Value>,
}

/// Distinguishes a field that is present (even as `null`) from one that is absent.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

impl RawRecord {
    fn from_value(value: Value) -> Result<RawRecord, IngestErrorKind> {
        if !value.is_object() {
            return Err(IngestErrorKind::NotObject {
                found: describe(&value),
            });
        }
        RawRecord::deserialize(value).map_err(|e| IngestErrorKind::NotJson {
            message: e.to_string(),
            column: 1,
        })
    }

    /// The article; `default_id` gives the id when the record has none.
    fn into_document(
        self,
        default_id: impl FnOnce() -> String,
    ) -> Result<Document, IngestErrorKind> {
        let text = match self.text {
            Some(Value::String(text)) => text,
            None => return Err(IngestErrorKind::NoText),
            Some(other) => {
                return Err(IngestErrorKind::TextNotString {
                    found: describe(&other),
                })
            }
        };
        let id = match self.id {
            Some(Value::Number(n)) => Some(n.to_string()),
            other => metadata("id", other)?,
        };
        Ok(Document {
            id: Some(id.unwrap_or_else(default_id)),
            title: metadata("title", self.title)?,
            date: metadata("date", self.date)?,
            url: metadata("url", self.url)?,
            text,
        })
    }
}

/// A metadata field: a string, or absent/`null`.
fn metadata(field: &'static str, value: Option<Value>) -> Result<Option<String>, IngestErrorKind> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(IngestErrorKind::FieldNotString {
            field,
            found: describe(&other),
        }),
    }
}

/// Parses one JSON Lines record.
fn parse_json_record(json: &str) -> Result<RawRecord, IngestErrorKind> {
    if !json.trim_start().starts_with('{') {
        // Not an object: say what it is instead (serde would read an array as a tuple).
        return match serde_json::from_str::<Value>(json) {
            Ok(value) => Err(IngestErrorKind::NotObject {
                found: describe(&value),
            }),
            Err(e) => Err(json_syntax_error(&e)),
        };
    }
    serde_json::from_str::<RawRecord>(json).map_err(|e| json_syntax_error(&e))
}

fn json_syntax_error(e: &serde_json::Error) -> IngestErrorKind {
    let message = e.to_string();
    let message = match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message,
    };
    IngestErrorKind::NotJson {
        message,
        column: e.column(),
    }
}

/// "an array", "a number", …: what a JSON value is, for messages.
fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Positions of the article fields in a CSV header row.
struct CsvColumnIndex {
    text_name: String,
    text: usize,
    id: Option<usize>,
    title: Option<usize>,
    date: Option<usize>,
    url: Option<usize>,
}

impl CsvColumnIndex {
    fn from_header<R: std::io::Read>(
        reader: &mut csv::Reader<R>,
        options: &IngestOptions,
    ) -> Result<CsvColumnIndex, (Location, IngestErrorKind)> {
        let header = reader
            .byte_headers()
            .map_err(|e| (Location::Line(1), IngestErrorKind::Csv(csv_message(&e))))?;
        let names: Vec<String> = header
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_string())
            .collect();
        let find = |wanted: &str| {
            names
                .iter()
                .position(|n| n == wanted)
                .or_else(|| names.iter().position(|n| n.eq_ignore_ascii_case(wanted)))
        };
        let text = find(&options.text_column).ok_or_else(|| {
            (
                Location::Line(1),
                IngestErrorKind::MissingColumn {
                    column: options.text_column.clone(),
                    header: names.join(", "),
                },
            )
        })?;
        Ok(CsvColumnIndex {
            text_name: options.text_column.clone(),
            text,
            id: find(&options.id_column),
            title: find(&options.title_column),
            date: find(&options.date_column),
            url: find(&options.url_column),
        })
    }

    /// The article in a row; its id defaults to the row's line number.
    fn document(&self, record: &csv::ByteRecord, line: u64) -> Result<Document, IngestErrorKind> {
        let field = |i: usize| -> Result<Option<String>, IngestErrorKind> {
            let Some(bytes) = record.get(i) else {
                return Ok(None);
            };
            match std::str::from_utf8(bytes) {
                Ok(s) => Ok(Some(s.to_string())),
                Err(e) => Err(IngestErrorKind::InvalidUtf8 {
                    column: e.valid_up_to() + 1,
                }),
            }
        };
        let optional = |i: Option<usize>| -> Result<Option<String>, IngestErrorKind> {
            Ok(match i {
                Some(i) => field(i)?.filter(|s| !s.trim().is_empty()),
                None => None,
            })
        };
        let text = field(self.text)?.ok_or_else(|| IngestErrorKind::ShortRow {
            column: self.text_name.clone(),
            fields: record.len(),
        })?;
        Ok(Document {
            id: Some(optional(self.id)?.unwrap_or_else(|| line.to_string())),
            title: optional(self.title)?,
            date: optional(self.date)?,
            url: optional(self.url)?,
            text,
        })
    }
}

/// A CSV error's message; for I/O errors without the position, which the location gives.
fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => io.to_string(),
        _ => e.to_string(),
    }
}

/// Elements whose content is never article text.
const SKIPPED_ELEMENTS: &[&str] = &[
    "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template",
    "iframe", "svg", "canvas", "object", "button", "select", "head",
];

/// Elements that end a paragraph.
const BLOCK_ELEMENTS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "figcaption",
    "figure",
    "br",
    "hr",
    "address",
    "details",
    "summary",
];

/// The article in an HTML page: its main text, paragraphs separated by blank lines, and its
/// title, date and address from the page's metadata. The id is left to the caller.
///
/// The text comes from the page's longest `<article>`, else its `<main>`, else its body,
/// without scripts, styles, navigation, headers, footers, asides and forms.
///
/// ```
/// use mentionmap::ingest::document_from_html;
/// let page = r#"<html><head><title>Night raid</title>
///   <meta property="article:published_time" content="2025-02-03T06:10:00Z"></head>
///   <body><nav>Home | World</nav><article><p>Drones hit Odesa.</p><p>Two were hurt.</p></article></body></html>"#;
/// let doc = document_from_html(page);
/// assert_eq!(doc.title.as_deref(), Some("Night raid"));
/// assert_eq!(doc.date.as_deref(), Some("2025-02-03"));
/// assert_eq!(doc.text, "Drones hit Odesa.\n\nTwo were hurt.");
/// ```
pub fn document_from_html(html: &str) -> Document {
    let page = scraper::Html::parse_document(html);
    let first = |selectors: &[(&str, &str)]| -> Option<String> {
        selectors.iter().find_map(|(selector, attribute)| {
            let selector = scraper::Selector::parse(selector).ok()?;
            page.select(&selector).find_map(|el| {
                let value = match *attribute {
                    "" => collapse_whitespace(&el.text().collect::<String>()),
                    attribute => collapse_whitespace(el.value().attr(attribute)?),
                };
                (!value.is_empty()).then_some(value)
            })
        })
    };
    let title = first(&[("meta[property='og:title']", "content"), ("title", "")]);
    let date = first(&[
        ("meta[property='article:published_time']", "content"),
        ("meta[name='article:published_time']", "content"),
        ("meta[name='date']", "content"),
        ("meta[itemprop='datePublished']", "content"),
        ("time[datetime]", "datetime"),
    ])
    .map(date_part);
    let url = first(&[
        ("meta[property='og:url']", "content"),
        ("link[rel='canonical']", "href"),
    ]);
    Document {
        id: None,
        title,
        date,
        url,
        text: main_text(&page),
    }
}

/// `YYYY-MM-DD` out of a timestamp that starts with one; other dates are kept as written.
fn date_part(value: String) -> String {
    let is_date = value.len() >= 10
        && value.bytes().take(10).enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    match is_date {
        true => value[..10].to_string(),
        false => value,
    }
}

/// The text of the page's main content element, paragraph by paragraph.
fn main_text(page: &scraper::Html) -> String {
    let select = |s: &str| scraper::Selector::parse(s).ok();
    let text_len = |el: &scraper::ElementRef<'_>| el.text().map(str::len).sum::<usize>();
    let longest_article = select("article").and_then(|s| page.select(&s).max_by_key(text_len));
    let root = longest_article
        .or_else(|| select("main").and_then(|s| page.select(&s).next()))
        .or_else(|| select("body").and_then(|s| page.select(&s).next()))
        .unwrap_or_else(|| page.root_element());

    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut skipping = 0usize;
    // An explicit traversal rather than recursion: pages can nest elements very deeply.
    for edge in root.traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => match node.value() {
                scraper::Node::Element(el) if SKIPPED_ELEMENTS.contains(&el.name()) => {
                    skipping += 1
                }
                scraper::Node::Element(el)
                    if skipping == 0 && BLOCK_ELEMENTS.contains(&el.name()) =>
                {
                    end_paragraph(&mut current, &mut paragraphs)
                }
                scraper::Node::Text(text) if skipping == 0 => current.push_str(text),
                _ => {}
            },
            ego_tree::iter::Edge::Close(node) => match node.value() {
                scraper::Node::Element(el) if SKIPPED_ELEMENTS.contains(&el.name()) => {
                    skipping -= 1
                }
                scraper::Node::Element(el)
                    if skipping == 0 && BLOCK_ELEMENTS.contains(&el.name()) =>
                {
                    end_paragraph(&mut current, &mut paragraphs)
                }
                _ => {}
            },
        }
    }
    end_paragraph(&mut current, &mut paragraphs);
    paragraphs.join("\n\n")
}

fn end_paragraph(current: &mut String, paragraphs: &mut Vec<String>) {
    let paragraph = collapse_whitespace(current);
    if !paragraph.is_empty() {
        paragraphs.push(paragraph);
    }
    current.clear();
}

/// Runs of whitespace become one space; ends are trimmed.
fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, format: InputFormat, input: &str) -> Ingested {
        read_all(name, format, input.as_bytes(), &IngestOptions::default())
    }

    /// (id, title, date, url, text) of each article, for compact expectations.
    type Row<'a> = (
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        &'a str,
    );

    fn rows(docs: &[Document]) -> Vec<Row<'_>> {
        docs.iter()
            .map(|d| {
                (
                    d.id.as_deref().unwrap_or(""),
                    d.title.as_deref(),
                    d.date.as_deref(),
                    d.url.as_deref(),
                    d.text.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn good_records_of_each_format() {
        let cases: &[(&str, InputFormat, &str, &[Row<'_>])] = &[
            (
                "dispatch.txt",
                InputFormat::Txt,
                " date 2025-01-10 Sirens sounded in Lviv.",
                &[("dispatch", None, Some("2025-01-10"), None, "Sirens sounded in Lviv.")],
            ),
            (
                "a.jsonl",
                InputFormat::Jsonl,
                "{\"id\":\"x\",\"text\":\"One.\",\"title\":\"T\",\"date\":\"2024-05-01\",\"url\":\"https://e.org/1\",\"extra\":[1]}\n\n{\"text\":\"Two.\"}\r\n",
                &[
                    ("x", Some("T"), Some("2024-05-01"), Some("https://e.org/1"), "One."),
                    ("3", None, None, None, "Two."),
                ],
            ),
            (
                "num.jsonl",
                InputFormat::Jsonl,
                "{\"id\": 17, \"text\": \"Numbered.\", \"title\": null}",
                &[("17", None, None, None, "Numbered.")],
            ),
            (
                "one.json",
                InputFormat::Json,
                "{\"text\": \"Alone.\"}",
                &[("one", None, None, None, "Alone.")],
            ),
            (
                "many.json",
                InputFormat::Json,
                "[{\"text\": \"First.\"}, {\"id\": \"b\", \"text\": \"Second.\"}]",
                &[("1", None, None, None, "First."), ("b", None, None, None, "Second.")],
            ),
            (
                "rows.csv",
                InputFormat::Csv,
                "title,text,date\nA,\"Kyiv, at night.\",2023-03-03\nB,\"Two\nlines.\",\n",
                &[
                    ("2", Some("A"), Some("2023-03-03"), None, "Kyiv, at night."),
                    ("3", Some("B"), None, None, "Two\nlines."),
                ],
            ),
            (
                "bom.jsonl",
                InputFormat::Jsonl,
                "\u{feff}{\"text\": \"Marked.\"}",
                &[("1", None, None, None, "Marked.")],
            ),
        ];
        for (name, format, input, expected) in cases {
            let read = read(name, *format, input);
            assert_eq!(read.errors, vec![], "{name}");
            assert_eq!(rows(&read.documents), *expected, "{name}");
        }
    }

    #[test]
    fn bad_records_are_reported_with_their_place() {
        let cases: &[(&str, InputFormat, &str, usize, &[&str])] = &[
            (
                "lgl.jsonl",
                InputFormat::Jsonl,
                "{\"text\": \"ok\"}\nnot json\n{\"title\": \"t\"}\n{\"text\": 5}\n[1]\n{\"text\": \"x\", \"date\": [2024]}\n",
                1,
                &[
                    "lgl.jsonl:2: not valid JSON: expected ident (column 2)",
                    "lgl.jsonl:3: expected a JSON object with a \"text\" string, but it has no \"text\" field",
                    "lgl.jsonl:4: expected a JSON object with a \"text\" string, but \"text\" is a number",
                    "lgl.jsonl:5: expected a JSON object with a \"text\" string, found an array",
                    "lgl.jsonl:6: \"date\" must be a string, found an array",
                ],
            ),
            (
                "bad.jsonl",
                InputFormat::Jsonl,
                "{\"text\": \"caf\u{e9}\"}\n{\"text\": null}",
                1,
                &["bad.jsonl:2: expected a JSON object with a \"text\" string, but \"text\" is null"],
            ),
            ("empty.jsonl", InputFormat::Jsonl, "", 0, &["empty.jsonl: the input is empty; expected at least one article"]),
            ("blank.jsonl", InputFormat::Jsonl, "\n  \n", 0, &["blank.jsonl: the input is empty; expected at least one article"]),
            ("header.csv", InputFormat::Csv, "id,text\n", 0, &["header.csv: the input is empty; expected at least one article"]),
            ("none.json", InputFormat::Json, " [ ] ", 0, &["none.json: the input is empty; expected at least one article"]),
            ("blank.txt", InputFormat::Txt, " \n\t", 0, &["blank.txt: the input is empty; expected at least one article"]),
            (
                "bin.txt",
                InputFormat::Txt,
                "PK\u{3}\u{4}\u{0}\u{0}",
                0,
                &["bin.txt: looks like a binary file (NUL byte at byte 4); expected UTF-8 text"],
            ),
            (
                "arr.json",
                InputFormat::Json,
                "[{\"text\": \"a\"}, 3, {\"text\": \"b\"}]",
                2,
                &["arr.json: item 2: expected a JSON object with a \"text\" string, found a number"],
            ),
            (
                "broken.json",
                InputFormat::Json,
                "[\n{\"text\": \"a\"},\n{\"text\" \"b\"}]",
                0,
                &["broken.json:3: not valid JSON: expected `:` (column 9)"],
            ),
            (
                "scalar.json",
                InputFormat::Json,
                "\"just a string\"",
                0,
                &["scalar.json: expected a JSON object with a \"text\" string, found a string"],
            ),
            (
                "nocol.csv",
                InputFormat::Csv,
                "body,id\nKyiv,1\n",
                0,
                &["nocol.csv:1: no column named \"text\" in the CSV header (columns: body, id); name the text column explicitly"],
            ),
            (
                "short.csv",
                InputFormat::Csv,
                "id,text\n1,Odesa\n2\n",
                1,
                &["short.csv:3: the row has only 1 field(s), so no \"text\" column"],
            ),
            (
                "nothing.html",
                InputFormat::Html,
                "<html><body><nav>Home</nav><script>x()</script></body></html>",
                0,
                &["nothing.html: found no article text in the HTML page"],
            ),
        ];
        for (name, format, input, good, expected) in cases {
            let read = read(name, *format, input);
            let messages: Vec<String> = read.errors.iter().map(ToString::to_string).collect();
            assert_eq!(messages, *expected, "{name}");
            assert_eq!(read.documents.len(), *good, "{name}");
        }
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let cases: &[(&str, InputFormat, &[u8], usize, &str)] = &[
            (
                "a.jsonl",
                InputFormat::Jsonl,
                b"{\"text\": \"ok\"}\n{\"text\": \"bad \xff\"}\n{\"text\": \"ok\"}\n",
                2,
                "a.jsonl:2: invalid UTF-8 at byte 15 of the line; convert the input to UTF-8",
            ),
            (
                "a.txt",
                InputFormat::Txt,
                b"line one\nline \xc3\x28 two\n",
                0,
                "a.txt:2: invalid UTF-8 at byte 6 of the line; convert the input to UTF-8",
            ),
            (
                "a.csv",
                InputFormat::Csv,
                b"text\nfine\nnot \xfe fine\n",
                1,
                "a.csv:3: invalid UTF-8 at byte 5 of the line; convert the input to UTF-8",
            ),
        ];
        for (name, format, input, good, expected) in cases {
            let read = read_all(name, *format, input, &IngestOptions::default());
            let messages: Vec<String> = read.errors.iter().map(ToString::to_string).collect();
            assert_eq!(messages, [*expected], "{name}");
            assert_eq!(read.documents.len(), *good, "{name}");
        }
    }

    #[test]
    fn csv_columns_can_be_renamed() {
        let options = IngestOptions {
            text_column: "body".into(),
            id_column: "ref".into(),
            ..IngestOptions::default()
        };
        let read = read_all(
            "r.csv",
            InputFormat::Csv,
            b"ref,Body\nk1,Sumy was quiet.\n",
            &options,
        );
        assert_eq!(
            rows(&read.documents),
            [("k1", None, None, None, "Sumy was quiet.")]
        );
    }

    #[test]
    fn html_extraction_rows() {
        let cases: &[(&str, Row<'_>)] = &[
            (
                "<html><head><title> Page  title </title><meta property='og:title' content='OG title'>\
                 <meta property='og:url' content='https://e.org/s'></head><body>\
                 <header>Site</header><main><h1>Head</h1><p>First   para.</p><p>Second<br>line.</p>\
                 <aside>Related</aside><form>Subscribe</form></main><footer>(c)</footer></body></html>",
                ("", Some("OG title"), None, Some("https://e.org/s"), "Head\n\nFirst para.\n\nSecond\n\nline."),
            ),
            (
                "<html><head><title>Plain</title><link rel='canonical' href='https://e.org/c'></head><body>\
                 <article><p>Teaser</p></article><article><time datetime='2024-02-24'>Feb 24</time>\
                 <p>The long story about Kherson.</p></article><noscript>Enable JS</noscript></body></html>",
                ("", Some("Plain"), Some("2024-02-24"), Some("https://e.org/c"), "Feb 24\n\nThe long story about Kherson."),
            ),
            (
                "<p>Bare fragment about Mykolaiv <b>and</b> Kherson.</p><style>p{}</style>",
                ("", None, None, None, "Bare fragment about Mykolaiv and Kherson."),
            ),
            (
                "<html><head><meta name='date' content='3 March 2024'></head><body><div>Text</div></body></html>",
                ("", None, Some("3 March 2024"), None, "Text"),
            ),
        ];
        for (html, expected) in cases {
            let doc = document_from_html(html);
            assert_eq!(rows(std::slice::from_ref(&doc))[0], *expected, "{html}");
        }
    }

    #[test]
    fn deeply_nested_html_does_not_overflow() {
        // On a small stack, so a recursive walk over the 4,000 levels would overflow.
        let depth = 4_000;
        let html = format!(
            "{}Chernihiv{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let text = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || document_from_html(&html).text)
            .expect("spawn a thread")
            .join()
            .expect("no stack overflow");
        assert_eq!(text, "Chernihiv");
    }

    #[test]
    fn formats_from_names_and_media_types() {
        let paths: &[(&str, Option<InputFormat>)] = &[
            ("a.txt", Some(InputFormat::Txt)),
            ("dir.v2/a.JSONL", Some(InputFormat::Jsonl)),
            ("a.json", Some(InputFormat::Json)),
            ("a.csv", Some(InputFormat::Csv)),
            ("a.htm", Some(InputFormat::Html)),
            ("https://e.org/feed.ndjson#top", Some(InputFormat::Jsonl)),
            ("https://e.org/", None),
            ("notes", None),
        ];
        for (path, expected) in paths {
            assert_eq!(InputFormat::from_path(path), *expected, "{path}");
        }
        let types: &[(&str, Option<InputFormat>)] = &[
            ("text/plain; charset=UTF-8", Some(InputFormat::Txt)),
            ("application/x-ndjson", Some(InputFormat::Jsonl)),
            ("Application/JSON", Some(InputFormat::Json)),
            ("text/csv", Some(InputFormat::Csv)),
            ("application/xhtml+xml", Some(InputFormat::Html)),
            ("image/png", None),
        ];
        for (media_type, expected) in types {
            assert_eq!(
                InputFormat::from_media_type(media_type),
                *expected,
                "{media_type}"
            );
        }
        for format in InputFormat::ALL {
            assert_eq!(format.as_str().parse::<InputFormat>(), Ok(format));
        }
        assert!("xml".parse::<InputFormat>().is_err());
    }

    #[test]
    fn sniffing_rows() {
        let cases: &[(&[u8], InputFormat)] = &[
            (b"<!doctype html>", InputFormat::Html),
            (b"\xEF\xBB\xBF[{\"text\":\"a\"}]", InputFormat::Json),
            (b"\n{\"text\":\"a\"}", InputFormat::Jsonl),
            (b" date 2025-01-10 Text", InputFormat::Txt),
            (b"", InputFormat::Txt),
        ];
        for (start, expected) in cases {
            assert_eq!(InputFormat::sniff(start), *expected, "{start:?}");
        }
    }

    #[test]
    fn stems_rows() {
        let cases = [
            ("a/b/c.txt", "c"),
            ("c:\\news\\d.html", "d"),
            (".hidden", ".hidden"),
            ("https://e.org/a/b/", "b"),
            ("https://e.org", "e.org"),
            ("https://e.org/?q=1", "e.org"),
            ("-", "-"),
        ];
        for (name, stem) in cases {
            assert_eq!(input_stem(name), stem, "{name}");
        }
    }
}
