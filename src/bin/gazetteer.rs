//! `mentionmap-gazetteer`: compiles the place records written by `gazetteer/build.py` into
//! the binary artefact the library bundles.
//!
//! Usage: `mentionmap-gazetteer RECORDS.jsonl METADATA.json OUT.gaz`
//!
//! `mentionmap-gazetteer --lookup GAZ` reads one name a line on standard input and writes
//! each name's places as `name<TAB>lat lon country kind;…`: what the KATOTTG coverage check
//! (`gazetteer/test_settlements.py`) asks of a built artefact.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use mentionmap::gazetteer::build::{GazetteerBuilder, PlaceRecord};
use mentionmap::Gazetteer;

/// Usage errors exit with 2, failures with 1.
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [flag, gaz] if flag == "--lookup" => lookup(gaz),
        [records, metadata, out] => compile(records, metadata, out),
        _ => {
            eprintln!("usage: mentionmap-gazetteer RECORDS.jsonl METADATA.json OUT.gaz");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mentionmap-gazetteer: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Compiles the records into the artefact at `out`, after reading it back as a check.
fn compile(records: &str, metadata: &str, out: &str) -> Result<(), String> {
    let file = std::fs::File::open(records).map_err(|e| format!("{records}: {e}"))?;
    let mut builder = GazetteerBuilder::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| format!("{records}:{}: {e}", n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let record: PlaceRecord =
            serde_json::from_str(&line).map_err(|e| format!("{records}:{}: {e}", n + 1))?;
        builder.add(record);
    }
    let meta = std::fs::read_to_string(metadata).map_err(|e| format!("{metadata}: {e}"))?;
    builder.metadata(meta);
    let bytes = builder.build().map_err(|e| e.to_string())?;
    let gazetteer = Gazetteer::from_bytes(bytes.clone()).map_err(|e| format!("self-check: {e}"))?;
    std::fs::write(out, &bytes).map_err(|e| format!("{out}: {e}"))?;
    eprintln!(
        "{out}: {} places, {} index keys, {} bytes",
        gazetteer.len(),
        gazetteer.name_count(),
        bytes.len()
    );
    Ok(())
}

/// Answers name lookups from standard input against the artefact at `gaz`.
fn lookup(gaz: &str) -> Result<(), String> {
    let bytes = std::fs::read(gaz).map_err(|e| format!("{gaz}: {e}"))?;
    let gazetteer = Gazetteer::from_bytes(bytes).map_err(|e| format!("{gaz}: {e}"))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in std::io::stdin().lock().lines() {
        let name = line.map_err(|e| format!("stdin: {e}"))?;
        let hits: Vec<String> = gazetteer
            .lookup(name.trim())
            .iter()
            .map(|p| {
                format!(
                    "{} {} {} {}",
                    p.lat,
                    p.lon,
                    p.country.unwrap_or("-"),
                    p.kind
                )
            })
            .collect();
        writeln!(out, "{}\t{}", name.trim(), hits.join(";")).map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())
}
