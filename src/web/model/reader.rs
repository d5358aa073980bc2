//! What the reader and the popups show of an article: highlighted text segments, titles,
//! safe links, coordinates for people.

use super::*;

/// A piece of text to render: plain, or a highlighted mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Plain text.
    Text(String),
    /// A highlighted span; `tag` is the caller's number for it (e.g. the mention index).
    Mark {
        /// The highlighted text.
        text: String,
        /// Caller's tag, returned unchanged.
        tag: usize,
    },
}

/// Cuts `text` into plain and highlighted segments. Spans are `(start, end, tag)` in Unicode
/// code points, end exclusive; spans that overlap an earlier one or fall outside the text are
/// skipped, so bad offsets never panic.
pub fn segments(text: &str, spans: &[(usize, usize, usize)]) -> Vec<Segment> {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let chars = bounds.len() - 1;
    let mut sorted: Vec<(usize, usize, usize)> = spans.to_vec();
    sorted.sort_by_key(|s| (s.0, s.1));
    let mut out = Vec::new();
    let mut at = 0usize;
    for (start, end, tag) in sorted {
        if start < at || end <= start || end > chars {
            continue;
        }
        if start > at {
            out.push(Segment::Text(text[bounds[at]..bounds[start]].to_string()));
        }
        out.push(Segment::Mark {
            text: text[bounds[start]..bounds[end]].to_string(),
            tag,
        });
        at = end;
    }
    if at < chars {
        out.push(Segment::Text(text[bounds[at]..].to_string()));
    }
    out
}

/// Splits segments into runs of at most `marks` highlighted ones (at least one run), in
/// order, so the reader can add a long article's text a run at a time: building 20,000
/// highlighted mentions in one task froze the page for over a second. Text with fewer
/// marks stays one run.
pub fn pieces(segments: Vec<Segment>, marks: usize) -> Vec<Vec<Segment>> {
    let mut out = vec![Vec::new()];
    let mut in_piece = 0;
    for segment in segments {
        if matches!(segment, Segment::Mark { .. }) {
            if in_piece == marks.max(1) {
                out.push(Vec::new());
                in_piece = 0;
            }
            in_piece += 1;
        }
        if let Some(last) = out.last_mut() {
            last.push(segment);
        }
    }
    out
}

/// The URL when it may be made a link: only `http:` and `https:` URLs, never `javascript:` or
/// `data:`.
pub fn safe_link(url: &str) -> Option<&str> {
    let url = url.trim();
    // Something after `http://`, and no control characters.
    let after_scheme = url.find("//").map_or(0, |i| i + 2);
    (crate::ingest::is_http_url(url)
        && url.len() > after_scheme
        && !url.chars().any(char::is_control))
    .then_some(url)
}

/// Coordinates for people: `50.9077° N, 34.7981° E`.
pub fn format_coords(lat: f64, lon: f64) -> String {
    let ns = if lat >= 0.0 { 'N' } else { 'S' };
    let ew = if lon >= 0.0 { 'E' } else { 'W' };
    format!("{:.4}° {ns}, {:.4}° {ew}", lat.abs(), lon.abs())
}

/// The article's first line, when it reads like a headline (short and followed by more text).
pub fn headline(text: &str) -> Option<String> {
    let trimmed = text.trim_start();
    let (first, rest) = trimmed.split_once('\n')?;
    let first = first.trim();
    let words = first.split_whitespace().count();
    (!first.is_empty() && first.chars().count() <= 160 && words >= 2 && !rest.trim().is_empty())
        .then(|| first.to_string())
}

/// A title for people: the headline, else the text's first words (an id like
/// `20220125T090000Z_GB_en_7d015e6984` says little).
pub fn display_title(doc: &Document) -> String {
    if let Some(title) = doc
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        return title.to_string();
    }
    // Words are taken from the first 300 characters: a 20 MB word made a 20 MB title.
    let head = match doc.text.char_indices().nth(300) {
        Some((end, _)) => &doc.text[..end],
        None => &doc.text,
    };
    let words: Vec<&str> = head.split_whitespace().take(12).collect();
    if words.is_empty() {
        return doc.label();
    }
    let more = head.split_whitespace().nth(12).is_some() || head.len() < doc.text.len();
    format!("{}{}", words.join(" "), if more { " …" } else { "" })
}

/// How many leading characters of `text` repeat the title (the headline line and the blank
/// lines after it), so the reader can show the title once; 0 when the text does not start
/// with it.
pub fn title_prefix_len(text: &str, title: Option<&str>) -> usize {
    let Some(title) = title.map(str::trim).filter(|t| !t.is_empty()) else {
        return 0;
    };
    let lead = text.len() - text.trim_start().len();
    let rest = &text[lead..];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    if rest[..line_end].trim() != title {
        return 0;
    }
    let after = &rest[line_end..];
    let gap = after.len() - after.trim_start().len();
    text[..lead + line_end + gap].chars().count()
}

/// How the reader shows one mention.
#[derive(Debug, Clone, PartialEq)]
pub struct ReaderMark {
    /// The kind it is drawn as (its colour).
    pub kind: MentionKind,
    /// Its place on the map; `None` when it was not resolved.
    pub key: Option<PlaceKey>,
    /// The user corrected it.
    pub corrected: bool,
    /// Its tooltip: `Sumy · city`, `… · corrected`, or "not resolved to a place".
    pub title: String,
}

/// How the reader shows a mention after the user's corrections; `None` when it was marked
/// "not a place".
pub fn reader_mark(mention: &Mention, corrections: &Corrections) -> Option<ReaderMark> {
    let eff = effective(mention, corrections)?;
    let e = eff.mention.as_ref();
    let key = e.place.as_ref().map(|p| PlaceKey {
        id: p.id.0,
        demonym: e.kind == MentionKind::Demonym,
    });
    let title = match &e.place {
        Some(p) => format!(
            "{} · {}{}",
            p.name,
            e.kind.as_str(),
            if eff.corrected { " · corrected" } else { "" }
        ),
        None => "not resolved to a place".to_string(),
    };
    Some(ReaderMark {
        kind: e.kind,
        key,
        corrected: eff.corrected,
        title,
    })
}
