//! The URL fragment ([`ViewHash`]): map view, selected place and date range.

use super::*;

/// The map view, selected place and date range, as kept in the URL's fragment:
/// `#map=ZOOM/LAT/LON&place=KEY&from=YYYY-MM-DD&to=YYYY-MM-DD`.
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
}

impl ViewHash {
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
        if parts.is_empty() {
            String::new()
        } else {
            format!("#{}", parts.join("&"))
        }
    }
}
