//! Progress on standard error, and warnings that do not tear the progress bar.
//!
//! The bar is drawn only when it helps: on a terminal, for inputs of a few megabytes or
//! more (or, when the size is unknown, once that much has been read), never with `--quiet`.
//! `--progress` draws it anyway, as plain lines once a second when stderr is not a terminal.

use std::cell::Cell;
use std::fmt;
use std::io::{self, IsTerminal, Read, Write};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};

/// Inputs smaller than this finish too quickly for a progress bar.
const SHOW_FROM_BYTES: u64 = 4 << 20;

/// When to draw progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Never (`--quiet`).
    Never,
    /// On a terminal, for big inputs (the default).
    Auto,
    /// Always (`--progress`).
    Always,
}

/// A byte-counting progress bar that starts hidden and shows itself when worth it.
pub struct Progress {
    bar: ProgressBar,
    mode: Mode,
    shown: Cell<bool>,
}

impl Progress {
    /// Progress over `total` bytes, or an open-ended count when the size is unknown.
    pub fn new(mode: Mode, total: Option<u64>) -> Self {
        let bar = match total {
            Some(total) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden()).with_style(
                ProgressStyle::with_template("{bar:40} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} eta {eta}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            ),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()).with_style(
                ProgressStyle::with_template("{spinner} {binary_bytes} read, {binary_bytes_per_sec}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        };
        let progress = Progress {
            bar,
            mode,
            shown: Cell::new(false),
        };
        let big = total.is_some_and(|t| t >= SHOW_FROM_BYTES);
        if mode == Mode::Always || (big && mode == Mode::Auto) {
            progress.show();
        }
        progress
    }

    fn show(&self) {
        if self.shown.get() || self.mode == Mode::Never {
            return;
        }
        let target = match (self.mode, io::stderr().is_terminal()) {
            (_, true) => ProgressDrawTarget::stderr(),
            (Mode::Always, false) => ProgressDrawTarget::term_like_with_hz(Box::new(PlainLines), 1),
            _ => return,
        };
        self.bar.set_draw_target(target);
        self.shown.set(true);
    }

    /// Wraps a reader so the bytes read through it advance the bar.
    pub fn reader<R: Read>(&self, inner: R) -> CountingReader<R> {
        CountingReader {
            inner,
            bar: self.bar.clone(),
        }
    }

    /// Called between chunks: shows the bar once an input of unknown size proves big.
    pub fn tick(&self) {
        if !self.shown.get() && self.bar.position() >= SHOW_FROM_BYTES {
            self.show();
        }
    }

    /// Prints a line on standard error without garbling the bar.
    pub fn eprintln(&self, message: impl fmt::Display) {
        self.bar.suspend(|| eprintln!("{message}"));
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
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

/// A "terminal" for logs: every redraw becomes one plain line, cursor movements are ignored.
#[derive(Debug)]
struct PlainLines;

impl TermLike for PlainLines {
    fn width(&self) -> u16 {
        100
    }
    fn move_cursor_up(&self, _: usize) -> io::Result<()> {
        Ok(())
    }
    fn move_cursor_down(&self, _: usize) -> io::Result<()> {
        Ok(())
    }
    fn move_cursor_right(&self, _: usize) -> io::Result<()> {
        Ok(())
    }
    fn move_cursor_left(&self, _: usize) -> io::Result<()> {
        Ok(())
    }
    fn write_line(&self, s: &str) -> io::Result<()> {
        writeln!(io::stderr(), "{s}")
    }
    fn write_str(&self, s: &str) -> io::Result<()> {
        match s.trim() {
            "" => Ok(()),
            line => writeln!(io::stderr(), "{line}"),
        }
    }
    fn clear_line(&self) -> io::Result<()> {
        Ok(())
    }
    fn flush(&self) -> io::Result<()> {
        io::stderr().flush()
    }
}
