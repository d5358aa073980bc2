//! Document memory: what earlier windows of a long document decided, carried into the next.
//!
//! A long article is resolved window by window so that memory stays bounded (see
//! `geoparse::windows`). Resolved alone, each window would forget the rest of the document:
//! a name could change its sense from one window to the next, and a window that names no
//! country would not know the article is about Ukraine. [`DocumentMemory`] is the bounded
//! summary that bridges them: the resolution chosen for each name (so later windows give a
//! name the same place, as one window gives all its spans: one sense per discourse), the
//! country and region votes cast so far, and the strongest anchor points. Everything is
//! capped, so a document of any length keeps it small (well under a few megabytes).

use geo::Point;
use rustc_hash::FxHashMap as HashMap;

use super::context::Context;
use super::{Candidate, Resolution};
use crate::gazetteer::PlaceId;
use crate::recognize::{KindCue, Span};

/// At most this many names keep their sense across windows (about 150 bytes each); later
/// new names are resolved by each window alone, with the votes carried.
const MAX_SENSES: usize = 20_000;

/// At most this many countries and regions keep their votes; once full, only places
/// already voted for gain more.
const MAX_VOTED_PLACES: usize = 2_000;

/// As many anchors as one window uses (`context::MAX_ANCHORS`).
const MAX_CARRIED_ANCHORS: usize = 32;

/// What else, besides its folded name, makes spans "the same name" for resolution: whether
/// they are a demonym, their kind cue and their qualifier.
type Reading = (bool, KindCue, Option<PlaceId>);

/// The reading of `span`.
fn reading(span: &Span) -> Reading {
    (span.demonym, span.kind_cue, span.qualifier.map(|q| q.place))
}

/// A bounded summary of the windows of a document resolved so far; see the module docs.
///
/// Start with [`DocumentMemory::default`] for each document and pass the same value to
/// [`resolve_window`](super::resolve_window) for each of its windows in order. Empty, it
/// changes nothing: the first window is resolved exactly as [`resolve`](super::resolve)
/// resolves it.
#[derive(Debug, Default, Clone)]
pub struct DocumentMemory {
    /// The resolution each name got in the window where it first appeared, by folded name
    /// and reading.
    senses: HashMap<String, Vec<(Reading, Resolution)>>,
    /// How many resolutions `senses` holds.
    sense_count: usize,
    /// Votes for countries and regions, summed over the windows.
    votes: HashMap<PlaceId, f32>,
    /// The total weight of all votes cast, as `Context` keeps it.
    total: f32,
    /// The strongest anchor points, with their weights.
    anchors: Vec<(Point, f32)>,
}

impl DocumentMemory {
    /// True before any window has left anything.
    pub fn is_empty(&self) -> bool {
        self.senses.is_empty() && self.votes.is_empty() && self.anchors.is_empty()
    }

    /// The resolution an earlier window chose for `span`'s name.
    pub(super) fn sense(&self, span: &Span) -> Option<&Resolution> {
        let reading = reading(span);
        self.senses
            .get(span.key.as_str())?
            .iter()
            .find(|(r, _)| *r == reading)
            .map(|(_, resolution)| resolution)
    }

    /// Makes each group's first-round choice the place an earlier window chose for its name,
    /// so that it votes for the country and region it was given. `representatives` holds a
    /// span of each group, `candidates` each group's candidates.
    pub(super) fn steer<'g>(
        &self,
        spans: &[Span],
        representatives: &[usize],
        candidates: &[Vec<Candidate<'g>>],
        first: &mut [Option<(Candidate<'g>, f32)>],
    ) {
        if self.sense_count == 0 {
            return;
        }
        for ((&i, cands), first) in representatives.iter().zip(candidates).zip(first) {
            let Some(best) = self.sense(&spans[i]).and_then(Resolution::best) else {
                continue;
            };
            if let Some(c) = cands.iter().find(|c| c.place.id == best.id) {
                *first = Some((*c, best.probability));
            }
        }
    }

    /// Adds what earlier windows said to this window's `context`, and takes this window's
    /// own votes and anchors (before the addition) into the memory for the windows after.
    pub(super) fn exchange(&mut self, context: &mut Context<'_>) {
        let own_votes: Vec<(PlaceId, f32)> = context.votes.iter().map(|(p, w)| (*p, *w)).collect();
        let own_total = context.total;
        let own_anchors: Vec<(Point, f32)> = context.anchors.iter().map(|a| (a.0, a.1)).collect();
        if !self.is_empty() {
            for (place, weight) in &self.votes {
                *context.votes.entry(*place).or_default() += weight;
            }
            context.total += self.total;
            // An empty key is no span's: a name is never kept from an earlier anchor.
            context
                .anchors
                .extend(self.anchors.iter().map(|(p, w)| (*p, *w, "")));
            strongest(&mut context.anchors, |a| (a.0, a.1));
        }
        for (place, weight) in own_votes {
            if self.votes.len() < MAX_VOTED_PLACES || self.votes.contains_key(&place) {
                *self.votes.entry(place).or_default() += weight;
            }
        }
        self.total += own_total;
        self.anchors.extend(own_anchors);
        strongest(&mut self.anchors, |a| *a);
    }

    /// Remembers the resolution of a name not seen before (`span` is one of its spans), while
    /// there is room.
    pub(super) fn remember(&mut self, span: &Span, resolution: &Resolution) {
        if self.sense_count >= MAX_SENSES
            || resolution.best().is_none()
            || self.sense(span).is_some()
        {
            return;
        }
        self.senses
            .entry(span.key.clone())
            .or_default()
            .push((reading(span), resolution.clone()));
        self.sense_count += 1;
    }
}

/// Keeps the strongest anchors, one per point, at most [`MAX_CARRIED_ANCHORS`].
fn strongest<T>(anchors: &mut Vec<T>, point_weight: impl Fn(&T) -> (Point, f32)) {
    anchors.sort_by(|a, b| point_weight(b).1.total_cmp(&point_weight(a).1));
    anchors.dedup_by(|a, b| point_weight(a).0 == point_weight(b).0);
    anchors.truncate(MAX_CARRIED_ANCHORS);
}
