//! Opening what the user named: files, standard input (`-`) and http(s) URLs, and deciding
//! each one's format.
//!
//! The format is `--input` when given; else a file's or URL's extension; else, for a URL, its
//! Content-Type; else a sniff of the first bytes (`<` html, `[` json, `{` jsonl, else txt).

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::time::Duration;

use mentionmap::ingest::{IngestError, IngestErrorKind, InputFormat, Location};

use crate::progress::Progress;

/// The name standard input goes by in messages; its text articles get it as id.
pub const STDIN_NAME: &str = "stdin";

/// An opened input.
pub struct Input {
    /// The name for messages: the argument as given, or [`STDIN_NAME`].
    pub name: String,
    /// How to read it.
    pub format: InputFormat,
    /// Its bytes.
    pub reader: Box<dyn BufRead + Send>,
}

/// True for arguments that are fetched rather than opened.
pub fn is_url(arg: &str) -> bool {
    let lower = arg.get(..8).unwrap_or(arg).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The size of an input when it is known before reading (files only).
pub fn known_size(arg: &str) -> Option<u64> {
    if arg == "-" || is_url(arg) {
        return None;
    }
    std::fs::metadata(arg).ok().map(|m| m.len())
}

/// Opens an input; the error names it and says why it cannot be read.
pub fn open(
    arg: &str,
    forced: Option<InputFormat>,
    progress: &Progress,
) -> Result<Input, IngestError> {
    let unreadable = |name: &str, why: String| {
        IngestError::new(name, Location::Input, IngestErrorKind::Unreadable(why))
    };
    let (name, reader, media_type): (String, Box<dyn Read + Send>, Option<String>) = if arg == "-" {
        (STDIN_NAME.to_string(), Box::new(io::stdin()), None)
    } else if is_url(arg) {
        let (body, media_type) = fetch(arg).map_err(|why| unreadable(arg, why))?;
        (arg.to_string(), body, media_type)
    } else {
        let file = File::open(arg).map_err(|e| unreadable(arg, e.to_string()))?;
        (arg.to_string(), Box::new(file), None)
    };
    let mut reader = BufReader::with_capacity(1 << 16, progress.reader(reader));
    let format = match forced
        .or_else(|| (arg != "-").then(|| InputFormat::from_path(arg)).flatten())
        .or_else(|| media_type.as_deref().and_then(InputFormat::from_media_type))
    {
        Some(format) => format,
        None => InputFormat::sniff(
            reader
                .fill_buf()
                .map_err(|e| unreadable(&name, e.to_string()))?,
        ),
    };
    Ok(Input {
        name,
        format,
        reader: Box::new(reader),
    })
}

/// GETs a URL; returns the body and the Content-Type, or why it failed.
fn fetch(url: &str) -> Result<(Box<dyn Read + Send>, Option<String>), String> {
    let client = reqwest::blocking::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(120))
        .user_agent(concat!("mentionmap/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| error_chain(&e))?;
    let response = client.get(url).send().map_err(|e| error_chain(&e))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("the server answered HTTP {status}"));
    }
    let media_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    Ok((Box::new(response), media_type))
}

/// An error and its causes on one line ("error sending request: … : Connection refused").
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}
