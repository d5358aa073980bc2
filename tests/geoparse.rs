//! Recognition and resolution, as a table: each row is one behaviour, on a text we wrote.

use mentionmap::{
    Document, Gazetteer, Geoparser, Mention, MentionKind, ParseOptions, ResolvedPlace,
};

/// Rough positions (lat, lon) of places the rows expect, from general knowledge.
const KHARKIV: (f64, f64) = (50.0, 36.2);
const SUMY: (f64, f64) = (50.9, 34.8);
const KURSK_CITY: (f64, f64) = (51.7, 36.2);
const KYIV: (f64, f64) = (50.45, 30.5);
const POKROVSK_UA: (f64, f64) = (48.3, 37.2);
const ZAPORIZHZHIA: (f64, f64) = (47.8, 35.2);
const ATLANTA_GA: (f64, f64) = (33.8, -84.4);
const PARIS_TX: (f64, f64) = (33.7, -95.6);
const PARIS_FR: (f64, f64) = (48.9, 2.35);
const LONDON_ON: (f64, f64) = (43.0, -81.25);
const ODESA: (f64, f64) = (46.5, 30.7);

/// A mention a row expects: as written, its kind, and roughly where.
type Expected = (&'static str, MentionKind, (f64, f64));

fn parse(text: &str) -> Vec<Mention> {
    Geoparser::new(Gazetteer::bundled()).parse(&Document::new(text))
}

fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    use geo::{Distance, Haversine, Point};
    Haversine.distance(Point::new(a.1, a.0), Point::new(b.1, b.0)) / 1000.0
}

/// Finds the mention written `surface` and checks its kind and that it lies within 161 km
/// of `near`.
fn assert_place(
    text: &str,
    mentions: &[Mention],
    surface: &str,
    kind: MentionKind,
    near: (f64, f64),
) {
    let m = mentions
        .iter()
        .find(|m| m.text == surface)
        .unwrap_or_else(|| {
            panic!(
                "{surface:?} not found in {text:?}: {:?}",
                mentions.iter().map(|m| &m.text).collect::<Vec<_>>()
            )
        });
    assert_eq!(m.kind, kind, "{surface:?} in {text:?}");
    let place = m.place.as_ref().expect("resolved");
    let d = km((place.lat, place.lon), near);
    assert!(
        d < 161.0,
        "{surface:?} in {text:?} resolved to {} ({}, {}), {d:.0} km off",
        place.name,
        place.lat,
        place.lon
    );
}

#[test]
fn places_are_found_and_placed() {
    use MentionKind::*;
    let rows: &[(&str, &[Expected])] = &[
        // English transliterations of one place meet.
        (
            "Drones struck Kharkiv overnight.",
            &[("Kharkiv", City, KHARKIV)],
        ),
        (
            "Drones struck Kharkov overnight.",
            &[("Kharkov", City, KHARKIV)],
        ),
        (
            "Air raid alerts sounded in Kiev and Kyiv alike.",
            &[("Kiev", City, KYIV), ("Kyiv", City, KYIV)],
        ),
        (
            "Shelling hit Zaporozhye and Zaporizhzhia.",
            &[
                ("Zaporozhye", City, ZAPORIZHZHIA),
                ("Zaporizhzhia", City, ZAPORIZHZHIA),
            ],
        ),
        // Region phrases make a region, and the span covers the region word.
        (
            "Evacuations continue in the Kharkiv region.",
            &[("Kharkiv region", Region, KHARKIV)],
        ),
        (
            "Guided bombs fell across Sumy Oblast.",
            &[("Sumy Oblast", Region, SUMY)],
        ),
        (
            "Fighting in the Kursk region of Russia went on.",
            &[
                ("Kursk region", Region, KURSK_CITY),
                ("Russia", Country, (61.0, 99.0)),
            ],
        ),
        // Military phrases: the place inside them.
        (
            "Pressure grows on the Pokrovsk direction.",
            &[("Pokrovsk", City, POKROVSK_UA)],
        ),
        (
            "Troops held the line near Kharkiv.",
            &[("Kharkiv", City, KHARKIV)],
        ),
        // A bare name that is also a region's name means the city.
        (
            "Residents of Zaporizhzhia sheltered underground.",
            &[("Zaporizhzhia", City, ZAPORIZHZHIA)],
        ),
        // Ukrainian and Russian inflected forms, by stemming.
        (
            "Вибухи пролунали під Харковом.",
            &[("Харковом", City, KHARKIV)],
        ),
        (
            "Ситуація у Курській області напружена.",
            &[("Курській області", Region, KURSK_CITY)],
        ),
        (
            "Тривога в Сумах тривала дві години.",
            &[("Сумах", City, SUMY)],
        ),
        (
            "Бои идут в районе Покровска.",
            &[("Покровска", City, POKROVSK_UA)],
        ),
        ("Порт Одеси знову атакували.", &[("Одеси", City, ODESA)]),
        // Ukrainian nouns for an oblast (Сумщина, Донеччина), inflected.
        (
            "Обстріли тривали на Сумщині та на Харківщині.",
            &[("Сумщині", Region, SUMY), ("Харківщині", Region, KHARKIV)],
        ),
        // Ambiguity settled by context: the state, the country, the qualifier.
        (
            "The mayor of Paris, Texas, said the storm had passed.",
            &[("Paris", City, PARIS_TX), ("Texas", Region, (31.0, -99.0))],
        ),
        (
            "Georgia's governor spoke in Atlanta about the storm.",
            &[
                ("Georgia", Region, (32.7, -83.4)),
                ("Atlanta", City, ATLANTA_GA),
            ],
        ),
        (
            "Tourists returned to Paris after the strikes in France.",
            &[("Paris", City, PARIS_FR)],
        ),
        (
            "London, Ontario, opened a shelter for the flood victims.",
            &[("London", City, LONDON_ON)],
        ),
        // A town and its county named together explain each other, out of dozens of
        // namesakes of each.
        (
            "Dublin police and Laurens County deputies closed the bypass after the crash.",
            &[
                ("Dublin", City, (32.54, -82.90)),
                ("Laurens County", District, (32.54, -82.90)),
            ],
        ),
        (
            "Florence police said a Lauderdale County deputy was hurt.",
            &[
                ("Florence", City, (34.80, -87.68)),
                ("Lauderdale County", District, (34.80, -87.68)),
            ],
        ),
        (
            "Springfield aldermen met with Sangamon County leaders on Tuesday.",
            &[("Springfield", City, (39.80, -89.64))],
        ),
        // A state's AP abbreviation after a town is a mention of the state, and places
        // the town.
        (
            "The fair in Lawrence, Kan., drew crowds from Paris, Ky.",
            &[
                ("Lawrence", City, (38.97, -95.24)),
                ("Kan.", Region, (38.5, -98.5)),
                ("Paris", City, (38.21, -84.25)),
                ("Ky.", Region, (37.5, -85.0)),
            ],
        ),
        // Another town of the oblast does not turn a city named like its oblast into the
        // oblast.
        (
            "Russian troops moved from Berdyansk toward Zaporizhzhia.",
            &[("Zaporizhzhia", City, ZAPORIZHZHIA)],
        ),
        (
            "Russian troops moved from Berdyansk toward the city of Zaporizhzhia.",
            &[("Zaporizhzhia", City, ZAPORIZHZHIA)],
        ),
        // Towns that could lie in the US state make "Georgia" the state.
        (
            "Police in Gainesville, Columbus and Athens joined the search across Georgia.",
            &[("Georgia", Region, (32.7, -83.4))],
        ),
        // Without its county, the famous namesake holds; and in a British or Irish story the
        // famous places hold against their American namesakes.
        (
            "Dublin police closed the quays after the crash.",
            &[("Dublin", City, (53.35, -6.26))],
        ),
        (
            "Police in Dublin and Cork arrested two men.",
            &[
                ("Dublin", City, (53.35, -6.26)),
                ("Cork", City, (51.9, -8.47)),
            ],
        ),
        (
            "Birmingham council and Cambridge colleges cut staff, the English unions said.",
            &[
                ("Birmingham", City, (52.48, -1.9)),
                ("Cambridge", City, (52.2, 0.12)),
            ],
        ),
        (
            "Ministers flew from London to Paris for the talks.",
            &[("London", City, (51.51, -0.13)), ("Paris", City, PARIS_FR)],
        ),
        // A district named after the town in it means the town ("Brisbane", not the City of
        // Brisbane council area), unless the text says "county" or "district".
        (
            "The Brisbane council voted on the new bus lanes.",
            &[("Brisbane", City, (-27.47, 153.03))],
        ),
        // A country's own name means the country, not the capital that shares it.
        (
            "Flights from Mexico landed in Mexico City.",
            &[
                ("Mexico", Country, (24.0, -102.5)),
                ("Mexico City", City, (19.4, -99.1)),
            ],
        ),
        // Possessives inside names.
        (
            "Envoys of the People's Republic of China arrived.",
            &[("People's Republic of China", Country, (36.0, 104.0))],
        ),
        // Country short forms.
        (
            "US officials met their counterparts from the UK.",
            &[
                ("US", Country, (39.0, -98.0)),
                ("UK", Country, (54.5, -2.5)),
            ],
        ),
    ];
    for (text, expected) in rows {
        let mentions = parse(text);
        for (surface, kind, near) in expected.iter() {
            assert_place(text, &mentions, surface, *kind, *near);
        }
    }
}

#[test]
fn traps_are_not_places() {
    let rows: &[(&str, &[&str])] = &[
        // People named like places.
        (
            "President Zelenskyy thanked Gen. Syrskyi.",
            &["Zelenskyy", "Syrskyi"],
        ),
        ("Michael Jordan visited the troops.", &["Jordan"]),
        ("Officer Sumner Bend said nothing.", &["Sumner", "Bend"]),
        // A first name before a surname, however large the town of that name.
        (
            "Vladimir Putin and Antony Blinken spoke by phone.",
            &["Vladimir", "Antony"],
        ),
        // Places used inside the names of organisations and publications.
        (
            "The Kyiv Independent and the Washington Post reported it.",
            &["Kyiv", "Washington"],
        ),
        // Common words that are also names of small towns.
        ("Police said there was hope for a deal.", &["Police"]),
        ("Most of the drones were shot down.", &["Most"]),
        // A common phrase that is only another language's name for a city (Casablanca).
        (
            "The White House said talks would go on.",
            &["White", "House"],
        ),
        // Names used to name a negotiating format or an armed group.
        (
            "Talks in the Normandy format stalled as the Wagner group advanced.",
            &["Normandy", "Wagner"],
        ),
        // A word used in lowercase elsewhere in the text.
        (
            "Mobile units moved in. The mobile teams left at dawn.",
            &["Mobile"],
        ),
        // Surnames and common words that are also small towns, flagged from English word
        // frequencies when the gazetteer is built.
        (
            "Moore met Bell at the Superior court before the Olympic trials; Evans stayed home.",
            &["Moore", "Bell", "Superior", "Olympic", "Evans"],
        ),
        // A compass word alone is no region, whatever province is named by it.
        (
            "Western officials said Nord Stream was damaged; the North was quiet.",
            &["Western", "Nord", "North"],
        ),
        // Contractions are never places, whatever a folded "ill" or "ive" would find.
        (
            "I'll call back. I've seen the map, and I'd say we’ll go. They're late; don't wait.",
            &["I'll", "I've", "I'd", "They're"],
        ),
    ];
    for (text, not_places) in rows {
        let mentions = parse(text);
        for word in not_places.iter() {
            assert!(
                !mentions
                    .iter()
                    .any(|m| m.text.split_whitespace().any(|w| w == *word)
                        && m.kind != MentionKind::Demonym),
                "{word:?} taken for a place in {text:?}: {mentions:?}"
            );
        }
    }
}

#[test]
fn demonyms_are_their_own_kind_and_optional() {
    let text = "Ukrainian and Russian officials met Italian diplomats.";
    let mentions = parse(text);
    let demonyms: Vec<(&str, Option<&str>)> = mentions
        .iter()
        .filter(|m| m.kind == MentionKind::Demonym)
        .map(|m| {
            (
                m.text.as_str(),
                m.place.as_ref().and_then(|p| p.country.as_deref()),
            )
        })
        .collect();
    assert_eq!(
        demonyms,
        [
            ("Ukrainian", Some("UA")),
            ("Russian", Some("RU")),
            ("Italian", Some("IT"))
        ]
    );
    assert!(mentions.iter().all(|m| !m.is_mappable()));
    let options = ParseOptions {
        demonyms: false,
        ..ParseOptions::default()
    };
    let without =
        Geoparser::with_options(Gazetteer::bundled(), options).parse(&Document::new(text));
    assert!(without.is_empty(), "{without:?}");
}

/// A demonym is a mention of its country (or of its region, for an adjective shared by many
/// countries), placed at that place's point with its GeoNames id, and still of kind demonym.
#[test]
fn demonyms_are_placed_at_their_country_or_region() {
    let rows: &[(&str, &str, Option<&str>, &str)] = &[
        // (text, demonym, its country code, the place it names)
        (
            "Russian troops crossed the river.",
            "Russian",
            Some("RU"),
            "Russia",
        ),
        (
            "Crowds gathered at the Polish embassy.",
            "Polish",
            Some("PL"),
            "Poland",
        ),
        (
            "Brazilians voted on Sunday.",
            "Brazilians",
            Some("BR"),
            "Brazil",
        ),
        (
            "Sudanese refugees reached the border.",
            "Sudanese",
            Some("SD"),
            "Sudan",
        ),
        ("European leaders met again.", "European", None, "Europe"),
        (
            "Latin American markets rallied.",
            "Latin American",
            None,
            "Latin America",
        ),
        (
            "Middle Eastern carriers cut flights.",
            "Middle Eastern",
            None,
            "Middle East",
        ),
    ];
    for &(text, surface, country, name) in rows {
        let mentions = parse(text);
        let m = mentions
            .iter()
            .find(|m| m.text == surface)
            .unwrap_or_else(|| panic!("{surface:?} not found in {text:?}: {mentions:?}"));
        assert_eq!(m.kind, MentionKind::Demonym, "{text:?}");
        let place = m.place.as_ref().expect("a demonym is resolved");
        assert_eq!(
            (place.name.as_str(), place.country.as_deref()),
            (name, country),
            "{text:?}"
        );
        assert!(place.geonameid.is_some() || country.is_none(), "{text:?}");
        assert!(!m.is_mappable(), "demonyms stay off the map by default");
    }
    // "EU" is the European Union, a place of its own (not a demonym).
    let mentions = parse("The EU extended its sanctions, France and Germany said in Paris.");
    let eu = mentions.iter().find(|m| m.text == "EU").expect("EU found");
    assert_eq!(
        eu.place.as_ref().map(|p| p.name.as_str()),
        Some("European Union")
    );
    assert_eq!(eu.kind, MentionKind::Area);
}

#[test]
fn offsets_are_code_points_and_bytes() {
    let text = "«Вибух» — під Харковом; then Sumy.";
    for m in parse(text) {
        let by_chars: String = text.chars().skip(m.start).take(m.end - m.start).collect();
        assert_eq!(by_chars, m.text);
        assert_eq!(&text[m.byte_start..m.byte_end], m.text);
        let inner: String = m
            .passage
            .text
            .chars()
            .skip(m.passage.mention_start)
            .take(m.passage.mention_end - m.passage.mention_start)
            .collect();
        assert_eq!(inner, m.text);
    }
}

#[test]
fn runners_up_are_kept_for_correction() {
    let mentions = parse("Flooding closed roads around Springfield.");
    let m = mentions
        .iter()
        .find(|m| m.text == "Springfield")
        .expect("Springfield found");
    assert!(
        !m.candidates.is_empty() && m.candidates.len() <= 3,
        "{:?}",
        m.candidates
    );
    let best = m.place.as_ref().expect("resolved").score;
    assert!(m.candidates.iter().all(|c| c.score <= best));
    assert!(m.candidates.iter().all(|c| c.name == "Springfield"));
}

#[test]
fn every_input_is_handled_without_panicking() {
    let long_word = "x".repeat(100_000);
    let capitals = "Kharkiv ".repeat(20_000);
    let rows = [
        "",
        " ",
        "\n\n\n",
        "....",
        "'s",
        "’",
        "Kyiv'",
        "St.",
        "A",
        &long_word,
        &capitals,
        "\u{0}\u{1}\u{FEFF}Sumy",
        "Курській",
        "d'Ivoire",
    ];
    for text in rows {
        let mentions = parse(text);
        for m in &mentions {
            assert!(m.byte_end <= text.len() && m.start <= m.end);
        }
    }
}

/// The dispatch the product was first asked for (read at run time from the shared folder,
/// never copied into the repository).
#[test]
fn seed_dispatch_yields_the_places_it_names_and_no_others() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpora/seed-dispatch-2025-01-10.txt"
    );
    let Ok(raw) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {path} is not there");
        return;
    };
    let doc = Document::from_raw_text(&raw);
    assert_eq!(doc.date.as_deref(), Some("2025-01-10"));
    assert!(doc.text.starts_with("As of now"));
    let mentions = Geoparser::new(Gazetteer::bundled()).parse(&doc);
    let mapped: Vec<&Mention> = mentions.iter().filter(|m| m.is_mappable()).collect();
    let expect = [
        ("Kursk", (51.7, 36.2)),
        ("Kharkiv", KHARKIV),
        ("Sumy", SUMY),
        ("Russia", (61.0, 99.0)),
        ("Ukraine", (49.0, 31.3)),
    ];
    for (name, near) in expect {
        let found = mapped.iter().any(|m| {
            let p = m.place.as_ref().expect("mapped");
            m.text.starts_with(name) && km((p.lat, p.lon), near) < 161.0
        });
        assert!(found, "{name} missing or misplaced");
    }
    assert!(mapped
        .iter()
        .any(|m| m.text == "Kharkiv region" && m.kind == MentionKind::Region));
    let allowed = ["Kursk", "Kharkiv", "Sumy", "Russia", "Ukraine", "Donbas"];
    for m in &mapped {
        assert!(
            allowed.iter().any(|a| m.text.starts_with(a)),
            "unexpected place {:?} ({:?})",
            m.text,
            m.place
        );
    }
}

/// Random texts built from the characters that stress tokenising and stemming: letters of
/// both scripts, combining marks, apostrophes, punctuation, digits and odd whitespace.
#[test]
fn random_texts_never_panic_and_offsets_stay_in_bounds() {
    const PIECES: &[&str] = &[
        "Kyiv",
        "Sumy",
        "Харків",
        "Курській",
        "області",
        " ",
        "  ",
        "\n",
        "\t",
        ".",
        ",",
        "'",
        "’",
        "s",
        "-",
        "—",
        "St.",
        "region",
        "Oblast",
        "of",
        "the",
        "President",
        "\u{301}",
        "\u{308}",
        "й",
        "ї",
        "ß",
        "İ",
        "ǅ",
        "1",
        "«",
        "»",
        "\u{200B}",
        "\u{2028}",
        "Paris",
        ", Texas",
        "d'",
        "Ivoire",
        "U.S.",
        "🙂",
        "a",
        "A",
        "Ω",
    ];
    let parser = Geoparser::new(Gazetteer::bundled());
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let len = (next() % 40) as usize;
        let text: String = (0..len)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        let chars = text.chars().count();
        for m in parser.parse(&Document::new(text.as_str())) {
            assert!(m.start < m.end && m.end <= chars, "{text:?}: {m:?}");
            assert_eq!(&text[m.byte_start..m.byte_end], m.text);
            assert!(m.passage.start <= m.start && m.end <= m.passage.end && m.passage.end <= chars);
        }
    }
}

/// Rough positions of villages from the postal settlements (issue 10), from general
/// knowledge of where they lie.
const ROBOTYNE: (f64, f64) = (47.45, 35.84);
const KLISHCHIIVKA: (f64, f64) = (48.53, 37.96);
const ANDRIIVKA_BAKHMUT: (f64, f64) = (48.50, 37.97);
const PLEKHOVO: (f64, f64) = (51.10, 35.33);
const ZAOLESHENKA: (f64, f64) = (51.20, 35.31);

/// The place the mention written `surface` resolves to.
fn resolved<'m>(text: &str, mentions: &'m [Mention], surface: &str) -> &'m ResolvedPlace {
    mentions
        .iter()
        .find(|m| m.text == surface)
        .and_then(|m| m.place.as_ref())
        .unwrap_or_else(|| {
            panic!(
                "{surface:?} not placed in {text:?}: {:?}",
                mentions.iter().map(|m| &m.text).collect::<Vec<_>>()
            )
        })
}

/// Parses `text` and checks that the mention written `surface` lies within 15 km of `near`:
/// the right village, not a namesake.
fn assert_village_near(text: &str, surface: &str, near: (f64, f64)) {
    let mentions = parse(text);
    let place = resolved(text, &mentions, surface);
    let d = km((place.lat, place.lon), near);
    assert!(
        d < 15.0,
        "{surface:?} in {text:?}: {} ({}, {}), {d:.0} km off",
        place.name,
        place.lat,
        place.lon
    );
}

#[test]
fn villages_are_found_in_ukrainian_russian_and_english_spellings_and_inflections() {
    // (text, mention as written, where the village is)
    let rows: &[(&str, &str, (f64, f64))] = &[
        (
            "Ukrainian troops advanced south of Robotyne.",
            "Robotyne",
            ROBOTYNE,
        ),
        ("Бої тривають у Роботиному.", "Роботиному", ROBOTYNE),
        (
            "Russian forces shelled Klishchiivka again.",
            "Klishchiivka",
            KLISHCHIIVKA,
        ),
        (
            "Ukrainian assault groups were seen near Klishchiyivka.",
            "Klishchiyivka",
            KLISHCHIIVKA,
        ),
        ("Вибухи лунали біля Кліщіївки.", "Кліщіївки", KLISHCHIIVKA),
        ("Под Плехово идут бои.", "Плехово", PLEKHOVO),
        (
            "Russian officials reported fighting near Plekhovo on Tuesday.",
            "Plekhovo",
            PLEKHOVO,
        ),
        (
            "Ukrainian units held Zaoleshenka for a week.",
            "Zaoleshenka",
            ZAOLESHENKA,
        ),
        ("Бои шли у Заолешенки.", "Заолешенки", ZAOLESHENKA),
    ];
    for (text, surface, near) in rows {
        assert_village_near(text, surface, *near);
    }
}

#[test]
fn a_village_beats_a_larger_namesake_only_on_evidence() {
    // (text, mention, Some(where) when the evidence singles out one village; None when the
    // larger namesake should win)
    type Row = (&'static str, &'static str, Option<(f64, f64)>);
    let rows: &[Row] = &[
        // A named town ten kilometres away.
        (
            "Shelling hit Andriivka near Bakhmut.",
            "Andriivka",
            Some(ANDRIIVKA_BAKHMUT),
        ),
        // No evidence: the village of unknown size does not win.
        ("Shelling hit Andriivka overnight.", "Andriivka", None),
        // A city far away says nothing about which village its region holds.
        (
            "Buses left Zaporizhzhia for Dnipro.",
            "Zaporizhzhia",
            Some(ZAPORIZHZHIA),
        ),
    ];
    for (text, surface, expected) in rows {
        match expected {
            Some(near) => assert_village_near(text, surface, *near),
            None => {
                let mentions = parse(text);
                let place = resolved(text, &mentions, surface);
                assert!(
                    place.population > 0,
                    "{surface:?} in {text:?} went to a village of unknown size at ({}, {})",
                    place.lat,
                    place.lon
                );
            }
        }
    }
}

#[test]
fn a_village_name_alone_in_a_text_about_nowhere_near_is_not_placed() {
    // (text, the village name, placed?)
    let rows: &[(&str, &str, bool)] = &[
        (
            "Assault groups were seen near Klishchiyivka.",
            "Klishchiyivka",
            false,
        ),
        (
            "Ukrainian assault groups were seen near Klishchiyivka.",
            "Klishchiyivka",
            true,
        ),
        (
            "Zamalek rarely threatened Kameni as the visitors doubled their lead.",
            "Kameni",
            false,
        ),
        // Cyrillic text is Ukrainian or Russian text: the village needs nothing more.
        ("Вибухи лунали біля Кліщіївки.", "Кліщіївки", true),
    ];
    for (text, surface, placed) in rows {
        let mentions = parse(text);
        let found = mentions
            .iter()
            .any(|m| m.text == *surface && m.place.is_some());
        assert_eq!(found, *placed, "{surface:?} in {text:?}");
    }
}

#[test]
fn a_village_is_placed_in_the_oblast_or_raion_the_text_names() {
    // (text, village, the oblast it must be in). Levadne: villages of that name in
    // Zaporizhzhia, Donetsk and Luhansk oblasts; Novomykhailivka: one in each of seven.
    let rows: &[(&str, &str, &str)] = &[
        (
            "Ukrainian forces attacked Levadne in Zaporizhzhia Oblast.",
            "Levadne",
            "Zaporizhzhia Oblast",
        ),
        (
            "Russian forces attacked Levadne in Luhansk Oblast.",
            "Levadne",
            "Luhansk Oblast",
        ),
        // The raion named in lowercase, as English reports write it.
        (
            "Ukrainian forces repelled attacks near Novomykhailivka in the Pokrovsk district.",
            "Novomykhailivka",
            "Donetsk Oblast",
        ),
        (
            "Shelling hit Novomykhailivka in Zaporizhzhia Oblast.",
            "Novomykhailivka",
            "Zaporizhzhia Oblast",
        ),
    ];
    for (text, village, oblast) in rows {
        let mentions = parse(text);
        let place = resolved(text, &mentions, village);
        assert_eq!(place.region.as_deref(), Some(*oblast), "{text}");
    }
}

#[test]
fn ordinary_english_with_village_names_in_it_yields_no_villages() {
    // Each capitalised word here is also the Latin name of a Ukrainian or Russian village.
    let text = "Step by step, the council met again. Side streets were closed for the \
                Play Festival, and Marine biologists said the Bar would reopen. Smile, \
                said the vet. Male voters were Sad about the result.";
    let mentions = parse(text);
    let villages: Vec<_> = mentions
        .iter()
        .filter(|m| m.place.as_ref().is_some_and(|p| p.population == 0))
        .map(|m| &m.text)
        .collect();
    assert!(villages.is_empty(), "{villages:?}");
}
