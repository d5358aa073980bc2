//! HTML pages: the article's main text (without navigation, scripts, asides and forms),
//! paragraph by paragraph, and its title, date and address from the page's metadata.

use crate::document::Document;

/// The deepest nesting of HTML elements read: the HTML parser checks the open elements for
/// each tag, so its time grows with the square of the depth (a million nested `<div>`s would
/// take hours). Real pages nest a few dozen deep; browsers flatten below 512.
pub const MAX_HTML_DEPTH: usize = 20_000;

/// About how deeply a page's elements nest: start tags minus end tags, at their highest,
/// not counting void elements or self-closed tags. It over-counts pages that leave
/// elements such as `<p>` and `<li>` unclosed, which is why the limit is far above real
/// pages.
pub(super) fn nesting_estimate(html: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "option", "td", "tr", "th", "dt", "dd",
    ];
    let b = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(at) = b[i..].iter().position(|&c| c == b'<') {
        i += at + 1;
        match b.get(i) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                // Both scans stop early, so that text full of `<a` stays linear.
                let name_len = b[i..]
                    .iter()
                    .take(64)
                    .position(|c| !c.is_ascii_alphanumeric())
                    .unwrap_or(b.len().min(i + 64) - i);
                let name = &html[i..i + name_len];
                let end = b[i..]
                    .iter()
                    .take(4096)
                    .position(|&c| c == b'>')
                    .map(|e| i + e);
                let self_closed = end.is_some_and(|e| e > 0 && b[e - 1] == b'/');
                if !self_closed && !VOID.iter().any(|v| v.eq_ignore_ascii_case(name)) {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
            }
            _ => {}
        }
    }
    deepest
}

/// Elements whose content is never article text.
const SKIPPED_ELEMENTS: &[&str] = &[
    "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template",
    "iframe", "svg", "canvas", "object", "button", "select", "head",
];

/// Elements that end a paragraph.
const BLOCK_ELEMENTS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "figcaption",
    "figure",
    "br",
    "hr",
    "address",
    "details",
    "summary",
];

/// The article in an HTML page: its main text, paragraphs separated by blank lines, and its
/// title, date and address from the page's metadata. The id is left to the caller.
///
/// The text comes from the page's longest `<article>`, else its `<main>`, else its body,
/// without scripts, styles, navigation, headers, footers, asides and forms.
///
/// ```
/// use mentionmap::ingest::document_from_html;
/// let page = r#"<html><head><title>Night raid</title>
///   <meta property="article:published_time" content="2025-02-03T06:10:00Z"></head>
///   <body><nav>Home | World</nav><article><p>Drones hit Odesa.</p><p>Two were hurt.</p></article></body></html>"#;
/// let doc = document_from_html(page);
/// assert_eq!(doc.title.as_deref(), Some("Night raid"));
/// assert_eq!(doc.date.as_deref(), Some("2025-02-03"));
/// assert_eq!(doc.text, "Drones hit Odesa.\n\nTwo were hurt.");
/// ```
pub fn document_from_html(html: &str) -> Document {
    let page = scraper::Html::parse_document(html);
    let first = |selectors: &[(&str, &str)]| -> Option<String> {
        selectors.iter().find_map(|(selector, attribute)| {
            let selector = scraper::Selector::parse(selector).ok()?;
            page.select(&selector).find_map(|el| {
                let value = match *attribute {
                    "" => collapse_whitespace(&el.text().collect::<String>()),
                    attribute => collapse_whitespace(el.value().attr(attribute)?),
                };
                (!value.is_empty()).then_some(value)
            })
        })
    };
    let title = first(&[("meta[property='og:title']", "content"), ("title", "")]);
    let date = first(&[
        ("meta[property='article:published_time']", "content"),
        ("meta[name='article:published_time']", "content"),
        ("meta[name='date']", "content"),
        ("meta[itemprop='datePublished']", "content"),
        ("time[datetime]", "datetime"),
    ])
    .map(date_part);
    let url = first(&[
        ("meta[property='og:url']", "content"),
        ("link[rel='canonical']", "href"),
    ]);
    Document {
        id: None,
        title,
        date,
        url,
        text: main_text(&page),
    }
}

/// `YYYY-MM-DD` out of a timestamp that starts with one; other dates are kept as written.
fn date_part(value: String) -> String {
    let is_date = value.len() >= 10
        && value.bytes().take(10).enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    match is_date {
        true => value[..10].to_string(),
        false => value,
    }
}

/// The text of the page's main content element, paragraph by paragraph.
fn main_text(page: &scraper::Html) -> String {
    let select = |s: &str| scraper::Selector::parse(s).ok();
    let text_len = |el: &scraper::ElementRef<'_>| el.text().map(str::len).sum::<usize>();
    let longest_article = select("article").and_then(|s| page.select(&s).max_by_key(text_len));
    let root = longest_article
        .or_else(|| select("main").and_then(|s| page.select(&s).next()))
        .or_else(|| select("body").and_then(|s| page.select(&s).next()))
        .unwrap_or_else(|| page.root_element());

    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut skipping = 0usize;
    // An explicit traversal rather than recursion: pages can nest elements very deeply.
    for edge in root.traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => match node.value() {
                scraper::Node::Element(el) if SKIPPED_ELEMENTS.contains(&el.name()) => {
                    skipping += 1
                }
                scraper::Node::Element(el)
                    if skipping == 0 && BLOCK_ELEMENTS.contains(&el.name()) =>
                {
                    end_paragraph(&mut current, &mut paragraphs)
                }
                scraper::Node::Text(text) if skipping == 0 => current.push_str(text),
                _ => {}
            },
            ego_tree::iter::Edge::Close(node) => match node.value() {
                scraper::Node::Element(el) if SKIPPED_ELEMENTS.contains(&el.name()) => {
                    skipping -= 1
                }
                scraper::Node::Element(el)
                    if skipping == 0 && BLOCK_ELEMENTS.contains(&el.name()) =>
                {
                    end_paragraph(&mut current, &mut paragraphs)
                }
                _ => {}
            },
        }
    }
    end_paragraph(&mut current, &mut paragraphs);
    paragraphs.join("\n\n")
}

fn end_paragraph(current: &mut String, paragraphs: &mut Vec<String>) {
    let paragraph = collapse_whitespace(current);
    if !paragraph.is_empty() {
        paragraphs.push(paragraph);
    }
    current.clear();
}

/// Runs of whitespace become one space; ends are trimmed.
fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::document_from_html;
    use crate::ingest::tests::{rows, Row};

    #[test]
    fn html_extraction_rows() {
        let cases: &[(&str, Row<'_>)] = &[
            (
                "<html><head><title> Page  title </title><meta property='og:title' content='OG title'>\
                 <meta property='og:url' content='https://e.org/s'></head><body>\
                 <header>Site</header><main><h1>Head</h1><p>First   para.</p><p>Second<br>line.</p>\
                 <aside>Related</aside><form>Subscribe</form></main><footer>(c)</footer></body></html>",
                ("", Some("OG title"), None, Some("https://e.org/s"), "Head\n\nFirst para.\n\nSecond\n\nline."),
            ),
            (
                "<html><head><title>Plain</title><link rel='canonical' href='https://e.org/c'></head><body>\
                 <article><p>Teaser</p></article><article><time datetime='2024-02-24'>Feb 24</time>\
                 <p>The long story about Kherson.</p></article><noscript>Enable JS</noscript></body></html>",
                ("", Some("Plain"), Some("2024-02-24"), Some("https://e.org/c"), "Feb 24\n\nThe long story about Kherson."),
            ),
            (
                "<p>Bare fragment about Mykolaiv <b>and</b> Kherson.</p><style>p{}</style>",
                ("", None, None, None, "Bare fragment about Mykolaiv and Kherson."),
            ),
            (
                "<html><head><meta name='date' content='3 March 2024'></head><body><div>Text</div></body></html>",
                ("", None, Some("3 March 2024"), None, "Text"),
            ),
        ];
        for (html, expected) in cases {
            let doc = document_from_html(html);
            assert_eq!(rows(std::slice::from_ref(&doc))[0], *expected, "{html}");
        }
    }

    #[test]
    fn deeply_nested_html_does_not_overflow() {
        // On a small stack, so a recursive walk over the 4,000 levels would overflow.
        let depth = 4_000;
        let html = format!(
            "{}Chernihiv{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let text = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || document_from_html(&html).text)
            .expect("spawn a thread")
            .join()
            .expect("no stack overflow");
        assert_eq!(text, "Chernihiv");
    }
}
