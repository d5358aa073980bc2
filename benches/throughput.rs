//! Throughput of the command-line pipeline on real news: read JSON Lines, geoparse, write
//! JSON Lines, on one thread and on every core; and how long the bundled gazetteer takes
//! to load.
//!
//! A plain `main` that reports the best of several wall-clock runs (shared machines are
//! noisy; the best run is the least disturbed one). It reads
//! `../shared/corpora/ukraine-war-news.jsonl` at run time and skips with a message when the
//! corpus is absent. Run with `cargo bench --bench throughput`.

#[path = "../src/bin/mentionmap/pipeline.rs"]
mod pipeline;

use std::io;
use std::path::Path;
use std::time::{Duration, Instant};

use mentionmap::export::{Exporter, OutputFormat, Rendered};
use mentionmap::ingest::{IngestOptions, InputFormat, Records};
use mentionmap::{Gazetteer, Geoparser};

static GAZETTEER: &[u8] = include_bytes!("../gazetteer/mentionmap.gaz");

/// The corpus is repeated this many times per run, so one run is a few megabytes.
const COPIES: usize = 4;
/// Runs per measurement; the fastest counts.
const RUNS: usize = 5;

fn main() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/ukraine-war-news.jsonl");
    let corpus = match std::fs::read(&path) {
        Ok(corpus) => corpus.repeat(COPIES),
        Err(e) => {
            eprintln!("throughput: skipped, cannot read {}: {e}", path.display());
            return;
        }
    };
    let mb = corpus.len() as f64 / 1e6;

    let load = best_of(RUNS * 4, || {
        let g = Gazetteer::from_static(GAZETTEER).expect("the bundled gazetteer is valid");
        std::hint::black_box(g.len());
    });
    let gazetteer = Gazetteer::from_static(GAZETTEER).expect("the bundled gazetteer is valid");
    println!(
        "gazetteer load: {:.1} ms ({} places, {} names, {:.1} MB)",
        ms(load),
        gazetteer.len(),
        gazetteer.name_count(),
        GAZETTEER.len() as f64 / 1e6
    );

    let parser = Geoparser::new(&gazetteer);
    let (articles, mentions) = count(&parser, &corpus);
    println!(
        "corpus: {path:?} x{COPIES}, {mb:.1} MB, {articles} articles, {mentions} mentions per run"
    );

    let geoparse_only = {
        let docs: Vec<_> = Records::new(
            "corpus",
            InputFormat::Jsonl,
            &corpus[..],
            &IngestOptions::default(),
        )
        .filter_map(Result::ok)
        .collect();
        let text_mb = docs.iter().map(|d| d.text.len()).sum::<usize>() as f64 / 1e6;
        let t = best_of(RUNS, || {
            for doc in &docs {
                std::hint::black_box(parser.parse(doc));
            }
        });
        (text_mb, t)
    };
    println!(
        "geoparse only, 1 thread: {:.1} MB/s of article text ({:.0} ms)",
        geoparse_only.0 / secs(geoparse_only.1),
        ms(geoparse_only.1)
    );

    let docs: Vec<_> = Records::new(
        "corpus",
        InputFormat::Jsonl,
        &corpus[..],
        &IngestOptions::default(),
    )
    .filter_map(Result::ok)
    .collect();
    let read = best_of(RUNS, || {
        let n = Records::new(
            "corpus",
            InputFormat::Jsonl,
            &corpus[..],
            &IngestOptions::default(),
        )
        .count();
        std::hint::black_box(n);
    });
    let parsed: Vec<_> = docs.iter().map(|d| parser.parse(d)).collect();
    let write = best_of(RUNS, || {
        let mut exporter =
            Exporter::new(OutputFormat::Jsonl, io::BufWriter::new(io::sink())).expect("sink");
        for (doc, mentions) in docs.iter().zip(&parsed) {
            exporter.write_article(doc, mentions).expect("sink");
        }
        exporter.finish().expect("sink");
    });
    println!(
        "serial steps, 1 thread: reading {:.0} ms, writing JSON Lines {:.0} ms ({:.1} MB)",
        ms(read),
        ms(write),
        mentionmap::export::to_bytes(
            OutputFormat::Jsonl,
            docs.iter().zip(&parsed).map(|(d, m)| (d, m.as_slice()))
        )
        .len() as f64
            / 1e6
    );

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut single = Duration::ZERO;
    for threads in [1, cores] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool");
        let t = pool.install(|| best_of(RUNS, || end_to_end(&parser, &corpus)));
        if threads == 1 {
            single = t;
            println!(
                "end to end, 1 thread: {:.1} MB/s ({:.0} ms)",
                mb / secs(t),
                ms(t)
            );
        } else {
            println!(
                "end to end, {threads} threads: {:.1} MB/s ({:.0} ms), scaling {:.2}x",
                mb / secs(t),
                ms(t),
                secs(single) / secs(t)
            );
        }
    }
}

/// What `mentionmap parse corpus.jsonl > /dev/null` does, minus process start-up.
fn end_to_end(parser: &Geoparser<'_>, corpus: &[u8]) {
    let records = Records::new(
        "corpus",
        InputFormat::Jsonl,
        corpus,
        &IngestOptions::default(),
    );
    let mut exporter =
        Exporter::new(OutputFormat::Jsonl, io::BufWriter::new(io::sink())).expect("sink");
    pipeline::process_in_order(
        records,
        |doc| {
            let mentions = parser.parse(&doc);
            Rendered::new(OutputFormat::Jsonl, doc, mentions)
        },
        |result| match result {
            Ok(rendered) => exporter.write_rendered(rendered?),
            Err(e) => panic!("the corpus has a bad record: {e}"),
        },
    )
    .expect("writing to a sink");
    exporter.finish().expect("writing to a sink");
}

/// Articles and mentions in one run.
fn count(parser: &Geoparser<'_>, corpus: &[u8]) -> (usize, usize) {
    Records::new(
        "corpus",
        InputFormat::Jsonl,
        corpus,
        &IngestOptions::default(),
    )
    .filter_map(Result::ok)
    .fold((0, 0), |(a, m), doc| (a + 1, m + parser.parse(&doc).len()))
}

fn best_of(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
