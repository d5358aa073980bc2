//! The JSON Lines record of one article, written straight into a byte buffer.
//!
//! JSON Lines is what the CLI writes for whole corpora, and every mention carries its
//! passage and runners-up, so the output is several times the size of the input. Through
//! serde's derived serialisers, writing it took about a third of the command's instructions:
//! sentence-long strings escaped byte by byte, and the same constant keys escaped again for
//! every mention. This writer copies the keys as they are, looks for characters that need
//! escaping a word at a time and copies a string whole when there are none (nearly always),
//! and leaves the rest (escapes, numbers) to serde_json's own formatter, so the bytes are
//! exactly the ones serde_json writes. The tests hold it to a serde-derived record.

use std::io;

use serde_json::ser::{CompactFormatter, Formatter};

use crate::document::Document;
use crate::geoparse::{Mention, ResolvedPlace};
use crate::passage::Passage;

/// Appends the article's record and a newline to `out`.
pub(super) fn write_article(
    out: &mut Vec<u8>,
    doc: &Document,
    mentions: &[Mention],
) -> io::Result<()> {
    write_head(out, doc)?;
    write_mentions(out, mentions, true)?;
    write_tail(out);
    Ok(())
}

/// Appends the start of the article's record, up to the opening of its `mentions` array.
pub(super) fn write_head(out: &mut Vec<u8>, doc: &Document) -> io::Result<()> {
    let w = &mut JsonWriter { out };
    w.raw("{\"id\":");
    w.opt_str(doc.id.as_deref())?;
    w.raw(",\"title\":");
    w.opt_str(doc.title.as_deref())?;
    w.raw(",\"date\":");
    w.opt_str(doc.date.as_deref())?;
    w.raw(",\"url\":");
    w.opt_str(doc.url.as_deref())?;
    w.raw(",\"mentions\":[");
    Ok(())
}

/// Appends mentions to the open `mentions` array; `first` when none precede them.
pub(super) fn write_mentions(
    out: &mut Vec<u8>,
    mentions: &[Mention],
    first: bool,
) -> io::Result<()> {
    let w = &mut JsonWriter { out };
    for (i, m) in mentions.iter().enumerate() {
        if i > 0 || !first {
            w.raw(",");
        }
        write_mention(w, m)?;
    }
    Ok(())
}

/// Closes the `mentions` array, the record and its line.
pub(super) fn write_tail(out: &mut Vec<u8>) {
    out.extend_from_slice(b"]}\n");
}

fn write_mention(w: &mut JsonWriter<'_>, m: &Mention) -> io::Result<()> {
    let place = m.place.as_ref();
    w.raw("{\"start\":");
    w.uint(m.start as u64)?;
    w.raw(",\"end\":");
    w.uint(m.end as u64)?;
    w.raw(",\"text\":");
    w.str(&m.text)?;
    w.raw(",\"name\":");
    w.opt_str(place.map(|p| p.name.as_str()))?;
    w.raw(",\"kind\":");
    w.str(m.kind.as_str())?;
    w.raw(",\"lat\":");
    w.opt_f64(place.map(|p| p.lat))?;
    w.raw(",\"lon\":");
    w.opt_f64(place.map(|p| p.lon))?;
    w.raw(",\"geonameid\":");
    w.opt_uint(place.and_then(|p| p.geonameid))?;
    w.raw(",\"country\":");
    w.opt_str(place.and_then(|p| p.country.as_deref()))?;
    w.raw(",\"score\":");
    w.f32(m.score)?;
    w.raw(",\"candidates\":[");
    for (i, c) in m.candidates.iter().enumerate() {
        if i > 0 {
            w.raw(",");
        }
        write_candidate(w, c)?;
    }
    w.raw("],\"passage\":");
    write_passage(w, &m.passage)?;
    w.raw("}");
    Ok(())
}

fn write_candidate(w: &mut JsonWriter<'_>, p: &ResolvedPlace) -> io::Result<()> {
    w.raw("{\"name\":");
    w.str(&p.name)?;
    w.raw(",\"kind\":");
    w.str(p.kind.as_str())?;
    w.raw(",\"lat\":");
    w.f64(p.lat)?;
    w.raw(",\"lon\":");
    w.f64(p.lon)?;
    w.raw(",\"geonameid\":");
    w.opt_uint(p.geonameid)?;
    w.raw(",\"country\":");
    w.opt_str(p.country.as_deref())?;
    w.raw(",\"score\":");
    w.f32(p.score)?;
    w.raw("}");
    Ok(())
}

fn write_passage(w: &mut JsonWriter<'_>, p: &Passage) -> io::Result<()> {
    w.raw("{\"start\":");
    w.uint(p.start as u64)?;
    w.raw(",\"end\":");
    w.uint(p.end as u64)?;
    w.raw(",\"text\":");
    w.str(&p.text)?;
    w.raw(",\"mention_start\":");
    w.uint(p.mention_start as u64)?;
    w.raw(",\"mention_end\":");
    w.uint(p.mention_end as u64)?;
    w.raw(",\"boilerplate\":");
    w.raw(if p.boilerplate { "true" } else { "false" });
    w.raw("}");
    Ok(())
}

/// JSON values appended to a byte buffer, formatted as serde_json formats them.
struct JsonWriter<'o> {
    out: &'o mut Vec<u8>,
}

impl JsonWriter<'_> {
    /// Text that is already JSON: punctuation and keys.
    fn raw(&mut self, json: &str) {
        self.out.extend_from_slice(json.as_bytes());
    }

    fn str(&mut self, s: &str) -> io::Result<()> {
        if needs_escape(s.as_bytes()) {
            serde_json::to_writer(&mut *self.out, s)?;
        } else {
            self.out.reserve(s.len() + 2);
            self.out.push(b'"');
            self.out.extend_from_slice(s.as_bytes());
            self.out.push(b'"');
        }
        Ok(())
    }

    fn opt_str(&mut self, s: Option<&str>) -> io::Result<()> {
        match s {
            Some(s) => self.str(s),
            None => CompactFormatter.write_null(self.out),
        }
    }

    fn uint(&mut self, n: u64) -> io::Result<()> {
        CompactFormatter.write_u64(self.out, n)
    }

    fn opt_uint(&mut self, n: Option<u32>) -> io::Result<()> {
        match n {
            Some(n) => CompactFormatter.write_u32(self.out, n),
            None => CompactFormatter.write_null(self.out),
        }
    }

    /// A finite float in serde_json's shortest form; `null` when missing or not finite, as
    /// serde_json writes it.
    fn opt_f64(&mut self, x: Option<f64>) -> io::Result<()> {
        match x.filter(|x| x.is_finite()) {
            Some(x) => CompactFormatter.write_f64(self.out, x),
            None => CompactFormatter.write_null(self.out),
        }
    }

    fn f64(&mut self, x: f64) -> io::Result<()> {
        self.opt_f64(Some(x))
    }

    fn f32(&mut self, x: f32) -> io::Result<()> {
        if x.is_finite() {
            CompactFormatter.write_f32(self.out, x)
        } else {
            CompactFormatter.write_null(self.out)
        }
    }
}

/// True when the bytes hold a quote, a backslash or a control character: the bytes JSON
/// strings must escape. Looks at 16 bytes per step without branching inside a step, which
/// the compiler turns into vector compares.
fn needs_escape(bytes: &[u8]) -> bool {
    let special = |b: u8| (b < 0x20) | (b == b'"') | (b == b'\\');
    let mut chunks = bytes.chunks_exact(16);
    let found = chunks
        .by_ref()
        .any(|chunk| chunk.iter().fold(false, |any, &b| any | special(b)));
    found || chunks.remainder().iter().any(|&b| special(b))
}

#[cfg(test)]
mod tests {
    use serde::Serialize;
    use serde_json::{json, Value};

    use super::*;
    use crate::export::tests::{export, mention, place, sample};
    use crate::export::OutputFormat;
    use crate::gazetteer::PlaceKind;
    use crate::geoparse::MentionKind;

    /// The record as serde's derive writes it: what this writer must match.
    #[derive(Serialize)]
    struct ArticleRecord<'a> {
        id: Option<&'a str>,
        title: Option<&'a str>,
        date: Option<&'a str>,
        url: Option<&'a str>,
        #[serde(serialize_with = "mention_records")]
        mentions: &'a [Mention],
    }

    impl<'a> ArticleRecord<'a> {
        fn new(doc: &'a Document, mentions: &'a [Mention]) -> Self {
            ArticleRecord {
                id: doc.id.as_deref(),
                title: doc.title.as_deref(),
                date: doc.date.as_deref(),
                url: doc.url.as_deref(),
                mentions,
            }
        }
    }

    /// Serialises mentions as records without collecting them first.
    fn mention_records<S: serde::Serializer>(
        mentions: &&[Mention],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(mentions.iter().map(MentionRecord::new))
    }

    /// Serialises candidate places as records without collecting them first.
    fn place_records<S: serde::Serializer>(
        places: &&[ResolvedPlace],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(places.iter().map(PlaceRecord::new))
    }

    #[derive(Serialize)]
    struct MentionRecord<'a> {
        start: usize,
        end: usize,
        text: &'a str,
        name: Option<&'a str>,
        kind: &'static str,
        lat: Option<f64>,
        lon: Option<f64>,
        geonameid: Option<u32>,
        country: Option<&'a str>,
        score: f32,
        #[serde(serialize_with = "place_records")]
        candidates: &'a [ResolvedPlace],
        passage: &'a Passage,
    }

    impl<'a> MentionRecord<'a> {
        fn new(m: &'a Mention) -> Self {
            let place = m.place.as_ref();
            MentionRecord {
                start: m.start,
                end: m.end,
                text: &m.text,
                name: place.map(|p| p.name.as_str()),
                kind: m.kind.as_str(),
                lat: place.map(|p| p.lat),
                lon: place.map(|p| p.lon),
                geonameid: place.and_then(|p| p.geonameid),
                country: place.and_then(|p| p.country.as_deref()),
                score: m.score,
                candidates: &m.candidates,
                passage: &m.passage,
            }
        }
    }

    #[derive(Serialize)]
    struct PlaceRecord<'a> {
        name: &'a str,
        kind: &'static str,
        lat: f64,
        lon: f64,
        geonameid: Option<u32>,
        country: Option<&'a str>,
        score: f32,
    }

    impl<'a> PlaceRecord<'a> {
        fn new(p: &'a ResolvedPlace) -> Self {
            PlaceRecord {
                name: &p.name,
                kind: p.kind.as_str(),
                lat: p.lat,
                lon: p.lon,
                geonameid: p.geonameid,
                country: p.country.as_deref(),
                score: p.score,
            }
        }
    }

    fn reference(doc: &Document, mentions: &[Mention]) -> String {
        let mut line = serde_json::to_string(&ArticleRecord::new(doc, mentions)).expect("JSON");
        line.push('\n');
        line
    }

    fn written(doc: &Document, mentions: &[Mention]) -> String {
        let mut out = Vec::new();
        write_article(&mut out, doc, mentions).expect("written");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn writes_what_serde_json_writes() {
        for (doc, mentions) in sample() {
            assert_eq!(written(&doc, &mentions), reference(&doc, &mentions));
        }
    }

    #[test]
    fn escapes_strings_and_formats_numbers_as_serde_json_does() {
        let awkward = [
            "\"quoted\" and back\\slash",
            "tab\there, line\nbreak, bell\u{7}, delete\u{7f}",
            "Kharkiv's Харків — 🚀 e\u{301}",
            "sixteen bytes ok\"",
            "",
        ];
        for (i, text) in awkward.into_iter().enumerate() {
            let doc = Document {
                id: Some(text.into()),
                title: Some(format!("{i} {text}")),
                date: None,
                url: Some("https://example.org/?q=\"x\"".into()),
                text: format!("{text} Sumy {text}"),
            };
            let mut odd = place(3, text, PlaceKind::City, f64::NAN, 1e-7, text);
            odd.score = f32::INFINITY;
            let mut m = mention(&doc, "Sumy", MentionKind::City, Some(odd.clone()));
            m.score = 1.0 / 3.0;
            m.candidates = vec![
                odd,
                place(4, "Sumy Oblast", PlaceKind::Region, -0.0, 180.0, "UA"),
            ];
            m.passage.boilerplate = i % 2 == 0;
            let mut demonym = m.clone();
            demonym.kind = MentionKind::Demonym;
            let mentions = [m, demonym];
            assert_eq!(
                written(&doc, &mentions),
                reference(&doc, &mentions),
                "{text:?}"
            );
        }
    }

    #[test]
    fn finds_a_character_to_escape_wherever_it_is() {
        for len in [0, 1, 15, 16, 17, 31, 32, 40] {
            let clean = "a".repeat(len);
            assert!(!needs_escape(clean.as_bytes()), "{len}");
            for at in 0..len {
                for special in [b'"', b'\\', b'\n', 0u8, 0x1f] {
                    let mut bytes = clean.clone().into_bytes();
                    bytes[at] = special;
                    assert!(needs_escape(&bytes), "{len} {at} {special}");
                }
            }
        }
        assert!(!needs_escape("Харків — 🚀 / ' \u{7f}".as_bytes()));
    }

    #[test]
    fn jsonl_mentions_rows() {
        let out = export(OutputFormat::Jsonl);
        let lines: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).expect("JSON line"))
            .collect();
        assert_eq!(lines.len(), 2);
        let a = &lines[0];
        assert_eq!(
            (&a["id"], &a["title"], &a["date"], &a["url"]),
            (
                &json!("a"),
                &json!("Night"),
                &json!("2025-01-10"),
                &Value::Null
            )
        );
        // (start, end, text, name, kind, lat, lon, geonameid, country): one row per mention.
        let rows = [
            json!([
                0,
                9,
                "Ukrainian",
                "Ukraine",
                "demonym",
                49.0,
                32.0,
                1001,
                "UA"
            ]),
            json!([19, 26, "Kharkiv", "Kharkiv", "city", 49.98081, 36.25272, 1007, "UA"]),
            json!([39, 44, "Zzyzx", null, "city", null, null, null, null]),
        ];
        let keys = "start end text name kind lat lon geonameid country".split(' ');
        for (m, expected) in a["mentions"]
            .as_array()
            .expect("mentions")
            .iter()
            .zip(&rows)
        {
            let got: Vec<&Value> = keys.clone().map(|k| &m[k]).collect();
            let expected: Vec<&Value> = expected.as_array().expect("row").iter().collect();
            assert_eq!(got, expected);
        }
        let kh = &a["mentions"][1];
        assert_eq!(
            kh["candidates"],
            json!([{"name": "Kharkiv", "kind": "region", "lat": 49.5, "lon": 36.5, "geonameid": 1009, "country": "UA", "score": 0.75}])
        );
        assert_eq!(kh["score"], json!(0.5));
        assert_eq!(
            kh["passage"],
            json!({"start": 0, "end": 45, "text": "Ukrainian crews—in Kharkiv—worked near Zzyzx.",
                   "mention_start": 19, "mention_end": 26, "boilerplate": false})
        );
    }
}
