//! The weights of resolution's scores, in log-odds.
//!
//! A candidate's score is its prior ([`PriorWeights`], what the place is) plus what the
//! document says ([`ContextWeights`]); scores become probabilities by a softmax over a span's
//! candidates. These values are fitted, not tuned by hand: `scripts/fit-resolution.py` fits a
//! conditional logit over the candidates of every recognised span of the development corpora,
//! with article-level cross-validation, and prints this file's constants. Refit after a change
//! to the gazetteer or to the features (see that script's header).

/// Weights of a candidate's prior.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PriorWeights {
    /// A country, before its population counts.
    pub country: f32,
    /// Per power of ten of a country's population.
    pub country_population: f32,
    /// A first-level region, before its population counts.
    pub region: f32,
    /// Per power of ten of a region's population (the sum of its towns').
    pub region_population: f32,
    /// A named area (continent, sea, Donbas).
    pub area: f32,
    /// A second-level district, before its population counts.
    pub district: f32,
    /// Per power of ten of a district's population.
    pub district_population: f32,
    /// Per power of ten of a town's population.
    pub city_population: f32,
    /// A national capital.
    pub capital: f32,
    /// The name is only another spelling of the place.
    pub not_preferred: f32,
    /// "city" or "town" in the text, and the candidate is a town.
    pub city_cue: f32,
    /// A country's own name, and this place only has it as another spelling.
    pub country_alias: f32,
    /// A region or district named after one of the candidate towns in it, with no "region"
    /// (or "county") in the text.
    pub eponymous_region: f32,
    /// The most populous candidate of its kind.
    pub largest: f32,
}

/// Weights of what the document says about a candidate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ContextWeights {
    /// The candidate lies in the country or region named after a comma ("Paris, Texas").
    pub qualifier_inside: f32,
    /// It does not.
    pub qualifier_outside: f32,
    /// Other names point to the candidate's country.
    pub country_voted: f32,
    /// Times their share of the document's votes.
    pub country_share: f32,
    /// Other names point to the candidate's region.
    pub region_voted: f32,
    /// Times their share of the document's votes.
    pub region_share: f32,
    /// Times exp(-km / 250) to the nearest confident place named.
    pub anchor_proximity: f32,
    /// The document names the candidate's district (a village's raion, a town's county), or,
    /// for a district, a town that lies in it: "Paris" and "Henry County" together.
    pub district_named: f32,
    /// A region in which another of the document's names could mean a town.
    pub region_read: f32,
    /// Times exp(-km / 40) from a village to the nearest confident place named.
    pub village_proximity: f32,
}

/// The prior's weights.
pub const PRIOR: PriorWeights = PriorWeights {
    country: 5.0,
    country_population: 0.3,
    region: 2.5,
    region_population: 0.25,
    area: 3.5,
    district: 0.5,
    district_population: 0.3,
    city_population: 0.6,
    capital: 1.5,
    not_preferred: -1.0,
    city_cue: 3.0,
    country_alias: -2.5,
    eponymous_region: -3.0,
    largest: 0.0,
};

/// The context's weights.
pub const CONTEXT: ContextWeights = ContextWeights {
    qualifier_inside: 8.0,
    qualifier_outside: -4.0,
    country_voted: 0.8,
    country_share: 3.0,
    region_voted: 1.5,
    region_share: 1.5,
    anchor_proximity: 2.0,
    district_named: 3.0,
    region_read: 1.5,
    village_proximity: 3.0,
};
