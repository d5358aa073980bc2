//! The user's corrections ("not a place", "means this place instead") and [`effective`]: a
//! mention as the user sees it after them.

use super::*;

/// What the user decided about a name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Correction {
    /// The name refers to this place.
    Place {
        /// The chosen place (one of the mention's candidates).
        place: ResolvedPlace,
    },
    /// The name is not a place here ("Sumy" in a surname, say).
    NotAPlace,
}

/// The user's corrections, keyed by the folded name so one decision applies to every mention
/// of that name across the corpus.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Corrections {
    by_name: BTreeMap<String, Correction>,
}

impl Corrections {
    /// The key a mention's text is filed under: case- and accent-folded.
    pub fn key(text: &str) -> String {
        crate::text::fold_key(text)
    }

    /// The correction for a name as written, if any.
    pub fn get(&self, text: &str) -> Option<&Correction> {
        // Folding every mention's name cost a quarter of grouping a corpus with no corrections.
        if self.by_name.is_empty() {
            return None;
        }
        self.by_name.get(&Self::key(text))
    }

    /// Records a correction for every mention of `text`.
    pub fn set(&mut self, text: &str, correction: Correction) {
        self.by_name.insert(Self::key(text), correction);
    }

    /// Forgets the correction for `text`; true when there was one.
    pub fn remove(&mut self, text: &str) -> bool {
        self.by_name.remove(&Self::key(text)).is_some()
    }

    /// Number of corrected names.
    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    /// True when nothing was corrected.
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }
}

/// A mention as the user sees it, after corrections.
#[derive(Debug, Clone, PartialEq)]
pub struct Effective<'a> {
    /// The mention, rewritten when corrected.
    pub mention: Cow<'a, Mention>,
    /// True when a correction chose the place.
    pub corrected: bool,
}

/// The mention after the user's corrections: `None` when marked "not a place".
///
/// A corrected mention takes the chosen place; its candidates become the original choice and
/// the other runners-up, so the user can switch back.
pub fn effective<'a>(mention: &'a Mention, corrections: &Corrections) -> Option<Effective<'a>> {
    match corrections.get(&mention.text) {
        None => Some(Effective {
            mention: Cow::Borrowed(mention),
            corrected: false,
        }),
        Some(Correction::NotAPlace) => None,
        Some(Correction::Place { place }) => {
            if mention.place.as_ref().is_some_and(|p| p.id == place.id) {
                return Some(Effective {
                    mention: Cow::Borrowed(mention),
                    corrected: true,
                });
            }
            let mut m = mention.clone();
            let mut candidates: Vec<ResolvedPlace> = Vec::new();
            for p in mention.place.iter().chain(mention.candidates.iter()) {
                if p.id != place.id && !candidates.iter().any(|c| c.id == p.id) {
                    candidates.push(p.clone());
                }
            }
            m.candidates = candidates;
            if m.kind != MentionKind::Demonym {
                m.kind = place.kind.into();
            }
            m.place = Some(place.clone());
            Some(Effective {
                mention: Cow::Owned(m),
                corrected: true,
            })
        }
    }
}
