//! Where `parse` writes: the library's text exporter (JSON Lines, GeoJSON, CSV) or its
//! Parquet exporter, behind one interface so the parallel loop does not care which.

use std::io::{self, Write};

use mentionmap::export::parquet::ParquetExporter;
use mentionmap::export::{Exporter, OutputFormat, Rendered};
use mentionmap::{Document, Mention};

/// An output format of `parse`: a text format, or `None` for Parquet.
pub type Kind = Option<OutputFormat>;

/// One article made ready on a worker thread.
pub enum Ready {
    /// Serialised for a text format.
    Text(Rendered),
    /// Kept as it is, to be added to the current Parquet batch.
    Parquet(Document, Vec<Mention>),
}

/// Prepares an article for an output of `kind`, on any thread.
pub fn prepare(kind: Kind, doc: Document, mentions: Vec<Mention>) -> io::Result<Ready> {
    match kind {
        Some(format) => Rendered::new(format, doc, mentions).map(Ready::Text),
        None => Ok(Ready::Parquet(doc, mentions)),
    }
}

/// The exporter `parse` writes to.
pub enum Output<W: Write + Send> {
    /// JSON Lines, GeoJSON or CSV.
    Text(Exporter<W>),
    /// Parquet, and the article being written in parts with its mentions so far.
    Parquet(Box<ParquetExporter<W>>, Option<(Document, Vec<Mention>)>),
}

impl<W: Write + Send> Output<W> {
    /// An output of `kind` to `out`; GeoJSON keeps at most `max_passages` per place and
    /// `max_kept` passages in all.
    pub fn new(kind: Kind, out: W, max_passages: usize, max_kept: usize) -> io::Result<Self> {
        Ok(match kind {
            Some(format) => {
                Output::Text(Exporter::new(format, out)?.with_passage_limit(max_passages, max_kept))
            }
            None => Output::Parquet(Box::new(ParquetExporter::new(out)?), None),
        })
    }

    /// Writes an article prepared by [`prepare`].
    pub fn write_rendered(&mut self, ready: Ready) -> io::Result<()> {
        match (self, ready) {
            (Output::Text(e), Ready::Text(rendered)) => e.write_rendered(rendered),
            (Output::Parquet(e, _), Ready::Parquet(doc, mentions)) => {
                e.write_article(&doc, &mentions)
            }
            _ => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "an article was prepared for another output format",
            )),
        }
    }

    /// Starts an article whose mentions come in parts (a Parquet row holds them all, so
    /// Parquet gathers them until [`Output::end_article`]).
    pub fn begin_article(&mut self, doc: &Document) -> io::Result<()> {
        match self {
            Output::Text(e) => e.begin_article(doc),
            Output::Parquet(_, open) => {
                *open = Some((doc.clone(), Vec::new()));
                Ok(())
            }
        }
    }

    /// The next mentions of the article started by [`Output::begin_article`].
    pub fn write_mentions(&mut self, mentions: &[Mention]) -> io::Result<()> {
        match self {
            Output::Text(e) => e.write_mentions(mentions),
            Output::Parquet(_, Some((_, all))) => {
                all.extend_from_slice(mentions);
                Ok(())
            }
            Output::Parquet(_, None) => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "mentions written outside an article (call begin_article first)",
            )),
        }
    }

    /// Completes the article started by [`Output::begin_article`].
    pub fn end_article(&mut self) -> io::Result<()> {
        match self {
            Output::Text(e) => e.end_article(),
            Output::Parquet(e, open) => match open.take() {
                Some((doc, mentions)) => e.write_article(&doc, &mentions),
                None => Ok(()),
            },
        }
    }

    /// Completes and flushes the output.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Output::Text(e) => e.finish().map(drop),
            Output::Parquet(e, _) => e.finish().map(drop),
        }
    }
}
