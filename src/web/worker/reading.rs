//! The articles a worker geoparses for one request, read as they are needed.
//!
//! A file is read a slice at a time ([`SLICE`] bytes, through `FileReaderSync`) and each
//! article is geoparsed before the next is read, so the worker holds neither a whole input nor
//! all its documents: reading a 15 MB file first, then geoparsing its documents, held 30 MB of
//! the worker's wasm memory, which never shrinks. The price is that the number of articles is
//! known only at the end; progress is counted in bytes read.

use std::cell::Cell;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::rc::Rc;

use super::super::model::{headline, problem_notices, safe_link};
use super::super::protocol::{Shard, Source};
use crate::ingest::{IngestError, IngestOptions, InputFormat, Records};
use crate::Document;

/// Bytes read from a file at a time. Each slice is a call to `FileReaderSync`: 1 MB slices
/// made the 15 MB copy of the war reports 40–70 ms slower to read than 4 MB ones.
const SLICE: usize = 4 << 20;

/// The articles a request gives this worker, in input order, each with its position in the
/// whole job; the problems met on the way are collected for [`Articles::take_problems`].
pub(super) enum Articles<'a> {
    /// Documents the page read itself (the sample), already this worker's share.
    Given {
        docs: std::iter::Enumerate<std::vec::IntoIter<Document>>,
        shard: Shard,
        total: usize,
    },
    /// Sources this worker reads; every worker reads them all and keeps its share.
    Read(Reading<'a>),
}

impl<'a> Articles<'a> {
    /// The documents of a [`Request::Parse`](super::super::protocol::Request::Parse).
    pub fn given(docs: Vec<Document>, shard: Shard) -> Articles<'static> {
        Articles::Given {
            total: docs.len(),
            docs: docs.into_iter().enumerate(),
            shard,
        }
    }

    /// The articles of `sources`; a source with a `file` is read from `files[file]`.
    pub fn read(sources: Vec<Source>, files: &'a [web_sys::Blob], shard: Shard) -> Articles<'a> {
        let size = sources
            .iter()
            .map(|s| match s.file {
                Some(i) => files.get(i).map_or(0, |f| f.size() as u64),
                None => s.text.len() as u64,
            })
            .sum();
        Articles::Read(Reading {
            sources: sources.into_iter(),
            files,
            current: None,
            position: 0,
            shard,
            problems: Vec::new(),
            read: Rc::default(),
            size,
        })
    }

    /// This worker's articles in the job, when known (0 while sources are read).
    pub fn total(&self) -> usize {
        match self {
            Articles::Given { total, .. } => *total,
            Articles::Read(_) => 0,
        }
    }

    /// Bytes of the sources read so far, and all their bytes.
    pub fn bytes_read(&self) -> (u64, u64) {
        match self {
            Articles::Given { .. } => (0, 0),
            Articles::Read(r) => (r.read.get(), r.size),
        }
    }

    /// The problems met since the last call, in words for the user.
    pub fn take_problems(&mut self) -> Vec<String> {
        match self {
            Articles::Given { .. } => Vec::new(),
            Articles::Read(r) => std::mem::take(&mut r.problems),
        }
    }
}

impl Iterator for Articles<'_> {
    /// The article's position in the whole job, and the article.
    type Item = (usize, Document);

    fn next(&mut self) -> Option<(usize, Document)> {
        match self {
            Articles::Given { docs, shard, .. } => {
                docs.next().map(|(nth, doc)| (shard.position(nth), doc))
            }
            Articles::Read(r) => r.next(),
        }
    }
}

/// Sources read one after the other, an article at a time.
pub(super) struct Reading<'a> {
    sources: std::vec::IntoIter<Source>,
    files: &'a [web_sys::Blob],
    current: Option<Current>,
    /// Articles read so far from every source, every worker's share included.
    position: usize,
    shard: Shard,
    problems: Vec<String>,
    /// Bytes taken from the sources so far, shared with the reader that counts them.
    read: Rc<Cell<u64>>,
    size: u64,
}

/// The source being read.
struct Current {
    name: String,
    format: InputFormat,
    /// The source is a downloaded page: its address is the articles' link.
    downloaded: bool,
    records: Records<Counted>,
    errors: Vec<IngestError>,
    documents: usize,
}

impl Reading<'_> {
    /// Starts reading `source`, or says why it cannot be read.
    fn open(&mut self, mut source: Source) -> Result<Current, String> {
        let bytes: Box<dyn Read> = match source.file {
            Some(i) => {
                let file = self
                    .files
                    .get(i)
                    .ok_or("the file did not reach the parser.")?;
                Box::new(BlobReader::new(file.clone())?)
            }
            None => Box::new(Cursor::new(std::mem::take(&mut source.text).into_bytes())),
        };
        let mut reader = Counted {
            inner: BufReader::with_capacity(SLICE, bytes),
            taken: Rc::clone(&self.read),
        };
        // What the first bytes look like; a failed read is reported by `Records`.
        let sniffed = reader
            .fill_buf()
            .map_or(InputFormat::Txt, InputFormat::sniff);
        let format = source
            .content_type
            .as_deref()
            .and_then(InputFormat::from_media_type)
            .or_else(|| InputFormat::from_path(&source.name))
            .unwrap_or(sniffed);
        Ok(Current {
            records: Records::new(&source.name, format, reader, &IngestOptions::default()),
            downloaded: safe_link(&source.name).is_some(),
            name: source.name,
            format,
            errors: Vec::new(),
            documents: 0,
        })
    }

    fn next(&mut self) -> Option<(usize, Document)> {
        loop {
            let Some(current) = self.current.as_mut() else {
                let source = self.sources.next()?;
                let name = source.name.clone();
                match self.open(source) {
                    Ok(current) => self.current = Some(current),
                    Err(why) => self.problems.push(format!("{name}: {why}")),
                }
                continue;
            };
            match current.records.next() {
                Some(Ok(mut doc)) => {
                    let position = self.position;
                    self.position += 1;
                    current.documents += 1;
                    if self.shard.owns(position) {
                        current.complete(&mut doc);
                        return Some((position, doc));
                    }
                }
                Some(Err(error)) => current.errors.push(error),
                None => {
                    let done = self.current.take();
                    self.problems
                        .extend(done.map(Current::notices).unwrap_or_default());
                }
            }
        }
    }
}

impl Current {
    /// What the source gives a document it does not: a downloaded page's link, a text
    /// file's headline as its title.
    fn complete(&self, doc: &mut Document) {
        if self.downloaded && doc.url.is_none() {
            doc.url = Some(self.name.clone());
        }
        if doc.title.is_none() && matches!(self.format, InputFormat::Txt) {
            doc.title = headline(&doc.text);
        }
    }

    /// The notices for what could not be read, once the whole source is read.
    fn notices(self) -> Vec<String> {
        let mut notices = problem_notices(&self.name, &self.errors);
        if self.documents == 0 && self.errors.is_empty() {
            notices.push(format!("{}: no article text found.", self.name));
        }
        notices
    }
}

/// A buffered reader that counts the bytes taken from it (not those it has buffered, up to a
/// [`SLICE`] ahead), so progress moves with the reading.
struct Counted {
    inner: BufReader<Box<dyn Read>>,
    taken: Rc<Cell<u64>>,
}

impl Counted {
    fn count(&self, n: usize) {
        self.taken.set(self.taken.get() + n as u64);
    }
}

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count(n);
        Ok(n)
    }
}

impl BufRead for Counted {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.inner.consume(n);
        self.count(n);
    }
}

/// A file (or any Blob) read through `FileReaderSync`, which a worker may use: each read
/// takes the next slice of the file.
struct BlobReader {
    blob: web_sys::Blob,
    reader: web_sys::FileReaderSync,
    at: f64,
}

impl BlobReader {
    fn new(blob: web_sys::Blob) -> Result<BlobReader, &'static str> {
        let reader =
            web_sys::FileReaderSync::new().map_err(|_| "the browser cannot read files here.")?;
        Ok(BlobReader {
            blob,
            reader,
            at: 0.0,
        })
    }
}

impl Read for BlobReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let end = (self.at + buf.len() as f64).min(self.blob.size());
        if end <= self.at {
            return Ok(0);
        }
        let unreadable = || {
            std::io::Error::other("the browser could not read this file (was it moved or deleted?)")
        };
        let slice = self
            .blob
            .slice_with_f64_and_f64(self.at, end)
            .map_err(|_| unreadable())?;
        let buffer = self
            .reader
            .read_as_array_buffer(&slice)
            .map_err(|_| unreadable())?;
        let bytes = js_sys::Uint8Array::new(&buffer);
        let n = (bytes.length() as usize).min(buf.len());
        bytes.subarray(0, n as u32).copy_to(&mut buf[..n]);
        self.at += n as f64;
        Ok(n)
    }
}
