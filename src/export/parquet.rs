//! Writing geoparsed articles as Parquet: one row per article, the columns of
//! [`article_schema`] (`id`, `title`, `date`, `url`, `mentions` with passages).
//!
//! Rows are gathered into record batches of [`BATCH_ARTICLES`] articles, and each batch is
//! written as its own row group, so memory stays at one batch whatever the corpus size.
//! Columns are Snappy-compressed, which every Parquet reader reads.
//!
//! ```
//! use mentionmap::export::parquet::ParquetExporter;
//! use mentionmap::Document;
//!
//! let mut exporter = ParquetExporter::new(Vec::new()).unwrap();
//! exporter.write_article(&Document::new("Quiet day."), &[]).unwrap();
//! let bytes = exporter.finish().unwrap();
//! assert_eq!(&bytes[..4], b"PAR1");
//! ```

use std::io::{self, Write};
use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::SchemaRef;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use super::arrow::{article_schema, MentionsBuilder};
use crate::document::Document;
use crate::geoparse::Mention;

/// Articles per record batch and row group.
pub const BATCH_ARTICLES: usize = 4096;

/// Mentions (with passages) per record batch: a batch is written early when it holds this
/// many, so a corpus dense with mentions keeps memory bounded too.
const BATCH_MENTIONS: usize = 200_000;

/// Writes articles to `W` as Parquet.
pub struct ParquetExporter<W: Write + Send> {
    writer: ArrowWriter<W>,
    schema: SchemaRef,
    columns: [StringBuilder; 4],
    mentions: MentionsBuilder,
    pending_mentions: usize,
}

impl<W: Write + Send> ParquetExporter<W> {
    /// An exporter writing to `out`; the file is complete after [`ParquetExporter::finish`].
    pub fn new(out: W) -> io::Result<Self> {
        let schema = Arc::new(article_schema(true));
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(BATCH_ARTICLES))
            .build();
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(properties))
            .map_err(io::Error::other)?;
        Ok(ParquetExporter {
            writer,
            schema,
            columns: Default::default(),
            mentions: MentionsBuilder::new(true),
            pending_mentions: 0,
        })
    }

    /// Adds one article and its mentions; a full batch is written as a row group.
    pub fn write_article(&mut self, doc: &Document, mentions: &[Mention]) -> io::Result<()> {
        self.mentions
            .append(mentions)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        let [id, title, date, url] = &mut self.columns;
        id.append_option(doc.id.as_deref());
        title.append_option(doc.title.as_deref());
        date.append_option(doc.date.as_deref());
        url.append_option(doc.url.as_deref());
        self.pending_mentions += mentions.len();
        if self.mentions.len() >= BATCH_ARTICLES || self.pending_mentions >= BATCH_MENTIONS {
            self.flush_batch()?;
        }
        Ok(())
    }

    fn flush_batch(&mut self) -> io::Result<()> {
        if self.mentions.is_empty() {
            return Ok(());
        }
        let mut columns: Vec<ArrayRef> = self
            .columns
            .iter_mut()
            .map(|c| Arc::new(c.finish()) as ArrayRef)
            .collect();
        columns.push(Arc::new(self.mentions.finish().map_err(io::Error::other)?));
        self.pending_mentions = 0;
        let batch = RecordBatch::try_new(self.schema.clone(), columns).map_err(io::Error::other)?;
        self.writer.write(&batch).map_err(io::Error::other)?;
        self.writer.flush().map_err(io::Error::other)
    }

    /// Writes what is left and the file's footer, and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.flush_batch()?;
        let mut out = self.writer.into_inner().map_err(io::Error::other)?;
        out.flush()?;
        Ok(out)
    }
}
