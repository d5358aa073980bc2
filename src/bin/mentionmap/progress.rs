//! Progress on standard error, and warnings that do not tear the progress bar.
//!
//! The bar is drawn only when it helps: on a terminal, for inputs of a few megabytes or
//! more (or, when the size is unknown, once that much has been read), never with `--quiet`.
//! `--progress` shows progress whatever the size; when stderr is not a terminal (a log
//! file, CI) it prints a plain line every few seconds and one at the end instead of a bar.

use std::cell::Cell;
use std::fmt;
use std::io::{self, IsTerminal, Read};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Inputs smaller than this finish too quickly for a progress bar.
const SHOW_FROM_BYTES: u64 = 4 << 20;
/// How often a plain progress line is printed.
const LINE_EVERY: Duration = Duration::from_secs(5);

/// When to show progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Never (`--quiet`).
    Never,
    /// On a terminal, for big inputs (the default).
    Auto,
    /// Always (`--progress`).
    Always,
}

/// How progress is being shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Display {
    /// Not (yet).
    Hidden,
    /// A bar on the terminal.
    Bar,
    /// Plain lines, for a stderr that is not a terminal.
    Lines,
}

/// Counts bytes read and articles written; shows them when worth it.
pub struct Progress {
    bar: ProgressBar,
    mode: Mode,
    display: Cell<Display>,
    started: Instant,
    last_line: Cell<Instant>,
    articles: Cell<u64>,
}

impl Progress {
    /// Progress over `total` bytes, or an open-ended count when the size is unknown.
    pub fn new(mode: Mode, total: Option<u64>) -> Self {
        let template = match total {
            Some(_) => {
                "{bar:40} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} eta {eta}"
            }
            None => "{spinner} {binary_bytes} read, {binary_bytes_per_sec}",
        };
        let style =
            ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar());
        let bar =
            ProgressBar::with_draw_target(total, ProgressDrawTarget::hidden()).with_style(style);
        let now = Instant::now();
        let progress = Progress {
            bar,
            mode,
            display: Cell::new(Display::Hidden),
            started: now,
            last_line: Cell::new(now),
            articles: Cell::new(0),
        };
        let big = total.is_some_and(|t| t >= SHOW_FROM_BYTES);
        if mode == Mode::Always || big {
            progress.show();
        }
        progress
    }

    fn show(&self) {
        if self.display.get() != Display::Hidden {
            return;
        }
        let display = match (self.mode, io::stderr().is_terminal()) {
            (Mode::Never, _) => return,
            (_, true) => Display::Bar,
            (Mode::Always, false) => Display::Lines,
            (Mode::Auto, false) => return,
        };
        if display == Display::Bar {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        self.display.set(display);
    }

    /// Wraps a reader so the bytes read through it are counted.
    pub fn reader<R: Read>(&self, inner: R) -> CountingReader<R> {
        CountingReader {
            inner,
            bar: self.bar.clone(),
        }
    }

    /// Called for each article or error handled: shows progress once an input of unknown
    /// size proves big, and prints a plain line when one is due.
    pub fn tick(&self) {
        self.articles.set(self.articles.get() + 1);
        match self.display.get() {
            Display::Hidden if self.bar.position() >= SHOW_FROM_BYTES => self.show(),
            Display::Lines if self.last_line.get().elapsed() >= LINE_EVERY => {
                self.last_line.set(Instant::now());
                self.print_line();
            }
            _ => {}
        }
    }

    fn print_line(&self) {
        let mb = |bytes: u64| bytes as f64 / 1e6;
        let read = match self.bar.length() {
            Some(total) => format!("{:.1} of {:.1} MB", mb(self.bar.position()), mb(total)),
            None => format!("{:.1} MB", mb(self.bar.position())),
        };
        eprintln!(
            "mentionmap: {read} read, {} record(s), {:.1} s",
            self.articles.get(),
            self.started.elapsed().as_secs_f64()
        );
    }

    /// Prints a line on standard error without garbling the bar.
    pub fn eprintln(&self, message: impl fmt::Display) {
        self.bar.suspend(|| eprintln!("{message}"));
    }

    /// Removes the bar, or prints the last plain line.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
        if self.display.get() == Display::Lines {
            self.print_line();
        }
    }
}

/// A reader that counts the bytes it reads into a progress bar.
pub struct CountingReader<R> {
    inner: R,
    bar: ProgressBar,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        Ok(n)
    }
}
