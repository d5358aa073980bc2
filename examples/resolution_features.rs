//! Writes the features of every candidate of every recognised span, one JSON line per span,
//! for `scripts/fit-resolution.py`. Reads JSON Lines articles (`id`, `text`) on stdin.
//!
//! ```sh
//! cargo run --release --example resolution_features < corpus.jsonl > features.jsonl
//! ```

use std::io::{self, BufRead, BufWriter, Write};

use mentionmap::{Gazetteer, Geoparser};
use serde_json::{json, Value};

fn main() -> io::Result<()> {
    let gazetteer = Gazetteer::bundled();
    let parser = Geoparser::new(gazetteer);
    let mut out = BufWriter::new(io::stdout().lock());
    for line in io::stdin().lock().lines() {
        let article: Value = serde_json::from_str(&line?)?;
        let id = article["id"].as_str().unwrap_or_default();
        let text = article["text"].as_str().unwrap_or_default();
        for (span, candidates) in parser.explain(text) {
            let candidates: Vec<Value> = candidates
                .iter()
                .map(|c| {
                    let place = gazetteer.place(c.id);
                    let (p, x) = (c.prior, c.context);
                    let kind = p.kind;
                    json!({
                        "lat": place.lat, "lon": place.lon, "kind": kind.as_str(),
                        "log_population": p.log_population, "capital": p.capital,
                        "not_preferred": p.not_preferred, "city_cue": p.city_cue,
                        "country_alias": p.country_alias, "eponymous_region": p.eponymous_region,
                        "largest": p.largest,
                        "qualifier_inside": x.qualifier_inside, "qualifier_outside": x.qualifier_outside,
                        "country_voted": x.country_voted, "country_share": x.country_share,
                        "region_voted": x.region_voted, "region_share": x.region_share,
                        "anchor_proximity": x.anchor_proximity,
                        "district_named": x.district_named, "region_read": x.region_read,
                        "village_proximity": x.village_proximity,
                    })
                })
                .collect();
            let record = json!({
                "id": id, "start": span.range.char_start, "end": span.range.char_end,
                "demonym": span.demonym, "evidence": span.evidence, "candidates": candidates,
            });
            serde_json::to_writer(&mut out, &record)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()
}
