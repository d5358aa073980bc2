//! Tests of the web app's pure code (`mentionmap::web::model` and `mentionmap::web::protocol`),
//! which builds on every target, so they run natively under plain `cargo test`.
//! Table-driven: each row is one behaviour.

use std::sync::Arc;

use mentionmap::gazetteer::{PlaceId, PlaceKind};
use mentionmap::ingest::{read_all, IngestOptions, InputFormat};
use mentionmap::web::model::{
    class_of, count_classes, date_of_day, day_number, effective, group_all_places, group_places,
    heat_points, passage_items, pieces, place_facets, problem_notices, safe_link, segments,
    timeline, view_articles, Article, Correction, Corrections, Filter, MentionRef, PlaceKey,
    PlaceQuery, Segment, TimeUnit, ViewHash,
};
use mentionmap::{Document, Mention, MentionKind, Passage, ResolvedPlace};

fn place(id: u32, name: &str, kind: PlaceKind, lat: f64, lon: f64) -> ResolvedPlace {
    ResolvedPlace {
        id: PlaceId(id),
        name: name.into(),
        kind,
        lat,
        lon,
        geonameid: Some(100_000 + id),
        country: Some("UA".into()),
        region: None,
        population: 0,
        score: 0.9,
    }
}

fn sumy() -> ResolvedPlace {
    place(1, "Sumy", PlaceKind::City, 50.9, 34.8)
}
fn sumy_oblast() -> ResolvedPlace {
    place(2, "Sumy Oblast", PlaceKind::Region, 50.8, 34.0)
}
fn kharkiv() -> ResolvedPlace {
    place(3, "Kharkiv", PlaceKind::City, 50.0, 36.2)
}
fn ukraine() -> ResolvedPlace {
    place(4, "Ukraine", PlaceKind::Country, 49.0, 32.0)
}

/// A mention of `text` at `start` in its document, resolved to `place`.
fn mention(
    text: &str,
    start: usize,
    kind: MentionKind,
    place: Option<ResolvedPlace>,
    candidates: Vec<ResolvedPlace>,
) -> Mention {
    let end = start + text.chars().count();
    Mention {
        start,
        end,
        byte_start: start,
        byte_end: end,
        text: text.into(),
        kind,
        place,
        score: 0.8,
        candidates,
        passage: Passage {
            start: 0,
            end,
            text: text.into(),
            mention_start: 0,
            mention_end: text.chars().count(),
            boilerplate: false,
        },
    }
}

fn article(date: Option<&str>, mentions: Vec<Mention>) -> Arc<Article> {
    let mut doc = Document::new("text");
    doc.date = date.map(str::to_string);
    Arc::new(Article {
        doc,
        mentions,
        weights: Vec::new(),
    })
}

fn corpus() -> Vec<Arc<Article>> {
    vec![
        article(
            Some("2024-05-01"),
            vec![
                mention(
                    "Sumy",
                    0,
                    MentionKind::City,
                    Some(sumy()),
                    vec![sumy_oblast()],
                ),
                mention("Kharkiv", 10, MentionKind::City, Some(kharkiv()), vec![]),
                mention(
                    "Sumy",
                    20,
                    MentionKind::City,
                    Some(sumy()),
                    vec![sumy_oblast()],
                ),
                mention(
                    "Ukrainian",
                    30,
                    MentionKind::Demonym,
                    Some(ukraine()),
                    vec![],
                ),
                mention("Foo", 40, MentionKind::City, None, vec![]),
            ],
        ),
        article(
            Some("2024-06-01"),
            vec![
                mention(
                    "SUMY",
                    0,
                    MentionKind::City,
                    Some(sumy()),
                    vec![sumy_oblast()],
                ),
                mention("Ukraine", 10, MentionKind::Country, Some(ukraine()), vec![]),
            ],
        ),
        article(
            None,
            vec![mention(
                "Kharkiv",
                0,
                MentionKind::City,
                Some(kharkiv()),
                vec![],
            )],
        ),
    ]
}

fn summary(groups: &[mentionmap::web::model::PlaceGroup]) -> Vec<GroupRow> {
    groups
        .iter()
        .map(|g| {
            (
                g.place.name.clone(),
                g.key.id,
                g.key.demonym,
                g.count(),
                g.articles,
            )
        })
        .collect()
}

/// A place group as a row: name, place id, demonym, count, articles.
type GroupRow = (String, u32, bool, usize, usize);

#[test]
fn grouping_mentions_into_places() {
    let s = |n: &str, id, d, c, a| (n.to_string(), id, d, c, a);
    let rows: Vec<(&str, Filter, Vec<GroupRow>)> = vec![
        (
            "default: by place, most mentioned first, demonyms and unresolved left out",
            Filter::default(),
            vec![
                s("Sumy", 1, false, 3, 2),
                s("Kharkiv", 3, false, 2, 2),
                s("Ukraine", 4, false, 1, 1),
            ],
        ),
        (
            "demonyms switched on: a separate group at the country",
            Filter {
                demonyms: true,
                ..Filter::default()
            },
            vec![
                s("Sumy", 1, false, 3, 2),
                s("Kharkiv", 3, false, 2, 2),
                s("Ukraine", 4, false, 1, 1),
                s("Ukraine", 4, true, 1, 1),
            ],
        ),
        (
            "date range: only May (undated articles stay)",
            Filter {
                from: Some("2024-05-01".into()),
                to: Some("2024-05-31".into()),
                ..Filter::default()
            },
            vec![s("Kharkiv", 3, false, 2, 2), s("Sumy", 1, false, 2, 1)],
        ),
        (
            "date range after everything: only the undated article",
            Filter {
                from: Some("2025-01-01".into()),
                ..Filter::default()
            },
            vec![s("Kharkiv", 3, false, 1, 1)],
        ),
        (
            "place filter: part of a display name",
            Filter {
                places: PlaceQuery::new("khar"),
                ..Filter::default()
            },
            vec![s("Kharkiv", 3, false, 2, 2)],
        ),
        (
            "place filter: a name the gazetteer knows for the place (ids from the worker)",
            Filter {
                places: PlaceQuery {
                    folded: "kharkov".into(),
                    ids: [3].into_iter().collect(),
                    ..PlaceQuery::default()
                },
                ..Filter::default()
            },
            vec![s("Kharkiv", 3, false, 2, 2)],
        ),
        (
            "place filter: nothing matches",
            Filter {
                places: PlaceQuery::new("zzz"),
                ..Filter::default()
            },
            vec![],
        ),
    ];
    for (what, filter, expected) in rows {
        let groups = group_places(&corpus(), &Corrections::default(), &filter);
        assert_eq!(summary(&groups), expected, "{what}");
    }
}

/// The test corpus with one more article, naming a city in another country.
fn corpus_with_belgorod() -> Vec<Arc<Article>> {
    let mut belgorod = place(5, "Belgorod", PlaceKind::City, 50.6, 36.6);
    belgorod.country = Some("RU".into());
    let mut articles = corpus();
    articles.push(article(
        Some("2024-05-02"),
        vec![mention(
            "Belgorod",
            0,
            MentionKind::City,
            Some(belgorod),
            vec![],
        )],
    ));
    articles
}

#[test]
fn the_place_filter_by_country_and_kind() {
    let s = |n: &str, id, d, c, a| (n.to_string(), id, d, c, a);
    let query = |text: &str, country: Option<&str>, kind: Option<MentionKind>| Filter {
        demonyms: true,
        places: PlaceQuery {
            country: country.map(str::to_string),
            kind,
            ..PlaceQuery::new(text)
        },
        ..Filter::default()
    };
    let rows: Vec<(&str, Filter, Vec<GroupRow>)> = vec![
        (
            "a country: only its places",
            query("", Some("RU"), None),
            vec![s("Belgorod", 5, false, 1, 1)],
        ),
        (
            "a kind: only places drawn as that kind",
            query("", None, Some(MentionKind::City)),
            vec![
                s("Sumy", 1, false, 3, 2),
                s("Kharkiv", 3, false, 2, 2),
                s("Belgorod", 5, false, 1, 1),
            ],
        ),
        (
            "a demonym is its own kind, apart from its country",
            query("", None, Some(MentionKind::Demonym)),
            vec![s("Ukraine", 4, true, 1, 1)],
        ),
        (
            "country, kind and text together",
            query("sum", Some("UA"), Some(MentionKind::City)),
            vec![s("Sumy", 1, false, 3, 2)],
        ),
        (
            "a country with nothing of that kind",
            query("", Some("RU"), Some(MentionKind::Country)),
            vec![],
        ),
    ];
    let articles = corpus_with_belgorod();
    for (what, filter, expected) in rows {
        assert!(filter.places.is_active(), "{what}");
        let groups = group_places(&articles, &Corrections::default(), &filter);
        assert_eq!(summary(&groups), expected, "{what}");
        // The exports see the same places as the map.
        let exported: std::collections::BTreeSet<u32> =
            view_articles(&articles, &Corrections::default(), &filter)
                .iter()
                .flat_map(|(_, ms)| ms.iter().filter_map(|m| m.place.as_ref().map(|p| p.id.0)))
                .collect();
        let shown: std::collections::BTreeSet<u32> = groups.iter().map(|g| g.key.id).collect();
        assert_eq!(exported, shown, "{what}: exports");
    }

    // Typing keeps the country and kind chosen; the gazetteer's ids are for the old text.
    let mut q = PlaceQuery {
        country: Some("UA".into()),
        kind: Some(MentionKind::City),
        ids: [3].into_iter().collect(),
        ..PlaceQuery::new("kharkov")
    };
    q.set_text("Sum");
    assert_eq!(
        q,
        PlaceQuery {
            country: Some("UA".into()),
            kind: Some(MentionKind::City),
            ..PlaceQuery::new("Sum")
        }
    );
    assert!(!PlaceQuery::default().is_active());
}

#[test]
fn the_country_and_kind_choices_count_places_before_the_query() {
    let filter = Filter {
        demonyms: true,
        places: PlaceQuery {
            country: Some("RU".into()),
            ..PlaceQuery::default()
        },
        ..Filter::default()
    };
    let all = group_all_places(&corpus_with_belgorod(), &Corrections::default(), &filter);
    let facets = place_facets(&all);
    let countries: Vec<(&str, usize)> = facets
        .countries
        .iter()
        .map(|(c, n)| (c.as_str(), *n))
        .collect();
    // Ukraine's four groups (Sumy, Kharkiv, Ukraine and the demonym) stay choices while
    // Russia is chosen.
    assert_eq!(countries, vec![("UA", 4), ("RU", 1)]);
    assert_eq!(
        facets.kinds,
        vec![
            (MentionKind::Country, 1),
            (MentionKind::City, 3),
            (MentionKind::Demonym, 1)
        ]
    );
    assert_eq!(place_facets(&[]), Default::default());
}

#[test]
fn the_density_layer_weighs_cities_by_the_root_of_their_share() {
    let groups = group_places(
        &corpus_with_belgorod(),
        &Corrections::default(),
        &Filter::default(),
    );
    // Sumy 3, Kharkiv 2, Belgorod 1 mentions; Ukraine is a country, not a point.
    let points = heat_points(&groups);
    let expected = [
        [50.9, 34.8, 1.0],
        [50.0, 36.2, (2.0f64 / 3.0).sqrt()],
        [50.6, 36.6, (1.0f64 / 3.0).sqrt()],
    ];
    assert_eq!(points.len(), expected.len(), "{points:?}");
    for (p, e) in points.iter().zip(expected) {
        assert!(
            p.iter().zip(e).all(|(a, b)| (a - b).abs() < 1e-9),
            "{p:?} != {e:?}"
        );
    }
    assert!(heat_points(&[]).is_empty());
}

#[test]
fn groups_keep_names_and_references() {
    let groups = group_places(&corpus(), &Corrections::default(), &Filter::default());
    let sumy = &groups[0];
    assert_eq!(
        sumy.names,
        vec![("Sumy".to_string(), 2), ("SUMY".to_string(), 1)]
    );
    assert_eq!(
        sumy.mentions,
        vec![
            MentionRef {
                article: 0,
                index: 0
            },
            MentionRef {
                article: 0,
                index: 2
            },
            MentionRef {
                article: 1,
                index: 0
            }
        ]
    );
    assert_eq!(sumy.kind, MentionKind::City);
    assert!(!sumy.corrected);
}

#[test]
fn applying_corrections() {
    type Row = (
        &'static str,
        Vec<(&'static str, Correction)>,
        Vec<(String, u32, bool, usize, usize)>,
    );
    let s = |n: &str, id, d, c, a| (n.to_string(), id, d, c, a);
    let rows: Vec<Row> = vec![
        (
            "no corrections",
            vec![],
            vec![
                s("Sumy", 1, false, 3, 2),
                s("Kharkiv", 3, false, 2, 2),
                s("Ukraine", 4, false, 1, 1),
            ],
        ),
        (
            "not a place: every spelling of the name, across articles",
            vec![("sumy", Correction::NotAPlace)],
            vec![s("Kharkiv", 3, false, 2, 2), s("Ukraine", 4, false, 1, 1)],
        ),
        (
            "another candidate: all Sumy mentions move to the oblast",
            vec![(
                "Sumy",
                Correction::Place {
                    place: sumy_oblast(),
                },
            )],
            vec![
                s("Sumy Oblast", 2, false, 3, 2),
                s("Kharkiv", 3, false, 2, 2),
                s("Ukraine", 4, false, 1, 1),
            ],
        ),
        (
            "a correction to the place already chosen changes nothing but the flag",
            vec![("Kharkiv", Correction::Place { place: kharkiv() })],
            vec![
                s("Sumy", 1, false, 3, 2),
                s("Kharkiv", 3, false, 2, 2),
                s("Ukraine", 4, false, 1, 1),
            ],
        ),
    ];
    for (what, corrections, expected) in rows {
        let mut c = Corrections::default();
        for (name, correction) in corrections {
            c.set(name, correction);
        }
        assert_eq!(
            summary(&group_places(&corpus(), &c, &Filter::default())),
            expected,
            "{what}"
        );
    }
}

#[test]
fn a_corrected_mention_offers_the_original_place_back() {
    let m = mention(
        "Sumy",
        0,
        MentionKind::City,
        Some(sumy()),
        vec![sumy_oblast()],
    );
    let mut c = Corrections::default();
    c.set(
        "Sumy",
        Correction::Place {
            place: sumy_oblast(),
        },
    );
    let e = effective(&m, &c).expect("still a place");
    assert!(e.corrected);
    assert_eq!(
        e.mention.place.as_ref().map(|p| p.name.as_str()),
        Some("Sumy Oblast")
    );
    assert_eq!(e.mention.kind, MentionKind::Region);
    assert_eq!(
        e.mention
            .candidates
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        vec!["Sumy"]
    );
    assert!(c.remove("SUMY"), "keys are case-folded");
    assert!(c.is_empty());
    assert!(!effective(&m, &c).unwrap().corrected);
}

#[test]
fn corrections_round_trip_through_json() {
    let mut c = Corrections::default();
    c.set(
        "Sumy",
        Correction::Place {
            place: sumy_oblast(),
        },
    );
    c.set("Foo", Correction::NotAPlace);
    let json = serde_json::to_string(&c).unwrap();
    let back: Corrections = serde_json::from_str(&json).unwrap();
    assert_eq!(back, c);
    assert_eq!(back.len(), 2);
}

#[test]
fn exports_see_the_corrected_filtered_view() {
    let mut c = Corrections::default();
    c.set("Kharkiv", Correction::NotAPlace);
    let view = view_articles(&corpus(), &c, &Filter::default());
    let names: Vec<Vec<&str>> = view
        .iter()
        .map(|(_, ms)| ms.iter().map(|m| m.text.as_str()).collect())
        .collect();
    assert_eq!(
        names,
        vec![vec!["Sumy", "Sumy"], vec!["SUMY", "Ukraine"], vec![]]
    );
}

#[test]
fn url_hash_parse_and_format() {
    let rows: Vec<(&str, ViewHash, &str)> = vec![
        ("", ViewHash::default(), ""),
        (
            "#map=6/49.5/33.25",
            ViewHash {
                view: Some((6.0, 49.5, 33.25)),
                place: None,
                ..ViewHash::default()
            },
            "#map=6/49.5000/33.2500",
        ),
        (
            "#map=7.5/50.9077/34.7981&place=1234",
            ViewHash {
                view: Some((7.5, 50.9077, 34.7981)),
                place: Some(PlaceKey {
                    id: 1234,
                    demonym: false,
                }),
                ..ViewHash::default()
            },
            "#map=7.50/50.9077/34.7981&place=1234",
        ),
        (
            "#place=42d",
            ViewHash {
                view: None,
                place: Some(PlaceKey {
                    id: 42,
                    demonym: true,
                }),
                ..ViewHash::default()
            },
            "#place=42d",
        ),
        ("#map=99/0/0&place=x", ViewHash::default(), ""),
        ("#map=5/91/10", ViewHash::default(), ""),
        ("#map=5/10&other=1", ViewHash::default(), ""),
        (
            "place=7&map=3/1/2",
            ViewHash {
                view: Some((3.0, 1.0, 2.0)),
                place: Some(PlaceKey {
                    id: 7,
                    demonym: false,
                }),
                ..ViewHash::default()
            },
            "#map=3/1.0000/2.0000&place=7",
        ),
        (
            "#from=2022-02-24&to=2022-03-01&map=5/49/32",
            ViewHash {
                view: Some((5.0, 49.0, 32.0)),
                from: Some("2022-02-24".into()),
                to: Some("2022-03-01".into()),
                ..ViewHash::default()
            },
            "#map=5/49.0000/32.0000&from=2022-02-24&to=2022-03-01",
        ),
        ("#from=2022-02-30&to=yesterday", ViewHash::default(), ""),
        (
            "#q=Kharkov&kind=city&country=UA&from=2022-02-24",
            ViewHash {
                from: Some("2022-02-24".into()),
                country: Some("UA".into()),
                kind: Some(MentionKind::City),
                query: Some("Kharkov".into()),
                ..ViewHash::default()
            },
            "#from=2022-02-24&country=UA&kind=city&q=Kharkov",
        ),
        (
            "#kind=demonym&q=Sumy%20Oblast",
            ViewHash {
                kind: Some(MentionKind::Demonym),
                query: Some("Sumy Oblast".into()),
                ..ViewHash::default()
            },
            "#kind=demonym&q=Sumy%20Oblast",
        ),
        // Malformed: a lower-case or long country, an unknown kind, an empty or blank
        // query, a stray percent sign and bytes that are not UTF-8.
        ("#country=ua&kind=town&q=", ViewHash::default(), ""),
        ("#country=UKR&kind=City&q=%20%20", ViewHash::default(), ""),
        ("#country=U1&q=%E2%82", ViewHash::default(), ""),
        ("#q=%FF%FE&kind=&country=", ViewHash::default(), ""),
        (
            "#q=50%&country",
            ViewHash {
                query: Some("50%".into()),
                ..ViewHash::default()
            },
            "#q=50%25",
        ),
    ];
    for (input, expected, formatted) in rows {
        let parsed = ViewHash::parse(input);
        assert_eq!(parsed, expected, "parse {input:?}");
        assert_eq!(parsed.format(), formatted, "format {input:?}");
        assert_eq!(
            ViewHash::parse(&parsed.format()),
            parsed,
            "round trip {input:?}"
        );
    }
}

#[test]
fn the_typed_place_filter_is_percent_encoded_in_the_url() {
    let rows: Vec<(&str, &str)> = vec![
        ("Sumy", "#q=Sumy"),
        ("Kryvyi Rih", "#q=Kryvyi%20Rih"),
        ("Sumy & Kharkiv", "#q=Sumy%20%26%20Kharkiv"),
        ("#1 a=b", "#q=%231%20a%3Db"),
        ("Харків", "#q=%D0%A5%D0%B0%D1%80%D0%BA%D1%96%D0%B2"),
        ("l'Oblast+", "#q=l%27Oblast%2B"),
        ("St.-Petersburg_~", "#q=St.-Petersburg_~"),
    ];
    for (typed, formatted) in rows {
        let hash = ViewHash {
            query: Some(typed.into()),
            ..ViewHash::default()
        };
        assert_eq!(hash.format(), formatted, "format {typed:?}");
        assert_eq!(ViewHash::parse(formatted), hash, "parse {formatted:?}");
    }
    // What a browser's address bar gives for a typed Cyrillic fragment, and the raw text.
    for given in ["#q=%D0%A5%D0%B0%D1%80%D0%BA%D1%96%D0%B2", "#q=Харків"] {
        assert_eq!(
            ViewHash::parse(given).query.as_deref(),
            Some("Харків"),
            "{given}"
        );
    }
}

#[test]
fn the_place_filters_survive_the_url() {
    let filter = Filter {
        from: Some("2022-03-01".into()),
        to: Some("2022-03-31".into()),
        demonyms: true,
        places: PlaceQuery {
            country: Some("RU".into()),
            kind: Some(MentionKind::Region),
            ids: [3].into_iter().collect(),
            ..PlaceQuery::new(" Kursk & Belgorod ")
        },
    };
    let written = ViewHash::new(Some((6.0, 50.0, 36.0)), None, &filter).format();
    let mut restored = Filter {
        demonyms: true,
        ..Filter::default()
    };
    ViewHash::parse(&written).restore(&mut restored);
    // Everything but the gazetteer's ids, which the worker gives again for the text.
    assert_eq!(
        restored,
        Filter {
            places: PlaceQuery {
                ids: Default::default(),
                ..filter.places.clone()
            },
            ..filter.clone()
        },
        "{written}"
    );
    // A blank query is not written, and a fragment without filters clears them.
    let blank = Filter {
        places: PlaceQuery::new("   "),
        ..Filter::default()
    };
    assert_eq!(ViewHash::new(None, None, &blank).format(), "");
    ViewHash::parse("#map=5/49/32").restore(&mut restored);
    assert_eq!(
        restored,
        Filter {
            demonyms: true,
            ..Filter::default()
        }
    );
}

/// Any URL fragment, generated (proptest is a native dev-dependency).
#[cfg(not(target_arch = "wasm32"))]
mod any_fragment {
    use super::ViewHash;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Any typed text that is not blank comes back from the URL as typed.
        #[test]
        fn any_typed_filter_comes_back_from_the_url(typed in "\\PC*") {
            prop_assume!(!typed.trim().is_empty());
            let hash = ViewHash { query: Some(typed), ..ViewHash::default() };
            prop_assert_eq!(ViewHash::parse(&hash.format()), hash);
        }

        /// Any fragment reads without a panic, and what it keeps is written and read back
        /// unchanged.
        #[test]
        fn any_fragment_reads_and_writes_back(
            fragment in "#?(((map|place|from|to|country|kind|q|x)=)?[\\PC%&#=]{0,12}&?){0,6}"
        ) {
            let written = ViewHash::parse(&fragment).format();
            prop_assert_eq!(ViewHash::parse(&written).format(), written);
        }
    }
}

#[test]
fn every_mention_kind_reads_back_from_its_name() {
    for kind in MentionKind::ALL {
        assert_eq!(MentionKind::from_name(kind.as_str()), Some(kind));
    }
    for name in ["", "City", "town", "city "] {
        assert_eq!(MentionKind::from_name(name), None, "{name:?}");
    }
}

#[test]
fn highlight_segments() {
    let t = |s: &str| Segment::Text(s.into());
    /// `(start, end, tag)` in code points.
    type Span = (usize, usize, usize);
    let m = |s: &str, tag| Segment::Mark {
        text: s.into(),
        tag,
    };
    let rows: Vec<(&str, Vec<Span>, Vec<Segment>)> = vec![
        (
            "Shelling in Sumy.",
            vec![(12, 16, 0)],
            vec![t("Shelling in "), m("Sumy", 0), t(".")],
        ),
        ("Sumy", vec![(0, 4, 3)], vec![m("Sumy", 3)]),
        (
            "Суми і Харків",
            vec![(7, 13, 1), (0, 4, 0)],
            vec![m("Суми", 0), t(" і "), m("Харків", 1)],
        ),
        (
            "overlap here",
            vec![(0, 7, 0), (4, 9, 1)],
            vec![m("overlap", 0), t(" here")],
        ),
        (
            "out of range",
            vec![(5, 99, 0), (3, 3, 1)],
            vec![t("out of range")],
        ),
        ("", vec![], vec![]),
    ];
    for (text, spans, expected) in rows {
        assert_eq!(segments(text, &spans), expected, "{text:?}");
    }
}

#[test]
fn reader_pieces_hold_at_most_so_many_marks() {
    let t = |s: &str| Segment::Text(s.into());
    let m = |tag| Segment::Mark {
        text: "Kyiv".into(),
        tag,
    };
    // (segments, marks per piece, pieces)
    let rows: Vec<(Vec<Segment>, usize, Vec<Vec<Segment>>)> = vec![
        (vec![], 2, vec![vec![]]),
        (vec![t("Calm.")], 2, vec![vec![t("Calm.")]]),
        (
            vec![t("In "), m(0), t(" and "), m(1), t(".")],
            2,
            vec![vec![t("In "), m(0), t(" and "), m(1), t(".")]],
        ),
        (
            vec![m(0), t(" "), m(1), t(" "), m(2), t(" "), m(3), t(" "), m(4)],
            2,
            vec![
                vec![m(0), t(" "), m(1), t(" ")],
                vec![m(2), t(" "), m(3), t(" ")],
                vec![m(4)],
            ],
        ),
        (vec![m(0), m(1)], 0, vec![vec![m(0)], vec![m(1)]]),
    ];
    for (segs, marks, expected) in rows {
        let all: Vec<Segment> = segs.clone();
        let split = pieces(segs, marks);
        assert_eq!(split, expected, "{marks}");
        assert_eq!(
            split.concat(),
            all,
            "the pieces hold every segment in order"
        );
    }
}

#[test]
fn the_reader_shows_a_headline_once() {
    use mentionmap::web::model::title_prefix_len;
    let rows: Vec<(&str, Option<&str>, usize)> = vec![
        ("Headline here\n\nBody text.", Some("Headline here"), 15),
        ("  Headline here  \nBody", Some("Headline here"), 18),
        ("Другий рядок\nТекст", Some("Другий рядок"), 13),
        ("Body starts at once.", Some("Headline"), 0),
        ("Headline here\n\nBody", None, 0),
        ("Headline", Some("Headline"), 8),
    ];
    for (text, title, expected) in rows {
        assert_eq!(title_prefix_len(text, title), expected, "{text:?}");
    }
}

#[test]
fn only_http_links_are_clickable() {
    let rows = [
        ("https://example.org/a", Some("https://example.org/a")),
        (" http://example.org ", Some("http://example.org")),
        ("HTTPS://EXAMPLE.ORG", Some("HTTPS://EXAMPLE.ORG")),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//example.org", None),
        ("https://", None),
        ("https://exa\nmple.org", None),
        ("", None),
    ];
    for (url, expected) in rows {
        assert_eq!(safe_link(url), expected, "{url:?}");
    }
}

#[test]
fn choropleth_classes() {
    let rows: Vec<(&str, usize, Vec<usize>)> = vec![
        ("one mention: one class", 1, vec![1]),
        ("up to three", 3, vec![1, 2]),
        ("a 1-2-5 scale", 60, vec![1, 2, 5, 10, 50]),
        ("spread over a wide range", 3000, vec![1, 5, 50, 200, 2000]),
    ];
    for (what, max, expected) in rows {
        assert_eq!(count_classes(max, 5), expected, "{what}");
    }
    let bounds = [1, 5, 20, 100, 500];
    let rows: Vec<(usize, usize)> = vec![(1, 0), (4, 0), (5, 1), (99, 2), (100, 3), (10_000, 4)];
    for (count, class) in rows {
        assert_eq!(class_of(count, &bounds), class, "count {count}");
    }
}

#[test]
fn dates_and_the_timeline() {
    let rows: Vec<(&str, Option<i64>)> = vec![
        ("1970-01-01", Some(0)),
        ("2022-02-24", Some(19_047)),
        ("2024-02-29T10:00:00Z", Some(19_782)),
        ("2023-02-29", None),
        ("2022-13-01", None),
        ("22-02-2024", None),
        ("", None),
    ];
    for (date, expected) in rows {
        assert_eq!(day_number(date), expected, "{date}");
        if let Some(days) = expected {
            assert_eq!(date_of_day(days), date[..10], "back from {days}");
        }
    }
    // The corpus: May 1 and June 1, 2024, and one undated article; a bar a day.
    let t = timeline(&corpus(), &Corrections::default(), &Filter::default()).expect("dated");
    assert_eq!(t.unit, TimeUnit::Day);
    assert_eq!(t.undated, 1);
    assert_eq!(t.bins.len(), 32);
    assert_eq!(
        (t.bins[0].from.as_str(), t.bins[31].to.as_str()),
        ("2024-05-01", "2024-06-01")
    );
    // Mentions on the map: three on May 1 (no demonym, nothing unresolved), two on June 1.
    assert_eq!(
        (t.bins[0].mentions, t.bins[31].mentions, t.max()),
        (3, 2, 3)
    );
    assert_eq!(t.selected(None, None), None);
    assert_eq!(t.selected(Some("2024-05-03"), None), Some((2, 31)));
    assert_eq!(t.selected(None, Some("2024-05-01")), Some((0, 0)));
}

/// A job split between workers: every article goes to exactly one shard, and each shard's
/// `position` of its `nth` article gives back the article's place in the whole job, so the
/// page can restore input order.
#[test]
fn shards_cover_every_article_once_and_give_back_its_position() {
    use mentionmap::web::protocol::{Shard, BLOCK};
    for (articles, workers) in [
        (0, 3),
        (1, 1),
        (BLOCK - 1, 2),
        (BLOCK * 3, 2),
        (447, 3),
        (1000, 4),
    ] {
        let parts = Shard::split((0..articles).collect::<Vec<usize>>(), workers);
        assert_eq!(parts.len(), workers);
        let mut seen = vec![0; articles];
        for (index, part) in parts.iter().enumerate() {
            let shard = Shard {
                index,
                count: workers,
            };
            for (nth, &article) in part.iter().enumerate() {
                assert_eq!(
                    shard.position(nth),
                    article,
                    "{articles} articles, {workers} workers"
                );
                assert!(shard.owns(article));
                seen[article] += 1;
            }
        }
        assert!(
            seen.iter().all(|&n| n == 1),
            "{articles} articles, {workers} workers"
        );
    }
}

/// What the worker sends is what the page keeps: an article geoparsed with the bundled
/// gazetteer goes through the wire form (bytes, without the text its mentions copy) and comes
/// back equal, mention words included; its passages stay in the document, where popups and
/// exports find the same text. With text before the mentions in several scripts and a long
/// text geoparsed in windows.
#[test]
fn articles_cross_the_wire_whole() {
    use std::ops::ControlFlow;

    use mentionmap::web::protocol::{Response, WireArticle};
    use mentionmap::{Gazetteer, Geoparser};
    let parser = Geoparser::new(Gazetteer::bundled());
    let short =
        "Дрони над Харковом: drones struck Sumy overnight 🚀, and shelling hit the Kharkiv region.";
    let long = "Night in Kyiv. Вибухи в Одесі. Troops left Avdiivka for Pokrovsk. ".repeat(300);
    for (text, window) in [(short, 1 << 20), (long.as_str(), 4096)] {
        let mut mentions = Vec::new();
        parser.for_each_mention_windowed(text, window, |m| {
            mentions.push(m);
            ControlFlow::Continue(())
        });
        assert!(mentions.len() >= 3, "{} mentions", mentions.len());
        let doc = Document {
            id: Some("a".into()),
            title: Some("Night".into()),
            date: Some("2024-05-01".into()),
            url: None,
            text: text.into(),
        };
        let expected = Article {
            doc: doc.clone(),
            mentions: mentions.clone(),
            weights: Vec::new(),
        };
        let sent = Response::Articles {
            job: 7,
            first: 40,
            articles: vec![WireArticle::new(doc, mentions)],
        };
        let bytes = sent.encode().unwrap();
        assert!(bytes.len() < text.len() + 400 * expected.mentions.len());
        let Ok(Response::Articles {
            job: 7,
            first: 40,
            articles,
        }) = Response::decode(&bytes)
        else {
            panic!("not the articles sent");
        };
        let [got]: [Article; 1] = articles
            .into_iter()
            .map(WireArticle::into_article)
            .collect::<Vec<_>>()
            .try_into()
            .expect("one article");
        // The page keeps passages as places in the document, and finds the same text there.
        assert!(got.mentions.iter().all(|m| m.passage.text.is_empty()));
        for (m, e) in got.mentions.iter().zip(&expected.mentions) {
            assert_eq!(got.passage_text(m), e.passage.text);
        }
        let filled: Vec<Mention> = got
            .mentions
            .iter()
            .map(|m| got.with_passage_text(m.clone()))
            .collect();
        assert_eq!((&got.doc, &filled), (&expected.doc, &expected.mentions));
        // Popups and exports read the same passages from either.
        let (kept, whole) = (vec![Arc::new(got)], vec![Arc::new(expected)]);
        let (none, all) = (Corrections::default(), Filter::default());
        let groups = group_places(&whole, &none, &all);
        assert!(!groups.is_empty());
        for group in &groups {
            assert_eq!(passage_items(&kept, group), passage_items(&whole, group));
        }
        assert_eq!(
            view_articles(&kept, &none, &all),
            view_articles(&whole, &none, &all)
        );
    }
    // Damaged bytes are an error, never a panic.
    assert!(Response::decode(&[7, 255, 255, 255, 255, 255, 255]).is_err());
    assert!(Response::decode(&[]).is_err());
}

/// The worker's "ready" carries the gazetteer's country names, which the page shows.
#[test]
fn ready_carries_every_country_name() {
    use mentionmap::web::protocol::Response;
    use mentionmap::Gazetteer;
    let g = Gazetteer::bundled();
    let countries: Vec<(String, String)> = g
        .countries()
        .map(|(code, p)| (code.to_string(), p.name.to_string()))
        .collect();
    let sent = Response::Ready {
        places: g.len(),
        countries: countries.clone(),
    };
    assert!(countries.len() >= 240, "{} countries", countries.len());
    assert_eq!(Response::decode(&sent.encode().unwrap()).unwrap(), sent);
}

#[test]
fn imported_geojson_keeps_counts_passages_and_known_places() {
    use std::collections::HashMap;

    use mentionmap::web::model::imported::articles;
    // Kyiv has two passages of one article (non-ASCII before its mention) and 5 mentions in
    // all; Lviv has a count only; Sumy is already on the map (GeoNames id 100001).
    let text = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","geometry":{"type":"Point","coordinates":[30.52,50.45]},
       "properties":{"name":"Kyiv","kind":"city","country":"UA","geonameid":703448,"count":5,"mentions":[
         {"id":"a","title":"Night","date":"2024-05-01","url":null,"start":30,"end":34,"text":"Kyiv",
          "passage":{"start":20,"end":40,"text":"Дрони над Kyiv вночі.","mention_start":10,"mention_end":14,"boilerplate":false}},
         {"id":"a","title":"Night","date":"2024-05-01","url":null,"start":2,"end":6,"text":"Kyiv",
          "passage":{"start":0,"end":11,"text":"In Kyiv, calm.","mention_start":3,"mention_end":7,"boilerplate":false}}]}},
      {"type":"Feature","geometry":{"type":"Point","coordinates":[24.03,49.84]},
       "properties":{"name":"Lviv","kind":"city","country":"UA","geonameid":702550,"count":7}},
      {"type":"Feature","geometry":{"type":"Point","coordinates":[34.8,50.9]},
       "properties":{"name":"Sumy","kind":"city","country":"UA","geonameid":100001,"count":2}}]}"#;
    let places = mentionmap::geojson::parse(text).expect("valid GeoJSON");
    let known = HashMap::from([(100_001, sumy().id)]);
    let corpus: Vec<Arc<Article>> = articles(&places, "x.geojson", &known)
        .into_iter()
        .map(Arc::new)
        .collect();
    // Every kept mention's offsets point at its name, in code points and in bytes.
    for a in &corpus {
        let chars: Vec<char> = a.doc.text.chars().collect();
        for m in &a.mentions {
            let by_chars: String = chars[m.start..m.end].iter().collect();
            assert_eq!(by_chars, m.text, "{}", a.doc.text);
            assert_eq!(&a.doc.text[m.byte_start..m.byte_end], m.text);
        }
    }
    assert_eq!(
        corpus[0].doc.title.as_deref(),
        Some("Night (passages from x.geojson)")
    );
    assert_eq!(
        corpus[0].doc.text,
        "In Kyiv, calm.\n\nДрони над Kyiv вночі."
    );
    let groups = group_places(&corpus, &Corrections::default(), &Filter::default());
    let counts: Vec<(&str, usize, usize, u32)> = groups
        .iter()
        .map(|g| (g.place.name.as_str(), g.count(), g.mentions.len(), g.key.id))
        .collect();
    let id = |name: &str| counts.iter().find(|c| c.0 == name).map_or(0, |c| c.3);
    assert_eq!(
        counts,
        [
            ("Lviv", 7, 1, id("Lviv")),
            ("Kyiv", 5, 3, id("Kyiv")),
            ("Sumy", 2, 1, sumy().id.0),
        ]
    );
    assert!(id("Lviv") >= 0x8000_0000 && id("Kyiv") >= 0x8000_0000 && id("Lviv") != id("Kyiv"));
}

#[test]
fn a_places_passages_for_its_popup() {
    // One article names Sumy twice in one passage and once in a byline; another once.
    let in_passage = |start: usize, mention_start: usize, text: &str, boilerplate: bool| {
        let mut m = mention("Sumy", start, MentionKind::City, Some(sumy()), vec![]);
        m.passage = Passage {
            start: 0,
            end: text.chars().count(),
            text: text.into(),
            mention_start,
            mention_end: mention_start + 4,
            boilerplate,
        };
        m
    };
    let report = "Shelling near Sumy, then again in Sumy.";
    let byline = "Reporting from Sumy.";
    let mut byline_mention = in_passage(60, 15, byline, true);
    byline_mention.passage.start = 50;
    let corpus = vec![
        article(
            Some("2024-05-01"),
            vec![
                in_passage(14, 14, report, false),
                in_passage(34, 34, report, false),
                byline_mention,
            ],
        ),
        article(None, vec![in_passage(5, 5, "Near Sumy.", false)]),
    ];
    let groups = group_places(&corpus, &Corrections::default(), &Filter::default());
    let sumy = groups
        .iter()
        .find(|g| g.place.name == "Sumy")
        .expect("Sumy");
    let items = passage_items(&corpus, sumy);
    let marks = |i: usize| {
        items[i]
            .segments
            .iter()
            .filter(|s| matches!(s, Segment::Mark { .. }))
            .count()
    };
    // Two mentions in one passage make one item with two marks; boilerplate comes last.
    assert_eq!(items.len(), 3);
    assert_eq!(
        (items[0].at.article, items[0].at.index, marks(0)),
        (0, 0, 2)
    );
    assert_eq!((items[1].at.article, marks(1)), (1, 1));
    assert!(items[2].boilerplate && !items[0].boilerplate);
    assert_eq!(items[0].date.as_deref(), Some("2024-05-01"));
}

#[test]
fn lines_skipped_for_nul_bytes_make_one_notice_that_names_them() {
    let read = |input: String| {
        read_all(
            "nul.jsonl",
            InputFormat::Jsonl,
            input.as_bytes(),
            &IngestOptions::default(),
        )
    };
    let good = "{\"text\": \"Sirens in Sumy.\"}\n";
    let bad = "{\"text\": \"Ky\u{0}iv\"}\n";
    // (lines of good and bad records, articles read, notices)
    let cases: Vec<(String, usize, Vec<String>)> = vec![
        (
            format!("{good}{bad}{good}"),
            2,
            vec!["nul.jsonl: line 2 holds a NUL byte, so it is not text; it was skipped and the other lines were read.".into()],
        ),
        (
            format!("{good}{bad}not json\n{bad}"),
            1,
            vec![
                "nul.jsonl: lines 2, 4 hold NUL bytes, so they are not text; they were skipped and the other lines were read.".into(),
                "nul.jsonl:3: not valid JSON: expected ident (column 2)".into(),
            ],
        ),
        (
            format!("{good}{}", format!("{bad}{good}").repeat(100)),
            101,
            vec!["nul.jsonl: 100 lines hold NUL bytes, so they are not text; they were skipped and the other lines were read. The first: lines 2, 4, 6, 8, 10, 12, 14, 16, 18, 20 …".into()],
        ),
        (
            format!("{good}{}", "[1]\n".repeat(25)),
            1,
            (2..=21)
                .map(|n| format!("nul.jsonl:{n}: expected a JSON object with a \"text\" string, found an array"))
                .chain(["nul.jsonl: 5 more problems not shown.".to_string()])
                .collect(),
        ),
    ];
    for (input, articles, notices) in cases {
        let read = read(input);
        assert_eq!(read.documents.len(), articles);
        assert_eq!(problem_notices("nul.jsonl", &read.errors), notices);
    }
}
