//! GeoJSON output: one Point feature per place drawn on the map, in order of first mention,
//! with every mention counted and the first ones (up to a limit) kept with their passages.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::document::Document;
use crate::gazetteer::PlaceId;
use crate::geoparse::{Mention, ResolvedPlace};
use crate::passage::Passage;

/// Mentions grouped by place, in order of first mention, for GeoJSON.
#[derive(Default)]
pub(super) struct PlaceCollector {
    articles: Vec<ArticleMeta>,
    places: Vec<PlaceMentions>,
    by_id: HashMap<PlaceId, usize>,
    pub(super) limit: PassageLimit,
    /// Mentions kept so far, over all places.
    kept: usize,
}

/// How many mentions (with their passages) GeoJSON keeps.
pub(super) struct PassageLimit {
    pub(super) per_place: usize,
    pub(super) total: usize,
}

impl Default for PassageLimit {
    fn default() -> Self {
        PassageLimit {
            per_place: usize::MAX,
            total: usize::MAX,
        }
    }
}

/// What a GeoJSON mention says about its article.
#[derive(Serialize)]
struct ArticleMeta {
    id: Option<String>,
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
}

struct PlaceMentions {
    place: ResolvedPlace,
    /// Every mention of the place, kept or not.
    count: usize,
    mentions: Vec<(usize, MentionRef)>,
}

struct MentionRef {
    start: usize,
    end: usize,
    text: String,
    passage: Passage,
}

impl PlaceCollector {
    pub(super) fn add(&mut self, doc: &Document, mentions: &[Mention]) {
        self.add_part(&mut None, doc, mentions);
    }

    /// Adds some of an article's mentions; `article` is its entry, once it has one.
    pub(super) fn add_part(
        &mut self,
        article: &mut Option<usize>,
        doc: &Document,
        mentions: &[Mention],
    ) {
        for m in mentions {
            // GeoJSON is a map: one feature per place drawn, so demonyms stay off it.
            let Some(place) = m.place.as_ref().filter(|_| m.is_mappable()) else {
                continue;
            };
            let index = *self.by_id.entry(place.id).or_insert_with(|| {
                self.places.push(PlaceMentions {
                    place: place.clone(),
                    count: 0,
                    mentions: Vec::new(),
                });
                self.places.len() - 1
            });
            let entry = &mut self.places[index];
            entry.count += 1;
            if entry.mentions.len() >= self.limit.per_place || self.kept >= self.limit.total {
                continue;
            }
            self.kept += 1;
            let article = *article.get_or_insert_with(|| {
                self.articles.push(ArticleMeta {
                    id: doc.id.clone(),
                    title: doc.title.clone(),
                    date: doc.date.clone(),
                    url: doc.url.clone(),
                });
                self.articles.len() - 1
            });
            self.places[index].mentions.push((
                article,
                MentionRef {
                    start: m.start,
                    end: m.end,
                    text: m.text.clone(),
                    passage: m.passage.clone(),
                },
            ));
        }
    }

    /// Writes the FeatureCollection, one feature per line.
    pub(super) fn write<W: Write>(&self, out: &mut W) -> io::Result<()> {
        out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
        for (i, place) in self.places.iter().enumerate() {
            out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut *out, &self.feature(place))?;
        }
        out.write_all(b"\n]}\n")
    }

    fn feature<'a>(&'a self, entry: &'a PlaceMentions) -> Feature<'a> {
        let p = &entry.place;
        Feature {
            kind: "Feature",
            geometry: Point {
                kind: "Point",
                coordinates: [round5(p.lon), round5(p.lat)],
            },
            properties: FeatureProperties {
                name: &p.name,
                kind: p.kind.as_str(),
                country: p.country.as_deref(),
                geonameid: p.geonameid,
                count: entry.count,
                mentions: entry
                    .mentions
                    .iter()
                    .map(|(article, m)| FeatureMention {
                        article: &self.articles[*article],
                        start: m.start,
                        end: m.end,
                        text: &m.text,
                        passage: &m.passage,
                    })
                    .collect(),
            },
        }
    }
}

/// Rounds a coordinate to 5 decimals (about a metre), as RFC 7946 recommends.
fn round5(x: f64) -> f64 {
    (x * 1e5).round() / 1e5
}

#[derive(Serialize)]
struct Feature<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    geometry: Point,
    properties: FeatureProperties<'a>,
}

#[derive(Serialize)]
struct Point {
    #[serde(rename = "type")]
    kind: &'static str,
    coordinates: [f64; 2],
}

#[derive(Serialize)]
struct FeatureProperties<'a> {
    name: &'a str,
    kind: &'static str,
    country: Option<&'a str>,
    geonameid: Option<u32>,
    count: usize,
    mentions: Vec<FeatureMention<'a>>,
}

#[derive(Serialize)]
struct FeatureMention<'a> {
    #[serde(flatten)]
    article: &'a ArticleMeta,
    start: usize,
    end: usize,
    text: &'a str,
    passage: &'a Passage,
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::round5;
    use crate::export::tests::export;
    use crate::export::OutputFormat;

    #[test]
    fn geojson_groups_mappable_mentions_by_place() {
        let out = export(OutputFormat::Geojson);
        let fc: Value = serde_json::from_str(&out).expect("GeoJSON is JSON");
        assert_eq!(fc["type"], "FeatureCollection");
        let features = fc["features"].as_array().expect("features");
        assert_eq!(
            features.len(),
            1,
            "demonym and unresolved mention are not features"
        );
        let f = &features[0];
        assert_eq!(f["type"], "Feature");
        assert_eq!(
            f["geometry"],
            json!({"type": "Point", "coordinates": [36.25272, 49.98081]})
        );
        let p = &f["properties"];
        assert_eq!(
            (
                &p["name"],
                &p["kind"],
                &p["country"],
                &p["geonameid"],
                &p["count"]
            ),
            (
                &json!("Kharkiv"),
                &json!("city"),
                &json!("UA"),
                &json!(1007),
                &json!(2)
            )
        );
        let refs: Vec<(&Value, &Value, &Value, &Value)> = p["mentions"]
            .as_array()
            .expect("mentions")
            .iter()
            .map(|m| (&m["id"], &m["title"], &m["start"], &m["passage"]["text"]))
            .collect();
        assert_eq!(
            refs,
            [
                (
                    &json!("a"),
                    &json!("Night"),
                    &json!(19),
                    &json!("Ukrainian crews—in Kharkiv—worked near Zzyzx.")
                ),
                (
                    &json!("b"),
                    &Value::Null,
                    &json!(0),
                    &json!("Kharkiv again.")
                ),
            ]
        );
    }

    #[test]
    fn coordinates_round_to_five_decimals() {
        let rows = [
            (36.252_724_9, 36.25272),
            (-0.000_004, -0.0),
            (179.999_996, 180.0),
            (50.0, 50.0),
        ];
        for (x, expected) in rows {
            assert_eq!(round5(x), expected, "{x}");
        }
    }
}
