//! Mentions grouped by place ([`group_places`]): the rows of the place list and the markers of
//! the map, and the choropleth's count classes.

use super::*;

/// Every mention of one place in the visible articles.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceGroup {
    /// The place's key.
    pub key: PlaceKey,
    /// The place (as resolved or corrected).
    pub place: ResolvedPlace,
    /// How the place is drawn: the kind of its mentions (demonym, or the place's kind).
    pub kind: MentionKind,
    /// Mentions, in corpus order.
    pub mentions: Vec<MentionRef>,
    /// Number of distinct articles that mention it.
    pub articles: usize,
    /// Names as written, with counts, most frequent first.
    pub names: Vec<(String, usize)>,
    /// True when at least one mention was placed here by a correction.
    pub corrected: bool,
    /// Number of mentions: `mentions.len()`, plus the counts imported without passages.
    pub total: usize,
}

impl PlaceGroup {
    /// Number of mentions.
    pub fn count(&self) -> usize {
        self.total
    }
}

/// Groups the visible, effective mentions of a corpus by place; most mentioned first, then by
/// name. Only the places the filter's place query matches are kept.
pub fn group_places(
    articles: &[Arc<Article>],
    corrections: &Corrections,
    filter: &Filter,
) -> Vec<PlaceGroup> {
    let mut groups = group_all_places(articles, corrections, filter);
    groups.retain(|g| filter.places.matches(g));
    groups
}

/// [`group_places`] before the place query: every place in the date range, which the
/// country and kind choices are made from, and which the page filters again on each
/// keystroke without grouping the corpus anew.
pub fn group_all_places(
    articles: &[Arc<Article>],
    corrections: &Corrections,
    filter: &Filter,
) -> Vec<PlaceGroup> {
    let mut groups: Vec<PlaceGroup> = Vec::new();
    let mut slot: HashMap<PlaceKey, usize> = HashMap::new();
    for (ai, article) in articles.iter().enumerate() {
        if !filter.admits(&article.doc) {
            continue;
        }
        for (mi, raw) in article.mentions.iter().enumerate() {
            let Some(eff) = effective(raw, corrections) else {
                continue;
            };
            let m = eff.mention.as_ref();
            if !filter.shows(m) {
                continue;
            }
            let Some(place) = m.place.as_ref() else {
                continue;
            };
            let key = PlaceKey {
                id: place.id.0,
                demonym: m.kind == MentionKind::Demonym,
            };
            let at = *slot.entry(key).or_insert_with(|| {
                groups.push(PlaceGroup {
                    key,
                    place: place.clone(),
                    kind: if key.demonym {
                        MentionKind::Demonym
                    } else {
                        place.kind.into()
                    },
                    mentions: Vec::new(),
                    articles: 0,
                    names: Vec::new(),
                    corrected: false,
                    total: 0,
                });
                groups.len() - 1
            });
            let g = &mut groups[at];
            if g.mentions.last().is_none_or(|last| last.article != ai) {
                g.articles += 1;
            }
            g.mentions.push(MentionRef {
                article: ai,
                index: mi,
            });
            g.corrected |= eff.corrected;
            g.total += article.weight(mi);
            match g.names.iter_mut().find(|(n, _)| n == &m.text) {
                Some((_, c)) => *c += 1,
                None => g.names.push((m.text.clone(), 1)),
            }
        }
    }
    for g in &mut groups {
        g.names
            .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    }
    groups.sort_by(|a, b| {
        b.count()
            .cmp(&a.count())
            .then_with(|| a.place.name.cmp(&b.place.name))
            .then_with(|| a.key.cmp(&b.key))
    });
    groups
}

/// The choices of the place list's country and kind filters, each with how many places it
/// would keep.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlaceFacets {
    /// ISO 3166-1 alpha-2 codes, most places first, then by code.
    pub countries: Vec<(String, usize)>,
    /// Kinds present, from country down to city, then demonym.
    pub kinds: Vec<(MentionKind, usize)>,
}

/// The [`PlaceFacets`] of a list of places.
pub fn place_facets(groups: &[PlaceGroup]) -> PlaceFacets {
    let mut countries: HashMap<&str, usize> = HashMap::new();
    let mut kinds: HashMap<MentionKind, usize> = HashMap::new();
    for g in groups {
        if let Some(c) = g.place.country.as_deref() {
            *countries.entry(c).or_default() += 1;
        }
        *kinds.entry(g.kind).or_default() += 1;
    }
    let mut countries: Vec<(String, usize)> = countries
        .into_iter()
        .map(|(c, n)| (c.to_string(), n))
        .collect();
    countries.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let kinds = MentionKind::ALL
        .into_iter()
        .filter_map(|k| kinds.get(&k).map(|&n| (k, n)))
        .collect();
    PlaceFacets { countries, kinds }
}

/// The points of the city density layer: each city's position with an intensity in (0, 1],
/// the square root of its count over the largest city count, so a capital named a thousand
/// times does not wash out the towns around it.
pub fn heat_points(groups: &[PlaceGroup]) -> Vec<[f64; 3]> {
    let cities = || groups.iter().filter(|g| g.kind == MentionKind::City);
    let max = cities().map(PlaceGroup::count).max().unwrap_or(0) as f64;
    cities()
        .map(|g| {
            let weight = (g.count() as f64 / max).sqrt();
            [g.place.lat, g.place.lon, weight]
        })
        .collect()
}

/// Where the reader pane should go: a mention to scroll to, and whether keyboard focus
/// follows (it does when the user asked for the passage, not when a marker was clicked).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReaderTarget {
    /// The mention to show.
    pub at: MentionRef,
    /// Move keyboard focus to the mention.
    pub focus: bool,
}

/// The mention the reader shows first for a place: its first mention outside site
/// boilerplate, else its first mention.
pub fn first_passage(group: &PlaceGroup, articles: &[Arc<Article>]) -> Option<MentionRef> {
    let boilerplate = |r: &MentionRef| {
        articles
            .get(r.article)
            .and_then(|a| a.mentions.get(r.index))
            .is_none_or(|m| m.passage.boilerplate)
    };
    group
        .mentions
        .iter()
        .find(|r| !boilerplate(r))
        .or_else(|| group.mentions.first())
        .copied()
}

/// A name the user marked "not a place" from a popup, kept so that popup can undo it in place.
#[derive(Debug, Clone, PartialEq)]
pub struct Removal {
    /// The place whose popup offered the button.
    pub key: PlaceKey,
    /// The name as written.
    pub name: String,
    /// The name's correction before, restored by undo.
    pub previous: Option<Correction>,
}

/// Classes of a choropleth by mention count: the lowest count of each class, from 1 up,
/// on a 1-2-5 scale so the legend reads in round numbers; at most `classes` of them.
///
/// ```text
/// counts up to 3    -> [1, 2]           ("1", "2–3")
/// counts up to 700  -> [1, 5, 20, 100, 500]
/// ```
pub fn count_classes(max_count: usize, classes: usize) -> Vec<usize> {
    let mut steps: Vec<usize> = Vec::new();
    let mut magnitude = 1usize;
    'scale: loop {
        for m in [1, 2, 5] {
            let step = magnitude.saturating_mul(m);
            if step > max_count {
                break 'scale;
            }
            steps.push(step);
        }
        magnitude = magnitude.saturating_mul(10);
    }
    if steps.len() <= classes || classes < 2 {
        steps.truncate(classes.max(1));
        return steps;
    }
    // Keep the first and last and spread the rest evenly.
    (0..classes)
        .map(|i| steps[i * (steps.len() - 1) / (classes - 1)])
        .collect()
}

/// The class of `count` among [`count_classes`]'s lower bounds.
pub fn class_of(count: usize, lower_bounds: &[usize]) -> usize {
    lower_bounds
        .iter()
        .rposition(|&low| count >= low)
        .unwrap_or(0)
}

/// One row of the place list.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceRow {
    /// The place.
    pub key: PlaceKey,
    /// Its display name.
    pub name: String,
    /// How it is drawn.
    pub kind: MentionKind,
    /// ISO 3166-1 alpha-2 code of its country.
    pub country: Option<String>,
    /// Mentions in view.
    pub count: usize,
    /// True when a correction put some of them here.
    pub corrected: bool,
}

/// The places a popup offers for one name: what its mentions resolve to now, and the
/// runners-up to switch to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Candidates {
    /// The place the name's mentions resolve to after corrections.
    pub current: Option<ResolvedPlace>,
    /// Up to three other places the name could mean.
    pub others: Vec<ResolvedPlace>,
    /// The user corrected this name.
    pub corrected: bool,
}

/// The [`Candidates`] for `name` among a place group's mentions (from its first mention of
/// that name still on the map).
pub fn candidates_for(
    articles: &[Arc<Article>],
    corrections: &Corrections,
    group: &PlaceGroup,
    name: &str,
) -> Candidates {
    for r in &group.mentions {
        let Some(m) = articles
            .get(r.article)
            .and_then(|a| a.mentions.get(r.index))
        else {
            continue;
        };
        if m.text != name {
            continue;
        }
        if let Some(eff) = effective(m, corrections) {
            return Candidates {
                current: eff.mention.place.clone(),
                others: eff.mention.candidates.iter().take(3).cloned().collect(),
                corrected: eff.corrected,
            };
        }
    }
    Candidates::default()
}
