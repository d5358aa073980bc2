//! Hostile input for `mentionmap parse`: records over the size limit, long and dense
//! articles read in windows, binary bytes, deep nesting, and URLs served by a local server
//! that stalls, never ends, redirects in a loop or lies about its length.
//!
//! Every case must end by itself with exit status 0, 1 or 2, say what went wrong as
//! `FILE:LINE: message`, and still write every good record. Inputs are small and generated
//! here (the big ones are in `scripts/hostile-bench.sh`); URL cases use sub-second timeouts.
#![cfg(not(target_arch = "wasm32"))]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use mentionmap::export::{to_bytes, OutputFormat};
use mentionmap::{Document, Gazetteer, Geoparser};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_mentionmap");

/// What a run of the binary produced.
struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

/// Runs the binary in `dir` with no standard input; fails the test on a panic or a signal.
fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run mentionmap");
    let run = Run {
        code: output
            .status
            .code()
            .expect("exited, not killed by a signal"),
        stdout: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "{args:?}:\n{}",
        run.stderr
    );
    run
}

/// The ids of the JSON Lines records written.
fn ids(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| {
            let record: Value = serde_json::from_str(line).expect("each line is JSON");
            record["id"].as_str().expect("id").to_string()
        })
        .collect()
}

/// One bad input: the files to write, the arguments, and what must come out.
struct Case<'a> {
    case: &'a str,
    files: Vec<(&'a str, Vec<u8>)>,
    args: &'a [&'a str],
    code: i32,
    messages: &'a [&'a str],
    good_ids: &'a [&'a str],
}

fn check(cases: Vec<Case<'_>>) {
    for case in cases {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, bytes) in &case.files {
            std::fs::write(dir.path().join(name), bytes).expect("write input");
        }
        let run = run_in(dir.path(), case.args);
        assert_eq!(run.code, case.code, "{}: {}", case.case, run.stderr);
        for message in case.messages {
            assert!(
                run.stderr.contains(message),
                "{}: no {message:?} in\n{}",
                case.case,
                run.stderr
            );
        }
        assert_eq!(ids(&run.stdout), case.good_ids, "{}", case.case);
    }
}

fn jsonl_line(id: &str, text: &str) -> String {
    serde_json::json!({"id": id, "text": text}).to_string() + "\n"
}

/// About `bytes` bytes of quiet prose with no place names.
fn prose(bytes: usize) -> String {
    let sentence = "The crews worked through the night to clear the road. ";
    sentence.repeat(bytes / sentence.len() + 1)
}

#[test]
fn records_over_the_size_limit_are_skipped_and_the_rest_is_read() {
    let big = prose(1_200_000);
    let good = jsonl_line("a", "Sirens in Sumy.");
    let later = jsonl_line("c", "Calm in Lviv.");
    let jsonl = [good.clone(), jsonl_line("b", &big), later.clone()].concat();
    let csv = format!("id,text\na,Sirens in Sumy.\nb,\"{big}\"\nc,Calm in Lviv.\n");
    check(vec![
        Case {
            case: "JSON Lines line over the limit",
            files: vec![("big.jsonl", jsonl.clone().into_bytes())],
            args: &["parse", "--max-record-mb", "1", "big.jsonl"],
            code: 1,
            messages: &["big.jsonl:2: the record is larger than the limit of 1 MB"],
            good_ids: &["a", "c"],
        },
        Case {
            case: "the same line under a raised limit",
            files: vec![("big.jsonl", jsonl.into_bytes())],
            args: &["parse", "--max-record-mb", "2", "big.jsonl"],
            code: 0,
            messages: &[],
            good_ids: &["a", "b", "c"],
        },
        Case {
            case: "CSV row over the limit ends that input only",
            files: vec![
                ("big.csv", csv.into_bytes()),
                ("next.jsonl", later.clone().into_bytes()),
            ],
            args: &["parse", "--max-record-mb", "1", "big.csv", "next.jsonl"],
            code: 1,
            messages: &["big.csv:3: a row is larger than the limit of 1 MB"],
            good_ids: &["a", "c"],
        },
        Case {
            case: "text file over the limit",
            files: vec![
                ("big.txt", big.clone().into_bytes()),
                ("next.jsonl", later.into_bytes()),
            ],
            args: &["parse", "--max-record-mb", "1", "big.txt", "next.jsonl"],
            code: 1,
            messages: &["big.txt: the record is larger than the limit of 1 MB"],
            good_ids: &["c"],
        },
    ]);
}

#[test]
fn binary_bytes_and_deep_nesting_end_with_a_located_error() {
    let good = jsonl_line("a", "Sirens in Sumy.");
    let later = jsonl_line("c", "Calm in Lviv.");
    let mut many_a_then_c = vec!["a"; 300];
    many_a_then_c.push("c");
    let mut late_nul = prose(20_000).into_bytes();
    late_nul.extend_from_slice(b"\x00\x01\x02 Kharkiv");
    let deep = |key: &str| {
        let value = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        format!("{{\"text\": \"Kyiv\", \"{key}\": {value}}}\n")
    };
    let deep_html = format!(
        "<html><body>{}Kyiv{}</body></html>",
        "<div>".repeat(30_000),
        "</div>".repeat(30_000)
    );
    let big_html = format!(
        "<html><body>{}</body></html>",
        "<p>Calm in Lviv.</p>".repeat(10_000)
    );
    let deep_array = format!("{}{}", "[".repeat(1_000_000), "]".repeat(1_000_000));
    check(vec![
        Case {
            case: "NUL byte at the start of a JSON Lines input: a binary file",
            files: vec![(
                "nul.jsonl",
                [b"{\"text\": \"Kyiv\x00\"}\n", good.as_bytes()].concat(),
            )],
            args: &["parse", "nul.jsonl"],
            code: 2,
            messages: &["nul.jsonl: looks like a binary file (NUL byte at byte 14)"],
            good_ids: &[],
        },
        Case {
            case: "NUL byte inside a JSON Lines record past the first 8 KB",
            files: vec![(
                "late-nul.jsonl",
                [
                    good.repeat(300).as_bytes(),
                    b"{\"text\": \"Kyiv\x00\"}\n",
                    later.as_bytes(),
                ]
                .concat(),
            )],
            args: &["parse", "late-nul.jsonl"],
            code: 1,
            messages: &["late-nul.jsonl:301: the record holds a NUL byte, so it is not text"],
            good_ids: &many_a_then_c,
        },
        Case {
            case: "NUL bytes in JSON Lines records after a clean first line",
            files: vec![(
                "early-nul.jsonl",
                [
                    good.as_bytes(),
                    b"{\"text\": \"Kyiv\x00\"}\n",
                    later.as_bytes(),
                    b"{\"text\": \"Kyiv\x00\"}\n",
                    good.as_bytes(),
                ]
                .concat(),
            )],
            args: &["parse", "early-nul.jsonl"],
            code: 1,
            messages: &[
                "early-nul.jsonl:2: the record holds a NUL byte, so it is not text",
                "early-nul.jsonl:4: the record holds a NUL byte, so it is not text",
            ],
            good_ids: &["a", "c", "a"],
        },
        Case {
            case: "NUL byte past the first 8 KB of a text file",
            files: vec![("late.txt", late_nul)],
            args: &["parse", "late.txt"],
            code: 2,
            messages: &["late.txt: looks like a binary file (NUL byte at byte"],
            good_ids: &[],
        },
        Case {
            case: "random bytes as CSV",
            files: vec![
                (
                    "noise.csv",
                    (0..50_000u32).map(|i| (i * 7919 % 251) as u8).collect(),
                ),
                ("good.jsonl", good.clone().into_bytes()),
            ],
            args: &["parse", "noise.csv", "good.jsonl"],
            code: 1,
            messages: &["noise.csv: looks like a binary file"],
            good_ids: &["a"],
        },
        Case {
            case: "deeply nested field the reader ignores",
            files: vec![(
                "deep.jsonl",
                [good.clone(), deep("extra"), good.clone()]
                    .concat()
                    .into_bytes(),
            )],
            args: &["parse", "deep.jsonl"],
            code: 0,
            messages: &[],
            good_ids: &["a", "2", "a"],
        },
        Case {
            case: "deeply nested field the reader needs",
            files: vec![(
                "deep.jsonl",
                [good.clone(), deep("title"), good.clone()]
                    .concat()
                    .into_bytes(),
            )],
            args: &["parse", "deep.jsonl"],
            code: 1,
            messages: &["deep.jsonl:2: not valid JSON: recursion limit exceeded"],
            good_ids: &["a", "a"],
        },
        Case {
            case: "deeply nested HTML",
            files: vec![
                ("deep.html", deep_html.into_bytes()),
                ("good.jsonl", good.clone().into_bytes()),
            ],
            args: &["parse", "deep.html", "good.jsonl"],
            code: 1,
            messages: &["deep.html: the HTML page nests elements about 30002 deep"],
            good_ids: &["a"],
        },
        Case {
            case: "HTML page over its limit, a sixteenth of the record limit",
            files: vec![
                ("big.html", big_html.into_bytes()),
                ("good.jsonl", good.clone().into_bytes()),
            ],
            args: &["parse", "--max-record-mb", "1", "big.html", "good.jsonl"],
            code: 1,
            messages: &["big.html: the HTML page is larger than 64 KB"],
            good_ids: &["a"],
        },
        Case {
            case: "deeply nested JSON array",
            files: vec![("deep.json", deep_array.into_bytes())],
            args: &["parse", "deep.json"],
            code: 2,
            messages: &["deep.json:1: not valid JSON: recursion limit exceeded"],
            good_ids: &[],
        },
    ]);
}

/// The JSON Lines the library writes for `doc` parsed whole.
fn expected_output(format: OutputFormat, doc: &Document) -> Vec<u8> {
    let mentions = Geoparser::new(Gazetteer::bundled()).parse(doc);
    to_bytes(format, [(doc, mentions.as_slice())])
}

#[test]
fn a_long_article_streamed_out_is_byte_for_byte_the_article_parsed_whole() {
    // Over the size the CLI geoparses on worker threads, under one window: it is streamed,
    // and must come out exactly as the library writes it.
    let mut text = String::new();
    for town in ["Sumy", "Kharkiv", "Odesa", "Lviv", "Poltava"].repeat(8) {
        text.push_str(&prose(5_000));
        text.push_str(&format!("Sirens sounded in {town}. "));
    }
    let doc = Document {
        id: Some("long".into()),
        ..Document::new(text.clone())
    };
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("long.txt"), &text).expect("write input");
    for (flag, format) in [
        ("jsonl", OutputFormat::Jsonl),
        ("csv", OutputFormat::Csv),
        ("geojson", OutputFormat::Geojson),
    ] {
        let run = run_in(dir.path(), &["parse", "-f", flag, "long.txt"]);
        assert_eq!(run.code, 0, "{flag}: {}", run.stderr);
        assert!(
            run.stdout == expected_output(format, &doc),
            "{flag}: the streamed output differs"
        );
    }
}

#[test]
fn an_article_over_a_window_keeps_offsets_into_the_whole_text() {
    // Three and a half windows, a place in each part and one 2 MB word with no break at all.
    let mut text = String::new();
    for town in ["Sumy", "Kharkiv", "Odesa", "Lviv"] {
        text.push_str(&prose(700_000));
        text.push_str(&format!("Überall in {town} — sirens. "));
    }
    text.push_str(&"ы".repeat(1_000_000));
    text.push_str(" Poltava.");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("windows.txt"), &text).expect("write input");
    let run = run_in(dir.path(), &["parse", "windows.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let record: Value = serde_json::from_slice(&run.stdout).expect("one JSON record");
    let chars: Vec<char> = text.chars().collect();
    let slice = |start: &Value, end: &Value| -> String {
        let (start, end) = (start.as_u64().unwrap(), end.as_u64().unwrap());
        chars[start as usize..end as usize].iter().collect()
    };
    let mut found = Vec::new();
    for m in record["mentions"].as_array().expect("mentions") {
        let text = m["text"].as_str().expect("text");
        assert_eq!(slice(&m["start"], &m["end"]), text);
        let passage = &m["passage"];
        assert_eq!(
            slice(&passage["start"], &passage["end"]),
            passage["text"].as_str().expect("passage text")
        );
        found.push(text.to_string());
    }
    assert_eq!(found, ["Sumy", "Kharkiv", "Odesa", "Lviv", "Poltava"]);
}

#[test]
fn geojson_keeps_some_passages_per_place_and_counts_every_mention() {
    let text = "Sirens in Sumy. Drones over Sumy. Calm in Sumy. Repairs in Sumy. Trains to Lviv.";
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("a.txt"), text).expect("write input");
    let run = run_in(
        dir.path(),
        &["parse", "-f", "geojson", "--max-passages", "2", "a.txt"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let collection: Value = serde_json::from_slice(&run.stdout).expect("GeoJSON");
    let kept: Vec<(String, u64, usize)> = collection["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| {
            let p = &f["properties"];
            (
                p["name"].as_str().expect("name").to_string(),
                p["count"].as_u64().expect("count"),
                p["mentions"].as_array().expect("mentions").len(),
            )
        })
        .collect();
    assert_eq!(kept, [("Sumy".into(), 4, 2), ("Lviv".into(), 1, 1)]);
}

/// How the local server answers every request.
#[derive(Clone, Copy)]
enum Behaviour {
    /// Reads the request and never answers.
    Stall,
    /// Sends headers and a few bytes, then nothing more.
    StallBody,
    /// Sends good records without end and without a length.
    Endless,
    /// Redirects to itself.
    RedirectLoop,
    /// Redirects to an ftp: URL.
    RedirectFtp,
    /// Announces 1000 bytes and sends one record.
    ShortBody,
    /// Announces ten gigabytes.
    HugeLength,
}

/// Serves `behaviour` on 127.0.0.1, one thread per connection; returns the base URL.
fn serve(behaviour: Behaviour) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let base = format!("http://{}", listener.local_addr().expect("local address"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream, behaviour));
        }
    });
    base
}

fn answer(mut stream: TcpStream, behaviour: Behaviour) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let record = "{\"id\": \"u\", \"text\": \"Sirens in Sumy.\"}\n";
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nConnection: close\r\n";
    let _ = match behaviour {
        Behaviour::Stall => {
            std::thread::sleep(Duration::from_secs(20));
            Ok(())
        }
        Behaviour::StallBody => write!(stream, "{head}\r\n{record}").and_then(|()| {
            std::thread::sleep(Duration::from_secs(20));
            Ok(())
        }),
        Behaviour::Endless => write!(stream, "{head}\r\n")
            .and_then(|()| (0..).try_for_each(|_| stream.write_all(record.as_bytes()))),
        Behaviour::RedirectLoop => {
            write!(
                stream,
                "HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
        }
        Behaviour::RedirectFtp => write!(
            stream,
            "HTTP/1.1 301 Moved\r\nLocation: ftp://127.0.0.1/feed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ),
        Behaviour::ShortBody => write!(stream, "{head}Content-Length: 1000\r\n\r\n{record}"),
        Behaviour::HugeLength => {
            write!(stream, "{head}Content-Length: 10000000000\r\n\r\n{record}")
        }
    };
    // Let the client see the end of what was sent before the socket closes.
    let _ = stream.flush();
    let _ = reader.read(&mut [0u8; 1]);
}

#[test]
fn urls_that_stall_never_end_loop_or_lie_fail_with_a_clear_error() {
    let good = jsonl_line("g", "Calm in Lviv.");
    let cases: &[(Behaviour, i32, &str, &[&str])] = &[
        (
            Behaviour::Stall,
            1,
            "could not read: no answer within 0.5 s (--timeout)",
            &["g"],
        ),
        (
            Behaviour::StallBody,
            1,
            ":2: could not read: no data for 0.5 s (--timeout)",
            &["u", "g"],
        ),
        (
            Behaviour::Endless,
            1,
            "could not read: the download is over the limit of 1 MB (--max-download-mb)",
            &["u"; 1],
        ),
        (Behaviour::RedirectLoop, 1, "more than 5 redirects", &["g"]),
        (
            Behaviour::RedirectFtp,
            1,
            "only http and https are followed",
            &["g"],
        ),
        (Behaviour::ShortBody, 1, ":2: could not read:", &["u", "g"]),
        (
            Behaviour::HugeLength,
            1,
            "the server announces 10000000000 bytes, over the download limit of 1 MB",
            &["g"],
        ),
    ];
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("good.jsonl"), &good).expect("write input");
    for &(behaviour, code, message, good_ids) in cases {
        let url = format!("{}/feed.jsonl", serve(behaviour));
        let args = [
            "parse",
            "--timeout",
            "0.5",
            "--max-download-mb",
            "1",
            &url,
            "good.jsonl",
        ];
        let run = run_in(dir.path(), &args);
        assert_eq!(run.code, code, "{message}: {}", run.stderr);
        let located = format!("{url}{message}");
        let said = if message.starts_with(':') {
            run.stderr.contains(&located)
        } else {
            run.stderr.contains(&url) && run.stderr.contains(message)
        };
        assert!(said, "no {message:?} in\n{}", run.stderr);
        let mut got = ids(&run.stdout);
        got.dedup();
        let mut want: Vec<&str> = good_ids.to_vec();
        if matches!(behaviour, Behaviour::Endless) {
            want.push("g");
        }
        assert_eq!(got, want, "{message}");
    }
}

#[test]
fn only_http_and_https_urls_are_fetched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = run_in(dir.path(), &["parse", "ftp://127.0.0.1/feed.jsonl"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "ftp://127.0.0.1/feed.jsonl: could not read: a ftp:// URL; only http and https URLs can be fetched"
        ),
        "{}",
        run.stderr
    );
}
