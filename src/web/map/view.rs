//! Where the map looks: flying to a place, fitting the map to the places, and the URL fragment
//! that records the view, the selection, the date range and the place filters.

use super::leaflet::{point, FitOptions, FlyOptions};
use super::*;

/// Moves the map to a place at a zoom that suits its kind.
pub fn fly_to(state: AppState, key: PlaceKey) {
    let Some(group) = state
        .places
        .with_untracked(|gs| gs.iter().find(|g| g.key == key).cloned())
    else {
        return;
    };
    let Some(map) = with_map(|m| m.map.clone()) else {
        return;
    };
    let zoom: f64 = match group.kind {
        MentionKind::City => 9.0,
        MentionKind::District => 8.0,
        MentionKind::Area => 7.0,
        MentionKind::Region => 6.5,
        MentionKind::Country | MentionKind::Demonym => 5.0,
    };
    let zoom = if group.kind == MentionKind::City {
        zoom.max(map.get_zoom())
    } else {
        zoom
    };
    // Aim below the place, so the marker ends up in the lower part of the map and its popup
    // (which opens above it) fits on screen.
    let target = popup_friendly_center(&map, group.place.lat, group.place.lon, zoom);
    FLYING.with(|f| f.set(true));
    map.fly_to(&target, zoom, &opts(&FlyOptions { duration: 0.8 }));
}

/// The map centre at `zoom` that puts (lat, lon) a quarter of the map's height below the middle.
pub(super) fn popup_friendly_center(map: &Map, lat: f64, lon: f64, zoom: f64) -> JsValue {
    let shifted = (|| {
        let point = map.project(&latlng(lat, lon), zoom);
        let size = map.get_size();
        let y = get(&point, "y").as_f64()? - get(&size, "y").as_f64()? * 0.25;
        set(&point, "y", &y.into());
        Some(map.unproject(&point, zoom))
    })();
    shifted.unwrap_or_else(|| latlng(lat, lon))
}

/// Fits the map to the places (cities and regions first; countries only when there is nothing
/// else, since a country's centre can be far from the fighting).
pub fn fit_to_places(groups: &[PlaceGroup]) {
    let Some(map) = with_map(|m| m.map.clone()) else {
        return;
    };
    let local: Vec<&PlaceGroup> = groups
        .iter()
        .filter(|g| !matches!(g.kind, MentionKind::Country | MentionKind::Demonym))
        .collect();
    let chosen: Vec<&PlaceGroup> = if local.is_empty() {
        groups.iter().collect()
    } else {
        local
    };
    if chosen.is_empty() {
        return;
    }
    // Fit to where most mentions are: with many places, leave out the outer 15% of the
    // mentions on each side, so the reports' mentions of Washington, Brussels and Beijing do
    // not zoom a war corpus out to the whole world.
    let trim = if chosen.len() >= 12 { 0.15 } else { 0.0 };
    let (s, n) = weighted_range(chosen.iter().map(|g| (g.place.lat, g.count())), trim);
    let (w, e) = weighted_range(chosen.iter().map(|g| (g.place.lon, g.count())), trim);
    let center = ((s + n) / 2.0, (w + e) / 2.0);
    if chosen.len() == 1 || (n - s < 0.05 && e - w < 0.05) {
        if !shows_already(&map, center, 8.0) {
            map.set_view(&latlng(center.0, center.1), 8.0);
        }
        return;
    }
    const PADDING: f64 = 40.0;
    const MAX_ZOOM: f64 = 9.0;
    let bounds = leaflet::bounds(s, w, n, e);
    let zoom = map
        .get_bounds_zoom(&bounds, false, &point(2.0 * PADDING, 2.0 * PADDING))
        .min(MAX_ZOOM);
    if !shows_already(&map, center, zoom) {
        map.fit_bounds(
            &bounds,
            &opts(&FitOptions {
                padding: [PADDING, PADDING],
                max_zoom: MAX_ZOOM,
            }),
        );
    }
}

/// True when the map is at `zoom` and `center` is in the middle half of it: a corpus is
/// fitted when its first articles arrive and again when all are in, and moving the map
/// for a small difference would redraw every marker in view for nothing.
fn shows_already(map: &Map, center: (f64, f64), zoom: f64) -> bool {
    if (map.get_zoom() - zoom).abs() > 0.01 {
        return false;
    }
    let near = || {
        let target = map.project(&latlng(center.0, center.1), zoom);
        let now = map.project(&map.get_center(), zoom);
        let size = map.get_size();
        let off = |axis| -> Option<bool> {
            let d = get(&target, axis).as_f64()? - get(&now, axis).as_f64()?;
            Some(d.abs() <= get(&size, axis).as_f64()? / 4.0)
        };
        Some(off("x")? && off("y")?)
    };
    near().unwrap_or(false)
}

/// The range of values holding all but `trim` of the weight at each end.
pub(super) fn weighted_range(values: impl Iterator<Item = (f64, usize)>, trim: f64) -> (f64, f64) {
    let mut v: Vec<(f64, usize)> = values.collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: usize = v.iter().map(|x| x.1).sum();
    let cut = (total as f64 * trim).floor() as usize;
    let mut seen = 0;
    let mut lo = v.first().map_or(0.0, |x| x.0);
    for x in &v {
        seen += x.1;
        if seen > cut {
            lo = x.0;
            break;
        }
    }
    seen = 0;
    let mut hi = v.last().map_or(0.0, |x| x.0);
    for x in v.iter().rev() {
        seen += x.1;
        if seen > cut {
            hi = x.0;
            break;
        }
    }
    (lo, hi)
}

/// Writes the map view, the selection, the date range and the place filters into the URL
/// fragment.
fn write_hash(map: &Map, state: AppState) {
    let center = map.get_center();
    let (lat, lon) = (
        get(&center, "lat").as_f64().unwrap_or(0.0),
        get(&center, "lng").as_f64().unwrap_or(0.0),
    );
    let hash = state.filter.with_untracked(|f| {
        ViewHash::new(
            Some((map.get_zoom(), lat, lon)),
            state.selection.get_untracked(),
            f,
        )
        .format()
    });
    let Some(window) = web_sys::window() else {
        return;
    };
    // Only a change: replacing the history entry costs the browser a few milliseconds.
    if window.location().hash().is_ok_and(|now| now == hash) {
        return;
    }
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&hash));
    }
}

/// How long the URL fragment waits for the view to settle before it is written.
const HASH_DELAY: std::time::Duration = std::time::Duration::from_millis(150);

/// Writes the URL fragment after a change of view, selection or filter: once for a burst of
/// changes, shortly after the last. Replacing the history entry takes the browser up to
/// tens of milliseconds, and a load moves the map and changes the selection several times.
pub fn sync_hash(state: AppState) {
    thread_local! {
        static PENDING: Cell<bool> = const { Cell::new(false) };
    }
    if PENDING.with(|p| p.replace(true)) {
        return;
    }
    set_timeout(
        move || {
            PENDING.with(|p| p.set(false));
            if let Some(map) = with_map(|m| m.map.clone()) {
                write_hash(&map, state);
            }
        },
        HASH_DELAY,
    );
}
