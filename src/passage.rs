//! Passages: the sentence around a mention, shown to the user as evidence.
//!
//! A passage is the sentence that contains the mention, widened to neighbouring text when
//! the sentence is very short and cut at a word boundary when it is very long. Lines that
//! are site furniture rather than reporting ("Read more:", "Subscribe", link lists) are
//! flagged as boilerplate so a map can leave them out by default.

use serde::{Deserialize, Serialize};

/// The text around one mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passage {
    /// Start of the passage in the document, in Unicode code points.
    pub start: usize,
    /// End (exclusive) of the passage in the document, in code points.
    pub end: usize,
    /// The passage's text, `document.text[start..end]` counted in code points.
    pub text: String,
    /// Start of the mention inside [`Passage::text`], in code points.
    pub mention_start: usize,
    /// End (exclusive) of the mention inside [`Passage::text`], in code points.
    pub mention_end: usize,
    /// True when the passage is a line of site furniture, not reporting.
    pub boilerplate: bool,
}
