//! Exports of the current view: GeoJSON (RFC 7946) and CSV, one feature or row per mention.
//!
//! Interim writers over `(&Document, &[Mention])`, the shape `crate::export` will take; the
//! page switches to the library's writers once they land, so the CLI and the page agree.

use serde_json::{json, Value};

use crate::geoparse::Mention;
use crate::Document;

fn properties(doc: &Document, m: &Mention) -> Value {
    let place = m.place.as_ref();
    json!({
        "name": place.map(|p| p.name.clone()),
        "mention": m.text,
        "kind": m.kind.as_str(),
        "place_kind": place.map(|p| p.kind.as_str()),
        "country": place.and_then(|p| p.country.clone()),
        "geonameid": place.and_then(|p| p.geonameid),
        "score": m.score,
        "start": m.start,
        "end": m.end,
        "doc_id": doc.id,
        "title": doc.title,
        "date": doc.date,
        "url": doc.url,
        "passage": m.passage.text,
    })
}

/// A GeoJSON FeatureCollection with one Point feature per mapped mention (`[lon, lat]`).
pub fn geojson<'a>(articles: impl IntoIterator<Item = (&'a Document, &'a [Mention])>) -> String {
    let mut features = Vec::new();
    for (doc, mentions) in articles {
        for m in mentions {
            let Some(place) = m.place.as_ref() else {
                continue;
            };
            features.push(json!({
                "type": "Feature",
                "geometry": { "type": "Point", "coordinates": [place.lon, place.lat] },
                "properties": properties(doc, m),
            }));
        }
    }
    serde_json::to_string_pretty(&json!({ "type": "FeatureCollection", "features": features }))
        .unwrap_or_default()
}

/// CSV with a header row, one row per mapped mention.
pub fn csv<'a>(
    articles: impl IntoIterator<Item = (&'a Document, &'a [Mention])>,
) -> Result<String, String> {
    let mut out = ::csv::Writer::from_writer(Vec::new());
    let header = [
        "doc_id",
        "title",
        "date",
        "url",
        "mention",
        "start",
        "end",
        "kind",
        "name",
        "place_kind",
        "country",
        "lat",
        "lon",
        "geonameid",
        "score",
        "passage",
    ];
    out.write_record(header).map_err(|e| e.to_string())?;
    for (doc, mentions) in articles {
        for m in mentions {
            let Some(p) = m.place.as_ref() else { continue };
            let record = [
                doc.id.clone().unwrap_or_default(),
                doc.title.clone().unwrap_or_default(),
                doc.date.clone().unwrap_or_default(),
                doc.url.clone().unwrap_or_default(),
                m.text.clone(),
                m.start.to_string(),
                m.end.to_string(),
                m.kind.as_str().to_string(),
                p.name.clone(),
                p.kind.as_str().to_string(),
                p.country.clone().unwrap_or_default(),
                format!("{:.5}", p.lat),
                format!("{:.5}", p.lon),
                p.geonameid.map(|g| g.to_string()).unwrap_or_default(),
                format!("{:.3}", m.score),
                m.passage.text.replace(['\n', '\r'], " "),
            ];
            out.write_record(&record).map_err(|e| e.to_string())?;
        }
    }
    String::from_utf8(out.into_inner().map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}
