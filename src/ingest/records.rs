//! [`Records`]: the lazy reader of one input. It checks the first bytes (empty, binary,
//! byte order mark), then reads JSON Lines a line at a time, CSV a row at a time, and the
//! whole-file formats (txt, JSON, HTML) at once, each record within the size limit.

use std::io::{BufRead, Read};

use super::csv::{csv_message, CsvColumnIndex, LimitedReader};
use super::html::{document_from_html, nesting_estimate, MAX_HTML_DEPTH};
use super::json::{parse_json_record, read_json};
use super::{
    input_stem, IngestError, IngestErrorKind, IngestOptions, InputFormat, Location, UTF8_BOM,
};
use crate::document::Document;

/// How many leading bytes are checked for NUL bytes to recognise a binary file.
const BINARY_SNIFF_LEN: usize = 8192;

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
        if let Some(offset) = binary_head(head, format) {
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
            if bytes.contains(&0) {
                return Some(Err(self.error(Location::Line(n), IngestErrorKind::NulByte)));
            }
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

/// Where the first NUL byte of `head` (the input's first bytes) is, when the input is taken
/// for a binary file: a NUL anywhere in the first [`BINARY_SNIFF_LEN`] bytes, except in
/// JSON Lines and CSV whose first line holds none and whose head is UTF-8 text. Those are
/// text with a few damaged records, which are skipped one by one (as they are past the
/// head); a binary file, or UTF-16 text, has NUL bytes in its first line or is not UTF-8.
fn binary_head(head: &[u8], format: InputFormat) -> Option<usize> {
    let head = &head[..head.len().min(BINARY_SNIFF_LEN)];
    let offset = head.iter().position(|&b| b == 0)?;
    let by_line = matches!(format, InputFormat::Jsonl | InputFormat::Csv);
    let first_line_clean = head[..offset].contains(&b'\n');
    // The head may end inside a character (an error without a length).
    let text = std::str::from_utf8(head).map_or_else(|e| e.error_len().is_none(), |_| true);
    (!(by_line && first_line_clean && text)).then_some(offset)
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
