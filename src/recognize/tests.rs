//! One test per recognition rule, on the fixture gazetteer ([`super::fixture`]). Each row
//! reads as the behaviour it pins, and fails if its rule is taken out.

use super::fixture;
use super::words::is_sentence_start;
use super::{KindCue, Recognizer, Span};
use crate::gazetteer::{Gazetteer, PlaceKind};
use crate::text::{tokenize, Tokenized};

/// The spans of `text`, each as its surface.
fn spans(g: &Gazetteer, text: &str) -> Vec<Span> {
    Recognizer::new(g).spans(text, &tokenize(text))
}

fn surfaces(g: &Gazetteer, text: &str) -> Vec<String> {
    spans(g, text)
        .iter()
        .map(|s| s.range.slice(text).to_string())
        .collect()
}

/// The span of `text` whose surface is `surface`.
fn span_of(g: &Gazetteer, text: &str, surface: &str) -> Span {
    spans(g, text)
        .into_iter()
        .find(|s| s.range.slice(text) == surface)
        .unwrap_or_else(|| panic!("no span {surface:?} in {text:?}"))
}

/// The evidence of a span from its own words and neighbours (before the document-wide
/// rules), as `match_at` gives it.
fn own_evidence(g: &Gazetteer, text: &str, surface: &str) -> f32 {
    let span = span_of(g, text, surface);
    let tokens = tokenize(text);
    Recognizer::new(g).evidence(Tokenized::new(text, &tokens), &span)
}

/// The names of a span's candidates.
fn names(g: &Gazetteer, span: &Span) -> Vec<String> {
    let mut names: Vec<String> = span
        .hits
        .iter()
        .map(|h| {
            format!(
                "{} ({})",
                g.place(h.id).name,
                g.place(h.id).country.unwrap_or("")
            )
        })
        .collect();
    names.sort();
    names
}

#[test]
fn which_words_make_spans() {
    let g = fixture::gazetteer();
    let rows: &[(&str, &str, &[&str])] = &[
        (
            "a contraction is no place",
            "I'll go, said troops from Ill.",
            &["Ill"],
        ),
        (
            "an elided article joins a name",
            "Troops left Côte d'Ivoire today.",
            &["Côte d'Ivoire"],
        ),
        (
            "a possessive joins a name, even after a title word",
            "Troops left Queen Anne's County today.",
            &["Queen Anne's County"],
        ),
        (
            "a title makes the capitals after it a person",
            "President Marin met troops in Tulsa.",
            &["Tulsa"],
        ),
        (
            "a longer demonym wins over the name it starts with",
            "Sri Lankan troops arrived.",
            &["Sri Lankan"],
        ),
        (
            "a kind word joins the span",
            "Shelling hit the Kharkiv region today.",
            &["Kharkiv region"],
        ),
        (
            "a state's abbreviation after a town is a span of its own",
            "Troops left Alexandria, Ala. today.",
            &["Alexandria", "Ala."],
        ),
        (
            "a Cyrillic word is found by its stem",
            "Бої біля Покровська тривають.",
            &["Покровська"],
        ),
    ];
    for (rule, text, expected) in rows {
        assert_eq!(surfaces(&g, text), *expected, "{rule}: {text:?}");
    }
}

#[test]
fn which_places_a_span_keeps() {
    let g = fixture::gazetteer();
    let rows: &[(&str, &str, &str, &[&str])] = &[
        (
            "a region word keeps the regions",
            "Shelling hit the Kharkiv region today.",
            "Kharkiv region",
            &["Kharkiv Oblast (UA)"],
        ),
        (
            "a raion word finds the raion by its full name",
            "Shelling hit the Pokrovsk raion today.",
            "Pokrovsk raion",
            &["Pokrovsk Raion (UA)"],
        ),
        (
            "short capitals keep only countries and unions",
            "Troops left the UK today.",
            "UK",
            &["United Kingdom (GB)"],
        ),
        (
            "a common phrase keeps only the places it is the own name of",
            "Troops left White House today.",
            "White House",
            &["White House (US)"],
        ),
        (
            "a Cyrillic stem finds the place named so",
            "Бої біля Покровська тривають.",
            "Покровська",
            &["Pokrovsk (UA)"],
        ),
        (
            "a demonym holds its country",
            "Ukrainian troops arrived.",
            "Ukrainian",
            &["Ukraine (UA)"],
        ),
    ];
    for (rule, text, surface, expected) in rows {
        assert_eq!(names(&g, &span_of(&g, text, surface)), *expected, "{rule}");
    }
}

#[test]
fn cues_after_a_name() {
    let g = fixture::gazetteer();
    let region = span_of(
        &g,
        "Shelling hit the Kharkiv region today.",
        "Kharkiv region",
    );
    assert_eq!(region.kind_cue, KindCue::Region);
    let raion = span_of(
        &g,
        "Shelling hit the Pokrovsk raion today.",
        "Pokrovsk raion",
    );
    assert_eq!(raion.kind_cue, KindCue::District);
    let city = span_of(&g, "Troops left Marin city today.", "Marin city");
    assert_eq!(city.kind_cue, KindCue::City);

    let text = "Troops left Alexandria, Ala. today.";
    let town = span_of(&g, text, "Alexandria");
    let qualifier = town.qualifier.expect("Ala. qualifies Alexandria");
    assert_eq!(g.place(qualifier.place).name, "Alabama");
    assert!(qualifier.abbreviation);
    let state = span_of(&g, text, "Ala.");
    assert_eq!(names(&g, &state), ["Alabama (US)"]);
    assert!(state.evidence > 0.8, "the state's abbreviation is sure");

    let spelled = span_of(&g, "Troops left Marin, Spain today.", "Marin");
    let qualifier = spelled.qualifier.expect("Spain qualifies Marin");
    assert_eq!(g.place(qualifier.place).kind, PlaceKind::Country);
    assert!(!qualifier.abbreviation);
}

#[test]
fn each_evidence_rule_moves_evidence_by_its_weight() {
    let g = fixture::gazetteer();
    // (rule, text with the reading, text without, surface in the first, its surface in the
    // second, the change)
    #[rustfmt::skip]
    let rows: &[(&str, &str, &str, &str, &str, f32)] = &[
        ("a preposition before", "Troops were in Marin today.", "Troops left Marin today.", "Marin", "Marin", 0.15),
        ("a front word after", "Troops left the Marin direction.", "Troops left Marin today.", "Marin", "Marin", 0.2),
        ("a name-use word after", "Troops left the Marin format.", "Troops left Marin today.", "Marin", "Marin", -0.5),
        ("a speech verb after a town", "Troops left. Then Marin said no.", "Troops left. Then Marin was hit.", "Marin", "Marin", -0.4),
        ("an organisation word after a town", "Troops left Marin Airlines today.", "Troops left Marin today.", "Marin", "Marin", -0.6),
        ("an organisation word after a country", "Troops left Spain Airlines today.", "Troops left Spain today.", "Spain", "Spain", -0.4),
        ("an institution word after a town", "Troops left Marin Council today.", "Troops left Marin today.", "Marin", "Marin", -0.15),
        ("another capitalised word after", "Troops left Marin Gazprom today.", "Troops left Marin today.", "Marin", "Marin", -0.2),
        ("a capitalised word before", "Troops left Gazprom Marin today.", "Troops left Marin today.", "Marin", "Marin", -0.45),
        ("a first name before", "Troops left John Marin today.", "Troops left Marin today.", "Marin", "Marin", -0.6),
        ("a first name before a surname", "Troops left Charlotte Gazprom today.", "Troops left Charlotte today.", "Charlotte", "Charlotte", -0.6),
        ("more than one word", "Troops left Nova Kakhovka today.", "Troops left Marin today.", "Nova Kakhovka", "Marin", 0.15),
        ("a kind word (two words with it)", "Troops left Marino city.", "Troops left Marino today.", "Marino city", "Marino", 0.45),
        ("a qualifier", "Troops left Marin, Spain.", "Troops left Marin today.", "Marin", "Marin", 0.3),
        ("only another spelling", "Troops left Marino today.", "Troops left Marin today.", "Marino", "Marin", -0.1),
        ("a common phrase", "Troops left White House today.", "Troops left Nova Kakhovka today.", "White House", "Nova Kakhovka", -0.45),
        ("a common word", "Troops left Mobile today.", "Troops left Tulsa today.", "Mobile", "Tulsa", -0.45),
        ("a town marked a common word", "Troops were in Bell today.", "Troops were in Zell today.", "Bell", "Zell", -0.45),
        ("a first name alone", "Troops left Florence today.", "Troops left Tulsa today.", "Florence", "Tulsa", -0.35),
        ("short capitals", "Troops left ULM today.", "Troops left Ulm today.", "ULM", "Ulm", -0.4),
        ("one or two letters", "Troops left Ur today.", "Troops left Ulm today.", "Ur", "Ulm", -0.3),
        ("a small town first in a sentence", "Marin was hit.", "Then Marin was hit.", "Marin", "Marin", -0.2),
    ];
    for (rule, with, without, surface, other, change) in rows {
        let moved = own_evidence(&g, with, surface) - own_evidence(&g, without, other);
        assert!(
            (moved - change).abs() < 1e-5,
            "{rule}: evidence moved by {moved}, not {change} ({with:?} against {without:?})"
        );
    }
}

#[test]
fn a_compass_word_alone_is_no_region() {
    let g = fixture::gazetteer();
    assert_eq!(
        own_evidence(&g, "Troops left Central today.", "Central"),
        0.0
    );
    assert!(own_evidence(&g, "Troops left Central region today.", "Central region") > 0.5);
}

#[test]
fn document_wide_rules() {
    let g = fixture::gazetteer();
    let evidence = |text: &str| spans(&g, text).last().expect("a span").evidence;
    // A word seen in lowercase elsewhere in the text is likelier a word.
    let moved = evidence("Troops said tulsa. Troops left Tulsa today.")
        - evidence("Troops said nothing. Troops left Tulsa today.");
    assert!(
        (moved + 0.35).abs() < 1e-5,
        "lowercase elsewhere moved {moved}"
    );
    // A word once part of a person's name is no place anywhere in the document.
    assert_eq!(
        evidence("Sergei Marin spoke. Troops left Marin today."),
        0.0
    );
    assert!(evidence("Sergei spoke. Troops left Marin today.") > 0.5);
    assert_eq!(
        evidence("President Marin spoke. Troops left Marin today."),
        0.0
    );
    // An age in commas after a name makes it a person's, here and elsewhere.
    assert_eq!(
        evidence("Troops left Marin today. Marin, 6, was hurt."),
        0.0
    );
    assert_eq!(
        evidence("Troops left Marin today. Marin (6) was hurt."),
        0.0
    );
    assert_eq!(
        evidence("Troops left Marin today. Marin, 5,000 troops."),
        evidence("Troops left Marin today. Marin, all troops.")
    );
    assert_eq!(
        evidence("Troops left Marin today. Marin, 2022, was hot."),
        evidence("Troops left Marin today. Marin, again, was hot.")
    );
    // The same after an abbreviated title and its dot, before or after the place.
    assert_eq!(evidence("Gen. Marin spoke. Troops left Marin today."), 0.0);
    assert_eq!(evidence("Marin quit. Mr. Marin spoke today."), 0.0);
    // A full title ending a sentence leaves the next sentence alone.
    assert!(evidence("He met the German Chancellor. Marin spoke today.") > 0.3);
}

#[test]
fn sentence_starts() {
    let rows = [
        ("Marin was hit.", 0, true),
        ("Troops left. Marin was hit.", 3, true),
        ("Troops left. \"Marin was hit.", 4, true),
        ("Troops left, Marin was hit.", 3, false),
        ("Troops left\nMarin was hit.", 2, true),
        ("Then Marin was hit.", 1, false),
    ];
    for (text, i, expected) in rows {
        assert_eq!(
            is_sentence_start(Tokenized::new(text, &tokenize(text)), i),
            expected,
            "{text:?} at {i}"
        );
    }
}
