//! A place's passages for its popup: each distinct passage that mentions the place once, with
//! every mention of the place in it highlighted, and boilerplate (bylines, captions) last.

use std::sync::Arc;

use super::{display_title, segments, Article, MentionRef, PlaceGroup, Segment};

/// One passage of a place's popup.
#[derive(Clone, Debug, PartialEq)]
pub struct PassageItem {
    /// The first mention of the place in the passage (what "Open in reader" opens).
    pub at: MentionRef,
    /// The passage's text, with the place's mentions marked (tagged by mention index).
    pub segments: Vec<Segment>,
    /// The article's title as the page shows it.
    pub title: String,
    /// The article's date, as given.
    pub date: Option<String>,
    /// The article's URL, as given.
    pub url: Option<String>,
    /// The passage reads as boilerplate rather than reporting.
    pub boilerplate: bool,
}

/// A passage being gathered: its first mention, where it starts in its article, and the
/// place's mentions in it as `(start, end, mention index)` within the passage.
struct Gathered {
    at: MentionRef,
    start: usize,
    highlights: Vec<(usize, usize, usize)>,
}

/// The passages of `group`'s mentions in `corpus`, one per distinct passage, in the order the
/// mentions come, boilerplate last. Mentions that no longer exist are skipped.
pub fn passage_items(corpus: &[Arc<Article>], group: &PlaceGroup) -> Vec<PassageItem> {
    let mut gathered: Vec<Gathered> = Vec::new();
    for r in &group.mentions {
        let Some(m) = corpus.get(r.article).and_then(|a| a.mentions.get(r.index)) else {
            continue;
        };
        let highlight = (m.passage.mention_start, m.passage.mention_end, r.index);
        let same = gathered
            .iter_mut()
            .find(|g| g.at.article == r.article && g.start == m.passage.start);
        match same {
            Some(g) => g.highlights.push(highlight),
            None => gathered.push(Gathered {
                at: *r,
                start: m.passage.start,
                highlights: vec![highlight],
            }),
        }
    }
    let mut items: Vec<PassageItem> = gathered
        .into_iter()
        .filter_map(|g| {
            let article = corpus.get(g.at.article)?;
            let mention = article.mentions.get(g.at.index)?;
            Some(PassageItem {
                at: g.at,
                segments: segments(article.passage_text(mention), &g.highlights),
                title: display_title(&article.doc),
                date: article.doc.date.clone(),
                url: article.doc.url.clone(),
                boilerplate: mention.passage.boilerplate,
            })
        })
        .collect();
    items.sort_by_key(|p| p.boilerplate);
    items
}
