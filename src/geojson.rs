//! Reading place counts back from GeoJSON: the FeatureCollection that `--format geojson`, the
//! web map's export and the Python package's `to_geojson` write, one Point feature per place
//! with `name`, `kind`, `country`, `geonameid`, `count` and, when kept, `mentions` with their
//! passages.
//!
//! Parsing is pure and strict: a file that is not such a collection is refused as a whole, with
//! the feature and the reason named, so a caller never shows half a file. Properties this
//! format does not define are ignored, so GeoJSON from other tools loads when it carries at
//! least a point and a name.

use serde::Deserialize;
use serde_json::Value;

use crate::gazetteer::PlaceKind;
use crate::passage::Passage;

/// One place of a GeoJSON file: where it is, what it is, how often it was mentioned, and the
/// mentions the file kept.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedPlace {
    /// The place's name.
    pub name: String,
    /// Country, region, district, area or city (`city` when the file does not say).
    pub kind: PlaceKind,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// ISO 3166-1 alpha-2 code of the place's country.
    pub country: Option<String>,
    /// GeoNames id.
    pub geonameid: Option<u32>,
    /// Every mention counted, at least the number kept in `mentions`.
    pub count: usize,
    /// The mentions kept with their passages, often fewer than `count`.
    pub mentions: Vec<ImportedMention>,
}

/// One kept mention of an imported place.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ImportedMention {
    /// The article's id.
    #[serde(default)]
    pub id: Option<String>,
    /// The article's headline.
    #[serde(default)]
    pub title: Option<String>,
    /// The article's date.
    #[serde(default)]
    pub date: Option<String>,
    /// The article's address.
    #[serde(default)]
    pub url: Option<String>,
    /// The name as written.
    pub text: String,
    /// The sentence around the mention.
    pub passage: Passage,
}

/// Why a text is not a GeoJSON FeatureCollection of places.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GeojsonError {
    /// The text is not JSON.
    #[error("not JSON: {0}")]
    NotJson(String),
    /// The JSON is not a FeatureCollection.
    #[error("not a GeoJSON FeatureCollection (expected {{\"type\": \"FeatureCollection\", \"features\": [...]}})")]
    NotFeatureCollection,
    /// One feature is not a place.
    #[error("feature {index}: {reason}")]
    Feature {
        /// Position of the feature, from 1.
        index: usize,
        /// What is wrong with it.
        reason: String,
    },
}

/// Reads a GeoJSON FeatureCollection of places.
///
/// ```
/// let text = r#"{"type": "FeatureCollection", "features": [{"type": "Feature",
///   "geometry": {"type": "Point", "coordinates": [30.52, 50.45]},
///   "properties": {"name": "Kyiv", "kind": "city", "count": 3}}]}"#;
/// let places = mentionmap::geojson::parse(text).unwrap();
/// assert_eq!((places[0].name.as_str(), places[0].count), ("Kyiv", 3));
/// ```
pub fn parse(text: &str) -> Result<Vec<ImportedPlace>, GeojsonError> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| GeojsonError::NotJson(e.to_string()))?;
    if value.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(GeojsonError::NotFeatureCollection);
    }
    let features = value
        .get("features")
        .and_then(Value::as_array)
        .ok_or(GeojsonError::NotFeatureCollection)?;
    features
        .iter()
        .enumerate()
        .map(|(i, f)| {
            place(f).map_err(|reason| GeojsonError::Feature {
                index: i + 1,
                reason,
            })
        })
        .collect()
}

/// The properties this format defines.
#[derive(Deserialize)]
struct Properties {
    name: String,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    geonameid: Option<u32>,
    #[serde(default)]
    count: Option<usize>,
    #[serde(default)]
    mentions: Vec<ImportedMention>,
}

fn place(feature: &Value) -> Result<ImportedPlace, String> {
    if feature.get("type").and_then(Value::as_str) != Some("Feature") {
        return Err("not a Feature".into());
    }
    let geometry = feature.get("geometry").unwrap_or(&Value::Null);
    if geometry.get("type").and_then(Value::as_str) != Some("Point") {
        return Err("its geometry is not a Point".into());
    }
    let (lon, lat) = match geometry.get("coordinates").and_then(Value::as_array) {
        Some(c) if c.len() >= 2 => (c[0].as_f64(), c[1].as_f64()),
        _ => (None, None),
    };
    let (Some(lon), Some(lat)) = (lon, lat) else {
        return Err("its point has no [longitude, latitude]".into());
    };
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err(format!(
            "its point [{lon}, {lat}] is not a longitude and latitude"
        ));
    }
    let props = Properties::deserialize(feature.get("properties").unwrap_or(&Value::Null))
        .map_err(|e| format!("properties: {e}"))?;
    let name = props.name.trim().to_string();
    if name.is_empty() {
        return Err("its name is empty".into());
    }
    let kind = match props.kind.as_deref() {
        None => PlaceKind::City,
        Some(k) => kind_of(k).ok_or_else(|| format!("unknown kind \"{k}\""))?,
    };
    for m in &props.mentions {
        let p = &m.passage;
        if p.mention_start > p.mention_end || p.mention_end > p.text.chars().count() {
            return Err(format!("a mention of {name} points outside its passage"));
        }
    }
    let kept = props.mentions.len();
    let count = props.count.unwrap_or(kept.max(1));
    if count == 0 || count < kept {
        return Err(format!(
            "count {count} is below the {} mentions it keeps, or zero",
            kept
        ));
    }
    Ok(ImportedPlace {
        name,
        kind,
        lat,
        lon,
        country: props.country.filter(|c| !c.is_empty()),
        geonameid: props.geonameid,
        count,
        mentions: props.mentions,
    })
}

fn kind_of(name: &str) -> Option<PlaceKind> {
    [
        PlaceKind::Country,
        PlaceKind::Region,
        PlaceKind::District,
        PlaceKind::Area,
        PlaceKind::City,
    ]
    .into_iter()
    .find(|k| k.as_str() == name)
}

#[cfg(test)]
mod tests {
    use super::{parse, GeojsonError};
    use crate::export::tests::export;
    use crate::export::OutputFormat;
    use crate::PlaceKind;

    #[test]
    fn reads_back_what_the_exporter_writes() {
        let places = parse(&export(OutputFormat::Geojson)).expect("the export reads back");
        assert_eq!(places.len(), 1);
        let p = &places[0];
        assert_eq!(
            (p.name.as_str(), p.kind, p.country.as_deref(), p.geonameid),
            ("Kharkiv", PlaceKind::City, Some("UA"), Some(1007))
        );
        assert_eq!((p.lon, p.lat, p.count), (36.25272, 49.98081, 2));
        let kept: Vec<(Option<&str>, &str, &str)> = p
            .mentions
            .iter()
            .map(|m| (m.id.as_deref(), m.text.as_str(), m.passage.text.as_str()))
            .collect();
        assert_eq!(
            kept,
            [
                (
                    Some("a"),
                    "Kharkiv",
                    "Ukrainian crews—in Kharkiv—worked near Zzyzx."
                ),
                (Some("b"), "Kharkiv", "Kharkiv again."),
            ]
        );
    }

    fn one(properties: &str, coordinates: &str) -> String {
        format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","geometry":{{"type":"Point","coordinates":{coordinates}}},"properties":{properties}}}]}}"#
        )
    }

    #[test]
    fn counts_without_passages_are_places() {
        let places = parse(&one(
            r#"{"name":"Lviv","kind":"city","country":"UA","geonameid":702550,"count":7,"extra":1}"#,
            "[24.0, 49.8]",
        ))
        .expect("a count-only feature reads");
        assert_eq!((places[0].count, places[0].mentions.len()), (7, 0));
        let defaults = parse(&one(r#"{"name":"Somewhere"}"#, "[1, 2]")).expect("only a name");
        assert_eq!((defaults[0].kind, defaults[0].count), (PlaceKind::City, 1));
    }

    #[test]
    fn bad_files_are_refused_with_the_reason() {
        let passage = r#"{"start":0,"end":5,"text":"Lviv.","mention_start":0,"mention_end":9,"boilerplate":false}"#;
        let bad_mention = format!(
            r#"{{"name":"Lviv","count":1,"mentions":[{{"text":"Lviv","start":0,"end":4,"passage":{passage}}}]}}"#
        );
        let rows: [(&str, &str); 9] = [
            ("{not json", "not JSON"),
            (r#"{"type":"Feature"}"#, "not a GeoJSON FeatureCollection"),
            (
                r#"{"type":"FeatureCollection"}"#,
                "not a GeoJSON FeatureCollection",
            ),
            (
                &one(r#"{"name":"X"}"#, "[200, 2]"),
                "feature 1: its point [200, 2]",
            ),
            (
                &one(r#"{"name":"X"}"#, "[\"a\", 2]"),
                "feature 1: its point has no",
            ),
            (
                &one(r#"{"count":3}"#, "[1, 2]"),
                "feature 1: properties: missing field `name`",
            ),
            (
                &one(r#"{"name":"X","kind":"planet"}"#, "[1, 2]"),
                "unknown kind \"planet\"",
            ),
            (&one(r#"{"name":"X","count":0}"#, "[1, 2]"), "count 0"),
            (&one(&bad_mention, "[1, 2]"), "points outside its passage"),
        ];
        for (text, expected) in rows {
            let err = parse(text).expect_err(text);
            assert!(err.to_string().contains(expected), "{text}: {err}");
        }
        assert!(matches!(
            parse(r#"{"type":"FeatureCollection","features":[1]}"#),
            Err(GeojsonError::Feature { index: 1, .. })
        ));
    }
}
