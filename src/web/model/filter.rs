//! What the user chose to see ([`Filter`]: dates, demonyms, a place query) and the articles
//! and mentions it admits, as the lists, the map and the exports use them.

use super::*;

/// The place filter: what was typed, the places the gazetteer knows by that name, and the
/// country and kind chosen in the place list's header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlaceQuery {
    /// The text as typed, for the filter box and the URL.
    pub text: String,
    /// The text typed, case- and accent-folded; empty shows every place.
    pub folded: String,
    /// Gazetteer ids of the places named exactly that, in any language ("Kharkov",
    /// "Харків" name Kharkiv), as the parsing worker answered.
    pub ids: std::collections::BTreeSet<u32>,
    /// Only places in this country (ISO 3166-1 alpha-2 code).
    pub country: Option<String>,
    /// Only places drawn as this kind (a demonym is its own kind).
    pub kind: Option<MentionKind>,
}

impl PlaceQuery {
    /// A query for `text`, before the gazetteer has answered.
    pub fn new(text: &str) -> PlaceQuery {
        PlaceQuery {
            text: text.to_string(),
            folded: crate::text::fold_key(text.trim()),
            ..PlaceQuery::default()
        }
    }

    /// Replaces the typed text, keeping the country and kind; the gazetteer's answer for the
    /// old text no longer applies.
    pub fn set_text(&mut self, text: &str) {
        let country = self.country.take();
        let kind = self.kind.take();
        *self = PlaceQuery {
            country,
            kind,
            ..PlaceQuery::new(text)
        };
    }

    /// True when the query hides any place.
    pub fn is_active(&self) -> bool {
        !self.folded.is_empty() || self.country.is_some() || self.kind.is_some()
    }

    /// True when the place matches: it is in the chosen country and of the chosen kind, and
    /// its display name or a name it was written as contains the text, or the gazetteer knows
    /// it by that name.
    pub fn matches(&self, group: &PlaceGroup) -> bool {
        self.country
            .as_deref()
            .is_none_or(|c| group.place.country.as_deref() == Some(c))
            && self.kind.is_none_or(|k| group.kind == k)
            && self.matches_text(group)
    }

    fn matches_text(&self, group: &PlaceGroup) -> bool {
        self.folded.is_empty()
            || self.ids.contains(&group.key.id)
            || crate::text::fold_key(&group.place.name).contains(&self.folded)
            || group
                .names
                .iter()
                .any(|(n, _)| crate::text::fold_key(n).contains(&self.folded))
    }
}

/// What the user chose to see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Earliest article date shown (`YYYY-MM-DD`), inclusive.
    pub from: Option<String>,
    /// Latest article date shown, inclusive.
    pub to: Option<String>,
    /// Show demonyms ("Ukrainian") as places.
    pub demonyms: bool,
    /// Only places matching this, on the map and in the list.
    pub places: PlaceQuery,
}

impl Filter {
    /// True when the article is in the date range. Undated articles are always shown, since
    /// nothing says they are out of range.
    pub fn admits(&self, doc: &Document) -> bool {
        let Some(date) = doc.date.as_deref().map(|d| d.get(..10).unwrap_or(d)) else {
            return true;
        };
        self.from.as_deref().is_none_or(|from| date >= from)
            && self.to.as_deref().is_none_or(|to| date <= to)
    }

    /// True when the (effective) mention is drawn: resolved, and not a hidden demonym.
    pub fn shows(&self, mention: &Mention) -> bool {
        mention.place.is_some() && (self.demonyms || mention.kind != MentionKind::Demonym)
    }
}

/// Indices of the articles in the date range, in corpus order.
pub fn admitted(articles: &[Arc<Article>], filter: &Filter) -> Vec<usize> {
    articles
        .iter()
        .enumerate()
        .filter(|(_, a)| filter.admits(&a.doc))
        .map(|(i, _)| i)
        .collect()
}

/// One row of the article list.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleRow {
    /// The article's index in the corpus.
    pub index: usize,
    /// Its title for people ([`display_title`]).
    pub title: String,
    /// Its date, if it has one.
    pub date: Option<String>,
    /// How many of its mentions are drawn on the map.
    pub mentions: usize,
}

/// The rows of the article list: the articles in the date range, in corpus order.
pub fn article_rows(articles: &[Arc<Article>], filter: &Filter) -> Vec<ArticleRow> {
    articles
        .iter()
        .enumerate()
        .filter(|(_, a)| filter.admits(&a.doc))
        .map(|(index, a)| ArticleRow {
            index,
            title: display_title(&a.doc),
            date: a.doc.date.clone(),
            mentions: a.mentions.iter().filter(|m| m.is_mappable()).count(),
        })
        .collect()
}

/// The smallest and largest article dates, `YYYY-MM-DD`.
pub fn date_range(articles: &[Arc<Article>]) -> Option<(String, String)> {
    let mut dates = articles
        .iter()
        .filter_map(|a| a.doc.date.as_deref())
        .filter_map(|d| d.get(..10));
    let first = dates.next()?;
    let (lo, hi) = dates.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d)));
    Some((lo.to_string(), hi.to_string()))
}

/// The current view as documents with their effective, visible mentions: what the exports
/// write. Articles outside the date range are left out; corrections are applied; hidden
/// demonyms and "not a place" mentions are dropped.
pub fn view_articles(
    articles: &[Arc<Article>],
    corrections: &Corrections,
    filter: &Filter,
) -> Vec<(Document, Vec<Mention>)> {
    // With a place filter, only the places it lets on the map.
    let allowed: Option<std::collections::HashSet<PlaceKey>> =
        filter.places.is_active().then(|| {
            group_places(articles, corrections, filter)
                .iter()
                .map(|g| g.key)
                .collect()
        });
    articles
        .iter()
        .filter(|a| filter.admits(&a.doc))
        .map(|a| {
            let mentions = a
                .mentions
                .iter()
                .filter_map(|m| effective(m, corrections))
                .map(|e| e.mention.into_owned())
                .filter(|m| filter.shows(m))
                .filter(|m| {
                    allowed.as_ref().is_none_or(|keys| {
                        m.place.as_ref().is_some_and(|p| {
                            keys.contains(&PlaceKey {
                                id: p.id.0,
                                demonym: m.kind == MentionKind::Demonym,
                            })
                        })
                    })
                })
                .map(|m| a.with_passage_text(m))
                .collect();
            (a.doc.clone(), mentions)
        })
        .collect()
}
