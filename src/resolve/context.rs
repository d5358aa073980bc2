//! The context: what the rest of a document says about each candidate.
//!
//! Round one of resolution picks each name's likeliest place on priors alone; the confident
//! picks then vote for their countries and regions and become anchors that pull nearby
//! candidates (haversine distance via the `geo` crate). Every vote and anchor remembers the
//! name that cast it, so a name is never its own evidence. Round two reads each candidate
//! against this [`Context`] into [`ContextFeatures`]. Which villages stand at all is
//! `villages.rs`'s question.

use rustc_hash::FxHashMap as HashMap;

use geo::{Distance, Haversine, Point};

use super::villages::{is_village, village_region_earned, VILLAGE_KM};
use super::{Candidate, ContextFeatures};
use crate::gazetteer::{Place, PlaceId, PlaceKind};
use crate::recognize::Span;

/// Anchors more than this many degrees of latitude away (over 1,600 km) add nothing worth
/// a haversine.
const FAR_DEGREES: f64 = 15.0;

/// At most this many anchor places pull candidates towards them.
const MAX_ANCHORS: usize = 32;

/// The distance over which an anchor's pull falls to 1/e, in kilometres.
const ANCHOR_KM: f64 = 250.0;

/// A first-round choice votes only when its evidence times its probability reaches this.
const MIN_VOTE_WEIGHT: f32 = 0.3;

/// The vote a qualifier after a comma casts for its place ("Paris, Texas": Texas), whatever
/// the name before it.
const QUALIFIER_VOTE: f32 = 1.0;

/// A town or district becomes an anchor only when its first-round probability is above this.
const ANCHOR_PROBABILITY: f32 = 0.6;

/// The votes one name cast, and their total weight.
type Ballot = (Vec<(PlaceId, f32)>, f32);

/// What the document says about where it is set: votes for countries and regions, and
/// anchor points, each remembered with the name that cast it so that a name is never its
/// own evidence.
#[derive(Debug, Default)]
pub(super) struct Context<'s> {
    pub(super) votes: HashMap<PlaceId, f32>,
    pub(super) total: f32,
    /// Votes cast by each name (span key), to take back when that name is scored.
    own: HashMap<&'s str, Ballot>,
    pub(super) anchors: Vec<(Point, f32, &'s str)>,
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
    pub(super) fn read_areas(&mut self, keys: &[&'s str], candidates: &[Vec<Candidate<'_>>]) {
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

    /// Whether a name other than `key` names the region or district `place` itself.
    pub(super) fn named_by_other(&self, place: PlaceId, key: &str) -> bool {
        self.named
            .iter()
            .any(|(named, from)| *named == place && *from != key)
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
    pub(super) fn share(&self, key: &str, place: PlaceId) -> (f32, f32) {
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

/// Gathers the countries, regions and anchor points that confident first-round choices name.
pub(super) fn build_context<'s>(
    spans: &'s [Span],
    first: &[Option<(Candidate<'_>, f32)>],
) -> Context<'s> {
    let mut ctx = Context::default();
    for (span, choice) in spans.iter().zip(first) {
        let Some((candidate, probability)) = choice else {
            continue;
        };
        let place = candidate.place;
        let weight = span.evidence * probability;
        if weight < MIN_VOTE_WEIGHT {
            continue;
        }
        let key = span.key.as_str();
        ctx.total += weight;
        ctx.own.entry(key).or_default().1 += weight;
        if let Some(c) = candidate.country {
            Context::vote(&mut ctx.own, &mut ctx.votes, key, c, weight);
        }
        if let Some(q) = span.qualifier {
            Context::vote(&mut ctx.own, &mut ctx.votes, key, q.place, QUALIFIER_VOTE);
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
        if matches!(place.kind, PlaceKind::City | PlaceKind::District)
            && *probability > ANCHOR_PROBABILITY
        {
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
pub(super) fn context_features(
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
    // "the Middle East", "the Atlantic": a town named like a named area (a continent, a sea)
    // is not made likelier by its country alone; the area has no country to be voted for.
    let named_like_area =
        p.kind == PlaceKind::City && siblings.iter().any(|s| s.place.kind == PlaceKind::Area);
    if let Some(country) = c.country.filter(|_| !named_like_area) {
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
    // likelier, unless the state is named after its own town ("Zaporizhzhia" with Berdyansk
    // is still the city: a bare name that is also its region's means the city).
    match p.kind {
        PlaceKind::District => f.district_named = ctx.town_read_in(key, p.id, siblings),
        PlaceKind::Region if !c.features.eponymous_region => {
            f.region_read = ctx.town_read_in(key, p.id, siblings);
        }
        PlaceKind::City if !village => {
            f.district_named = c.district.is_some_and(|d| ctx.district_read(key, d));
        }
        _ => {}
    }
    if village {
        f.district_named = c.district.is_some_and(|d| ctx.named_by_other(d, key));
        if nearest_km.is_finite() {
            f.village_proximity = (-nearest_km / VILLAGE_KM).exp() as f32;
        }
    }
    f
}

/// Kilometres from a place to the nearest anchor that another name placed.
pub(super) fn nearest_anchor_km(p: &Place<'_>, key: &str, ctx: &Context<'_>) -> f64 {
    let here = Point::new(p.lon, p.lat);
    ctx.anchors
        .iter()
        .filter(|(a, _, from)| *from != key && (a.y() - here.y()).abs() < FAR_DEGREES)
        .map(|(a, _, _)| Haversine.distance(here, *a) / 1000.0)
        .fold(f64::INFINITY, f64::min)
}
