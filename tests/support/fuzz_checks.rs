//! The fuzz targets' bodies, one function per target taking raw bytes, shared by the
//! cargo-fuzz targets (`fuzz/fuzz_targets/*.rs`) and the stable replay of every input that
//! ever made one fail (`tests/fuzz_regressions.rs`). Each panics when a rule breaks.

#![allow(dead_code)]

use std::ops::ControlFlow;
use std::sync::OnceLock;

use mentionmap::export::{to_bytes, Exporter, OutputFormat};
use mentionmap::gazetteer::build::{GazetteerBuilder, PlaceRecord};
use mentionmap::ingest::{read_all, IngestOptions, InputFormat};
use mentionmap::{Document, Gazetteer, Geoparser, Mention, PlaceKind, ResolvedPlace};
use serde_json::{json, Value};

use super::invariants;

/// A target's check: panics when the input breaks a rule.
pub type Check = fn(&[u8]);

/// The target names, as in `fuzz/Cargo.toml`, with their checks.
pub const TARGETS: &[(&str, Check)] = &[
    ("ingest", ingest),
    ("raw_text", raw_text),
    ("geoparse", geoparse),
    ("jsonl_writer", jsonl_writer),
    ("gazetteer", gazetteer),
];

/// Every input format, HTML included, on arbitrary bytes (the first byte picks the format):
/// reading ends without a panic and every error names the input.
pub fn ingest(data: &[u8]) {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let format = InputFormat::ALL[usize::from(pick) % InputFormat::ALL.len()];
    let options = IngestOptions {
        max_record_bytes: 1 << 16,
        ..IngestOptions::default()
    };
    let read = read_all("fuzz.input", format, bytes, &options);
    for error in &read.errors {
        assert!(error.to_string().starts_with("fuzz.input"), "{error}");
    }
}

/// The plain-text reader's date prefix (` date YYYY-MM-DD rest`): a date it takes is ten
/// ISO characters from the text, and the rest of the text is kept whole.
pub fn raw_text(data: &[u8]) {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let doc = Document::from_raw_text(raw);
    match &doc.date {
        None => assert_eq!(doc.text, raw),
        Some(date) => {
            assert_eq!(date.len(), 10);
            assert!(date.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            }));
            assert!(raw.contains(date.as_str()));
            assert!(raw.ends_with(&doc.text));
        }
    }
}

/// `Geoparser::parse` on arbitrary UTF-8: every mention is consistent with the text, also
/// when the text is read in windows of a third of its length.
pub fn geoparse(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parser = Geoparser::new(Gazetteer::bundled());
    let mentions = parser.parse(&Document::new(text));
    invariants::check_mentions(text, &mentions);
    let mut windowed = Vec::new();
    parser.for_each_mention_windowed(text, 1 + text.len() / 3, |m| {
        windowed.push(m);
        ControlFlow::Continue(())
    });
    invariants::check_mentions(text, &windowed);
}

/// A number as serde_json writes and reads it back (f32 scores keep their short form).
fn number<T: serde::Serialize>(n: T) -> Value {
    serde_json::from_str(&serde_json::to_string(&n).expect("a number")).expect("JSON")
}

fn candidate(p: &ResolvedPlace) -> Value {
    json!({
        "name": p.name, "kind": p.kind.as_str(), "lat": number(p.lat), "lon": number(p.lon),
        "geonameid": p.geonameid, "country": p.country, "score": number(p.score),
    })
}

fn mention(m: &Mention) -> Value {
    // Every resolved mention has its place's point, demonyms included.
    let place = m.place.as_ref();
    let point = place;
    let p = &m.passage;
    json!({
        "start": m.start, "end": m.end, "text": m.text,
        "name": place.map(|p| &p.name), "kind": m.kind.as_str(),
        "lat": point.map(|p| number(p.lat)), "lon": point.map(|p| number(p.lon)),
        "geonameid": point.and_then(|p| p.geonameid),
        "country": place.and_then(|p| p.country.as_deref()), "score": number(m.score),
        "candidates": m.candidates.iter().map(candidate).collect::<Vec<_>>(),
        "passage": {
            "start": p.start, "end": p.end, "text": p.text, "mention_start": p.mention_start,
            "mention_end": p.mention_end, "boilerplate": p.boilerplate,
        },
    })
}

/// The JSON Lines writer. The input is id, title, url and text separated by 0xFF bytes
/// (never in UTF-8; a missing field is null), then the text's first byte picks where the
/// mentions are split. The record must parse as JSON and equal the one serde_json builds,
/// and writing the mentions in two parts must give the same bytes.
pub fn jsonl_writer(data: &[u8]) {
    let mut fields = data
        .split(|&b| b == 0xFF)
        .map(|f| String::from_utf8_lossy(f).into_owned());
    let (id, title, url) = (fields.next(), fields.next(), fields.next());
    let text = fields.next().unwrap_or_default();
    let doc = Document {
        id,
        title,
        date: None,
        url,
        text,
    };
    let mentions = Geoparser::new(Gazetteer::bundled()).parse(&doc);
    let written = to_bytes(OutputFormat::Jsonl, [(&doc, mentions.as_slice())]);
    assert_eq!(
        written.iter().filter(|&&b| b == b'\n').count(),
        1,
        "one line"
    );
    assert_eq!(written.last(), Some(&b'\n'));
    let parsed: Value = serde_json::from_slice(&written).expect("the record is JSON");
    let reference = json!({
        "id": doc.id, "title": doc.title, "date": doc.date, "url": doc.url,
        "mentions": mentions.iter().map(mention).collect::<Vec<_>>(),
    });
    assert_eq!(parsed, reference);

    let split = doc.text.bytes().next().map_or(0, usize::from) % (mentions.len() + 1);
    let mut exporter = Exporter::new(OutputFormat::Jsonl, Vec::new()).expect("exporter");
    exporter.begin_article(&doc).expect("begin");
    exporter
        .write_mentions(&mentions[..split])
        .expect("first part");
    exporter.write_mentions(&[]).expect("an empty part");
    exporter
        .write_mentions(&mentions[split..])
        .expect("second part");
    exporter.end_article().expect("end");
    assert_eq!(exporter.finish().expect("finish"), written);
}

/// A valid gazetteer of a country, a region and two towns.
fn small_gazetteer() -> &'static [u8] {
    static GOOD: OnceLock<Vec<u8>> = OnceLock::new();
    GOOD.get_or_init(|| {
        let place = |key: &str, kind, name: &str, parent: Option<&str>| PlaceRecord {
            parent: parent.map(Into::into),
            population: 10_000,
            country: Some("UA".into()),
            ..PlaceRecord::new(key, kind, name, 49.0, 30.0)
        };
        let mut builder = GazetteerBuilder::new();
        builder
            .add(place("country:UA", PlaceKind::Country, "Ukraine", None))
            .add(place(
                "region:1",
                PlaceKind::Region,
                "Sumy Oblast",
                Some("country:UA"),
            ))
            .add(place("city:1", PlaceKind::City, "Sumy", Some("region:1")))
            .add(place(
                "city:2",
                PlaceKind::City,
                "Kharkiv",
                Some("country:UA"),
            ));
        builder.build().expect("the fixture builds")
    })
}

/// `Gazetteer::from_bytes` on damaged bytes: a small valid gazetteer, cut short or with the
/// input written over part of it, is refused with an error, or answers without a panic.
pub fn gazetteer(data: &[u8]) {
    let Some((&how, patch)) = data.split_first() else {
        return;
    };
    let mut bytes = small_gazetteer().to_vec();
    if how & 1 == 1 {
        let cut = patch.iter().map(|&b| usize::from(b)).sum::<usize>() % (bytes.len() + 1);
        bytes.truncate(cut);
    } else {
        let at = usize::from(how >> 1) * bytes.len() / 128;
        for (slot, &b) in bytes.iter_mut().skip(at).zip(patch) {
            *slot = b;
        }
    }
    let Ok(gazetteer) = Gazetteer::from_bytes(bytes) else {
        return;
    };
    for place in gazetteer.places() {
        let _ = (place.name.len(), place.kind, place.country);
    }
    for name in ["Sumy", "Kharkiv", "Ukraine", "Sumy Oblast", "x"] {
        let _ = gazetteer.lookup(name);
    }
    let _ = gazetteer.metadata();
}
