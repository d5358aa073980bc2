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
    /// The raion or county, when the gazetteer knows it.
    district: Option<PlaceId>,
    /// What the candidate is before the document is read.
    features: PriorFeatures,
    prior: f32,
}

/// What is known of a candidate before the document is read: the inputs of its prior.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PriorFeatures {
    /// The kind of place.
    pub kind: PlaceKind,
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
    /// A region or district named after a town in it that is also a candidate, with no
    /// "region" (or "county") in the text.
    pub eponymous_region: bool,
    /// The most populous candidate of its kind among the span's candidates.
    pub largest: bool,
}

impl PriorFeatures {
    /// The prior: how likely the place is before the document is read, in log-odds.
    pub fn score(&self) -> f32 {
        let w = &weights::PRIOR;
        let pop = self.log_population;
        let base = match self.kind {
            PlaceKind::Country => w.country + w.country_population * pop,
            PlaceKind::Region => w.region + w.region_population * pop,
            PlaceKind::Area => w.area,
            PlaceKind::District => w.district + w.district_population * pop,
            PlaceKind::City => w.city_population * pop,
        };
        base + weight_if(self.capital, w.capital)
            + weight_if(self.not_preferred, w.not_preferred)
            + weight_if(self.city_cue, w.city_cue)
            + weight_if(self.country_alias, w.country_alias)
            + weight_if(self.eponymous_region, w.eponymous_region)
            + weight_if(self.largest, w.largest)
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
    /// The document names the candidate's district (a village's raion, a town's county), or,
    /// for a district, a town that lies in it: "Paris" and "Henry County" together.
    pub district_named: bool,
    /// For a first-level region, another name could mean a town in it: "Gainesville" and
    /// "Georgia" together make the state more likely than the country. (Not the other way
    /// round: a state holds too many towns for its name to single one out.)
    pub region_read: bool,
    /// For a village, exp(-km / 40) to the nearest confident place named: the sharper pull
    /// that singles a village out among its namesakes.
    pub village_proximity: f32,
}

impl ContextFeatures {
    /// What the context adds to the prior, in log-odds.
    pub fn score(&self) -> f32 {
        let w = &weights::CONTEXT;
        weight_if(self.qualifier_inside, w.qualifier_inside)
            + weight_if(self.qualifier_outside, w.qualifier_outside)
            + weight_if(self.country_voted, w.country_voted)
            + w.country_share * self.country_share
            + weight_if(self.region_voted, w.region_voted)
            + w.region_share * self.region_share
            + w.anchor_proximity * self.anchor_proximity
            + weight_if(self.district_named, w.district_named)
            + weight_if(self.region_read, w.region_read)
            + w.village_proximity * self.village_proximity
    }
}

/// A yes/no feature's weight when it holds, else nothing.
fn weight_if(holds: bool, weight: f32) -> f32 {
    if holds {
        weight
    } else {
        0.0
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
    /// Regions and districts the document names itself, with the name that named them.
    named: Vec<(PlaceId, &'s str)>,
    /// Every district that some name could mean, with that name: a town and the county it
    /// lies in, named in one text, explain each other ("Paris" and "Henry County" are Paris,
    /// Tennessee, and Henry County, Tennessee).
    district_readings: HashMap<PlaceId, Vec<&'s str>>,
    /// The region and district of every town (of known population) that some name could
    /// mean, with that name.
    town_areas: HashMap<PlaceId, Vec<(&'s str, PlaceId)>>,
}

impl<'s> Context<'s> {
    /// Records, for every group's candidates, the districts a name could mean and the
    /// regions and districts its towns lie in.
    fn read_areas(&mut self, keys: &[&'s str], candidates: &[Vec<Candidate<'_>>]) {
        for (&key, cands) in keys.iter().zip(candidates) {
            for c in cands {
                match c.place.kind {
                    PlaceKind::District => {
                        let names = self.district_readings.entry(c.place.id).or_default();
                        if !names.contains(&key) {
                            names.push(key);
                        }
                    }
                    PlaceKind::City if !is_village(&c.place) => {
                        for area in [c.region, c.district].into_iter().flatten() {
                            self.town_areas
                                .entry(area)
                                .or_default()
                                .push((key, c.place.id));
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    /// Whether a name other than `key` could mean the district `district`.
    fn district_read(&self, key: &str, district: PlaceId) -> bool {
        self.district_readings
            .get(&district)
            .is_some_and(|names| names.iter().any(|n| *n != key))
    }

    /// Whether a name other than `key` could mean a town in the region or district `area`,
    /// other than the towns `key` itself could mean ("Zaporozhye" and "Zaporizhzhia" are one
    /// town, and do not make each other's oblast).
    fn town_read_in(&self, key: &str, area: PlaceId, own: &[Candidate<'_>]) -> bool {
        self.town_areas.get(&area).is_some_and(|towns| {
            towns
                .iter()
                .any(|(n, town)| *n != key && !own.iter().any(|c| c.place.id == *town))
        })
    }

    fn vote(
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
    let mut context = build_context(spans, &first);
    let keys: Vec<&str> = representatives
        .iter()
        .map(|&i| spans[i].key.as_str())
        .collect();
    context.read_areas(&keys, &candidates);

    // Round two: what the rest of the document says about each candidate.
    let scored = representatives
        .iter()
        .zip(&candidates)
        .map(|(&i, cands)| {
            let prominent = cands.iter().any(is_prominent);
            cands
                .iter()
                .filter(|c| village_stands(g, &spans[i], c, &context, prominent))
                .map(|c| (*c, context_features(&spans[i], c, cands, &context)))
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
    // The largest population of each kind, in one pass over the hits.
    let mut largest = [0u64; 5]; // one slot per PlaceKind, by its declaration order
    for &(_, _, (kind, population, _)) in &briefs {
        let top = &mut largest[kind as usize];
        *top = (*top).max(population);
    }
    let mut out: Vec<(PlaceId, (PriorFeatures, f32))> = briefs
        .iter()
        .map(|&(id, preferred, (kind, population, capital))| {
            let features = PriorFeatures {
                kind,
                log_population: (population as f32 + 1.0).log10(),
                capital,
                not_preferred: !preferred,
                city_cue: span.kind_cue == KindCue::City && kind == PlaceKind::City,
                country_alias: names_a_country && !preferred && kind != PlaceKind::Country,
                eponymous_region: false,
                largest: population > 0 && population == largest[kind as usize],
            };
            (id, (features, features.score()))
        })
        .collect();
    out.sort_by(|a, b| b.1 .1.total_cmp(&a.1 .1));
    keep_villages_past_the_cut(g, &mut out);
    let mut candidates: Vec<Candidate<'g>> = out
        .into_iter()
        .map(|(id, (features, prior))| Candidate {
            place: g.place(id),
            country: g.country_of(id),
            region: g.region_of(id),
            district: g.district_of(id),
            features,
            prior,
        })
        .collect();
    // A region or district named after a town in it ("Kharkiv", "Zaporizhzhia", the City of
    // Brisbane) means the town unless the text says "region", "oblast" or "county".
    let outranked = |kind: PlaceKind| match kind {
        PlaceKind::Region => span.kind_cue != KindCue::Region,
        PlaceKind::District => span.kind_cue == KindCue::None || span.kind_cue == KindCue::City,
        _ => false,
    };
    let eponymous: Vec<PlaceId> = candidates
        .iter()
        .filter(|c| c.place.kind == PlaceKind::City)
        .flat_map(|c| [c.region, c.district])
        .flatten()
        .collect();
    let mut changed = false;
    for c in candidates.iter_mut() {
        if outranked(c.place.kind) && eponymous.contains(&c.place.id) {
            c.features.eponymous_region = true;
            c.prior = c.features.score();
            changed = true;
        }
    }
    if changed {
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
        if matches!(place.kind, PlaceKind::Region | PlaceKind::District) {
            ctx.named.push((place.id, key));
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
fn context_features(
    span: &Span,
    c: &Candidate<'_>,
    siblings: &[Candidate<'_>],
    ctx: &Context<'_>,
) -> ContextFeatures {
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
    let nearest_km = nearest_anchor_km(p, key, ctx);
    let village = is_village(p);
    if p.kind != PlaceKind::Country {
        if let Some(r) = c.region {
            let (votes, share) = ctx.share(key, r);
            if votes > 0.0 && (!village || village_region_earned(r, key, ctx, nearest_km)) {
                f.region_voted = true;
                f.region_share = share;
            }
        }
    }
    if nearest_km.is_finite() && p.kind != PlaceKind::Country {
        f.anchor_proximity = (-nearest_km / ANCHOR_KM).exp() as f32;
    }
    // A town and its county named in one text explain each other; a town makes its state
    // likelier.
    match p.kind {
        PlaceKind::District => f.district_named = ctx.town_read_in(key, p.id, siblings),
        PlaceKind::Region => f.region_read = ctx.town_read_in(key, p.id, siblings),
        PlaceKind::City if !village => {
            f.district_named = c.district.is_some_and(|d| ctx.district_read(key, d));
        }
        _ => {}
    }
    if village {
        f.district_named = c.district.is_some_and(|d| {
            ctx.named
                .iter()
                .any(|(named, from)| *named == d && *from != key)
        });
        if nearest_km.is_finite() {
            f.village_proximity = (-nearest_km / VILLAGE_KM).exp() as f32;
        }
    }
    f
}

/// The distance over which a named place's pull on a village falls to 1/e, in kilometres.
const VILLAGE_KM: f64 = 40.0;

/// The distance over which an anchor's pull falls to 1/e, in kilometres.
const ANCHOR_KM: f64 = 250.0;

/// At most this many villages of unknown population ([`is_village`]) are scored past the
/// [`MAX_CANDIDATES`] likeliest: their priors put them last, yet evidence in the document
/// can make one of them the answer.
const MAX_VILLAGES: usize = 48;

/// Cuts prior-sorted candidates to the [`MAX_CANDIDATES`] likeliest plus up to
/// [`MAX_VILLAGES`] villages from the rest.
fn keep_villages_past_the_cut<T>(g: &Gazetteer, sorted: &mut Vec<(PlaceId, T)>) {
    if sorted.len() <= MAX_CANDIDATES {
        return;
    }
    let mut rest = sorted.split_off(MAX_CANDIDATES);
    rest.retain(|(id, _)| matches!(g.brief(*id), Some((PlaceKind::City, 0, _))));
    rest.truncate(MAX_VILLAGES);
    sorted.extend(rest);
}

/// A settlement without a known population: one of the tens of thousands of villages that
/// share their names ("Andriivka", "Verbove"). It wins over a larger namesake only on
/// evidence (issue 10): its oblast or raion named in the document, or a named place within
/// tens of kilometres ("near Bakhmut", "the Kupiansk direction").
fn is_village(p: &Place<'_>) -> bool {
    p.kind == PlaceKind::City && p.population == 0
}

/// Kilometres from a place to the nearest anchor that another name placed.
fn nearest_anchor_km(p: &Place<'_>, key: &str, ctx: &Context<'_>) -> f64 {
    let here = Point::new(p.lon, p.lat);
    ctx.anchors
        .iter()
        .filter(|(a, _, from)| *from != key && (a.y() - here.y()).abs() < FAR_DEGREES)
        .map(|(a, _, _)| Haversine.distance(here, *a) / 1000.0)
        .fold(f64::INFINITY, f64::min)
}

/// A namesake this populous is what a bare name means, whatever lies near a village.
const PROMINENT_POPULATION: u64 = 100_000;

/// A candidate no village can displace on proximity alone.
fn is_prominent(c: &Candidate<'_>) -> bool {
    !is_village(&c.place) && c.place.population >= PROMINENT_POPULATION
}

/// Whether a village is a candidate at all. Tens of thousands of villages share their names
/// with towns and with English words, so one stands only on evidence: its raion named; or,
/// when no namesake is a city of [`PROMINENT_POPULATION`], its oblast named, a named place
/// within [`VILLAGE_REGION_KM`], another name in its country, or its name written in
/// Cyrillic. Ukraine and Russia count for each other: front-line news names both ("Russian
/// forces shelled Klishchiivka"). Other candidates always stand.
fn village_stands(
    g: &Gazetteer,
    span: &Span,
    c: &Candidate<'_>,
    ctx: &Context<'_>,
    prominent: bool,
) -> bool {
    if !is_village(&c.place) {
        return true;
    }
    let key = span.key.as_str();
    let named = |place: Option<PlaceId>| {
        place.is_some_and(|p| ctx.named.iter().any(|(n, from)| *n == p && *from != key))
    };
    let qualified = |place: Option<PlaceId>| span.qualifier.is_some_and(|q| Some(q.place) == place);
    if qualified(c.district) || named(c.district) {
        return true;
    }
    // Against a city of [`PROMINENT_POPULATION`], even an oblast after a comma is not enough
    // ("Pseudo-referenda in Zaporizhzhia, Kherson, Donetsk and Luhansk oblasts").
    if prominent {
        return false;
    }
    if qualified(c.region) || named(c.region) {
        return true;
    }
    // Written in Cyrillic: a Ukrainian or Russian text, where villages are at home.
    if crate::text::is_cyrillic_key(key) {
        return true;
    }
    if nearest_anchor_km(&c.place, key, ctx) < VILLAGE_REGION_KM {
        return true;
    }
    let front_line = |code: &str| matches!(code, "UA" | "RU");
    let country = c.place.country.unwrap_or("");
    ctx.votes.keys().any(|&v| {
        let Some(other) = g.get(v).filter(|p| p.kind == PlaceKind::Country) else {
            return false;
        };
        let code = other.country.unwrap_or("");
        let kin = code == country || (front_line(code) && front_line(country));
        kin && ctx.share(key, v).0 > 0.0
    })
}

/// A village is within this many kilometres of a named place for that place's region to
/// count for it.
const VILLAGE_REGION_KM: f64 = 60.0;

/// Whether the region votes count for a village: the region itself is named (by another
/// name than the village's), or a named place lies near it. A region that is only where a
/// city far away lies ("Zaporizhzhia" in a text about Dnipro) is not evidence for a village.
fn village_region_earned(region: PlaceId, key: &str, ctx: &Context<'_>, nearest_km: f64) -> bool {
    nearest_km < VILLAGE_REGION_KM
        || ctx
            .named
            .iter()
            .any(|(named, from)| *named == region && *from != key)
}
