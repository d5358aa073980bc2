//! Villages: the tens of thousands of settlements of unknown population that share names.
//!
//! A village named like a town ("Andriivka", "Verbove") wins only on evidence: its raion or
//! oblast named in the document, a named place within tens of kilometres, another name in
//! its country, or Cyrillic writing. These rules get a file of their own because they are
//! the front-line news case (issue 10) and the one most often tuned: a change here moves
//! villages and nothing else.

use super::context::{nearest_anchor_km, Context};
use super::prior::MAX_CANDIDATES;
use super::Candidate;
use crate::gazetteer::{Gazetteer, Place, PlaceId, PlaceKind};
use crate::recognize::Span;

/// The distance over which a named place's pull on a village falls to 1/e, in kilometres.
pub(super) const VILLAGE_KM: f64 = 40.0;

/// At most this many villages of unknown population ([`is_village`]) are scored past the
/// [`MAX_CANDIDATES`] likeliest: their priors put them last, yet evidence in the document
/// can make one of them the answer.
const MAX_VILLAGES: usize = 48;

/// Cuts prior-sorted candidates to the [`MAX_CANDIDATES`] likeliest plus up to
/// [`MAX_VILLAGES`] villages from the rest.
pub(super) fn keep_villages_past_the_cut<T>(g: &Gazetteer, sorted: &mut Vec<(PlaceId, T)>) {
    if sorted.len() <= MAX_CANDIDATES {
        return;
    }
    let mut rest = sorted.split_off(MAX_CANDIDATES);
    rest.retain(|(id, _)| {
        g.brief(*id)
            .is_some_and(|b| b.kind == PlaceKind::City && b.population == 0)
    });
    rest.truncate(MAX_VILLAGES);
    sorted.extend(rest);
}

/// A settlement without a known population: one of the tens of thousands of villages that
/// share their names ("Andriivka", "Verbove"). It wins over a larger namesake only on
/// evidence (issue 10): its oblast or raion named in the document, or a named place within
/// tens of kilometres ("near Bakhmut", "the Kupiansk direction").
pub(super) fn is_village(p: &Place<'_>) -> bool {
    p.kind == PlaceKind::City && p.population == 0
}

/// A namesake this populous is what a bare name means, whatever lies near a village.
const PROMINENT_POPULATION: u64 = 100_000;

/// A candidate no village can displace on proximity alone.
pub(super) fn is_prominent(c: &Candidate<'_>) -> bool {
    !is_village(&c.place) && c.place.population >= PROMINENT_POPULATION
}

/// Whether a village is a candidate at all. Tens of thousands of villages share their names
/// with towns and with English words, so one stands only on evidence: its raion named; or,
/// when no namesake is a city of [`PROMINENT_POPULATION`], its oblast named, a named place
/// within [`VILLAGE_REGION_KM`], another name in its country, or its name written in
/// Cyrillic. Ukraine and Russia count for each other: front-line news names both ("Russian
/// forces shelled Klishchiivka"). Other candidates always stand.
pub(super) fn village_stands(
    g: &Gazetteer,
    span: &Span,
    c: &Candidate<'_>,
    ctx: &Context<'_>,
    prominent: bool,
) -> bool {
    if !is_village(&c.place) {
        return true;
    }
    let key = span.key.as_str();
    let named = |place: Option<PlaceId>| place.is_some_and(|p| ctx.named_by_other(p, key));
    let qualified = |place: Option<PlaceId>| span.qualifier.is_some_and(|q| Some(q.place) == place);
    if qualified(c.district) || named(c.district) {
        return true;
    }
    // Against a city of [`PROMINENT_POPULATION`], even an oblast after a comma is not enough
    // ("Pseudo-referenda in Zaporizhzhia, Kherson, Donetsk and Luhansk oblasts").
    if prominent {
        return false;
    }
    if qualified(c.region) || named(c.region) {
        return true;
    }
    // Written in Cyrillic: a Ukrainian or Russian text, where villages are at home.
    if crate::text::is_cyrillic_key(key) {
        return true;
    }
    if nearest_anchor_km(&c.place, key, ctx) < VILLAGE_REGION_KM {
        return true;
    }
    let front_line = |code: &str| matches!(code, "UA" | "RU");
    let country = c.place.country.unwrap_or("");
    ctx.votes.keys().any(|&v| {
        let Some(other) = g.get(v).filter(|p| p.kind == PlaceKind::Country) else {
            return false;
        };
        let code = other.country.unwrap_or("");
        let kin = code == country || (front_line(code) && front_line(country));
        kin && ctx.share(key, v).0 > 0.0
    })
}

/// A village is within this many kilometres of a named place for that place's region to
/// count for it.
const VILLAGE_REGION_KM: f64 = 60.0;

/// Whether the region votes count for a village: the region itself is named (by another
/// name than the village's), or a named place lies near it. A region that is only where a
/// city far away lies ("Zaporizhzhia" in a text about Dnipro) is not evidence for a village.
pub(super) fn village_region_earned(
    region: PlaceId,
    key: &str,
    ctx: &Context<'_>,
    nearest_km: f64,
) -> bool {
    nearest_km < VILLAGE_REGION_KM || ctx.named_by_other(region, key)
}
