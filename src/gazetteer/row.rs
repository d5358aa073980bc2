//! One gazetteer entry as printed for people and programs: the rows of `mentionmap places`
//! and of Python's `mentionmap.places()`, defined once so the two cannot drift apart.

use serde::Serialize;

use super::{Gazetteer, Place};

/// A place with the names of the regions it lies in, ready to print or serialise (the keys of
/// `mentionmap places --format jsonl`, in this order).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceRow<'a> {
    /// Country, region, district, area or city.
    pub kind: &'static str,
    /// Display name.
    pub name: &'a str,
    /// ISO 3166-1 alpha-2 code of the country.
    pub country: Option<&'a str>,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Population, 0 when unknown.
    pub population: u64,
    /// GeoNames id.
    pub geonameid: Option<u32>,
    /// The first-level region (oblast, state) it lies in.
    pub region: Option<&'a str>,
    /// The second-level district (raion, county) it lies in, when known.
    pub district: Option<&'a str>,
    /// The source its record comes from.
    pub source: Option<&'static str>,
}

impl<'a> PlaceRow<'a> {
    /// The row of a place of `gazetteer`.
    pub fn new(gazetteer: &'a Gazetteer, p: &Place<'a>) -> Self {
        let name_of = |id| gazetteer.get(id).map(|place| place.name);
        PlaceRow {
            kind: p.kind.as_str(),
            name: p.name,
            country: p.country,
            lat: p.lat,
            lon: p.lon,
            population: p.population,
            geonameid: p.geonameid,
            region: gazetteer
                .region_of(p.id)
                .filter(|r| *r != p.id)
                .and_then(name_of),
            district: gazetteer.district_of(p.id).and_then(name_of),
            source: gazetteer.source_of(p.id),
        }
    }
}
