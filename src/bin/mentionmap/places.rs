//! `mentionmap places NAME`: the gazetteer's candidates for a name, as a table or JSON Lines.

use std::io::{self, Write};

use mentionmap::gazetteer::PlaceRow;
use mentionmap::Gazetteer;

/// How `places` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PlacesFormat {
    /// Aligned columns for reading.
    Table,
    /// One JSON object per place.
    Jsonl,
}

const TABLE_HEADER: [&str; 10] = [
    "kind",
    "name",
    "country",
    "lat",
    "lon",
    "population",
    "geonameid",
    "region",
    "district",
    "source",
];

/// Table columns holding numbers, right-aligned.
const NUMBER_COLUMNS: std::ops::Range<usize> = 3..7;

/// Writes the candidates for `name`; returns how many there were.
pub fn write_places(
    gazetteer: &Gazetteer,
    name: &str,
    format: PlacesFormat,
    out: &mut impl Write,
) -> io::Result<usize> {
    let places = gazetteer.lookup(name);
    let rows: Vec<PlaceRow<'_>> = places.iter().map(|p| PlaceRow::new(gazetteer, p)).collect();
    match format {
        PlacesFormat::Jsonl => {
            for row in &rows {
                serde_json::to_writer(&mut *out, row)?;
                out.write_all(b"\n")?;
            }
        }
        PlacesFormat::Table if rows.is_empty() => {}
        PlacesFormat::Table => {
            let cells: Vec<[String; 10]> = rows.iter().map(table_cells).collect();
            let mut widths = TABLE_HEADER.map(str::len);
            for row in &cells {
                for (width, cell) in widths.iter_mut().zip(row) {
                    *width = (*width).max(cell.chars().count());
                }
            }
            write_table_row(out, &TABLE_HEADER, &widths)?;
            for row in &cells {
                write_table_row(out, row, &widths)?;
            }
        }
    }
    out.flush()?;
    Ok(rows.len())
}

fn table_cells(row: &PlaceRow<'_>) -> [String; 10] {
    [
        row.kind.to_string(),
        row.name.to_string(),
        row.country.unwrap_or("").to_string(),
        format!("{:.5}", row.lat),
        format!("{:.5}", row.lon),
        row.population.to_string(),
        row.geonameid.map(|g| g.to_string()).unwrap_or_default(),
        row.region.unwrap_or("-").to_string(),
        row.district.unwrap_or("-").to_string(),
        row.source.unwrap_or("").to_string(),
    ]
}

/// Text columns left-aligned, number columns ([`NUMBER_COLUMNS`]) right-aligned.
fn write_table_row(
    out: &mut impl Write,
    cells: &[impl AsRef<str>],
    widths: &[usize],
) -> io::Result<()> {
    let mut line = String::new();
    for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
        let cell = cell.as_ref();
        let pad = " ".repeat(width - cell.chars().count());
        if i > 0 {
            line.push_str("  ");
        }
        if NUMBER_COLUMNS.contains(&i) {
            line.push_str(&pad);
            line.push_str(cell);
        } else {
            line.push_str(cell);
            if i + 1 < cells.len() {
                line.push_str(&pad);
            }
        }
    }
    writeln!(out, "{line}")
}
