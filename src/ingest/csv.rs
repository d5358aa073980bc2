//! CSV input: the header row names the columns (renamable through [`IngestOptions`]), each
//! later row is one article, and a row may not take more than the record limit.

use super::{IngestErrorKind, IngestOptions, Location};
use crate::document::Document;

/// The reader under the CSV parser: it fails once a row has taken more than `limit` bytes
/// (`read` is reset before each row), so one huge field never sits in memory.
pub(super) struct LimitedReader<R> {
    pub(super) inner: R,
    pub(super) read: usize,
    pub(super) limit: usize,
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

/// Positions of the article fields in a CSV header row.
pub(super) struct CsvColumnIndex {
    text_name: String,
    text: usize,
    id: Option<usize>,
    title: Option<usize>,
    date: Option<usize>,
    url: Option<usize>,
}

impl CsvColumnIndex {
    pub(super) fn from_header<R: std::io::Read>(
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
    pub(super) fn document(
        &self,
        record: &csv::ByteRecord,
        line: u64,
    ) -> Result<Document, IngestErrorKind> {
        if record.as_slice().contains(&0) {
            return Err(IngestErrorKind::NulByte);
        }
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
pub(super) fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => io.to_string(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::ingest::tests::rows;
    use crate::ingest::{read_all, IngestOptions, InputFormat};

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
}
