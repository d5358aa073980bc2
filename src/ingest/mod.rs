//! Reading articles from the formats people have them in: plain text, JSON Lines, JSON,
//! CSV and HTML pages.
//!
//! Every reader turns bytes into [`Document`]s and never gives up on a whole corpus because
//! of one bad record: [`Records`] yields each article or an [`IngestError`] saying which file,
//! which line and what to do about it, in input order. A caller decides whether an error is
//! a warning (the CLI's default, and the web app's list of problems) or fatal (`--strict`).
//!
//! The module reads from any [`BufRead`](std::io::BufRead) and does no file or network I/O of its own, so it
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
//!
//! One file per concern: [`Records`] (the reading state machine) in `records.rs`, the error
//! types in `error.rs`, and one file per format that needs more than a line or two:
//! `json.rs` (JSON Lines and JSON records), `csv.rs` (header and rows) and `html.rs` (a
//! page's main text and metadata).

mod csv;
mod error;
mod html;
mod json;
mod records;

use std::fmt;
use std::str::FromStr;

use crate::document::Document;

pub use error::{IngestError, IngestErrorKind, Location};
pub use html::{document_from_html, MAX_HTML_DEPTH};
pub use records::Records;

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

/// True for an `http:` or `https:` URL (any case): what the CLI fetches rather than opens.
///
/// ```
/// use mentionmap::ingest::is_http_url;
/// assert!(is_http_url("HTTPS://example.org/feed.jsonl"));
/// assert!(!is_http_url("ftp://example.org/feed.jsonl"));
/// assert!(!is_http_url("news/http.txt"));
/// ```
pub fn is_http_url(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
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

/// The byte order mark some editors put before UTF-8 text; it is skipped.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn read(name: &str, format: InputFormat, input: &str) -> Ingested {
        read_all(name, format, input.as_bytes(), &IngestOptions::default())
    }

    /// (id, title, date, url, text) of each article, for compact expectations.
    pub(super) type Row<'a> = (
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        &'a str,
    );

    pub(super) fn rows(docs: &[Document]) -> Vec<Row<'_>> {
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
                "nul.jsonl",
                InputFormat::Jsonl,
                "{\"text\": \"Sumy.\"}\n{\"text\": \"Ky\u{0}iv\"}\n{\"text\": \"Lviv.\"}\n",
                2,
                &["nul.jsonl:2: the record holds a NUL byte, so it is not text"],
            ),
            (
                "nul.csv",
                InputFormat::Csv,
                "id,text\na,Sumy.\nb,Ky\u{0}iv\nc,Lviv.\n",
                2,
                &["nul.csv:3: the record holds a NUL byte, so it is not text"],
            ),
            (
                "first.jsonl",
                InputFormat::Jsonl,
                "{\"text\": \"Ky\u{0}iv\"}\n{\"text\": \"Sumy.\"}\n",
                0,
                &["first.jsonl: looks like a binary file (NUL byte at byte 12); expected UTF-8 text"],
            ),
            (
                "utf16.jsonl",
                InputFormat::Jsonl,
                "{\u{0}\"\u{0}\n\u{0}{\u{0}\"\u{0}\n\u{0}",
                0,
                &["utf16.jsonl: looks like a binary file (NUL byte at byte 1); expected UTF-8 text"],
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
