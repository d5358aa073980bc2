//! Resolution: choosing the place each mention refers to.
//!
//! Every candidate starts from a prior (its kind, its population, whether it is a capital,
//! whether the name is one of its preferred names). The document then speaks in two
//! rounds: places that are clear on their own (countries, regions, large cities, qualified
//! names) vote for their country and region and pull nearby candidates towards them
//! (haversine distance via the `geo` crate); the same name is resolved the same way
//! throughout a document ("one sense per discourse"). A candidate's score is its share of
//! the softmax over the span's candidates.

use rustc_hash::FxHashMap as HashMap;

use geo::{Distance, Haversine, Point};

use crate::gazetteer::{Gazetteer, Place, PlaceId, PlaceKind};
use crate::recognize::{KindCue, Span};

pub mod weights;

/// At most this many candidates per span are scored, the likeliest by prior.
const MAX_CANDIDATES: usize = 15;

/// Anchors more than this many degrees of latitude away (over 1,600 km) add nothing worth
/// a haversine.
const FAR_DEGREES: f64 = 15.0;

/// At most this many anchor places pull candidates towards them.
const MAX_ANCHORS: usize = 32;

/// A scored candidate for one span.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    /// The place.
    pub id: PlaceId,
    /// Its share of the span's probability mass, from 0 to 1.
    pub probability: f32,
}

/// How many candidates after the best a resolution keeps, for a user to correct with.
pub const RUNNERS_UP: usize = 3;

/// The resolution of one span: the best candidate and up to [`RUNNERS_UP`] others, best
/// first, with probabilities shared out over every candidate considered.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution {
    /// Candidates, best first; empty when the span had none.
    pub ranked: Vec<Scored>,
}

impl Resolution {
    /// The chosen place.
    pub fn best(&self) -> Option<Scored> {
        self.ranked.first().copied()
    }
}

/// A candidate place with what resolution asks of it, looked up once.
#[derive(Debug, Clone, Copy)]
struct Candidate<'g> {
    place: Place<'g>,
    country: Option<PlaceId>,
    region: Option<PlaceId>,
    /// What the candidate is before the document is read.
    features: PriorFeatures,
    prior: f32,
}

/// What is known of a candidate before the document is read: the inputs of its prior.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PriorFeatures {
    /// The kind of place.
    pub kind: Option<PlaceKind>,
    /// log10(population + 1).
    pub log_population: f32,
    /// A national capital.
    pub capital: bool,
    /// The span's name is only another spelling of the place, not one of its own names.
    pub not_preferred: bool,
    /// The text says "city" or "town" and the candidate is one.
    pub city_cue: bool,
    /// The name is a country's own name, and this place only has it as another spelling.
    pub country_alias: bool,
    /// A region named after a city that is also a candidate, with no "region" in the text.
    pub eponymous_region: bool,
    /// The most populous candidate of its kind among the span's candidates.
    pub largest: bool,
}

impl PriorFeatures {
    /// The prior: how likely the place is before the document is read, in log-odds.
    pub fn score(&self) -> f32 {
        let w = &weights::PRIOR;
        let pop = self.log_population;
        let mut s = match self.kind {
            Some(PlaceKind::Country) => w.country + w.country_population * pop,
            Some(PlaceKind::Region) => w.region + w.region_population * pop,
            Some(PlaceKind::Area) => w.area,
            Some(PlaceKind::District) => w.district + w.district_population * pop,
            Some(PlaceKind::City) | None => w.city_population * pop,
        };
        let flag = |on: bool, weight: f32| if on { weight } else { 0.0 };
        s += flag(self.capital, w.capital);
        s += flag(self.not_preferred, w.not_preferred);
        s += flag(self.city_cue, w.city_cue);
        s += flag(self.country_alias, w.country_alias);
        s += flag(self.eponymous_region, w.eponymous_region);
        s += flag(self.largest, w.largest);
        s
    }
}

/// What the rest of the document says about a candidate.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ContextFeatures {
    /// A qualifier follows the name ("Paris, Texas") and the candidate lies in it.
    pub qualifier_inside: bool,
    /// A qualifier follows the name and the candidate does not lie in it.
    pub qualifier_outside: bool,
    /// Other names in the document point to the candidate's country.
    pub country_voted: bool,
    /// Their share of all the document's votes, from 0 to 1.
    pub country_share: f32,
    /// Other names in the document point to the candidate's first-level region.
    pub region_voted: bool,
    /// Their share of all the document's votes, from 0 to 1.
    pub region_share: f32,
    /// exp(-km / 250) to the nearest confident place the document names, 0 when none.
    pub anchor_proximity: f32,
}

impl ContextFeatures {
    /// What the context adds to the prior, in log-odds.
    pub fn score(&self) -> f32 {
        let w = &weights::CONTEXT;
        let flag = |on: bool, weight: f32| if on { weight } else { 0.0 };
        flag(self.qualifier_inside, w.qualifier_inside)
            + flag(self.qualifier_outside, w.qualifier_outside)
            + flag(self.country_voted, w.country_voted)
            + w.country_share * self.country_share
            + flag(self.region_voted, w.region_voted)
            + w.region_share * self.region_share
            + w.anchor_proximity * self.anchor_proximity
    }
}

/// The votes one name cast, and their total weight.
type Ballot = (Vec<(PlaceId, f32)>, f32);

/// What the document says about where it is set: votes for countries and regions, and
/// anchor points, each remembered with the name that cast it so that a name is never its
/// own evidence.
#[derive(Debug, Default)]
struct Context<'s> {
    votes: HashMap<PlaceId, f32>,
    total: f32,
    /// Votes cast by each name (span key), to take back when that name is scored.
    own: HashMap<&'s str, Ballot>,
    anchors: Vec<(Point, f32, &'s str)>,
}

impl Context<'_> {
    fn vote<'s>(
        own: &mut HashMap<&'s str, Ballot>,
        votes: &mut HashMap<PlaceId, f32>,
        key: &'s str,
        place: PlaceId,
        weight: f32,
    ) {
        *votes.entry(place).or_default() += weight;
        own.entry(key).or_default().0.push((place, weight));
    }

    /// Votes for `place` from names other than `key`, as a share of all their votes.
    fn share(&self, key: &str, place: PlaceId) -> (f32, f32) {
        let all = self.votes.get(&place).copied().unwrap_or(0.0);
        let (mine, my_total) = match self.own.get(key) {
            Some((list, total)) => (
                list.iter()
                    .filter(|(p, _)| *p == place)
                    .map(|(_, w)| w)
                    .sum(),
                *total,
            ),
            None => (0.0, 0.0),
        };
        let others = (all - mine).max(0.0);
        let total = (self.total - my_total).max(0.0);
        (
            others,
            if total > 0.0 {
                (others / total).min(1.0)
            } else {
                0.0
            },
        )
    }
}

/// Resolves every span of one document.
pub fn resolve(gazetteer: &Gazetteer, spans: &[Span]) -> Vec<Resolution> {
    let (group_of, groups) = score_groups(gazetteer, spans);
    let resolutions: Vec<Resolution> = groups
        .iter()
        .map(|scored| {
            let scored: Vec<(Candidate<'_>, f32)> = scored
                .iter()
                .map(|(c, context)| (*c, c.prior + context.score()))
                .collect();
            rank(&scored)
        })
        .collect();
    group_of.iter().map(|&k| resolutions[k].clone()).collect()
}

/// One candidate of a span with the features that scored it.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq)]
pub struct ExplainedCandidate {
    /// The place.
    pub id: PlaceId,
    /// What it is before the document is read.
    pub prior: PriorFeatures,
    /// What the document says about it.
    pub context: ContextFeatures,
}

/// Every span's scored candidates, for fitting [`weights`] (`scripts/fit-resolution.py`).
#[doc(hidden)]
pub fn explain(gazetteer: &Gazetteer, spans: &[Span]) -> Vec<Vec<ExplainedCandidate>> {
    let (group_of, groups) = score_groups(gazetteer, spans);
    group_of
        .iter()
        .map(|&k| {
            groups[k]
                .iter()
                .map(|(c, context)| ExplainedCandidate {
                    id: c.place.id,
                    prior: c.features,
                    context: *context,
                })
                .collect()
        })
        .collect()
}

/// Each span's group, and each group's candidates with what the document says about them.
type ScoredGroups<'g> = (Vec<usize>, Vec<Vec<(Candidate<'g>, ContextFeatures)>>);

/// Scores the candidates of every group of same-named spans in two rounds.
fn score_groups<'g>(g: &'g Gazetteer, spans: &[Span]) -> ScoredGroups<'g> {
    // Spans that share a name, a kind cue and a qualifier share their candidates and their
    // context, so each group is scored once and all its spans get the same place: one sense
    // per discourse.
    let mut groups: HashMap<(&str, bool, KindCue, Option<PlaceId>), usize> = HashMap::default();
    let mut representatives: Vec<usize> = Vec::new();
    let group_of: Vec<usize> = spans
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let key = (
                s.key.as_str(),
                s.demonym,
                s.kind_cue,
                s.qualifier.map(|q| q.place),
            );
            *groups.entry(key).or_insert_with(|| {
                representatives.push(i);
                representatives.len() - 1
            })
        })
        .collect();
    let candidates: Vec<Vec<Candidate<'g>>> = representatives
        .iter()
        .map(|&i| prior_candidates(g, &spans[i]))
        .collect();

    // Round one: priors alone. Candidates come sorted by prior: the first is the best, and
    // its softmax share is 1 / Σ exp(prior - best).
    let first_of_group: Vec<Option<(Candidate<'_>, f32)>> = candidates
        .iter()
        .map(|c| {
            let best = c.first()?;
            let sum: f32 = c.iter().map(|x| (x.prior - best.prior).exp()).sum();
            Some((*best, 1.0 / sum))
        })
        .collect();
    let first: Vec<Option<(Candidate<'_>, f32)>> =
        group_of.iter().map(|&k| first_of_group[k]).collect();
    let context = build_context(spans, &first);

    // Round two: what the rest of the document says about each candidate.
    let scored = representatives
        .iter()
        .zip(candidates)
        .map(|(&i, cands)| {
            cands
                .into_iter()
                .map(|c| {
                    let features = context_features(&spans[i], &c, &context);
                    (c, features)
                })
                .collect()
        })
        .collect();
    (group_of, scored)
}

/// A span's candidates with their priors, the likeliest [`MAX_CANDIDATES`].
fn prior_candidates<'g>(g: &'g Gazetteer, span: &Span) -> Vec<Candidate<'g>> {
    // A country's own name means the country: places that merely share it as another
    // spelling ("Mexico" for Mexico City) start further behind.
    let names_a_country = span
        .hits
        .iter()
        .any(|h| h.preferred && matches!(g.brief(h.id), Some((PlaceKind::Country, _, _))));
    let briefs: Vec<(PlaceId, bool, (PlaceKind, u64, bool))> = span
        .hits
        .iter()
        .filter_map(|h| Some((h.id, h.preferred, g.brief(h.id)?)))
        .collect();
    let largest_of = |kind: PlaceKind| {
        briefs
            .iter()
            .filter(|b| b.2 .0 == kind)
            .map(|b| b.2 .1)
            .max()
            .unwrap_or(0)
    };
    let mut out: Vec<(PlaceId, PriorFeatures)> = briefs
        .iter()
        .map(|&(id, preferred, (kind, population, capital))| {
            let features = PriorFeatures {
                kind: Some(kind),
                log_population: (population as f32 + 1.0).log10(),
                capital,
                not_preferred: !preferred,
                city_cue: span.kind_cue == KindCue::City && kind == PlaceKind::City,
                country_alias: names_a_country && !preferred && kind != PlaceKind::Country,
                eponymous_region: false,
                largest: population > 0 && population == largest_of(kind),
            };
            (id, features)
        })
        .collect();
    out.sort_by(|a, b| b.1.score().total_cmp(&a.1.score()));
    out.truncate(MAX_CANDIDATES);
    let mut candidates: Vec<Candidate<'g>> = out
        .into_iter()
        .map(|(id, features)| Candidate {
            place: g.place(id),
            country: g.country_of(id),
            region: g.region_of(id),
            features,
            prior: features.score(),
        })
        .collect();
    // A region named after its capital ("Kharkiv", "Zaporizhzhia") means the city unless
    // the text says "region" or "oblast".
    if span.kind_cue != KindCue::Region {
        let eponymous: Vec<PlaceId> = candidates
            .iter()
            .filter(|c| c.place.kind == PlaceKind::City)
            .filter_map(|c| c.region)
            .collect();
        for c in candidates.iter_mut() {
            if c.place.kind == PlaceKind::Region && eponymous.contains(&c.place.id) {
                c.features.eponymous_region = true;
                c.prior = c.features.score();
            }
        }
        candidates.sort_by(|a, b| b.prior.total_cmp(&a.prior));
    }
    candidates
}

/// The candidates as probabilities (a softmax over their scores), best first.
fn rank(scored: &[(Candidate<'_>, f32)]) -> Resolution {
    let max = scored.iter().map(|c| c.1).fold(f32::MIN, f32::max);
    let mut ranked: Vec<Scored> = scored
        .iter()
        .map(|(c, s)| Scored {
            id: c.place.id,
            probability: (s - max).exp(),
        })
        .collect();
    let sum: f32 = ranked.iter().map(|r| r.probability).sum();
    for r in &mut ranked {
        r.probability /= sum;
    }
    ranked.sort_by(|a, b| b.probability.total_cmp(&a.probability));
    ranked.truncate(1 + RUNNERS_UP);
    Resolution { ranked }
}

/// Gathers the countries, regions and anchor points that confident first-round choices name.
fn build_context<'s>(spans: &'s [Span], first: &[Option<(Candidate<'_>, f32)>]) -> Context<'s> {
    let mut ctx = Context::default();
    for (span, choice) in spans.iter().zip(first) {
        let Some((candidate, probability)) = choice else {
            continue;
        };
        let place = candidate.place;
        let weight = span.evidence * probability;
        if weight < 0.3 {
            continue;
        }
        let key = span.key.as_str();
        ctx.total += weight;
        ctx.own.entry(key).or_default().1 += weight;
        if let Some(c) = candidate.country {
            Context::vote(&mut ctx.own, &mut ctx.votes, key, c, weight);
        }
        if let Some(q) = span.qualifier {
            Context::vote(&mut ctx.own, &mut ctx.votes, key, q.place, 1.0);
        }
        if span.demonym {
            continue;
        }
        if let Some(r) = candidate.region {
            Context::vote(&mut ctx.own, &mut ctx.votes, key, r, weight);
        }
        if matches!(place.kind, PlaceKind::City | PlaceKind::District) && *probability > 0.6 {
            ctx.anchors
                .push((Point::new(place.lon, place.lat), weight, key));
        }
    }
    // Keep the strongest anchors, one per place, so long documents stay linear.
    ctx.anchors.sort_by(|a, b| b.1.total_cmp(&a.1));
    ctx.anchors.dedup_by(|a, b| a.0 == b.0);
    ctx.anchors.truncate(MAX_ANCHORS);
    ctx
}

/// What the rest of the document says about a candidate.
fn context_features(span: &Span, c: &Candidate<'_>, ctx: &Context<'_>) -> ContextFeatures {
    let p = &c.place;
    let key = span.key.as_str();
    let mut f = ContextFeatures::default();
    if let Some(q) = span.qualifier.map(|q| q.place) {
        let inside = c.country == Some(q) || c.region == Some(q) || p.id == q;
        f.qualifier_inside = inside;
        f.qualifier_outside = !inside;
    }
    if span.demonym {
        return f;
    }
    if let Some(country) = c.country {
        let (votes, share) = ctx.share(key, country);
        f.country_voted = votes > 0.0;
        f.country_share = share;
    }
    if p.kind != PlaceKind::Country {
        if let Some(r) = c.region {
            let (votes, share) = ctx.share(key, r);
            f.region_voted = votes > 0.0;
            f.region_share = share;
        }
    }
    let here = Point::new(p.lon, p.lat);
    let nearest_km = ctx
        .anchors
        .iter()
        .filter(|(a, _, from)| *from != key && (a.y() - here.y()).abs() < FAR_DEGREES)
        .map(|(a, _, _)| Haversine.distance(here, *a) / 1000.0)
        .fold(f64::INFINITY, f64::min);
    if nearest_km.is_finite() && p.kind != PlaceKind::Country {
        f.anchor_proximity = (-nearest_km / ANCHOR_KM).exp() as f32;
    }
    f
}

/// The distance over which an anchor's pull falls to 1/e, in kilometres.
const ANCHOR_KM: f64 = 250.0;
