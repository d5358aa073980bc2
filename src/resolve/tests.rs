//! One test per resolution rule, on the recogniser's fixture gazetteer. Each row reads as
//! the behaviour it pins, and fails if its rule is taken out.

use super::{explain, resolve, ExplainedCandidate};
use crate::gazetteer::Gazetteer;
use crate::recognize::{fixture, Recognizer, Span};
use crate::text::tokenize;

fn spans_of(g: &Gazetteer, text: &str) -> Vec<Span> {
    Recognizer::new(g).spans(text, &tokenize(text))
}

/// The index of the span of `text` whose surface is `surface`.
fn index_of(spans: &[Span], text: &str, surface: &str) -> usize {
    spans
        .iter()
        .position(|s| s.range.slice(text) == surface)
        .unwrap_or_else(|| panic!("no span {surface:?} in {text:?}"))
}

/// The place `surface` resolves to in `text`, as "name (country)".
fn resolved(g: &Gazetteer, text: &str, surface: &str) -> String {
    let spans = spans_of(g, text);
    let best = resolve(g, &spans)[index_of(&spans, text, surface)]
        .best()
        .unwrap_or_else(|| panic!("{surface:?} resolves in {text:?}"));
    let place = g.place(best.id);
    format!("{} ({})", place.name, place.country.unwrap_or(""))
}

/// The scored candidate `name` of `surface` in `text`.
fn explained(g: &Gazetteer, text: &str, surface: &str, name: &str) -> ExplainedCandidate {
    let spans = spans_of(g, text);
    explain(g, &spans)[index_of(&spans, text, surface)]
        .iter()
        .find(|c| g.place(c.id).name == name)
        .cloned()
        .unwrap_or_else(|| panic!("{name:?} is no candidate of {surface:?} in {text:?}"))
}

#[test]
fn each_rule_picks_its_place() {
    let g = fixture::gazetteer();
    #[rustfmt::skip]
    let rows: &[(&str, &str, &str, &str)] = &[
        ("a region named after its city means the city", "Shelling hit Kharkiv today.", "Kharkiv", "Kharkiv (UA)"),
        ("unless the text says region", "Shelling hit the Kharkiv region today.", "Kharkiv region", "Kharkiv Oblast (UA)"),
        ("a bare name means its largest namesake", "Troops left Alexandria today.", "Alexandria", "Alexandria (EG)"),
        ("a qualifier after a comma places the town in it", "Troops left Alexandria, Ala. today.", "Alexandria", "Alexandria (US)"),
        ("a region named elsewhere in the text votes for its towns", "Storms hit Alabama. Troops left Alexandria today.", "Alexandria", "Alexandria (US)"),
        ("a village alone stands behind a town of its name", "Troops left Verbove today.", "Verbove", "Verbove (RU)"),
        ("a village near a named town wins", "Troops left Pokrovsk and Verbove today.", "Verbove", "Verbove (UA)"),
        ("a country's own name means the country", "Troops left Mexico today.", "Mexico", "Mexico (MX)"),
        ("a region spelled out after a town and a comma is the region", "Troops left Chuhuiv, Kharkiv today.", "Kharkiv", "Kharkiv Oblast (UA)"),
        ("but not inside a list of names", "Troops left Chuhuiv, Kharkiv and Pokrovsk today.", "Kharkiv", "Kharkiv (UA)"),
        ("the qualifier is the place that holds the town", "Flights left Atlanta, Georgia today.", "Georgia", "Georgia (US)"),
        ("a town named like a sea gains nothing from its country alone", "Storms hit Tulsa and Mobile. Ships crossed the Atlantic.", "Atlantic", "Atlantic ()"),
    ];
    for (rule, text, surface, expected) in rows {
        assert_eq!(resolved(&g, text, surface), *expected, "{rule}: {text:?}");
    }
}

#[test]
fn prior_features_hold_where_their_rules_say() {
    let g = fixture::gazetteer();
    let oblast = explained(
        &g,
        "Shelling hit Kharkiv today.",
        "Kharkiv",
        "Kharkiv Oblast",
    );
    assert!(oblast.prior.eponymous_region, "named after a town it holds");
    let oblast = explained(
        &g,
        "Shelling hit the Kharkiv region.",
        "Kharkiv region",
        "Kharkiv Oblast",
    );
    assert!(!oblast.prior.eponymous_region, "the text says region");

    let city = explained(&g, "Troops left Mexico today.", "Mexico", "Mexico City");
    assert!(city.prior.country_alias && city.prior.not_preferred);
    let country = explained(&g, "Troops left Mexico today.", "Mexico", "Mexico");
    assert!(!country.prior.country_alias && !country.prior.not_preferred);

    let town = explained(&g, "Troops left Marin city.", "Marin city", "Marin");
    assert!(town.prior.city_cue);

    let text = "Troops left Alexandria today.";
    let spans = spans_of(&g, text);
    for c in &explain(&g, &spans)[0] {
        let larger = g.place(c.id).country == Some("EG");
        assert_eq!(
            c.prior.largest, larger,
            "only the larger namesake is the largest"
        );
    }
}

#[test]
fn context_features_hold_where_their_rules_say() {
    let g = fixture::gazetteer();
    let text = "Troops left Alexandria, Ala. today.";
    let spans = spans_of(&g, text);
    let i = index_of(&spans, text, "Alexandria");
    for c in &explain(&g, &spans)[i] {
        let in_alabama = g.place(c.id).country == Some("US");
        assert_eq!(c.context.qualifier_inside, in_alabama);
        assert_eq!(c.context.qualifier_outside, !in_alabama);
    }

    let text = "Storms hit Alabama. Troops left Alexandria today.";
    let spans = spans_of(&g, text);
    for c in &explain(&g, &spans)[index_of(&spans, text, "Alexandria")] {
        let in_alabama = g.place(c.id).country == Some("US");
        assert_eq!(
            c.context.region_voted, in_alabama,
            "Alabama votes for its towns"
        );
        assert_eq!(c.context.country_voted, in_alabama, "and for its country's");
    }

    // A village's raion named in the text, and a place named near it.
    let village = |text: &str| {
        let spans = spans_of(&g, text);
        explain(&g, &spans)[index_of(&spans, text, "Verbove")]
            .iter()
            .find(|c| g.place(c.id).country == Some("UA"))
            .cloned()
            .unwrap_or_else(|| panic!("the village stands in {text:?}"))
    };
    let raion = village("Troops left the Pokrovsk raion and Verbove today.");
    assert!(raion.context.district_named);
    let village = village("Troops left Pokrovsk and Verbove today.");
    assert!(village.context.village_proximity > 0.5);
    assert!(village.context.anchor_proximity > 0.9);
}

#[test]
fn a_village_alone_is_no_candidate() {
    let g = fixture::gazetteer();
    let text = "Troops left Verbove today.";
    let spans = spans_of(&g, text);
    let countries: Vec<Option<&str>> = explain(&g, &spans)[0]
        .iter()
        .map(|c| g.place(c.id).country)
        .collect();
    assert_eq!(countries, [Some("RU")]);
}
