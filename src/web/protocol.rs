//! Messages between the page and the parsing worker.
//!
//! The page sends a [`Request`] as a JSON string; the worker answers with a stream of
//! [`Response`]s for that job: `Progress` and `Articles` in chunks, `Problems` for what it
//! could not read, then `Done`. Responses travel as [postcard] bytes in an `ArrayBuffer` the
//! worker hands over without a copy ([`Response::encode`]): no text is escaped, decoded to a
//! JavaScript string and parsed again on the page's thread, and the articles leave out the
//! text their mentions copy from the document ([`WireArticle`]), three times the article's
//! own size in news.
//!
//! The page may run several workers (see `client`): a job is then split by article into
//! [`Shard`]s of [`BLOCK`] articles dealt out in turn, and every `Articles` chunk carries the
//! index of its first article in the whole job, so the page puts them back in input order.

use serde::{Deserialize, Serialize};

use super::model::Article;
use crate::{Document, Mention, MentionKind, Passage, ResolvedPlace};

/// A file, pasted text or downloaded page to read articles from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// File name or URL, used to pick the format and in messages.
    pub name: String,
    /// The content, decoded as UTF-8.
    pub text: String,
    /// The HTTP content type, when the source was downloaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// The content is a file sent with the request (its index among the files), which the
    /// worker reads itself; `text` is then empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<usize>,
}

/// The largest file the page reads, in bytes (the CLI's default record limit). Larger
/// files are refused with a message, before anything is read.
pub const MAX_FILE_BYTES: f64 = 64.0 * 1024.0 * 1024.0;

/// Articles per block when a job is split between workers, and per `Articles` message.
pub const BLOCK: usize = 40;

/// Which part of a job a worker does: the blocks of [`BLOCK`] articles `index`,
/// `index + count`, `index + 2 * count`… With the default (`0` of `1`) it does everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// This worker's turn, from 0.
    pub index: usize,
    /// Workers sharing the job.
    pub count: usize,
}

impl Default for Shard {
    fn default() -> Self {
        Shard { index: 0, count: 1 }
    }
}

impl Shard {
    /// True when the article at `position` in the whole job is this shard's.
    pub fn owns(self, position: usize) -> bool {
        (position / BLOCK) % self.count.max(1) == self.index
    }

    /// The position in the whole job of this shard's `nth` article.
    pub fn position(self, nth: usize) -> usize {
        (self.index + self.count.max(1) * (nth / BLOCK)) * BLOCK + nth % BLOCK
    }

    /// Splits documents already read among `count` shards: each shard's documents, in order.
    pub fn split<T>(items: Vec<T>, count: usize) -> Vec<Vec<T>> {
        let count = count.max(1);
        let mut parts: Vec<Vec<T>> = (0..count).map(|_| Vec::new()).collect();
        for (i, item) in items.into_iter().enumerate() {
            parts[(i / BLOCK) % count].push(item);
        }
        parts
    }
}

/// What the page asks the worker to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Request {
    /// Read articles from sources, then geoparse them.
    Ingest {
        /// Job number, echoed in every response.
        job: u32,
        /// What to read; every worker reads it all, and geoparses its shard.
        sources: Vec<Source>,
        /// This worker's part of the articles read.
        #[serde(default)]
        shard: Shard,
    },
    /// Geoparse documents that are already read (the built-in sample).
    Parse {
        /// Job number, echoed in every response.
        job: u32,
        /// This shard's documents (see [`Shard::split`]).
        docs: Vec<Document>,
        /// Which part of the job they are.
        #[serde(default)]
        shard: Shard,
    },
    /// Which places the gazetteer knows by this name, in any language or spelling
    /// ("Kharkov", "Харків"): for the place filter.
    Names {
        /// The name as typed.
        query: String,
    },
}

/// What the worker reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The worker has loaded the gazetteer and takes requests.
    Ready {
        /// Number of places in the gazetteer.
        places: usize,
        /// The gazetteer's countries: ISO 3166-1 alpha-2 code and name, for the page's
        /// lists and filters.
        countries: Vec<(String, String)>,
    },
    /// Articles parsed so far.
    Progress {
        /// Job number.
        job: u32,
        /// Articles done.
        done: usize,
        /// Articles in the job, when known: documents already read ([`Request::Parse`]). 0
        /// when the worker reads sources, which it does while it geoparses, to the end.
        total: usize,
        /// Bytes of the sources read so far, and all their bytes.
        read: (u64, u64),
    },
    /// A chunk of geoparsed articles, in input order, all from one block.
    Articles {
        /// Job number.
        job: u32,
        /// Position of the first article in the whole job.
        first: usize,
        /// The articles.
        articles: Vec<WireArticle>,
    },
    /// Things that could not be read, in words for the user.
    Problems {
        /// Job number.
        job: u32,
        /// One message per problem.
        problems: Vec<String>,
    },
    /// The answer to [`Request::Names`].
    Names {
        /// The name asked about.
        query: String,
        /// Gazetteer ids of the places with that name.
        ids: Vec<u32>,
    },
    /// The job is finished.
    Done {
        /// Job number.
        job: u32,
        /// Articles parsed.
        articles: usize,
        /// Time spent reading and geoparsing, in milliseconds.
        millis: f64,
    },
}

impl Response {
    /// The response's bytes on the wire.
    pub fn encode(&self) -> Result<Vec<u8>, String> {
        postcard::to_allocvec(self).map_err(|e| e.to_string())
    }

    /// Reads a response from its bytes on the wire.
    pub fn decode(bytes: &[u8]) -> Result<Response, String> {
        postcard::from_bytes(bytes).map_err(|e| e.to_string())
    }
}

/// A geoparsed article as the worker sends it: the document and its mentions, without the
/// text each mention copies from the document (its words and its passage), which
/// [`WireArticle::into_article`] cuts from the document again (the words) or leaves in it
/// (the passage).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireArticle {
    id: Option<String>,
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
    text: String,
    mentions: Vec<WireMention>,
}

/// A [`Mention`] without its text and its passage's text: where they are in the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct WireMention {
    start: usize,
    end: usize,
    byte_start: usize,
    byte_end: usize,
    kind: MentionKind,
    place: Option<ResolvedPlace>,
    score: f32,
    candidates: Vec<ResolvedPlace>,
    /// The passage in the document, in code points.
    passage: (usize, usize),
    boilerplate: bool,
}

impl WireArticle {
    /// An article to send: `doc` and the mentions the geoparser found in it.
    pub fn new(doc: Document, mentions: Vec<Mention>) -> WireArticle {
        WireArticle {
            mentions: mentions.into_iter().map(WireMention::from).collect(),
            id: doc.id,
            title: doc.title,
            date: doc.date,
            url: doc.url,
            text: doc.text,
        }
    }

    /// The article as the page keeps it: its mentions' words are cut from the text; their
    /// passages are left in it, their `text` empty, for [`Article::passage_text`] to find
    /// (a passage copied out for every mention takes twice the memory of the corpus).
    pub fn into_article(self) -> Article {
        let mentions = self
            .mentions
            .into_iter()
            .map(|m| m.into_mention(&self.text))
            .collect();
        Article {
            doc: Document {
                id: self.id,
                title: self.title,
                date: self.date,
                url: self.url,
                text: self.text,
            },
            mentions,
            weights: Vec::new(),
        }
    }
}

impl From<Mention> for WireMention {
    fn from(m: Mention) -> WireMention {
        WireMention {
            start: m.start,
            end: m.end,
            byte_start: m.byte_start,
            byte_end: m.byte_end,
            kind: m.kind,
            place: m.place,
            score: m.score,
            candidates: m.candidates,
            passage: (m.passage.start, m.passage.end),
            boilerplate: m.passage.boilerplate,
        }
    }
}

impl WireMention {
    fn into_mention(self, text: &str) -> Mention {
        // Offsets that do not fit the text (never from our worker) give an empty string.
        let words = text
            .get(self.byte_start..self.byte_end)
            .unwrap_or_default()
            .to_string();
        let (passage_start, passage_end) = self.passage;
        Mention {
            start: self.start,
            end: self.end,
            byte_start: self.byte_start,
            byte_end: self.byte_end,
            text: words,
            kind: self.kind,
            place: self.place,
            score: self.score,
            candidates: self.candidates,
            passage: Passage {
                start: passage_start,
                end: passage_end,
                text: String::new(),
                mention_start: self.start.saturating_sub(passage_start),
                mention_end: self.end.saturating_sub(passage_start),
                boilerplate: self.boilerplate,
            },
        }
    }
}
