//! Writing geoparsed articles as JSON Lines, GeoJSON and CSV.
//!
//! The writers take `(&Document, &[Mention])` pairs, one article at a time, and write to any
//! [`Write`]: the CLI streams a corpus through them, and the web app exports what is on
//! screen, passing the mentions as the user corrected them. JSON Lines and CSV write each
//! article as it comes; GeoJSON groups mentions by place, so it keeps the places (not the
//! articles' text) until [`Exporter::finish`]. A caller that geoparses in parallel prepares
//! each article with [`Rendered`] on its worker thread, so serialising is parallel too and the
//! exporter only copies bytes in order.
//!
//! The formats are a contract that scripts and the evaluation scorer rely on; fields are only
//! ever added, and every field is always present (`null` when unknown).
//!
//! * **JSON Lines**, one line per article:
//!   `{"id","title","date","url","mentions":[{"start","end","text","name","kind","lat","lon",
//!   "geonameid","country","score","candidates":[{"name","kind","lat","lon","geonameid",
//!   "country","score"}],"passage":{"start","end","text","mention_start","mention_end",
//!   "boilerplate"}}]}`. Offsets count Unicode code points. Unresolved mentions have
//!   `lat`/`lon` null; a demonym ("Ukrainian") has its place's point, GeoNames id and country.
//! * **GeoJSON** (RFC 7946): a FeatureCollection with one Point per distinct place drawn on
//!   the map (demonyms are not),
//!   coordinates `[lon, lat]` rounded to 5 decimals, and properties `name`, `kind`,
//!   `country`, `geonameid`, `count` and `mentions` (`id`, `title`, `date`, `url`, `start`,
//!   `end`, `text`, `passage`).
//! * **CSV**, one row per mention, columns [`CSV_HEADER`].
//!
//! ```
//! use mentionmap::export::{Exporter, OutputFormat};
//! use mentionmap::Document;
//!
//! let doc = Document { id: Some("d1".into()), ..Document::new("Quiet day.") };
//! let mut exporter = Exporter::new(OutputFormat::Jsonl, Vec::new()).unwrap();
//! exporter.write_article(&doc, &[]).unwrap();
//! let out = String::from_utf8(exporter.finish().unwrap()).unwrap();
//! assert_eq!(out, "{\"id\":\"d1\",\"title\":null,\"date\":null,\"url\":null,\"mentions\":[]}\n");
//! ```
//!
//! Each format has its file: `jsonl.rs` (a dedicated writer, byte for byte what serde's
//! derive writes), `geojson.rs` (mentions grouped by place) and `csv.rs` (a row per
//! mention); this file holds the [`Exporter`] that drives them and [`Rendered`] articles.

#[cfg(not(target_arch = "wasm32"))]
pub mod arrow;
mod csv;
mod geojson;
mod jsonl;
#[cfg(not(target_arch = "wasm32"))]
pub mod parquet;

use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

use crate::document::Document;
use crate::geoparse::Mention;

pub use csv::CSV_HEADER;
use geojson::{PassageLimit, PlaceCollector};

/// A supported output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutputFormat {
    /// One JSON object per article and line.
    Jsonl,
    /// One GeoJSON FeatureCollection, a Point per place.
    Geojson,
    /// One row per mention.
    Csv,
}

impl OutputFormat {
    /// Every format, in the order the CLI lists them.
    pub const ALL: [OutputFormat; 3] = [
        OutputFormat::Jsonl,
        OutputFormat::Geojson,
        OutputFormat::Csv,
    ];

    /// The format's name, as accepted by `--format`.
    pub fn as_str(self) -> &'static str {
        match self {
            OutputFormat::Jsonl => "jsonl",
            OutputFormat::Geojson => "geojson",
            OutputFormat::Csv => "csv",
        }
    }

    /// The usual file extension, for download names.
    pub fn extension(self) -> &'static str {
        self.as_str()
    }

    /// The media type, for downloads.
    pub fn media_type(self) -> &'static str {
        match self {
            OutputFormat::Jsonl => "application/x-ndjson",
            OutputFormat::Geojson => "application/geo+json",
            OutputFormat::Csv => "text/csv",
        }
    }
}

impl fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OutputFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OutputFormat::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown output format {s:?} (expected jsonl, geojson or csv)"))
    }
}

/// Writes articles in one output format to `W`.
///
/// Call [`Exporter::write_article`] for each article in order, then [`Exporter::finish`],
/// which completes the output (GeoJSON is written there) and hands the writer back.
pub struct Exporter<W: Write> {
    out: W,
    format: OutputFormat,
    /// GeoJSON only: the places seen so far.
    places: Option<Box<PlaceCollector>>,
    /// JSON Lines and CSV: the current article's bytes.
    scratch: Vec<u8>,
    /// The article being written in parts, between [`Exporter::begin_article`] and
    /// [`Exporter::end_article`].
    open: Option<OpenArticle>,
}

/// An article whose mentions are being written in parts.
struct OpenArticle {
    /// The article's metadata, without its text (CSV rows and GeoJSON mentions repeat it).
    doc: Document,
    /// JSON Lines: no mention written yet.
    first: bool,
    /// GeoJSON: the article's entry, once one of its mentions is kept.
    article: Option<usize>,
}

impl<W: Write> Exporter<W> {
    /// An exporter writing `format` to `out`; the CSV header is written at once.
    ///
    /// Writes are small and many: give it a buffered writer.
    pub fn new(format: OutputFormat, mut out: W) -> io::Result<Self> {
        if format == OutputFormat::Csv {
            csv::write_header(&mut out)?;
        }
        Ok(Exporter {
            out,
            format,
            places: (format == OutputFormat::Geojson).then(Box::default),
            scratch: Vec::new(),
            open: None,
        })
    }

    /// Bounds what GeoJSON keeps in memory until [`Exporter::finish`]: at most `per_place`
    /// mentions (with their passages) for each place, and at most `total` in all. Every
    /// mention is still counted in its place's `count`; the other formats are not affected.
    ///
    /// Without a limit, GeoJSON keeps every mention, as [`to_bytes`] does for the web app.
    pub fn with_passage_limit(mut self, per_place: usize, total: usize) -> Self {
        if let Some(places) = &mut self.places {
            places.limit = PassageLimit { per_place, total };
        }
        self
    }

    /// Starts an article whose mentions come in parts, through
    /// [`Exporter::write_mentions`], so that a long article's mentions need never be held
    /// at once; [`Exporter::end_article`] completes it. The bytes written are those
    /// [`Exporter::write_article`] writes for the same article and mentions.
    pub fn begin_article(&mut self, doc: &Document) -> io::Result<()> {
        self.end_article()?;
        let doc = Document {
            id: doc.id.clone(),
            title: doc.title.clone(),
            date: doc.date.clone(),
            url: doc.url.clone(),
            text: String::new(),
        };
        if self.format == OutputFormat::Jsonl {
            self.scratch.clear();
            jsonl::write_head(&mut self.scratch, &doc)?;
            self.out.write_all(&self.scratch)?;
        }
        self.open = Some(OpenArticle {
            doc,
            first: true,
            article: None,
        });
        Ok(())
    }

    /// Writes the next mentions of the article started by [`Exporter::begin_article`].
    pub fn write_mentions(&mut self, mentions: &[Mention]) -> io::Result<()> {
        let Some(open) = &mut self.open else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "mentions written outside an article (call begin_article first)",
            ));
        };
        if let Some(places) = &mut self.places {
            places.add_part(&mut open.article, &open.doc, mentions);
            return Ok(());
        }
        self.scratch.clear();
        match self.format {
            OutputFormat::Jsonl => {
                jsonl::write_mentions(&mut self.scratch, mentions, open.first)?;
                open.first &= mentions.is_empty();
            }
            _ => render(self.format, &open.doc, mentions, &mut self.scratch)?,
        }
        self.out.write_all(&self.scratch)
    }

    /// Completes the article started by [`Exporter::begin_article`], if one is open.
    pub fn end_article(&mut self) -> io::Result<()> {
        if self.open.take().is_some() && self.format == OutputFormat::Jsonl {
            self.scratch.clear();
            jsonl::write_tail(&mut self.scratch);
            self.out.write_all(&self.scratch)?;
        }
        Ok(())
    }

    /// Writes one article and the mentions found (or corrected) in it.
    pub fn write_article(&mut self, doc: &Document, mentions: &[Mention]) -> io::Result<()> {
        match &mut self.places {
            Some(places) => {
                places.add(doc, mentions);
                Ok(())
            }
            None => {
                self.scratch.clear();
                render(self.format, doc, mentions, &mut self.scratch)?;
                self.out.write_all(&self.scratch)
            }
        }
    }

    /// Writes an article prepared by [`Rendered::new`] for this exporter's format.
    pub fn write_rendered(&mut self, rendered: Rendered) -> io::Result<()> {
        if rendered.format != self.format {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "an article rendered as {} cannot be written as {}",
                    rendered.format, self.format
                ),
            ));
        }
        match rendered.body {
            RenderedBody::Bytes(bytes) => self.out.write_all(&bytes),
            RenderedBody::Article(doc, mentions) => self.write_article(&doc, &mentions),
        }
    }

    /// Completes the output, flushes it, and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.end_article()?;
        if let Some(places) = &self.places {
            places.write(&mut self.out)?;
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

/// One article made ready for an [`Exporter`] of the same format, on any thread.
///
/// JSON Lines and CSV are serialised here, so a caller that geoparses in parallel serialises
/// in parallel too and the exporter only copies bytes, in order. A GeoJSON article is kept
/// as it is: places are grouped across articles when the exporter writes them.
pub struct Rendered {
    format: OutputFormat,
    body: RenderedBody,
}

enum RenderedBody {
    Bytes(Vec<u8>),
    Article(Document, Vec<Mention>),
}

impl Rendered {
    /// Prepares an article and its mentions for output as `format`.
    pub fn new(
        format: OutputFormat,
        doc: Document,
        mentions: Vec<Mention>,
    ) -> io::Result<Rendered> {
        let body = match format {
            OutputFormat::Geojson => RenderedBody::Article(doc, mentions),
            OutputFormat::Jsonl | OutputFormat::Csv => {
                let mut bytes = Vec::with_capacity(rendered_size_hint(&mentions));
                render(format, &doc, &mentions, &mut bytes)?;
                RenderedBody::Bytes(bytes)
            }
        };
        Ok(Rendered { format, body })
    }
}

/// Roughly how many bytes an article's record takes, so its buffer grows at most once or twice:
/// each mention carries its passage and a few hundred bytes of fields and candidates.
fn rendered_size_hint(mentions: &[Mention]) -> usize {
    256 + mentions
        .iter()
        .map(|m| m.passage.text.len() + 512)
        .sum::<usize>()
}

/// Appends an article's JSON Lines record or CSV rows to `buf`; GeoJSON has no per-article
/// form and appends nothing.
fn render(
    format: OutputFormat,
    doc: &Document,
    mentions: &[Mention],
    buf: &mut Vec<u8>,
) -> io::Result<()> {
    match format {
        OutputFormat::Jsonl => {
            jsonl::write_article(buf, doc, mentions)?;
        }
        OutputFormat::Csv => csv::write_rows(buf, doc, mentions)?,
        OutputFormat::Geojson => {}
    }
    Ok(())
}

/// The whole output for a set of articles, in memory (what a download in the web app needs).
///
/// ```
/// use mentionmap::export::{to_bytes, OutputFormat};
/// let empty: [(&mentionmap::Document, &[mentionmap::Mention]); 0] = [];
/// let geojson = to_bytes(OutputFormat::Geojson, empty);
/// assert_eq!(geojson, b"{\"type\":\"FeatureCollection\",\"features\":[\n]}\n");
/// ```
pub fn to_bytes<'a>(
    format: OutputFormat,
    articles: impl IntoIterator<Item = (&'a Document, &'a [Mention])>,
) -> Vec<u8> {
    // Writing to a Vec cannot fail, and neither can serialising these records.
    let write = || -> io::Result<Vec<u8>> {
        let mut exporter = Exporter::new(format, Vec::new())?;
        for (doc, mentions) in articles {
            exporter.write_article(doc, mentions)?;
        }
        exporter.finish()
    };
    write().unwrap_or_default()
}

/// Appends the mentions as the JSON array a JSON Lines record holds under `"mentions"`,
/// byte for byte (the Python package turns it into its mention dicts).
pub fn write_mentions_json(out: &mut Vec<u8>, mentions: &[Mention]) -> io::Result<()> {
    out.push(b'[');
    jsonl::write_mentions(out, mentions, true)?;
    out.push(b']');
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::gazetteer::{PlaceId, PlaceKind};
    use crate::geoparse::{MentionKind, ResolvedPlace};
    use crate::passage::Passage;

    pub(super) fn place(
        id: u32,
        name: &str,
        kind: PlaceKind,
        lat: f64,
        lon: f64,
        country: &str,
    ) -> ResolvedPlace {
        ResolvedPlace {
            id: PlaceId(id),
            name: name.into(),
            kind,
            lat,
            lon,
            geonameid: Some(1000 + id),
            country: Some(country.into()),
            region: None,
            population: 0,
            score: 0.75,
        }
    }

    /// A mention of `text` at code point `start` in `doc`, with a one-sentence passage.
    pub(super) fn mention(
        doc: &Document,
        text: &str,
        kind: MentionKind,
        place: Option<ResolvedPlace>,
    ) -> Mention {
        let byte_start = doc.text.find(text).expect("mention text in the document");
        let start = doc.text[..byte_start].chars().count();
        let end = start + text.chars().count();
        Mention {
            start,
            end,
            byte_start,
            byte_end: byte_start + text.len(),
            text: text.into(),
            kind,
            place,
            score: 0.5,
            candidates: Vec::new(),
            passage: Passage {
                start: 0,
                end: doc.text.chars().count(),
                text: doc.text.clone(),
                mention_start: start,
                mention_end: end,
                boilerplate: false,
            },
        }
    }

    fn kharkiv() -> ResolvedPlace {
        place(7, "Kharkiv", PlaceKind::City, 49.98081, 36.25272, "UA")
    }

    /// Two articles: Kharkiv twice, once with a demonym and an unresolved name.
    pub(super) fn sample() -> Vec<(Document, Vec<Mention>)> {
        let a = Document {
            id: Some("a".into()),
            title: Some("Night".into()),
            date: Some("2025-01-10".into()),
            url: None,
            text: "Ukrainian crews—in Kharkiv—worked near Zzyzx.".into(),
        };
        let ukraine = place(1, "Ukraine", PlaceKind::Country, 49.0, 32.0, "UA");
        let mut kh = mention(&a, "Kharkiv", MentionKind::City, Some(kharkiv()));
        kh.candidates = vec![place(9, "Kharkiv", PlaceKind::Region, 49.5, 36.5, "UA")];
        let a_mentions = vec![
            mention(&a, "Ukrainian", MentionKind::Demonym, Some(ukraine)),
            kh,
            mention(&a, "Zzyzx", MentionKind::City, None),
        ];
        let b = Document {
            id: Some("b".into()),
            ..Document::new("Kharkiv again.")
        };
        let b_mentions = vec![mention(&b, "Kharkiv", MentionKind::City, Some(kharkiv()))];
        vec![(a, a_mentions), (b, b_mentions)]
    }

    pub(crate) fn export(format: OutputFormat) -> String {
        let articles = sample();
        let bytes = to_bytes(format, articles.iter().map(|(d, m)| (d, m.as_slice())));
        String::from_utf8(bytes).expect("UTF-8 output")
    }

    #[test]
    fn rendered_articles_come_out_as_written_ones() {
        for format in OutputFormat::ALL {
            let mut exporter = Exporter::new(format, Vec::new()).expect("exporter");
            for (doc, mentions) in sample() {
                let rendered = Rendered::new(format, doc, mentions).expect("rendered");
                exporter.write_rendered(rendered).expect("written");
            }
            let out = String::from_utf8(exporter.finish().expect("finished")).expect("UTF-8");
            assert_eq!(out, export(format), "{format}");
        }
        let mut jsonl = Exporter::new(OutputFormat::Jsonl, Vec::new()).expect("exporter");
        let csv =
            Rendered::new(OutputFormat::Csv, Document::new("x"), Vec::new()).expect("rendered");
        let err = jsonl.write_rendered(csv).expect_err("formats differ");
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }

    #[test]
    fn mentions_json_is_the_mentions_array_of_the_jsonl_record() {
        for (doc, mentions) in sample() {
            let line =
                String::from_utf8(to_bytes(OutputFormat::Jsonl, [(&doc, mentions.as_slice())]))
                    .expect("UTF-8");
            let mut array = Vec::new();
            write_mentions_json(&mut array, &mentions).expect("written");
            let record: serde_json::Value = serde_json::from_str(&line).expect("JSON");
            let array: serde_json::Value = serde_json::from_slice(&array).expect("JSON");
            assert_eq!(array, record["mentions"]);
            assert_eq!(array.as_array().map(Vec::len), Some(mentions.len()));
        }
    }

    #[test]
    fn format_names_round_trip() {
        for format in OutputFormat::ALL {
            assert_eq!(format.as_str().parse::<OutputFormat>(), Ok(format));
        }
        assert!("kml".parse::<OutputFormat>().is_err());
    }
}
