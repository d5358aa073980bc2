//! Resolution: choosing the place each mention refers to.
//!
//! Every candidate starts from a prior (its kind, its population, whether it is a capital,
//! whether the name is one of its preferred names). The document then speaks in two
//! rounds: places that are clear on their own (countries, regions, large cities, qualified
//! names) vote for their country and region and pull nearby candidates towards them
//! (haversine distance via the `geo` crate); the same name is resolved the same way
//! throughout a document ("one sense per discourse"). A candidate's score is its share of
//! the softmax over the span's candidates.
//!
//! One concept per file:
//!
//! | file | what it holds |
//! |---|---|
//! | `mod.rs` | [`resolve`]: grouping same-named spans, the two rounds, the softmax |
//! | `features.rs` | [`PriorFeatures`] and [`ContextFeatures`], and how they add up |
//! | `weights.rs` | the fitted weights of those features |
//! | `prior.rs` | a span's candidates and their priors; eponymous regions |
//! | `context.rs` | votes and anchors from the document; each candidate's context |
//! | `villages.rs` | when a village of unknown population is a candidate at all |
//! | `memory.rs` | [`DocumentMemory`]: what earlier windows of a long text decided |

use rustc_hash::FxHashMap as HashMap;

use crate::gazetteer::{Gazetteer, Place, PlaceId};
use crate::recognize::{KindCue, Span};

mod context;
mod features;
mod memory;
mod prior;
mod villages;
pub mod weights;

use context::{build_context, context_features};
pub use features::{ContextFeatures, PriorFeatures};
pub use memory::DocumentMemory;
use prior::prior_candidates;
use villages::{is_prominent, village_stands};

/// A scored candidate for one span.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    /// The place.
    pub id: PlaceId,
    /// Its share of the span's probability mass, from 0 to 1.
    pub probability: f32,
}

/// How many candidates after the best a resolution keeps, for a user to correct with.
pub const RUNNERS_UP: usize = 3;

/// The resolution of one span: the best candidate and up to [`RUNNERS_UP`] others, best
/// first, with probabilities shared out over every candidate considered.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution {
    /// Candidates, best first; empty when the span had none.
    pub ranked: Vec<Scored>,
}

impl Resolution {
    /// The chosen place.
    pub fn best(&self) -> Option<Scored> {
        self.ranked.first().copied()
    }
}

/// A candidate place with what resolution asks of it, looked up once.
#[derive(Debug, Clone, Copy)]
struct Candidate<'g> {
    place: Place<'g>,
    country: Option<PlaceId>,
    region: Option<PlaceId>,
    /// The raion or county, when the gazetteer knows it.
    district: Option<PlaceId>,
    /// What the candidate is before the document is read.
    features: PriorFeatures,
    prior: f32,
}

/// Resolves every span of one document.
pub fn resolve(gazetteer: &Gazetteer, spans: &[Span]) -> Vec<Resolution> {
    let (group_of, groups) = score_groups(gazetteer, spans, None);
    let resolutions: Vec<Resolution> = groups
        .iter()
        .map(|scored| {
            let scored: Vec<(Candidate<'_>, f32)> = scored
                .iter()
                .map(|(c, context)| (*c, c.prior + context.score()))
                .collect();
            rank(&scored)
        })
        .collect();
    group_of.iter().map(|&k| resolutions[k].clone()).collect()
}

/// Resolves the spans of one window of a long text, given what the windows before it left
/// in `memory`, and adds this window's to it: a name keeps the place an earlier window gave
/// it, and the countries, regions and anchor places named earlier count as if named here.
/// With an empty memory this is [`resolve`].
pub fn resolve_window(
    gazetteer: &Gazetteer,
    spans: &[Span],
    memory: &mut DocumentMemory,
) -> Vec<Resolution> {
    let (group_of, groups) = score_groups(gazetteer, spans, Some(memory));
    let mut resolutions: Vec<Option<Resolution>> = vec![None; groups.len()];
    for (span, &k) in spans.iter().zip(&group_of) {
        if resolutions[k].is_some() {
            continue;
        }
        let resolution = match memory.sense(span) {
            Some(earlier) => earlier.clone(),
            None => {
                let scored: Vec<(Candidate<'_>, f32)> = groups[k]
                    .iter()
                    .map(|(c, context)| (*c, c.prior + context.score()))
                    .collect();
                rank(&scored)
            }
        };
        memory.remember(span, &resolution);
        resolutions[k] = Some(resolution);
    }
    group_of
        .iter()
        .map(|&k| {
            resolutions[k]
                .clone()
                .unwrap_or(Resolution { ranked: Vec::new() })
        })
        .collect()
}

/// One candidate of a span with the features that scored it.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq)]
pub struct ExplainedCandidate {
    /// The place.
    pub id: PlaceId,
    /// What it is before the document is read.
    pub prior: PriorFeatures,
    /// What the document says about it.
    pub context: ContextFeatures,
}

/// Every span's scored candidates, for fitting [`weights`] (`scripts/fit-resolution.py`).
#[doc(hidden)]
pub fn explain(gazetteer: &Gazetteer, spans: &[Span]) -> Vec<Vec<ExplainedCandidate>> {
    let (group_of, groups) = score_groups(gazetteer, spans, None);
    group_of
        .iter()
        .map(|&k| {
            groups[k]
                .iter()
                .map(|(c, context)| ExplainedCandidate {
                    id: c.place.id,
                    prior: c.features,
                    context: *context,
                })
                .collect()
        })
        .collect()
}

/// Each span's group, and each group's candidates with what the document says about them.
type ScoredGroups<'g> = (Vec<usize>, Vec<Vec<(Candidate<'g>, ContextFeatures)>>);

/// Scores the candidates of every group of same-named spans in two rounds, with what earlier
/// windows of the text left in `memory`, if any.
fn score_groups<'g>(
    g: &'g Gazetteer,
    spans: &[Span],
    memory: Option<&mut DocumentMemory>,
) -> ScoredGroups<'g> {
    // Spans that share a name, a kind cue and a qualifier share their candidates and their
    // context, so each group is scored once and all its spans get the same place: one sense
    // per discourse.
    let mut groups: HashMap<(&str, bool, KindCue, Option<PlaceId>), usize> = HashMap::default();
    let mut representatives: Vec<usize> = Vec::new();
    let group_of: Vec<usize> = spans
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let key = (
                s.key.as_str(),
                s.demonym,
                s.kind_cue,
                s.qualifier.map(|q| q.place),
            );
            *groups.entry(key).or_insert_with(|| {
                representatives.push(i);
                representatives.len() - 1
            })
        })
        .collect();
    let candidates: Vec<Vec<Candidate<'g>>> = representatives
        .iter()
        .map(|&i| prior_candidates(g, &spans[i]))
        .collect();

    // Round one: priors alone. Candidates come sorted by prior: the first is the best, and
    // its softmax share is 1 / Σ exp(prior - best).
    let mut first_of_group: Vec<Option<(Candidate<'_>, f32)>> = candidates
        .iter()
        .map(|c| {
            let best = c.first()?;
            let sum: f32 = c.iter().map(|x| (x.prior - best.prior).exp()).sum();
            Some((*best, 1.0 / sum))
        })
        .collect();
    if let Some(m) = memory.as_deref() {
        m.steer(spans, &representatives, &candidates, &mut first_of_group);
    }
    let first: Vec<Option<(Candidate<'_>, f32)>> =
        group_of.iter().map(|&k| first_of_group[k]).collect();
    let mut context = build_context(spans, &first);
    if let Some(m) = memory {
        m.exchange(&mut context);
    }
    let keys: Vec<&str> = representatives
        .iter()
        .map(|&i| spans[i].key.as_str())
        .collect();
    context.read_areas(&keys, &candidates);

    // Round two: what the rest of the document says about each candidate.
    let scored = representatives
        .iter()
        .zip(&candidates)
        .map(|(&i, cands)| {
            let prominent = cands.iter().any(is_prominent);
            cands
                .iter()
                .filter(|c| village_stands(g, &spans[i], c, &context, prominent))
                .map(|c| (*c, context_features(&spans[i], c, cands, &context)))
                .collect()
        })
        .collect();
    (group_of, scored)
}

/// The candidates as probabilities (a softmax over their scores), best first.
fn rank(scored: &[(Candidate<'_>, f32)]) -> Resolution {
    let max = scored.iter().map(|c| c.1).fold(f32::MIN, f32::max);
    let mut ranked: Vec<Scored> = scored
        .iter()
        .map(|(c, s)| Scored {
            id: c.place.id,
            probability: (s - max).exp(),
        })
        .collect();
    let sum: f32 = ranked.iter().map(|r| r.probability).sum();
    for r in &mut ranked {
        r.probability /= sum;
    }
    ranked.sort_by(|a, b| b.probability.total_cmp(&a.probability));
    ranked.truncate(1 + RUNNERS_UP);
    Resolution { ranked }
}

#[cfg(test)]
mod tests;
