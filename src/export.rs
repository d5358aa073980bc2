//! Writing geoparsed articles as JSONL, GeoJSON and CSV.
