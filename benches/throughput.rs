//! Throughput of the command line on real news: how long the bundled gazetteer takes to
//! load, what each step costs in this process (read JSON Lines, geoparse, write JSON Lines),
//! and then the real thing: the `mentionmap parse` process, started afresh for every run,
//! on one thread and on every core.
//!
//! A plain `main` that reports the best of several wall-clock runs (shared machines are
//! noisy; the best run is the least disturbed one). It reads
//! `../shared/corpora/ukraine-war-news.jsonl` at run time and skips with a message when the
//! corpus is absent. Run with `cargo bench --bench throughput`.

use std::io;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mentionmap::export::{Exporter, OutputFormat};
use mentionmap::ingest::{IngestOptions, InputFormat, Records};
use mentionmap::{Document, Gazetteer, Geoparser, Mention};

/// The allocator the `mentionmap` binary uses, so the numbers are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

static GAZETTEER: &[u8] = include_bytes!("../gazetteer/mentionmap.gaz");

/// The corpus is repeated this many times per run, so one run is a few megabytes.
const COPIES: usize = 4;
/// Runs per measurement; the fastest counts.
const RUNS: usize = 10;
/// Runs of the `mentionmap` process per thread count, taking turns.
const PROCESS_RUNS: usize = 20;

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

    // Start-up as the CLI and the web app see it: the first use of the bundled gazetteer.
    let started = std::time::Instant::now();
    let bundled = Gazetteer::try_bundled().expect("the bundled gazetteer loads");
    let startup = started.elapsed();
    let load = best_of(RUNS * 4, || {
        std::hint::black_box(load_gazetteer().len());
    });
    let gazetteer = load_gazetteer();
    println!(
        "gazetteer start-up (bundled): {:.2} ms for {} places",
        ms(startup),
        bundled.len()
    );
    println!(
        "gazetteer load with full validation: {:.1} ms ({} places, {} names, {:.1} MB)",
        ms(load),
        gazetteer.len(),
        gazetteer.name_count(),
        GAZETTEER.len() as f64 / 1e6
    );

    let parser = Geoparser::new(&gazetteer);
    let docs: Vec<Document> = records(&corpus)
        .map(|r| r.expect("a good record"))
        .collect();
    let parsed: Vec<Vec<Mention>> = docs.iter().map(|d| parser.parse(d)).collect();
    let text_mb = docs.iter().map(|d| d.text.len()).sum::<usize>() as f64 / 1e6;
    let output_mb = to_jsonl(&docs, &parsed).len() as f64 / 1e6;
    println!(
        "corpus: {} x{COPIES}: {mb:.1} MB ({text_mb:.1} MB of text), {} articles, {} mentions, {output_mb:.1} MB of JSON Lines out",
        path.display(),
        docs.len(),
        parsed.iter().map(Vec::len).sum::<usize>(),
    );

    let geoparse = best_of(RUNS, || {
        for doc in &docs {
            std::hint::black_box(parser.parse(doc));
        }
    });
    let read = best_of(RUNS, || {
        std::hint::black_box(records(&corpus).count());
    });
    let write = best_of(RUNS, || {
        let sink = io::BufWriter::new(io::sink());
        let mut exporter = Exporter::new(OutputFormat::Jsonl, sink).expect("sink");
        for (doc, mentions) in docs.iter().zip(&parsed) {
            exporter.write_article(doc, mentions).expect("sink");
        }
        exporter.finish().expect("sink");
    });
    println!(
        "steps, 1 thread: geoparse {:.0} ms ({:.1} MB/s of text), read {:.0} ms, write {:.0} ms",
        ms(geoparse),
        text_mb / secs(geoparse),
        ms(read),
        ms(write)
    );

    // End to end: a new process per run, so nothing is warm but the operating system's
    // file cache, exactly as a user runs it.
    let input = std::env::temp_dir().join(format!("mentionmap-bench-{}.jsonl", std::process::id()));
    std::fs::write(&input, &corpus).expect("write the corpus to a temporary file");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // One thread, every core, and (for the machine's own ceiling) one single-threaded
    // process per core at once take turns, so a noisy spell on a shared machine slows all
    // three alike instead of skewing the scaling.
    let mut single = Duration::MAX;
    let mut all = Duration::MAX;
    let mut side_by_side = Duration::MAX;
    for _ in 0..PROCESS_RUNS {
        single = single.min(time(|| parse_with_cli(&input, 1, 1)));
        all = all.min(time(|| parse_with_cli(&input, cores, 1)));
        side_by_side = side_by_side.min(time(|| parse_with_cli(&input, 1, cores)));
    }
    for (threads, t) in [(1, single), (cores, all)] {
        println!(
            "end to end (`mentionmap parse -j {threads}`, process start-up included): {:.1} MB/s ({:.0} ms), scaling {:.2}x",
            mb / secs(t),
            ms(t),
            secs(single) / secs(t)
        );
    }
    println!(
        "the machine's ceiling: {cores} single-threaded processes side by side do {:.2}x the work of one",
        cores as f64 * secs(single) / secs(side_by_side)
    );
    let _ = std::fs::remove_file(&input);
}

/// Runs `mentionmap parse --quiet -j THREADS INPUT > /dev/null`, as `processes` processes
/// side by side, and waits for them all.
fn parse_with_cli(input: &Path, threads: usize, processes: usize) {
    let children: Vec<_> = (0..processes)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_mentionmap"))
                .args(["parse", "--quiet", "-j", &threads.to_string()])
                .arg(input)
                .stdout(Stdio::null())
                .spawn()
                .expect("run mentionmap")
        })
        .collect();
    for mut child in children {
        let status = child.wait().expect("wait for mentionmap");
        assert!(status.success(), "mentionmap parse failed: {status}");
    }
}

fn load_gazetteer() -> Gazetteer {
    Gazetteer::from_static(GAZETTEER).expect("the bundled gazetteer is valid")
}

fn records(corpus: &[u8]) -> Records<&[u8]> {
    Records::new(
        "corpus",
        InputFormat::Jsonl,
        corpus,
        &IngestOptions::default(),
    )
}

fn to_jsonl(docs: &[Document], parsed: &[Vec<Mention>]) -> Vec<u8> {
    let articles = docs.iter().zip(parsed).map(|(d, m)| (d, m.as_slice()));
    mentionmap::export::to_bytes(OutputFormat::Jsonl, articles)
}

fn best_of(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs).map(|_| time(&mut f)).min().unwrap_or_default()
}

/// How long one call of `f` takes.
fn time(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
