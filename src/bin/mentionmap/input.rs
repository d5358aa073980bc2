//! Opening what the user named: files, standard input (`-`) and http(s) URLs, and deciding
//! each one's format.
//!
//! The format is `--input` when given; else a file's or URL's extension; else, for a URL, its
//! Content-Type; else a sniff of the first bytes (`<` html, `[` json, `{` jsonl, else txt).

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::time::Duration;

use mentionmap::ingest::{is_http_url, IngestError, IngestErrorKind, InputFormat, Location};

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

/// The size of an input when it is known before reading (files only).
pub fn known_size(arg: &str) -> Option<u64> {
    if arg == "-" || is_http_url(arg) {
        return None;
    }
    std::fs::metadata(arg).ok().map(|m| m.len())
}

/// Most redirects followed for one URL.
pub const MAX_REDIRECTS: usize = 5;

/// How URLs are fetched.
#[derive(Debug, Clone, Copy)]
pub struct FetchOptions {
    /// The longest wait for a connection, for the response, and for each read of its body.
    pub timeout: Duration,
    /// The most bytes read from one response; reading past it fails.
    pub max_bytes: u64,
}

/// Opens an input; the error names it and says why it cannot be read.
pub fn open(
    arg: &str,
    forced: Option<InputFormat>,
    fetch_options: &FetchOptions,
    progress: &Progress,
) -> Result<Input, IngestError> {
    let unreadable = |name: &str, why: String| {
        IngestError::new(name, Location::Input, IngestErrorKind::Unreadable(why))
    };
    let (name, reader, media_type): (String, Box<dyn Read + Send>, Option<String>) = if arg == "-" {
        (STDIN_NAME.to_string(), Box::new(io::stdin()), None)
    } else if is_http_url(arg) {
        let (body, media_type) = fetch(arg, fetch_options).map_err(|why| unreadable(arg, why))?;
        (arg.to_string(), body, media_type)
    } else if let Some((scheme, _)) = arg
        .split_once("://")
        .filter(|(scheme, _)| !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphabetic()))
    {
        let why = format!("a {scheme}:// URL; only http and https URLs can be fetched");
        return Err(unreadable(arg, why));
    } else {
        let file = File::open(arg).map_err(|e| unreadable(arg, e.to_string()))?;
        (arg.to_string(), Box::new(file), None)
    };
    let mut reader = BufReader::with_capacity(1 << 16, progress.reader(reader));
    let format = match forced
        .or_else(|| InputFormat::from_path(arg))
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
///
/// Connecting, waiting for the response and each read of the body time out after
/// `options.timeout`; at most [`MAX_REDIRECTS`] redirects are followed, to http(s) only; a
/// body announced or found to be over `options.max_bytes` fails.
fn fetch(
    url: &str,
    options: &FetchOptions,
) -> Result<(Box<dyn Read + Send>, Option<String>), String> {
    let redirects = reqwest::redirect::Policy::custom(|attempt| {
        let scheme = attempt.url().scheme().to_string();
        if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
        } else if scheme != "http" && scheme != "https" {
            attempt.error(format!(
                "redirected to a {scheme}: URL; only http and https are followed"
            ))
        } else {
            attempt.follow()
        }
    });
    let client = reqwest::blocking::Client::builder()
        .connect_timeout(options.timeout)
        .timeout(options.timeout)
        .redirect(redirects)
        .user_agent(concat!("mentionmap/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| error_chain(&e))?;
    let response = client.get(url).send().map_err(|e| {
        if e.is_timeout() {
            format!(
                "no answer within {} s (--timeout): {}",
                options.timeout.as_secs_f64(),
                error_chain(&e)
            )
        } else {
            error_chain(&e)
        }
    })?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("the server answered HTTP {status}"));
    }
    let limit_mb = options.max_bytes as f64 / f64::from(1 << 20);
    if let Some(length) = response.content_length().filter(|&n| n > options.max_bytes) {
        return Err(format!(
            "the server announces {length} bytes, over the download limit of {limit_mb} MB (--max-download-mb)"
        ));
    }
    let media_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = LimitedBody {
        inner: response,
        left: options.max_bytes,
        limit_mb,
        timeout: options.timeout,
    };
    Ok((Box::new(body), media_type))
}

/// A response body that fails, instead of reading on, past the download limit.
struct LimitedBody<R> {
    inner: R,
    left: u64,
    limit_mb: f64,
    timeout: Duration,
}

impl<R: Read> Read for LimitedBody<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            // One byte more tells a body of exactly the limit from a longer one.
            let mut probe = [0u8; 1];
            return match self.read_inner(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::other(format!(
                    "the download is over the limit of {} MB (--max-download-mb); the rest is not read",
                    self.limit_mb
                ))),
            };
        }
        let len = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.read_inner(&mut buf[..len])?;
        self.left -= n as u64;
        Ok(n)
    }
}

impl<R: Read> LimitedBody<R> {
    /// Reads from the body, saying which limit a timeout was.
    fn read_inner(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| {
            if e.kind() == io::ErrorKind::TimedOut || error_chain(&e).contains("timed out") {
                io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!(
                        "no data for {} s (--timeout): {}",
                        self.timeout.as_secs_f64(),
                        error_chain(&e)
                    ),
                )
            } else {
                io::Error::new(e.kind(), error_chain(&e))
            }
        })
    }
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
