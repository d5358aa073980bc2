//! Messages between the page and the parsing worker, sent as JSON strings.
//!
//! The page sends a [`Request`]; the worker answers with a stream of [`Response`]s for that
//! job: `Progress` and `Articles` in chunks, `Problems` for what it could not read, then `Done`.

use serde::{Deserialize, Serialize};

use super::model::Article;
use crate::Document;

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
}

/// What the page asks the worker to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Request {
    /// Read articles from sources, then geoparse them.
    Ingest {
        /// Job number, echoed in every response.
        job: u32,
        /// What to read.
        sources: Vec<Source>,
    },
    /// Geoparse documents that are already read (the sample, or a corpus restored from storage).
    Parse {
        /// Job number, echoed in every response.
        job: u32,
        /// The documents.
        docs: Vec<Document>,
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
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Response {
    /// The worker has loaded the gazetteer and takes requests.
    Ready {
        /// Number of places in the gazetteer.
        places: usize,
    },
    /// Articles parsed so far.
    Progress {
        /// Job number.
        job: u32,
        /// Articles done.
        done: usize,
        /// Articles in the job.
        total: usize,
    },
    /// A chunk of geoparsed articles, in input order.
    Articles {
        /// Job number.
        job: u32,
        /// The articles.
        articles: Vec<Article>,
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
