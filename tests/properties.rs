//! Properties that hold for any text (proptest): offsets are in bounds and on character
//! boundaries, code-point and byte offsets agree, passages hold their mention, windows cover
//! the text, an article reads the same from txt, JSON Lines, JSON and CSV, and a document
//! written as a JSON line reads back the same.
//!
//! Case counts are modest so `cargo test` stays quick; `fuzz/` explores much further.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/invariants.rs"]
mod invariants;

use std::ops::ControlFlow;

use mentionmap::export::{to_bytes, OutputFormat};
use mentionmap::geoparse::windows;
use mentionmap::ingest::{read_all, IngestOptions, InputFormat};
use mentionmap::{Document, Gazetteer, Geoparser};
use proptest::prelude::*;

/// Words that make the recogniser work: places in several scripts and cases, cue words,
/// abbreviations, punctuation, line breaks, combining marks and wide characters.
const WORDS: &[&str] = &[
    "Kyiv",
    "Kharkiv",
    "Sumy",
    "Kursk",
    "Donbas",
    "Paris,",
    "Texas",
    "Oblast",
    "region",
    "direction",
    "the",
    "near",
    "in",
    "Ukrainian",
    "St.",
    "Gen.",
    "President",
    "New",
    "York",
    "Харків",
    "під",
    "Харковом",
    "у",
    "Курській",
    "області",
    "Сумах",
    "Read more:",
    "https://a.example/x",
    "e\u{301}",
    "🙂",
    "ы",
    "—",
    ".",
    "!",
    "?",
    ",",
    "\"",
    "(",
    ")",
];

/// Separators between words.
const GAPS: &[&str] = &[" ", " ", " ", "\n", "\n\n", "\t", ". ", "", "\r\n"];

/// Text made of [`WORDS`], or any Unicode at all.
fn text() -> impl Strategy<Value = String> {
    let word = prop::sample::select(WORDS);
    let gap = prop::sample::select(GAPS);
    let prose = prop::collection::vec((word, gap), 0..80).prop_map(|parts| {
        parts
            .into_iter()
            .flat_map(|(w, g)| [w, g])
            .collect::<String>()
    });
    prop_oneof![3 => prose, 1 => "\\PC{0,300}"]
}

fn parser() -> Geoparser<'static> {
    Geoparser::new(Gazetteer::bundled())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn mentions_are_consistent_with_their_text(text in text()) {
        let mentions = parser().parse_text(&text);
        invariants::check_mentions(&text, &mentions);
    }

    #[test]
    fn windows_cover_the_text_and_keep_offsets_whole(text in text(), max in 1usize..120) {
        let parts: Vec<_> = windows(&text, max).collect();
        prop_assert_eq!(parts.iter().map(|w| w.text).collect::<String>(), text.clone());
        for w in &parts {
            prop_assert!(w.text.len() <= max || w.text.chars().count() == 1);
            prop_assert_eq!(text[..w.byte_start].chars().count(), w.char_start);
        }
        let mut mentions = Vec::new();
        parser().for_each_mention_windowed(&text, max, |m| {
            mentions.push(m);
            ControlFlow::Continue(())
        });
        invariants::check_mentions(&text, &mentions);
        // One window as long as the text finds exactly what the whole parse finds.
        let mut whole = Vec::new();
        parser().for_each_mention_windowed(&text, text.len().max(1), |m| {
            whole.push(m);
            ControlFlow::Continue(())
        });
        prop_assert_eq!(whole, parser().parse_text(&text));
    }

    #[test]
    fn an_article_reads_the_same_from_every_format(text in text()) {
        prop_assume!(!text.trim().is_empty() && !text.contains('\0'));
        prop_assume!(!text.starts_with('\u{feff}'));
        prop_assume!(Document::from_raw_text(&text).date.is_none());
        let id = "a1";
        let object = serde_json::json!({"id": id, "text": text}).to_string();
        let mut csv = Vec::new();
        {
            let mut writer = csv::Writer::from_writer(&mut csv);
            writer.write_record(["id", "text"]).unwrap();
            writer.write_record([id, text.as_str()]).unwrap();
        }
        let inputs: [(&str, InputFormat, Vec<u8>); 4] = [
            ("a1.txt", InputFormat::Txt, text.clone().into_bytes()),
            ("b.jsonl", InputFormat::Jsonl, format!("{object}\n").into_bytes()),
            ("c.json", InputFormat::Json, object.clone().into_bytes()),
            ("d.csv", InputFormat::Csv, csv),
        ];
        let mut outputs = Vec::new();
        for (name, format, bytes) in &inputs {
            let read = read_all(name, *format, bytes, &IngestOptions::default());
            prop_assert!(read.errors.is_empty(), "{}: {:?}", name, read.errors);
            prop_assert_eq!(read.documents.len(), 1);
            let doc = &read.documents[0];
            prop_assert_eq!(&doc.text, &text, "{}", name);
            let mentions = parser().parse(doc);
            outputs.push(to_bytes(OutputFormat::Jsonl, [(doc, mentions.as_slice())]));
        }
        for output in &outputs[1..] {
            prop_assert_eq!(output, &outputs[0]);
        }
    }

    #[test]
    fn a_document_written_as_a_json_line_reads_back_the_same(
        texts in prop::collection::vec(text(), 1..4),
        title in prop::option::of("\\PC{0,40}"),
        date in prop::option::of("[0-9]{4}-[0-9]{2}-[0-9]{2}"),
    ) {
        // The web app stores its corpus this way and its workers read it back at the next start.
        let docs: Vec<Document> = texts
            .into_iter()
            .enumerate()
            .map(|(i, text)| Document {
                id: Some(format!("doc {i}")),
                title: title.clone(),
                date: date.clone(),
                url: Some("https://example.org/a?b=1".into()),
                text,
            })
            .collect();
        let mut lines = Vec::new();
        for doc in &docs {
            doc.write_json_line(&mut lines).unwrap();
        }
        let read = read_all("saved", InputFormat::sniff(&lines), &lines, &IngestOptions::default());
        prop_assert!(read.errors.is_empty(), "{:?}", read.errors);
        prop_assert_eq!(read.documents, docs);
    }
}
