//! The artefact's binary layout, in one place for the reader ([`Gazetteer`](super::Gazetteer))
//! and the writer ([`GazetteerBuilder`](super::build::GazetteerBuilder)).
//!
//! Every number is little-endian. The file is:
//!
//! ```text
//! header    "MMGZ", version (u32), place count (u32), then the byte length (u32) of each
//!           section after the place table, in the order of `Section`: 32 bytes in all
//! places    the place table, column by column (latitudes, then longitudes, …), each column
//!           stored as byte planes: byte 0 of every value, then byte 1 of every value, …;
//!           `COLUMNS` gives each column's offset in bytes per place and its width
//! strings   the places' names, one after another (their lengths are a column)
//! index     the fst map: folded key → number of the first posting of its list
//! postings  every key's list of places, one list after another, as byte planes of 3-byte
//!           postings: a place id (22 bits), the preferred flag, the flag of a list's last
//! meta      the provenance text (JSON)
//! extents   bounding boxes: place id, then west, south, east, north, sorted by id
//! ```
//!
//! Byte planes put the bytes that vary little (a latitude's high byte, a population's top
//! bytes) next to one another, where gzip finds them. The index maps a key to where its list
//! starts, a number that grows with the keys, which the fst shares between them; an offset,
//! or a lone posting inline, as the value made it half as large again. Against format 2
//! (each value's bytes together, lists with a count, lone postings inline), the bundled
//! artefact went from 7.76 to 7.19 MB and from 4.40 to 3.97 MB gzipped, with the same
//! contents.

use std::ops::Range;

use super::{GazetteerError, PlaceKind};

/// The first four bytes of every artefact.
pub(super) const MAGIC: &[u8; 4] = b"MMGZ";
/// The format version this build reads and writes.
pub(super) const VERSION: u32 = 3;
/// Where the version is in the header.
const VERSION_AT: usize = 4;
/// Where the place count is in the header.
const PLACES_AT: usize = 8;
/// Where the sections' lengths start in the header.
const SECTION_LENGTHS_AT: usize = 12;
/// The header's length: magic, version, place count and a length per section.
pub(super) const HEADER_LEN: usize = SECTION_LENGTHS_AT + 4 * SECTIONS;

/// One column of the place table.
#[derive(Debug, Clone, Copy)]
pub(super) struct Column {
    /// The column's offset in the table, in bytes per place: the column starts at
    /// `places * at`.
    pub(super) at: usize,
    /// Bytes per value.
    pub(super) width: usize,
}

impl Column {
    /// Where byte `k` of place `i`'s value is, in a table of `places` places that starts at
    /// `table`.
    pub(super) fn byte(self, table: usize, places: usize, i: usize, k: usize) -> usize {
        table + places * (self.at + k) + i
    }

    /// Place `i`'s value in a table of `places` places that starts at `table` in `b`.
    pub(super) fn read(self, b: &[u8], table: usize, places: usize, i: usize) -> u32 {
        read_planes(b, table + places * self.at, places, self.width, i)
    }

    /// Writes place `i`'s value into `table`, a place table of `places` places.
    pub(super) fn write(self, table: &mut [u8], places: usize, i: usize, value: u32) {
        write_planes(&mut table[places * self.at..], places, self.width, i, value);
    }
}

/// Value `i` of a block of `count` values of `width` bytes stored as byte planes from `start`.
pub(super) fn read_planes(b: &[u8], start: usize, count: usize, width: usize, i: usize) -> u32 {
    (0..width).fold(0, |value, k| {
        value | (b[start + k * count + i] as u32) << (8 * k)
    })
}

/// Writes value `i` of a block of `count` values of `width` bytes stored as byte planes.
pub(super) fn write_planes(block: &mut [u8], count: usize, width: usize, i: usize, value: u32) {
    for (k, byte) in value.to_le_bytes().into_iter().take(width).enumerate() {
        block[k * count + i] = byte;
    }
}

/// Latitude, whole ten-thousandths of a degree (i32).
pub(super) const LAT: Column = Column { at: 0, width: 4 };
/// Longitude, as the latitude.
pub(super) const LON: Column = Column { at: 4, width: 4 };
/// Population, 0 when unknown (u32).
pub(super) const POPULATION: Column = Column { at: 8, width: 4 };
/// GeoNames id, 0 when there is none (u32).
pub(super) const GEONAMEID: Column = Column { at: 12, width: 4 };
/// The enclosing place's id, or [`NO_PARENT`] (u32).
pub(super) const PARENT: Column = Column { at: 16, width: 4 };
/// The name's length in the string section (u16).
pub(super) const NAME_LEN: Column = Column { at: 20, width: 2 };
/// ISO 3166-1 alpha-2 code, or two spaces.
pub(super) const COUNTRY: Column = Column { at: 22, width: 2 };
/// [`kind_code`] of the place's kind.
pub(super) const KIND: Column = Column { at: 24, width: 1 };
/// `FLAG_*` bits.
pub(super) const FLAGS: Column = Column { at: 25, width: 1 };

/// Every column, in file order.
pub(super) const COLUMNS: [Column; 9] = [
    LAT, LON, POPULATION, GEONAMEID, PARENT, NAME_LEN, COUNTRY, KIND, FLAGS,
];

/// Bytes per place across the columns.
pub(super) const PLACE_BYTES: usize = 26;

// The columns follow one another without gaps and fill PLACE_BYTES.
const _: () = {
    let mut at = 0;
    let mut k = 0;
    while k < COLUMNS.len() {
        assert!(COLUMNS[k].at == at);
        at += COLUMNS[k].width;
        k += 1;
    }
    assert!(at == PLACE_BYTES);
};

/// The sections after the place table, in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Section {
    /// The names.
    Strings,
    /// The fst name index.
    Index,
    /// The postings lists.
    Postings,
    /// The provenance text.
    Meta,
    /// The bounding boxes.
    Extents,
}

/// How many sections follow the place table.
pub(super) const SECTIONS: usize = 5;

/// Bytes of one bounding box record: place id, then west, south, east, north.
pub(super) const EXTENT_BYTES: usize = 20;
/// Coordinates are stored as whole ten-thousandths of a degree (about 11 m).
pub(super) const COORD_SCALE: f64 = 1e4;
/// The parent column of a place without one.
pub(super) const NO_PARENT: u32 = u32::MAX;
/// Marks a national capital.
pub(super) const FLAG_CAPITAL: u8 = 1;
/// Marks a settlement taken from the GeoNames postal-code dump rather than cities500.
pub(super) const FLAG_POSTAL: u8 = 2;
/// Marks a town whose one-word name is also a common English word.
pub(super) const FLAG_COMMON_WORD: u8 = 4;
/// Bytes of one posting.
pub(super) const POSTING_BYTES: usize = 3;
/// The place id's bits in a posting; also the most places an artefact can hold.
pub(super) const POSTING_ID: u32 = (1 << 22) - 1;
/// Marks a posting whose key is one of the place's preferred names.
pub(super) const FLAG_PREFERRED: u32 = 1 << 22;
/// Marks the last posting of a key's list.
pub(super) const FLAG_LAST: u32 = 1 << 23;

/// The code a kind is stored as.
pub(super) fn kind_code(kind: PlaceKind) -> u8 {
    match kind {
        PlaceKind::Country => 0,
        PlaceKind::Region => 1,
        PlaceKind::District => 2,
        PlaceKind::Area => 3,
        PlaceKind::City => 4,
    }
}

/// The kind a stored code stands for, if any.
pub(super) fn kind_from_code(code: u8) -> Option<PlaceKind> {
    Some(match code {
        0 => PlaceKind::Country,
        1 => PlaceKind::Region,
        2 => PlaceKind::District,
        3 => PlaceKind::Area,
        4 => PlaceKind::City,
        _ => return None,
    })
}

/// Where each part of an artefact is, found from its header.
#[derive(Debug, Clone)]
pub(super) struct Layout {
    /// Number of places.
    pub(super) places: usize,
    /// The place table.
    pub(super) table: Range<usize>,
    /// The sections after it, indexed by [`Section`].
    sections: [Range<usize>; SECTIONS],
}

impl Layout {
    /// Reads the header and checks that every section lies within `b`.
    pub(super) fn read(b: &[u8]) -> Result<Layout, GazetteerError> {
        if b.len() < VERSION_AT + 4 || &b[..4] != MAGIC {
            return Err(GazetteerError::BadMagic);
        }
        let version = read_u32(b, VERSION_AT);
        if version != VERSION {
            return Err(GazetteerError::Version {
                found: version,
                expected: VERSION,
            });
        }
        if b.len() < HEADER_LEN {
            return Err(GazetteerError::Corrupt("header".into()));
        }
        let places = read_u32(b, PLACES_AT) as usize;
        // The place table, then each section: section 0 in messages is the table.
        let lens = std::iter::once(places.checked_mul(PLACE_BYTES))
            .chain((0..SECTIONS).map(|k| Some(read_u32(b, SECTION_LENGTHS_AT + 4 * k) as usize)));
        let mut at = HEADER_LEN;
        let mut ranges: [Range<usize>; SECTIONS + 1] = Default::default();
        for (i, len) in lens.enumerate() {
            let end = len
                .and_then(|len| at.checked_add(len))
                .filter(|&e| e <= b.len());
            let Some(end) = end else {
                return Err(GazetteerError::Corrupt(format!(
                    "section {i} runs past the end"
                )));
            };
            ranges[i] = at..end;
            at = end;
        }
        let [table, sections @ ..] = ranges;
        Ok(Layout {
            places,
            table,
            sections,
        })
    }

    /// Where a section is.
    pub(super) fn section(&self, section: Section) -> Range<usize> {
        self.sections[section as usize].clone()
    }
}

/// Writes the header of an artefact of `places` places whose sections (in [`Section`]
/// order) have these lengths.
pub(super) fn write_header(out: &mut Vec<u8>, places: u32, section_lens: [u32; SECTIONS]) {
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&places.to_le_bytes());
    for len in section_lens {
        out.extend_from_slice(&len.to_le_bytes());
    }
}

/// The little-endian u32 at `at`.
pub(super) fn read_u32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}
