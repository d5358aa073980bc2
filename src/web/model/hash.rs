//! The URL fragment ([`ViewHash`]): map view, selected place, date range and the place
//! list's filters, so a reload (or a shared link) opens the same view.
//!
//! The typed place filter is free text, so it is percent-encoded: `&`, `#`, `=` and spaces
//! would otherwise end the part or the fragment, and non-ASCII letters are encoded as UTF-8
//! bytes, as browsers do with fragments typed in the address bar.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::*;

/// What the typed text keeps as it is: RFC 3986's unreserved characters.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The map view, selected place, date range and place filters, as kept in the URL's fragment:
/// `#map=ZOOM/LAT/LON&place=KEY&from=YYYY-MM-DD&to=YYYY-MM-DD&country=UA&kind=city&q=TEXT`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ViewHash {
    /// `(zoom, lat, lon)`.
    pub view: Option<(f64, f64, f64)>,
    /// The selected place.
    pub place: Option<PlaceKey>,
    /// First day of the date range.
    pub from: Option<String>,
    /// Last day of the date range.
    pub to: Option<String>,
    /// The place list's country (ISO 3166-1 alpha-2 code).
    pub country: Option<String>,
    /// The place list's kind.
    pub kind: Option<MentionKind>,
    /// The place filter's text, as typed (decoded).
    pub query: Option<String>,
}

impl ViewHash {
    /// The fragment for a map view, a selected place and the filter's date range and place
    /// filters.
    pub fn new(
        view: Option<(f64, f64, f64)>,
        place: Option<PlaceKey>,
        filter: &Filter,
    ) -> ViewHash {
        ViewHash {
            view,
            place,
            from: filter.from.clone(),
            to: filter.to.clone(),
            country: filter.places.country.clone(),
            kind: filter.places.kind,
            query: Some(filter.places.text.clone()).filter(|t| !t.trim().is_empty()),
        }
    }

    /// Puts the fragment's date range and place filters into `filter`. The gazetteer's names
    /// for the typed text are not known yet: ask the parsing worker, as typing does.
    pub fn restore(&self, filter: &mut Filter) {
        filter.from = self.from.clone();
        filter.to = self.to.clone();
        filter.places = PlaceQuery {
            country: self.country.clone(),
            kind: self.kind,
            ..PlaceQuery::new(self.query.as_deref().unwrap_or_default())
        };
    }

    /// Reads a fragment (with or without the leading `#`); unknown or malformed parts are ignored.
    pub fn parse(hash: &str) -> ViewHash {
        let mut out = ViewHash::default();
        for part in hash.trim_start_matches('#').split('&') {
            let Some((key, value)) = part.split_once('=') else {
                continue;
            };
            match key {
                "map" => {
                    let nums: Vec<f64> = value
                        .split('/')
                        .filter_map(|v| v.parse::<f64>().ok())
                        .collect();
                    if let [zoom, lat, lon] = nums[..] {
                        if (0.0..=22.0).contains(&zoom)
                            && (-90.0..=90.0).contains(&lat)
                            && (-180.0..=180.0).contains(&lon)
                        {
                            out.view = Some((zoom, lat, lon));
                        }
                    }
                }
                "place" => out.place = PlaceKey::from_token(value),
                "from" | "to" if value.len() == 10 && day_number(value).is_some() => {
                    let date = Some(value.to_string());
                    if key == "from" {
                        out.from = date;
                    } else {
                        out.to = date;
                    }
                }
                "country" if value.len() == 2 && value.bytes().all(|b| b.is_ascii_uppercase()) => {
                    out.country = Some(value.to_string());
                }
                "kind" => out.kind = MentionKind::from_name(value),
                "q" => {
                    out.query = percent_decode_str(value)
                        .decode_utf8()
                        .ok()
                        .filter(|q| !q.trim().is_empty())
                        .map(|q| q.into_owned());
                }
                _ => {}
            }
        }
        out
    }

    /// Writes the fragment, with the leading `#`; empty when there is nothing to keep.
    pub fn format(&self) -> String {
        let mut parts = Vec::new();
        if let Some((zoom, lat, lon)) = self.view {
            let zoom = if zoom.fract() == 0.0 {
                format!("{zoom:.0}")
            } else {
                format!("{zoom:.2}")
            };
            parts.push(format!("map={zoom}/{lat:.4}/{lon:.4}"));
        }
        if let Some(place) = self.place {
            parts.push(format!("place={}", place.to_token()));
        }
        if let Some(from) = &self.from {
            parts.push(format!("from={from}"));
        }
        if let Some(to) = &self.to {
            parts.push(format!("to={to}"));
        }
        if let Some(country) = &self.country {
            parts.push(format!("country={country}"));
        }
        if let Some(kind) = self.kind {
            parts.push(format!("kind={}", kind.as_str()));
        }
        if let Some(query) = &self.query {
            parts.push(format!("q={}", utf8_percent_encode(query, UNRESERVED)));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("#{}", parts.join("&"))
        }
    }
}
