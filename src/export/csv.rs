//! CSV output: a header row, then one row per mention, columns [`CSV_HEADER`].

use std::io::{self, Write};

use crate::document::Document;
use crate::geoparse::Mention;

/// The columns of the CSV output, in order.
pub const CSV_HEADER: [&str; 13] = [
    "id",
    "date",
    "start",
    "end",
    "text",
    "name",
    "kind",
    "lat",
    "lon",
    "geonameid",
    "country",
    "score",
    "passage",
];

/// Writes the header row to `out`.
pub(super) fn write_header<W: Write>(out: &mut W) -> io::Result<()> {
    let mut header = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(out);
    header.write_record(CSV_HEADER)?;
    header.flush()
}

/// Appends an article's rows, one per mention, to `buf`.
pub(super) fn write_rows(
    buf: &mut Vec<u8>,
    doc: &Document,
    mentions: &[Mention],
) -> io::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(buf);
    let mut row = Vec::with_capacity(CSV_HEADER.len());
    for m in mentions {
        csv_row(doc, m, &mut row);
        writer.write_record(&row)?;
    }
    writer.flush()
}

/// Fills `row` with the CSV fields of one mention.
fn csv_row(doc: &Document, m: &Mention, row: &mut Vec<String>) {
    let place = m.place.as_ref();
    let text = |s: Option<&str>| s.unwrap_or("").to_string();
    let number = |n: Option<String>| n.unwrap_or_default();
    row.clear();
    row.extend([
        text(doc.id.as_deref()),
        text(doc.date.as_deref()),
        m.start.to_string(),
        m.end.to_string(),
        m.text.clone(),
        text(place.map(|p| p.name.as_str())),
        m.kind.as_str().to_string(),
        number(place.map(|p| p.lat.to_string())),
        number(place.map(|p| p.lon.to_string())),
        number(place.and_then(|p| p.geonameid).map(|g| g.to_string())),
        text(place.and_then(|p| p.country.as_deref())),
        m.score.to_string(),
        m.passage.text.clone(),
    ]);
}

#[cfg(test)]
mod tests {
    use super::CSV_HEADER;
    use crate::document::Document;
    use crate::export::tests::{export, mention};
    use crate::export::{to_bytes, OutputFormat};
    use crate::geoparse::MentionKind;

    #[test]
    fn csv_has_one_row_per_mention() {
        let out = export(OutputFormat::Csv);
        let mut reader = csv::Reader::from_reader(out.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .expect("header")
            .iter()
            .map(String::from)
            .collect();
        assert_eq!(header, CSV_HEADER);
        let rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.expect("row").iter().map(String::from).collect())
            .collect();
        // One row per line, `|`-separated; the passages are A and B.
        let expected = [
            "a|2025-01-10|0|9|Ukrainian|Ukraine|demonym|49|32|1001|UA|0.5|A",
            "a|2025-01-10|19|26|Kharkiv|Kharkiv|city|49.98081|36.25272|1007|UA|0.5|A",
            "a|2025-01-10|39|44|Zzyzx||city|||||0.5|A",
            "b||0|7|Kharkiv|Kharkiv|city|49.98081|36.25272|1007|UA|0.5|B",
        ];
        let field = |f: &str| match f {
            "A" => "Ukrainian crews—in Kharkiv—worked near Zzyzx.".to_string(),
            "B" => "Kharkiv again.".to_string(),
            other => other.to_string(),
        };
        let expected: Vec<Vec<String>> = expected
            .iter()
            .map(|row| row.split('|').map(field).collect())
            .collect();
        assert_eq!(rows, expected);
    }

    #[test]
    fn csv_quotes_commas_quotes_and_newlines() {
        let doc = Document {
            id: Some("q,1".into()),
            ..Document::new("He said \"Izium\",\nthen left.")
        };
        let m = mention(&doc, "Izium", MentionKind::City, None);
        let out = String::from_utf8(to_bytes(
            OutputFormat::Csv,
            [(&doc, std::slice::from_ref(&m))],
        ))
        .expect("UTF-8");
        let mut reader = csv::Reader::from_reader(out.as_bytes());
        let row = reader
            .records()
            .next()
            .expect("one row")
            .expect("valid row");
        assert_eq!(
            (&row[0], &row[12]),
            ("q,1", "He said \"Izium\",\nthen left.")
        );
    }
}
