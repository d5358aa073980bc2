//! The prior: what each candidate of a span is before the document is read.
//!
//! A span's candidates are scored by kind, population, capital and spelling
//! ([`PriorFeatures`]), cut to the likeliest (plus villages that evidence may still pick,
//! see `villages.rs`), and then read against each other: a region or district named after
//! a town in it means the town unless the text says "region" or "county".

use super::villages::keep_villages_past_the_cut;
use super::{Candidate, PriorFeatures};
use crate::gazetteer::{Brief, Gazetteer, PlaceId, PlaceKind};
use crate::recognize::{KindCue, Span};

/// At most this many candidates per span are scored, the likeliest by prior.
pub(super) const MAX_CANDIDATES: usize = 15;

/// A span's candidates with their priors, the likeliest [`MAX_CANDIDATES`].
pub(super) fn prior_candidates<'g>(g: &'g Gazetteer, span: &Span) -> Vec<Candidate<'g>> {
    let mut candidates: Vec<Candidate<'g>> = prior_sorted(g, span)
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
    mark_eponymous_regions(span, &mut candidates);
    candidates
}

/// The span's places with their prior features and scores, best first, cut to the
/// likeliest.
fn prior_sorted(g: &Gazetteer, span: &Span) -> Vec<(PlaceId, (PriorFeatures, f32))> {
    // A country's own name means the country: places that merely share it as another
    // spelling ("Mexico" for Mexico City) start further behind.
    let names_a_country = span
        .hits
        .iter()
        .any(|h| h.preferred && g.brief(h.id).is_some_and(|b| b.kind == PlaceKind::Country));
    let briefs: Vec<(PlaceId, bool, Brief)> = span
        .hits
        .iter()
        .filter_map(|h| Some((h.id, h.preferred, g.brief(h.id)?)))
        .collect();
    // The largest population of each kind, in one pass over the hits.
    let mut largest = [0u64; 5]; // one slot per PlaceKind, by its declaration order
    for (_, _, b) in &briefs {
        let top = &mut largest[b.kind as usize];
        *top = (*top).max(b.population);
    }
    let mut out: Vec<(PlaceId, (PriorFeatures, f32))> = briefs
        .iter()
        .map(|&(id, preferred, brief)| {
            let Brief {
                kind,
                population,
                capital,
            } = brief;
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
    out
}

/// A region or district named after a town in it ("Kharkiv", "Zaporizhzhia", the City of
/// Brisbane) means the town unless the text says "region", "oblast" or "county": such
/// candidates take the eponymous-region weight, and the candidates are sorted again.
fn mark_eponymous_regions(span: &Span, candidates: &mut [Candidate<'_>]) {
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
}
