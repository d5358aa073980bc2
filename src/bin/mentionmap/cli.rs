//! The command line: arguments and help (clap), and the `parse` and `places` commands.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::ops::ControlFlow;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::{Args, Parser, Subcommand, ValueEnum};
use mentionmap::export::OutputFormat;
use mentionmap::ingest::{
    IngestError, IngestOptions, InputFormat, Records, DEFAULT_MAX_RECORD_BYTES,
};
use mentionmap::parquet_input::{self, ParquetRecords};
use mentionmap::{Document, Gazetteer, GazetteerError, Geoparser, ParseOptions};

use crate::output::{self, Output};
use crate::places::PlacesFormat;
use crate::progress::{Mode, Progress};
use crate::{input, pipeline, places};

/// The exit statuses, shared by the top-level and `parse` help.
macro_rules! exit_status_help {
    () => {
        "\
Exit status:
  0  every input and record was read and written
  1  some records or inputs were skipped (each is reported on stderr as FILE:LINE: message)
  2  usage error or fatal error: bad arguments, nothing readable at all, an error under
     --strict, or the output could not be written"
    };
}

/// Find the places news articles mention, resolve them against the bundled gazetteer, and
/// write them as JSON Lines, GeoJSON or CSV.
#[derive(Debug, Parser)]
#[command(name = "mentionmap", version, after_help = exit_status_help!())]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Geoparse articles from files, URLs or standard input.
    #[command(after_help = PARSE_HELP)]
    Parse(ParseArgs),
    /// Show the gazetteer's candidates for a place name.
    #[command(
        after_help = "Exit status: 0 when the name is known, 1 when it is not, 2 for usage errors."
    )]
    Places(PlacesArgs),
}

const PARSE_HELP: &str = concat!(
    "\
Input formats (from --input, else the file's or URL's extension, else a URL's Content-Type,
else the first character: '<' html, '[' json, '{' jsonl, anything else txt):
  txt    one article per file; a leading ' date YYYY-MM-DD' sets its date; id = file stem
         (\"stdin\" for standard input, the last path segment for a URL)
  jsonl  one JSON object per line: \"text\" (required), \"id\", \"title\", \"date\", \"url\";
         other fields are ignored; id defaults to the line number; blank lines are skipped
  json   one such object (id defaults to the file stem) or an array (id = position)
  csv    a header row, then one article per row (id defaults to the line number)
  html   a web page: main text of <article>/<main>, title, date and URL from its metadata;
         id as for txt
  parquet  (a local file ending .parquet, .parq or .pq, or starting with PAR1, unless --input
         is given) columns as for csv, string or integer ids; read row group by row group;
         id defaults to the row number; a row with a null text is skipped

Output formats:
  jsonl    one line per article: id, title, date, url, mentions [start, end (code points), text,
           name, kind, lat, lon, geonameid, country, score, candidates, passage]
  geojson  an RFC 7946 FeatureCollection, one Point per place with its mentions
  csv      one row per mention: id, date, start, end, text, name, kind, lat, lon, geonameid,
           country, score, passage
  parquet  one row per article: id, title, date, url, mentions (list of structs: the jsonl
           mention fields but candidates, with passage); row groups of 4,096 articles

Bad records are skipped with a warning naming FILE:LINE; every good record is still written.

Memory stays bounded (a few hundred MB at most), whatever the input:
  - A record (a whole txt, JSON or HTML input, a JSON Lines line, a CSV row) over
    --max-record-mb is skipped with an error instead of being read. A CSV row over it ends
    that input, as the rows after it cannot be found. An HTML page may take a sixteenth of
    it (4 MB by default) and nest elements at most 20,000 deep, as parsed pages are big.
  - An article longer than 1 MB is geoparsed in windows of at most 1 MB, cut at a blank
    line, else a sentence end, else a space; its mentions are written as each window is
    done, with offsets into the whole text. Each window is resolved with a bounded
    summary of the earlier ones: a name keeps the place it got in the first window that
    named it (for up to 20,000 names), and the countries, regions and anchor places named
    earlier count as if named in the window. A passage ends at its window's edge.
    Articles up to 1 MB are geoparsed whole, as before.
  - GeoJSON keeps at most --max-passages mentions with their passages per place, and
    250,000 in all; \"count\" still counts every mention.

URLs are fetched with connect and read timeouts (--timeout), at most 5 redirects, http and
https only, and at most --max-download-mb MB; each failure is reported as an error.

",
    exit_status_help!()
);

#[derive(Debug, Args)]
struct ParseArgs {
    /// Files or http(s) URLs to read; `-` or none at all reads standard input.
    #[arg(value_name = "FILE")]
    files: Vec<String>,

    /// Input format, overriding the extension: txt, jsonl, json, csv or html.
    #[arg(short, long = "input", value_name = "FORMAT", value_parser = parse_input_format)]
    input: Option<InputFormat>,

    /// Output format: a line per article, a map layer of places, or a row per mention.
    #[arg(short, long, value_enum, default_value_t = OutputArg::Jsonl)]
    format: OutputArg,

    /// Write to this file instead of standard output (`-` is standard output).
    #[arg(short, long, value_name = "FILE")]
    output: Option<String>,

    /// CSV input: header of the column with the article text.
    #[arg(long, value_name = "NAME", default_value = "text")]
    text_column: String,

    /// CSV input: header of the column with the article id.
    #[arg(long, value_name = "NAME", default_value = "id")]
    id_column: String,

    /// CSV input: header of the column with the headline.
    #[arg(long, value_name = "NAME", default_value = "title")]
    title_column: String,

    /// CSV input: header of the column with the publication date.
    #[arg(long, value_name = "NAME", default_value = "date")]
    date_column: String,

    /// CSV input: header of the column with the article's URL.
    #[arg(long, value_name = "NAME", default_value = "url")]
    url_column: String,

    /// Do not report nationality words ("Ukrainian") as mentions.
    #[arg(long)]
    no_demonyms: bool,

    /// Drop mentions scored below this confidence (0 to 1).
    #[arg(long, value_name = "F", default_value_t = 0.0)]
    min_score: f32,

    /// Stop at the first bad input or record, with exit status 2.
    #[arg(long)]
    strict: bool,

    /// Geoparse on this many threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,

    /// No progress bar and no closing summary (warnings are still printed).
    #[arg(short, long, conflicts_with = "progress")]
    quiet: bool,

    /// Show progress on stderr even for small inputs or when stderr is not a terminal.
    #[arg(long)]
    progress: bool,

    /// Skip any record larger than this many MB (2^20 bytes) with an error.
    #[arg(long, value_name = "MB", default_value_t = DEFAULT_MAX_RECORD_BYTES >> 20)]
    max_record_mb: usize,

    /// GeoJSON: keep at most N mentions with their passages per place (all are counted).
    #[arg(long, value_name = "N", default_value_t = 100)]
    max_passages: usize,

    /// URLs: give up when connecting, or waiting for the next bytes, takes this long.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0, value_parser = parse_seconds)]
    timeout: f64,

    /// URLs: stop reading a download after this many MB (2^20 bytes).
    #[arg(long, value_name = "MB", default_value_t = 100)]
    max_download_mb: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputArg {
    /// One JSON object per article and line.
    Jsonl,
    /// A GeoJSON FeatureCollection with one point per place.
    Geojson,
    /// One row per mention.
    Csv,
    /// Apache Parquet, one row per article with a list of mentions (needs -o FILE or a pipe).
    Parquet,
}

impl From<OutputArg> for output::Kind {
    fn from(arg: OutputArg) -> Self {
        match arg {
            OutputArg::Jsonl => Some(OutputFormat::Jsonl),
            OutputArg::Geojson => Some(OutputFormat::Geojson),
            OutputArg::Csv => Some(OutputFormat::Csv),
            OutputArg::Parquet => None,
        }
    }
}

fn parse_input_format(s: &str) -> Result<InputFormat, String> {
    s.parse()
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(seconds) if seconds > 0.0 && seconds <= 86_400.0 => Ok(seconds),
        _ => Err(format!(
            "expected a number of seconds above 0 and at most 86400, found {s:?}"
        )),
    }
}

#[derive(Debug, Args)]
struct PlacesArgs {
    /// The place name to look up, in any spelling the gazetteer knows ("Kharkov", "Харків").
    name: String,

    /// Output format: an aligned table, or one JSON object per place.
    #[arg(short, long, value_enum, default_value_t = PlacesFormat::Table)]
    format: PlacesFormat,
}

/// Exit statuses, as documented in `--help`.
mod status {
    pub const OK: u8 = 0;
    pub const SKIPPED: u8 = 1;
    pub const FATAL: u8 = 2;
}

/// Runs the command the arguments name and returns the exit status; a fatal error is
/// reported here, once.
pub fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        // A closed pipe (`| head`) is not an error: the reader has what it wanted.
        Err(Fatal::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::from(status::OK)
        }
        Err(fatal) => {
            eprintln!("mentionmap: {fatal}");
            ExitCode::from(status::FATAL)
        }
    }
}

/// Runs a command: the exit status when it ran to the end, else why it stopped.
fn run(cli: Cli) -> Result<ExitCode, Fatal> {
    match cli.command {
        Command::Parse(args) => parse(&args),
        Command::Places(args) => places(&args),
    }
}

/// Why a command stopped early (exit status 2).
#[derive(Debug, thiserror::Error)]
enum Fatal {
    #[error("{0}")]
    Usage(String),
    #[error("the bundled gazetteer cannot be read: {0}")]
    Gazetteer(&'static GazetteerError),
    #[error("cannot create {path}: {error}")]
    Create { path: String, error: io::Error },
    #[error("{0} (stopped: --strict)")]
    Strict(IngestError),
    #[error("cannot write the output: {0}")]
    Output(io::Error),
    #[error("nothing could be read ({skipped} input(s) or record(s) skipped)")]
    NothingRead { skipped: usize },
}

fn parse(args: &ParseArgs) -> Result<ExitCode, Fatal> {
    configure_threads(args.threads).map_err(Fatal::Usage)?;
    let parser = Geoparser::with_options(
        gazetteer()?,
        ParseOptions {
            demonyms: !args.no_demonyms,
            min_score: args.min_score,
        },
    );
    let inputs: Vec<&str> = match args.files.as_slice() {
        [] => vec!["-"],
        files => files.iter().map(String::as_str).collect(),
    };
    let total = inputs
        .iter()
        .map(|arg| input::known_size(arg))
        .sum::<Option<u64>>();
    let mode = match (args.quiet, args.progress) {
        (true, _) => Mode::Never,
        (_, true) => Mode::Always,
        _ => Mode::Auto,
    };
    let progress = Progress::new(mode, total);
    let out: Box<dyn Write + Send> = match args.output.as_deref() {
        None | Some("-") => Box::new(BufWriter::with_capacity(1 << 16, io::stdout())),
        Some(path) => match File::create(path) {
            Ok(file) => Box::new(BufWriter::with_capacity(1 << 16, file)),
            Err(error) => {
                let path = path.to_string();
                return Err(Fatal::Create { path, error });
            }
        },
    };
    let counted = geoparse_inputs(args, &inputs, &parser, &progress, out);
    progress.finish();
    let Counts { written, skipped } = counted?;
    match (written, skipped) {
        (_, 0) => Ok(ExitCode::from(status::OK)),
        (0, _) => Err(Fatal::NothingRead { skipped }),
        _ => {
            if !args.quiet {
                eprintln!("mentionmap: {written} article(s) written, {skipped} record(s) or input(s) skipped");
            }
            Ok(ExitCode::from(status::SKIPPED))
        }
    }
}

/// Articles written and records or inputs skipped.
struct Counts {
    written: usize,
    skipped: usize,
}

/// Reads every input, geoparses its articles in parallel and writes them in order to `out`.
fn geoparse_inputs(
    args: &ParseArgs,
    inputs: &[&str],
    parser: &Geoparser<'_>,
    progress: &Progress,
    out: Box<dyn Write + Send>,
) -> Result<Counts, Fatal> {
    let format = output::Kind::from(args.format);
    let mut exporter =
        Output::new(format, out, args.max_passages, MAX_KEPT_PASSAGES).map_err(Fatal::Output)?;
    let fetch = input::FetchOptions {
        timeout: std::time::Duration::from_secs_f64(args.timeout),
        max_bytes: args.max_download_mb.saturating_mul(1 << 20),
    };

    let options = IngestOptions {
        text_column: args.text_column.clone(),
        id_column: args.id_column.clone(),
        title_column: args.title_column.clone(),
        date_column: args.date_column.clone(),
        url_column: args.url_column.clone(),
        max_record_bytes: args.max_record_mb.saturating_mul(1 << 20),
    };
    let records = inputs
        .iter()
        .flat_map(|arg| -> Box<dyn Iterator<Item = _>> {
            let local = *arg != "-" && !mentionmap::ingest::is_http_url(arg);
            if local && args.input.is_none() && parquet_input::is_parquet(arg) {
                return match ParquetRecords::open(arg, arg, &options) {
                    Ok(records) => Box::new(records),
                    Err(e) => Box::new(std::iter::once(Err(e))),
                };
            }
            match input::open(arg, args.input, &fetch, progress) {
                Ok(input) => Box::new(Records::new(
                    &input.name,
                    input.format,
                    input.reader,
                    &options,
                )),
                Err(e) => Box::new(std::iter::once(Err(e))),
            }
        });

    let mut counts = Counts {
        written: 0,
        skipped: 0,
    };
    // Rendered articles wait in memory until their whole chunk is done; this bounds them.
    let waiting = AtomicUsize::new(0);
    pipeline::process_in_order(
        records,
        |doc| {
            if doc.text.len() > PARALLEL_MAX_BYTES {
                return Prepared::Deferred(doc);
            }
            let mentions = parser.parse(&doc);
            let size = memory_estimate(&mentions);
            if waiting.fetch_add(size, Ordering::Relaxed) + size > WAITING_MAX_BYTES {
                waiting.fetch_sub(size, Ordering::Relaxed);
                return Prepared::Deferred(doc);
            }
            Prepared::Rendered(output::prepare(format, doc, mentions), size)
        },
        |result| {
            progress.tick();
            match result {
                Ok(Prepared::Rendered(rendered, size)) => {
                    let rendered = rendered.map_err(Fatal::Output)?;
                    exporter.write_rendered(rendered).map_err(Fatal::Output)?;
                    waiting.fetch_sub(size, Ordering::Relaxed);
                    counts.written += 1;
                }
                Ok(Prepared::Deferred(doc)) => {
                    stream_article(parser, &mut exporter, &doc).map_err(Fatal::Output)?;
                    counts.written += 1;
                }
                Err(e) if args.strict => return Err(Fatal::Strict(e)),
                Err(e) => {
                    counts.skipped += 1;
                    progress.eprintln(format_args!("mentionmap: warning: {e} (skipped)"));
                }
            }
            Ok(())
        },
    )?;
    exporter.finish().map_err(Fatal::Output)?;
    Ok(counts)
}

/// Articles longer than this are geoparsed in windows of this size (see `PARSE_HELP`).
const WINDOW_BYTES: usize = 1 << 20;
/// Articles longer than this are geoparsed on the main thread and streamed out window by
/// window, instead of being held whole, with all their mentions, by a worker thread.
const PARALLEL_MAX_BYTES: usize = 128 << 10;
/// The most memory (estimated) that articles geoparsed in parallel may take while they wait
/// for the rest of their chunk; an article that would go over is streamed out instead.
const WAITING_MAX_BYTES: usize = 128 << 20;
/// Mentions handed to the exporter at a time when an article is streamed.
const STREAM_BATCH: usize = 1024;
/// GeoJSON keeps at most this many mentions with their passages in all.
const MAX_KEPT_PASSAGES: usize = 250_000;

/// A geoparsed article, ready to write, or one to stream on the main thread.
enum Prepared {
    /// Rendered on a worker, with its estimated size in memory.
    Rendered(io::Result<output::Ready>, usize),
    /// Too long, or too dense with mentions, to hold whole.
    Deferred(Document),
}

/// Roughly the bytes an article's mentions take, in memory and rendered: each carries its
/// passage and about a kilobyte of fields and runners-up.
fn memory_estimate(mentions: &[mentionmap::Mention]) -> usize {
    mentions
        .iter()
        .map(|m| 2 * m.passage.text.len() + 2048)
        .sum()
}

/// Geoparses an article window by window and writes its mentions as they come, so that
/// neither the mentions nor their output are ever held whole.
fn stream_article<W: Write + Send>(
    parser: &Geoparser<'_>,
    exporter: &mut Output<W>,
    doc: &Document,
) -> io::Result<()> {
    exporter.begin_article(doc)?;
    let mut batch = Vec::with_capacity(STREAM_BATCH);
    let mut result = Ok(());
    parser.for_each_mention_windowed(&doc.text, WINDOW_BYTES, |m| {
        batch.push(m);
        if batch.len() == STREAM_BATCH {
            result = exporter.write_mentions(&batch);
            batch.clear();
        }
        if result.is_err() {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    result?;
    exporter.write_mentions(&batch)?;
    exporter.end_article()
}

fn configure_threads(threads: Option<usize>) -> Result<(), String> {
    let Some(n) = threads else {
        return Ok(());
    };
    if n == 0 {
        return Err("--threads must be at least 1".into());
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build_global()
        .map_err(|e| format!("cannot start {n} threads: {e}"))
}

/// The bundled gazetteer, or why it could not be read.
fn gazetteer() -> Result<&'static Gazetteer, Fatal> {
    Gazetteer::try_bundled().map_err(Fatal::Gazetteer)
}

fn places(args: &PlacesArgs) -> Result<ExitCode, Fatal> {
    let gazetteer = gazetteer()?;
    let mut out = io::stdout().lock();
    match places::write_places(gazetteer, &args.name, args.format, &mut out) {
        Ok(0) => {
            eprintln!(
                "mentionmap: no place named {:?} in the gazetteer",
                args.name
            );
            Ok(ExitCode::from(status::SKIPPED))
        }
        Ok(_) => Ok(ExitCode::from(status::OK)),
        Err(e) => Err(Fatal::Output(e)),
    }
}
