//! Mentions as Arrow arrays: one `list<struct>` value per article.
//!
//! This is the one definition of the columnar form of mentions. The CLI's Parquet output
//! (`--format parquet`) and the Python package's `parse_arrow` both build their `mentions`
//! column here, so the two cannot drift apart. The struct holds the scalar fields of a JSON
//! Lines mention, with the same names and meanings:
//!
//! `start: int32, end: int32` (Unicode code points), `text: utf8`, `name: utf8?`,
//! `kind: utf8`, `lat: float64?`, `lon: float64?`, `geonameid: int64?`, `country: utf8?`,
//! `score: float32`, and, when passages are asked for, `passage: struct<start, end, text,
//! mention_start, mention_end, boilerplate>` (`?` marks a nullable field). The runners-up
//! (`candidates`) are left out: they are for reading one article, not for aggregating many.
//!
//! ```
//! use arrow_array::Array;
//! use mentionmap::export::arrow::{mentions_field, MentionsBuilder};
//! use mentionmap::{Document, Gazetteer, Geoparser};
//!
//! let parser = Geoparser::new(Gazetteer::bundled());
//! let mut builder = MentionsBuilder::new(false);
//! builder.append(&parser.parse(&Document::new("Shelling hit Sumy."))).unwrap();
//! builder.append(&[]).unwrap();
//! let column = builder.finish().unwrap();
//! assert_eq!(column.value_length(0), 1);
//! assert_eq!(column.value_length(1), 0);
//! assert_eq!(column.data_type(), mentions_field(false).data_type());
//! ```

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Float32Builder, Float64Builder, Int32Builder, Int64Builder, StringBuilder,
};
use arrow_array::{ArrayRef, ListArray, StructArray};
use arrow_buffer::{OffsetBuffer, ScalarBuffer};
use arrow_schema::{ArrowError, DataType, Field, Fields, Schema};

use crate::geoparse::Mention;
use crate::passage::Passage;

/// The name of the column of mentions.
pub const MENTIONS_COLUMN: &str = "mentions";

/// The article columns written beside `mentions` in Parquet, as in JSON Lines.
pub const ARTICLE_COLUMNS: [&str; 4] = ["id", "title", "date", "url"];

/// The fields of a passage struct.
fn passage_fields() -> Fields {
    Fields::from(vec![
        Field::new("start", DataType::Int32, false),
        Field::new("end", DataType::Int32, false),
        Field::new("text", DataType::Utf8, false),
        Field::new("mention_start", DataType::Int32, false),
        Field::new("mention_end", DataType::Int32, false),
        Field::new("boilerplate", DataType::Boolean, false),
    ])
}

/// The fields of one mention struct; `passage` is the last one, when asked for.
pub fn mention_fields(passages: bool) -> Fields {
    let mut fields = vec![
        Field::new("start", DataType::Int32, false),
        Field::new("end", DataType::Int32, false),
        Field::new("text", DataType::Utf8, false),
        Field::new("name", DataType::Utf8, true),
        Field::new("kind", DataType::Utf8, false),
        Field::new("lat", DataType::Float64, true),
        Field::new("lon", DataType::Float64, true),
        Field::new("geonameid", DataType::Int64, true),
        Field::new("country", DataType::Utf8, true),
        Field::new("score", DataType::Float32, false),
    ];
    if passages {
        fields.push(Field::new(
            "passage",
            DataType::Struct(passage_fields()),
            false,
        ));
    }
    Fields::from(fields)
}

/// The `mentions` column: `list<struct<…>>`, never null (an article without mentions, or
/// without text, has an empty list).
pub fn mentions_field(passages: bool) -> Field {
    let item = Field::new("item", DataType::Struct(mention_fields(passages)), true);
    Field::new(MENTIONS_COLUMN, DataType::List(Arc::new(item)), false)
}

/// The schema of the CLI's Parquet output: `id`, `title`, `date`, `url` (nullable strings)
/// and `mentions`.
pub fn article_schema(passages: bool) -> Schema {
    let mut fields: Vec<Field> = ARTICLE_COLUMNS
        .iter()
        .map(|name| Field::new(*name, DataType::Utf8, true))
        .collect();
    fields.push(mentions_field(passages));
    Schema::new(fields)
}

/// Builds a `mentions` column one article (list value) at a time.
pub struct MentionsBuilder {
    passages: bool,
    offsets: Vec<i32>,
    start: Int32Builder,
    end: Int32Builder,
    text: StringBuilder,
    name: StringBuilder,
    kind: StringBuilder,
    lat: Float64Builder,
    lon: Float64Builder,
    geonameid: Int64Builder,
    country: StringBuilder,
    score: Float32Builder,
    passage: PassageBuilder,
}

#[derive(Default)]
struct PassageBuilder {
    start: Int32Builder,
    end: Int32Builder,
    text: StringBuilder,
    mention_start: Int32Builder,
    mention_end: Int32Builder,
    boilerplate: BooleanBuilder,
}

impl PassageBuilder {
    fn append(&mut self, p: &Passage) -> Result<(), ArrowError> {
        self.start.append_value(offset(p.start)?);
        self.end.append_value(offset(p.end)?);
        self.text.append_value(&p.text);
        self.mention_start.append_value(offset(p.mention_start)?);
        self.mention_end.append_value(offset(p.mention_end)?);
        self.boilerplate.append_value(p.boilerplate);
        Ok(())
    }

    fn finish(&mut self) -> Result<StructArray, ArrowError> {
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.start.finish()),
            Arc::new(self.end.finish()),
            Arc::new(self.text.finish()),
            Arc::new(self.mention_start.finish()),
            Arc::new(self.mention_end.finish()),
            Arc::new(self.boilerplate.finish()),
        ];
        StructArray::try_new(passage_fields(), columns, None)
    }
}

/// A code point offset as an `int32`; texts of 2^31 code points or more do not fit.
fn offset(n: usize) -> Result<i32, ArrowError> {
    i32::try_from(n).map_err(|_| {
        ArrowError::InvalidArgumentError(format!(
            "offset {n} does not fit the int32 offsets of the Arrow form (texts up to 2^31 code points)"
        ))
    })
}

impl MentionsBuilder {
    /// An empty builder; `passages` adds each mention's passage.
    pub fn new(passages: bool) -> Self {
        MentionsBuilder {
            passages,
            offsets: vec![0],
            start: Int32Builder::new(),
            end: Int32Builder::new(),
            text: StringBuilder::new(),
            name: StringBuilder::new(),
            kind: StringBuilder::new(),
            lat: Float64Builder::new(),
            lon: Float64Builder::new(),
            geonameid: Int64Builder::new(),
            country: StringBuilder::new(),
            score: Float32Builder::new(),
            passage: PassageBuilder::default(),
        }
    }

    /// How many articles (list values) have been appended since the last
    /// [`MentionsBuilder::finish`].
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// True when no article has been appended since the last [`MentionsBuilder::finish`].
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends one article's mentions as one list value (empty when there are none).
    ///
    /// Fails, and appends nothing, when an offset or the column's length does not fit
    /// `int32`.
    pub fn append(&mut self, mentions: &[Mention]) -> Result<(), ArrowError> {
        let last = *self.offsets.last().unwrap_or(&0);
        let next = i32::try_from(mentions.len())
            .ok()
            .and_then(|n| last.checked_add(n))
            .ok_or_else(|| {
                ArrowError::InvalidArgumentError(
                    "more than 2^31 mentions in one Arrow array; use smaller batches".into(),
                )
            })?;
        for m in mentions {
            offset(m.start)?;
            offset(m.end)?;
            if self.passages {
                for n in [m.passage.start, m.passage.end] {
                    offset(n)?;
                }
            }
        }
        for m in mentions {
            let place = m.place.as_ref();
            self.start.append_value(offset(m.start)?);
            self.end.append_value(offset(m.end)?);
            self.text.append_value(&m.text);
            self.name.append_option(place.map(|p| p.name.as_str()));
            self.kind.append_value(m.kind.as_str());
            self.lat.append_option(place.map(|p| p.lat));
            self.lon.append_option(place.map(|p| p.lon));
            self.geonameid
                .append_option(place.and_then(|p| p.geonameid).map(i64::from));
            self.country
                .append_option(place.and_then(|p| p.country.as_deref()));
            self.score.append_value(m.score);
            if self.passages {
                self.passage.append(&m.passage)?;
            }
        }
        self.offsets.push(next);
        Ok(())
    }

    /// The column of every article appended so far; the builder starts over empty.
    pub fn finish(&mut self) -> Result<ListArray, ArrowError> {
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(self.start.finish()),
            Arc::new(self.end.finish()),
            Arc::new(self.text.finish()),
            Arc::new(self.name.finish()),
            Arc::new(self.kind.finish()),
            Arc::new(self.lat.finish()),
            Arc::new(self.lon.finish()),
            Arc::new(self.geonameid.finish()),
            Arc::new(self.country.finish()),
            Arc::new(self.score.finish()),
        ];
        if self.passages {
            columns.push(Arc::new(self.passage.finish()?));
        }
        let values = StructArray::try_new(mention_fields(self.passages), columns, None)?;
        let offsets = std::mem::replace(&mut self.offsets, vec![0]);
        let DataType::List(item) = mentions_field(self.passages).data_type().clone() else {
            unreachable!("the mentions field is a list")
        };
        ListArray::try_new(
            item,
            OffsetBuffer::new(ScalarBuffer::from(offsets)),
            Arc::new(values),
            None,
        )
    }
}

#[cfg(test)]
mod tests {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float32Type, Float64Type, Int32Type, Int64Type};
    use arrow_array::Array;

    use super::*;
    use crate::export::tests::sample;

    #[test]
    fn one_list_value_per_article_with_the_jsonl_fields() {
        let articles = sample();
        for passages in [false, true] {
            let mut builder = MentionsBuilder::new(passages);
            for (_, mentions) in &articles {
                builder.append(mentions).expect("appended");
            }
            builder.append(&[]).expect("appended");
            assert_eq!(builder.len(), 3);
            let column = builder.finish().expect("finished");
            assert!(builder.is_empty(), "finish starts over");
            assert_eq!(column.data_type(), mentions_field(passages).data_type());
            let lengths: Vec<i32> = (0..column.len()).map(|i| column.value_length(i)).collect();
            assert_eq!(lengths, [3, 1, 0]);
            let values = column.values().as_struct();
            let texts: Vec<&str> = values
                .column(2)
                .as_string::<i32>()
                .iter()
                .flatten()
                .collect();
            assert_eq!(texts, ["Ukrainian", "Kharkiv", "Zzyzx", "Kharkiv"]);
            let names = values.column(3).as_string::<i32>();
            assert_eq!(
                (0..4).map(|i| names.is_null(i)).collect::<Vec<_>>(),
                [false, false, true, false]
            );
            let starts = values.column(0).as_primitive::<Int32Type>().values();
            assert_eq!(starts.as_ref(), [0, 19, 39, 0]);
            let lat = values.column(5).as_primitive::<Float64Type>();
            assert_eq!((lat.value(1), lat.is_null(2)), (49.98081, true));
            let ids = values.column(7).as_primitive::<Int64Type>();
            assert_eq!((ids.value(0), ids.is_null(2)), (1001, true));
            let score = values.column(9).as_primitive::<Float32Type>();
            assert_eq!(score.value(1), 0.5);
            assert_eq!(values.num_columns(), if passages { 11 } else { 10 });
            if passages {
                let passage = values.column(10).as_struct();
                let mention_start = passage.column(3).as_primitive::<Int32Type>();
                assert_eq!(mention_start.value(1), 19);
            }
        }
    }

    #[test]
    fn an_offset_past_int32_is_an_error_and_appends_nothing() {
        let (_, mut mentions) = sample().remove(0);
        mentions[1].end = 1 << 31;
        let mut builder = MentionsBuilder::new(false);
        let err = builder.append(&mentions).expect_err("too far");
        assert!(err.to_string().contains("int32"), "{err}");
        builder.append(&mentions[..1]).expect("appended");
        let column = builder.finish().expect("finished");
        assert_eq!((column.len(), column.values().len()), (1, 1));
    }

    #[test]
    fn article_schema_names_the_jsonl_article_fields() {
        let schema = article_schema(true);
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        assert_eq!(names, ["id", "title", "date", "url", "mentions"]);
    }
}
