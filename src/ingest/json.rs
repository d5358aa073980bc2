//! JSON Lines records and JSON documents (one article object or an array of them): each
//! field's type is checked, so a record with a number for its text is reported, not guessed.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::{IngestError, IngestErrorKind, Location};
use crate::document::Document;

/// Reads a JSON document that is one article object or an array of them.
pub(super) fn read_json(name: &str, stem: &str, text: &str) -> Vec<Result<Document, IngestError>> {
    let error = |location, kind| IngestError::new(name, location, kind);
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            return vec![Err(error(
                Location::Line(e.line() as u64),
                json_syntax_error(&e),
            ))]
        }
    };
    match value {
        Value::Array(items) if items.is_empty() => {
            vec![Err(error(Location::Input, IngestErrorKind::Empty))]
        }
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let n = i + 1;
                RawRecord::from_value(item)
                    .and_then(|raw| raw.into_document(|| n.to_string()))
                    .map_err(|kind| error(Location::Item(n), kind))
            })
            .collect(),
        value => vec![RawRecord::from_value(value)
            .and_then(|raw| raw.into_document(|| stem.to_string()))
            .map_err(|kind| error(Location::Input, kind))],
    }
}

/// An article object as written; fields are kept as JSON values until their types are checked.
#[derive(Deserialize)]
pub(super) struct RawRecord {
    #[serde(default, deserialize_with = "present")]
    text: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    id: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    title: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    date: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    url: Option<Value>,
}

/// Distinguishes a field that is present (even as `null`) from one that is absent.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

impl RawRecord {
    fn from_value(value: Value) -> Result<RawRecord, IngestErrorKind> {
        if !value.is_object() {
            return Err(IngestErrorKind::NotObject {
                found: describe(&value),
            });
        }
        RawRecord::deserialize(value).map_err(|e| IngestErrorKind::NotJson {
            message: e.to_string(),
            column: 1,
        })
    }

    /// The article; `default_id` gives the id when the record has none.
    pub(super) fn into_document(
        self,
        default_id: impl FnOnce() -> String,
    ) -> Result<Document, IngestErrorKind> {
        let text = match self.text {
            Some(Value::String(text)) => text,
            None => return Err(IngestErrorKind::NoText),
            Some(other) => {
                return Err(IngestErrorKind::TextNotString {
                    found: describe(&other),
                })
            }
        };
        let id = match self.id {
            Some(Value::Number(n)) => Some(n.to_string()),
            other => metadata("id", other)?,
        };
        Ok(Document {
            id: Some(id.unwrap_or_else(default_id)),
            title: metadata("title", self.title)?,
            date: metadata("date", self.date)?,
            url: metadata("url", self.url)?,
            text,
        })
    }
}

/// A metadata field: a string, or absent/`null`.
fn metadata(field: &'static str, value: Option<Value>) -> Result<Option<String>, IngestErrorKind> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(IngestErrorKind::FieldNotString {
            field,
            found: describe(&other),
        }),
    }
}

/// Parses one JSON Lines record.
pub(super) fn parse_json_record(json: &str) -> Result<RawRecord, IngestErrorKind> {
    if !json.trim_start().starts_with('{') {
        // Not an object: say what it is instead (serde would read an array as a tuple).
        return match serde_json::from_str::<Value>(json) {
            Ok(value) => Err(IngestErrorKind::NotObject {
                found: describe(&value),
            }),
            Err(e) => Err(json_syntax_error(&e)),
        };
    }
    serde_json::from_str::<RawRecord>(json).map_err(|e| json_syntax_error(&e))
}

fn json_syntax_error(e: &serde_json::Error) -> IngestErrorKind {
    let message = e.to_string();
    let message = match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message,
    };
    IngestErrorKind::NotJson {
        message,
        column: e.column(),
    }
}

/// "an array", "a number", …: what a JSON value is, for messages.
fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
