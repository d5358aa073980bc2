//! Articles as the geoparser sees them: text plus optional metadata.

use serde::{Deserialize, Serialize};

/// One article: the text to geoparse and what is known about where it came from.
///
/// Offsets reported for mentions are always into [`Document::text`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Identifier given by the source, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication date, ideally `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Where the article can be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The article's text.
    pub text: String,
}

impl Document {
    /// A document with only text.
    pub fn new(text: impl Into<String>) -> Self {
        Document {
            text: text.into(),
            ..Document::default()
        }
    }

    /// A document from raw text that may start with a metadata prefix such as
    /// ` date 2025-01-10 As of now, …`: the date is taken out of the text.
    ///
    /// ```
    /// use mentionmap::Document;
    /// let doc = Document::from_raw_text(" date 2025-01-10 As of now, fighting goes on.");
    /// assert_eq!(doc.date.as_deref(), Some("2025-01-10"));
    /// assert_eq!(doc.text, "As of now, fighting goes on.");
    /// ```
    pub fn from_raw_text(raw: &str) -> Self {
        match split_date_prefix(raw) {
            Some((date, rest)) => Document {
                date: Some(date.to_string()),
                text: rest.to_string(),
                ..Document::default()
            },
            None => Document::new(raw),
        }
    }

    /// Writes the document as one line of the JSON Lines input format (`text`, `id`, `title`,
    /// `date`, `url`; the newline included). Reading the line back as JSON Lines gives the
    /// same document when it has an id, as every document a reader gives has; the web app
    /// keeps its corpus in this form.
    ///
    /// ```
    /// use mentionmap::ingest::{read_all, IngestOptions, InputFormat};
    /// use mentionmap::Document;
    /// let doc = Document { id: Some("a1".into()), ..Document::new("Shelling in Kherson.") };
    /// let mut line = Vec::new();
    /// doc.write_json_line(&mut line).unwrap();
    /// let read = read_all("corpus", InputFormat::Jsonl, &line, &IngestOptions::default());
    /// assert_eq!(read.documents, [doc]);
    /// ```
    pub fn write_json_line(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        serde_json::to_writer(&mut *out, self)?;
        out.write_all(b"\n")
    }

    /// A label for messages and lists: the title, else the id, else the text's first words.
    pub fn label(&self) -> String {
        if let Some(title) = self.title.as_deref().filter(|t| !t.trim().is_empty()) {
            return title.trim().to_string();
        }
        if let Some(id) = self.id.as_deref().filter(|t| !t.trim().is_empty()) {
            return id.trim().to_string();
        }
        let words: Vec<&str> = self.text.split_whitespace().take(8).collect();
        words.join(" ")
    }
}

/// Splits `" date YYYY-MM-DD rest"` into the date and the rest of the text.
fn split_date_prefix(raw: &str) -> Option<(&str, &str)> {
    let trimmed = raw.trim_start();
    let after_key = trimmed
        .strip_prefix("date")
        .or_else(|| trimmed.strip_prefix("Date"))?;
    let after_key = after_key.strip_prefix(':').unwrap_or(after_key);
    let value = after_key.trim_start();
    let date = value.get(..10)?;
    if !is_iso_date(date) {
        return None;
    }
    let rest = &value[10..];
    if rest.chars().next().is_some_and(|c| !c.is_whitespace()) {
        return None;
    }
    Some((date, rest.trim_start()))
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_prefix_rows() {
        let rows: &[(&str, Option<&str>, &str)] = &[
            (
                " date 2025-01-10 As of now.",
                Some("2025-01-10"),
                "As of now.",
            ),
            ("date: 2024-12-31\nText", Some("2024-12-31"), "Text"),
            ("date 2024-1-31 Text", None, "date 2024-1-31 Text"),
            ("dated 2024-01-31 Text", None, "dated 2024-01-31 Text"),
            ("Kharkiv was shelled.", None, "Kharkiv was shelled."),
            ("", None, ""),
        ];
        for (raw, date, text) in rows {
            let doc = Document::from_raw_text(raw);
            assert_eq!(doc.date.as_deref(), *date, "{raw:?}");
            assert_eq!(doc.text, *text, "{raw:?}");
        }
    }

    #[test]
    fn label_prefers_title_then_id_then_text() {
        let mut doc = Document::new("one two three four five six seven eight nine");
        assert_eq!(doc.label(), "one two three four five six seven eight");
        doc.id = Some("a1".into());
        assert_eq!(doc.label(), "a1");
        doc.title = Some(" Title ".into());
        assert_eq!(doc.label(), "Title");
    }
}
