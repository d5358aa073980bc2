//! The values the gazetteer hands out: a place's id, its kind, a place borrowed from the
//! gazetteer, and the row that prints one (the rows of `mentionmap places` and of Python's
//! `mentionmap.places()`, defined once so the two cannot drift apart).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Gazetteer;

/// Index of a place in its gazetteer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PlaceId(pub u32);

/// What sort of place a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    /// A sovereign country or dependent territory.
    Country,
    /// A first-level administrative division (oblast, state, province).
    Region,
    /// A second-level administrative division (county, raion, district).
    District,
    /// A geographic area without administrative status (Donbas, the Balkans).
    Area,
    /// A populated place.
    City,
}

impl PlaceKind {
    /// The kind's name as used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Country => "country",
            PlaceKind::Region => "region",
            PlaceKind::District => "district",
            PlaceKind::Area => "area",
            PlaceKind::City => "city",
        }
    }
}

impl fmt::Display for PlaceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place, borrowed from the gazetteer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place<'g> {
    /// Index in the gazetteer.
    pub id: PlaceId,
    /// Display name (English where the sources have one).
    pub name: &'g str,
    /// Country, region, district, area or city.
    pub kind: PlaceKind,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Population, 0 when unknown.
    pub population: u64,
    /// GeoNames id, when there is one.
    pub geonameid: Option<u32>,
    /// ISO 3166-1 alpha-2 country code, when the place is in or is a country.
    pub country: Option<&'g str>,
    /// The enclosing place: a city's or district's region, a region's country.
    pub parent: Option<PlaceId>,
    /// True for capitals of countries.
    pub capital: bool,
}

/// What [`Gazetteer::brief`](super::Gazetteer::brief) reads of a place: enough to rank candidates without decoding
/// the whole place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Brief {
    /// Country, region, district, area or city.
    pub kind: PlaceKind,
    /// Population (0 when unknown).
    pub population: u64,
    /// A national capital.
    pub capital: bool,
}

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
