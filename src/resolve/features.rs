//! The features a candidate is scored on, and how they add up.
//!
//! [`PriorFeatures`] is what a candidate is before the document is read; [`ContextFeatures`]
//! is what the rest of the document says about it. Both are plain data with a `score` that
//! weighs them by the fitted constants of [`super::weights`], so the fitting script
//! (`scripts/fit-resolution.py`, through [`super::explain`]) and the resolver see the same
//! numbers. Computing the features is left to `prior.rs` and `context.rs`.

use super::weights;
use crate::gazetteer::PlaceKind;

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
pub(super) fn weight_if(holds: bool, weight: f32) -> f32 {
    if holds {
        weight
    } else {
        0.0
    }
}
