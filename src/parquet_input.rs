//! Reading articles from Parquet files, row group by row group.
//!
//! Large corpora (news archives, crawls) are stored as Parquet. A file is read through
//! arrow-rs's Parquet reader in record batches of [`BATCH_ROWS`] rows, with only the named
//! columns decoded, so memory stays at one batch of one row group whatever the file's size.
//! The columns are those of CSV input: `text` (required) and `id`, `title`, `date`, `url`
//! (optional), renamed by [`IngestOptions`]. Text columns may be `string`, `large_string` or
//! `string_view`; an integer `id` column is written in decimal. An article without an `id`
//! gets its 1-based row number.
//!
//! Errors follow [`crate::ingest`]: a file that cannot be opened, or lacks its text column,
//! is one error for the whole input; a row whose text is null or too large is skipped with
//! an error naming its row (`FILE:ROW`), and every other row is still read.

use std::fs::File;
use std::io::Read;

use arrow_array::cast::AsArray;
use arrow_array::types::{Int16Type, Int32Type, Int64Type, UInt32Type, UInt64Type};
use arrow_array::{Array, RecordBatch};
use arrow_schema::DataType;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::arrow::ProjectionMask;

use crate::document::Document;
use crate::ingest::{IngestError, IngestErrorKind, IngestOptions, Location};

/// Rows decoded at a time.
pub const BATCH_ROWS: usize = 1024;

/// The four bytes a Parquet file starts (and ends) with.
const MAGIC: &[u8; 4] = b"PAR1";

/// True when `path` names a Parquet file: by its extension (`.parquet`, `.parq`, `.pq`), or,
/// for a file with another extension, by its first four bytes.
pub fn is_parquet(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    if [".parquet", ".parq", ".pq"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        return true;
    }
    let mut start = [0u8; 4];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut start))
        .is_ok_and(|()| &start == MAGIC)
}

/// Where each wanted column is in the decoded batches.
#[derive(Debug, Default, Clone, Copy)]
struct Columns {
    text: usize,
    id: Option<usize>,
    title: Option<usize>,
    date: Option<usize>,
    url: Option<usize>,
}

/// The articles of one Parquet file, in row order.
pub struct ParquetRecords {
    name: String,
    reader: Option<ParquetRecordBatchReader>,
    columns: Columns,
    batch: Option<RecordBatch>,
    /// The next row of `batch`.
    next: usize,
    /// Rows read before `batch`.
    rows_before: u64,
    max_record_bytes: usize,
}

impl ParquetRecords {
    /// Opens the Parquet file at `path`; `name` labels errors.
    pub fn open(
        name: &str,
        path: &str,
        options: &IngestOptions,
    ) -> Result<ParquetRecords, IngestError> {
        let input_error = |kind| IngestError::new(name, Location::Input, kind);
        let unreadable = |why: String| input_error(IngestErrorKind::Unreadable(why));
        let file = File::open(path).map_err(|e| unreadable(e.to_string()))?;
        let builder = ParquetRecordBatchReaderBuilder::try_new(file)
            .map_err(|e| unreadable(format!("not a readable Parquet file: {e}")))?;
        let schema = builder.schema().clone();
        let find = |column: &str| -> Result<Option<usize>, IngestError> {
            let Some((index, field)) = schema.column_with_name(column) else {
                return Ok(None);
            };
            match field.data_type() {
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Ok(Some(index)),
                t if is_integer(t) && column != options.text_column => Ok(Some(index)),
                other => Err(unreadable(format!(
                    "column \"{column}\" is {other}, expected a string column"
                ))),
            }
        };
        let Some(text) = find(&options.text_column)? else {
            let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            return Err(unreadable(format!(
                "no column named \"{}\" (columns: {}); name the text column with --text-column",
                options.text_column,
                names.join(", ")
            )));
        };
        let optional = [
            find(&options.id_column)?,
            find(&options.title_column)?,
            find(&options.date_column)?,
            find(&options.url_column)?,
        ];
        // Decode only the wanted columns; in the batches they keep their file order.
        let mut wanted: Vec<usize> = std::iter::once(text)
            .chain(optional.iter().flatten().copied())
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let position = |index: usize| wanted.iter().position(|&w| w == index).unwrap_or(0);
        let columns = Columns {
            text: position(text),
            id: optional[0].map(position),
            title: optional[1].map(position),
            date: optional[2].map(position),
            url: optional[3].map(position),
        };
        let mask = ProjectionMask::roots(builder.parquet_schema(), wanted.iter().copied());
        let reader = builder
            .with_projection(mask)
            .with_batch_size(BATCH_ROWS)
            .build()
            .map_err(|e| unreadable(format!("not a readable Parquet file: {e}")))?;
        Ok(ParquetRecords {
            name: name.to_string(),
            reader: Some(reader),
            columns,
            batch: None,
            next: 0,
            rows_before: 0,
            max_record_bytes: options.max_record_bytes,
        })
    }

    /// The article in row `row` of `batch`, numbered `number` in the file.
    fn article(
        &self,
        batch: &RecordBatch,
        row: usize,
        number: u64,
    ) -> Result<Document, IngestError> {
        let error = |kind| IngestError::new(&self.name, Location::Line(number), kind);
        let cell =
            |index: Option<usize>| index.and_then(|i| string_at(batch.column(i).as_ref(), row));
        let Some(text) = cell(Some(self.columns.text)) else {
            return Err(error(IngestErrorKind::Unreadable(
                "the text column is null in this row".into(),
            )));
        };
        if text.len() > self.max_record_bytes {
            return Err(error(IngestErrorKind::TooLarge {
                limit_mb: self.max_record_bytes >> 20,
            }));
        }
        Ok(Document {
            id: Some(cell(self.columns.id).unwrap_or_else(|| number.to_string())),
            title: cell(self.columns.title),
            date: cell(self.columns.date),
            url: cell(self.columns.url),
            text,
        })
    }
}

impl Iterator for ParquetRecords {
    type Item = Result<Document, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(batch) = &self.batch {
                if self.next < batch.num_rows() {
                    let row = self.next;
                    self.next += 1;
                    let number = self.rows_before + row as u64 + 1;
                    return Some(self.article(batch, row, number));
                }
                self.rows_before += batch.num_rows() as u64;
                self.batch = None;
            }
            match self.reader.as_mut()?.next()? {
                Ok(batch) => {
                    self.batch = Some(batch);
                    self.next = 0;
                }
                Err(e) => {
                    // A damaged row group ends the input: the reader cannot skip past it.
                    self.reader = None;
                    let why = format!("cannot decode the rows after row {}: {e}", self.rows_before);
                    return Some(Err(IngestError::new(
                        &self.name,
                        Location::Input,
                        IngestErrorKind::Unreadable(why),
                    )));
                }
            }
        }
    }
}

fn is_integer(t: &DataType) -> bool {
    matches!(
        t,
        DataType::Int16 | DataType::Int32 | DataType::Int64 | DataType::UInt32 | DataType::UInt64
    )
}

/// The string in row `row` of a string (or integer) column; `None` when null.
fn string_at(array: &dyn Array, row: usize) -> Option<String> {
    if array.is_null(row) {
        return None;
    }
    let text = match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().value(row).to_string(),
        DataType::LargeUtf8 => array.as_string::<i64>().value(row).to_string(),
        DataType::Utf8View => array.as_string_view().value(row).to_string(),
        DataType::Int16 => array.as_primitive::<Int16Type>().value(row).to_string(),
        DataType::Int32 => array.as_primitive::<Int32Type>().value(row).to_string(),
        DataType::Int64 => array.as_primitive::<Int64Type>().value(row).to_string(),
        DataType::UInt32 => array.as_primitive::<UInt32Type>().value(row).to_string(),
        DataType::UInt64 => array.as_primitive::<UInt64Type>().value(row).to_string(),
        _ => return None,
    };
    Some(text)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::{ArrayRef, Int64Array, StringArray};
    use arrow_schema::{Field, Schema};
    use parquet::arrow::ArrowWriter;
    use parquet::file::properties::WriterProperties;

    use super::*;

    fn options() -> IngestOptions {
        IngestOptions::default()
    }

    /// Writes `columns` to a Parquet file in row groups of two rows.
    fn write(dir: &tempfile::TempDir, columns: Vec<(&str, ArrayRef)>) -> String {
        let path = dir.path().join("corpus.parquet");
        let fields: Vec<Field> = columns
            .iter()
            .map(|(name, a)| Field::new(*name, a.data_type().clone(), true))
            .collect();
        let schema = Arc::new(Schema::new(fields));
        let batch = RecordBatch::try_new(
            schema.clone(),
            columns.into_iter().map(|(_, a)| a).collect(),
        )
        .expect("batch");
        let properties = WriterProperties::builder()
            .set_max_row_group_row_count(Some(2))
            .build();
        let file = File::create(&path).expect("file");
        let mut writer = ArrowWriter::try_new(file, schema, Some(properties)).expect("writer");
        writer.write(&batch).expect("written");
        writer.close().expect("closed");
        path.to_string_lossy().into_owned()
    }

    fn read(path: &str) -> Vec<Result<Document, String>> {
        ParquetRecords::open("c.parquet", path, &options())
            .expect("opened")
            .map(|r| r.map_err(|e| e.to_string()))
            .collect()
    }

    #[test]
    fn reads_rows_across_row_groups_with_integer_ids_and_row_numbers() {
        let dir = tempfile::tempdir().expect("dir");
        let text: ArrayRef = Arc::new(StringArray::from(vec![
            Some("Sumy."),
            None,
            Some("Kyiv."),
            Some("Lviv."),
            Some("Odesa."),
        ]));
        let id: ArrayRef = Arc::new(Int64Array::from(vec![
            Some(7),
            Some(8),
            None,
            Some(10),
            Some(11),
        ]));
        let date: ArrayRef = Arc::new(StringArray::from(vec![
            Some("2022-02-24"),
            None,
            None,
            None,
            Some("2022-03-01"),
        ]));
        let extra: ArrayRef = Arc::new(Int64Array::from(vec![1, 2, 3, 4, 5]));
        let path = write(
            &dir,
            vec![("extra", extra), ("date", date), ("text", text), ("id", id)],
        );
        assert!(is_parquet(&path));
        let got = read(&path);
        type Row = (Option<String>, Option<String>, String);
        let summary: Vec<Result<Row, String>> = got
            .into_iter()
            .map(|r| r.map(|d| (d.id, d.date, d.text)))
            .collect();
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            summary,
            [
                Ok((some("7"), some("2022-02-24"), "Sumy.".into())),
                Err("c.parquet:2: could not read: the text column is null in this row".into()),
                Ok((some("3"), None, "Kyiv.".into())),
                Ok((some("10"), None, "Lviv.".into())),
                Ok((some("11"), some("2022-03-01"), "Odesa.".into())),
            ]
        );
    }

    #[test]
    fn a_missing_or_non_string_text_column_is_named() {
        let dir = tempfile::tempdir().expect("dir");
        let body: ArrayRef = Arc::new(StringArray::from(vec!["Sumy."]));
        let path = write(&dir, vec![("body", body)]);
        let err = ParquetRecords::open("c.parquet", &path, &options())
            .err()
            .expect("no text column");
        assert_eq!(
            err.to_string(),
            "c.parquet: could not read: no column named \"text\" (columns: body); name the text column with --text-column"
        );
        let dir = tempfile::tempdir().expect("dir");
        let text: ArrayRef = Arc::new(Int64Array::from(vec![1]));
        let path = write(&dir, vec![("text", text)]);
        let err = ParquetRecords::open("c.parquet", &path, &options())
            .err()
            .expect("not strings");
        assert!(
            err.to_string()
                .contains("column \"text\" is Int64, expected a string column"),
            "{err}"
        );
    }

    #[test]
    fn a_file_that_is_not_parquet_is_one_error() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("x.parquet");
        std::fs::write(&path, b"{\"text\": \"Sumy\"}\n").expect("written");
        let err = ParquetRecords::open("x.parquet", &path.to_string_lossy(), &options())
            .err()
            .expect("not parquet");
        assert!(
            err.to_string()
                .starts_with("x.parquet: could not read: not a readable Parquet file"),
            "{err}"
        );
        let txt = dir.path().join("x.txt");
        std::fs::write(&txt, b"PAR").expect("written");
        assert!(!is_parquet(&txt.to_string_lossy()));
    }
}
