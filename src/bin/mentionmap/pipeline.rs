//! The parallel loop: read a chunk of articles, geoparse it across the cores, hand the
//! results on in input order, repeat. Chunks are small (a few hundred articles, a few tens of
//! megabytes), so a corpus of any size streams through in bounded memory.

use mentionmap::ingest::IngestError;
use mentionmap::Document;
use rayon::prelude::*;

/// Most articles in one chunk.
pub const CHUNK_ARTICLES: usize = 256;
/// Most text bytes in one chunk; a chunk always holds at least one article.
pub const CHUNK_BYTES: usize = 32 << 20;

/// Maps every good record with `work` on rayon's thread pool and passes each result (or the
/// record's error) to `sink`, in input order. Stops at the first error `sink` returns.
///
/// `work` runs in parallel within a chunk; `sink` runs on the calling thread.
pub fn process_in_order<I, T, E>(
    records: I,
    work: impl Fn(Document) -> T + Sync,
    mut sink: impl FnMut(Result<T, IngestError>) -> Result<(), E>,
) -> Result<(), E>
where
    I: Iterator<Item = Result<Document, IngestError>>,
    T: Send,
{
    let mut records = records.peekable();
    let mut chunk: Vec<Result<Document, IngestError>> = Vec::with_capacity(CHUNK_ARTICLES);
    while records.peek().is_some() {
        let mut bytes = 0;
        while chunk.len() < CHUNK_ARTICLES && bytes < CHUNK_BYTES {
            let Some(record) = records.next() else {
                break;
            };
            if let Ok(doc) = &record {
                bytes += doc.text.len();
            }
            chunk.push(record);
        }
        let done: Vec<Result<T, IngestError>> = chunk
            .par_drain(..)
            .with_max_len(1)
            .map(|record| record.map(&work))
            .collect();
        for result in done {
            sink(result)?;
        }
    }
    Ok(())
}
