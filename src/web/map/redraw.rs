//! Redrawing the places: when ([`render_soon`], a task after the change that asked for it,
//! except for a page's first few places), by difference with what is drawn ([`render`]),
//! markers created and handed to the cluster layer in tasks of their own, and what follows
//! once the last is on the map ([`markers_added`]). What a marker looks like is in
//! `markers.rs`.

use super::markers::{marker_for, update_count, Drawn};
use super::*;

thread_local! {
    /// The places [`render_soon`] will draw.
    static NEXT: RefCell<Option<Arc<Vec<PlaceGroup>>>> = const { RefCell::new(None) };
    /// Whether any place has been on the map yet.
    static FIRST_PLACES_SHOWN: Cell<bool> = const { Cell::new(false) };
}

/// Whether the first places have been drawn on the map since the page started.
pub(super) fn first_places_shown() -> bool {
    FIRST_PLACES_SHOWN.with(Cell::get)
}

/// Whether `count` places (or new markers) are the page's first few, drawn without task hops
/// ([`FIRST_AT_ONCE`]).
fn first_few(count: usize) -> bool {
    !first_places_shown() && count <= FIRST_AT_ONCE
}

/// Redraws the places in a task of its own, soon: the corpus change that asked for it (lists,
/// counts, timeline) is then one task and the map another, and several changes in a row make
/// one redraw. The page's first few places are drawn in the task that brought them, once its
/// other effects (the fit to them among them) have run: they are what the reader waits for.
/// `<body data-drawn>` is `-1` until the redraw is on the map.
pub fn render_soon(groups: Arc<Vec<PlaceGroup>>) {
    set_body_attr("data-drawn", "-1");
    let at_once = first_few(groups.len());
    if NEXT.with(|n| n.replace(Some(groups)).is_none()) {
        let draw = || {
            if let Some(groups) = NEXT.with(|n| n.take()) {
                crate::web::util::measured("mm:render", || render(groups));
            }
        };
        if at_once {
            leptos::task::spawn_local(async move { draw() });
        } else {
            set_timeout(draw, std::time::Duration::from_millis(0));
        }
    }
}

/// Redraws the places: region outlines and country shading at once; markers by difference
/// with what is drawn (a place whose count alone changed keeps its marker and gets the new
/// number), the new ones handed to the cluster layer in one call, which adds them in chunks
/// between frames and re-clusters once. While markers are being added, a new redraw waits
/// for them. `<body data-drawn>` is the number of places once every marker is on the map.
pub fn render(groups: Arc<Vec<PlaceGroup>>) {
    let Some((clusters, legend_scale, state, groups)) = with_map(|m| {
        if m.adding {
            m.waiting = Some(groups);
            return None;
        }
        Some((m.clusters.clone(), m.legend_scale.clone(), m.state, groups))
    })
    .flatten() else {
        return;
    };
    if let Some(heat) = with_map(|m| m.heat.clone()) {
        crate::web::util::measured("mm:heat", || super::heat::update(&heat, &groups));
    }
    let mut lookup = Lookup::default();
    let mut wanted: Vec<String> = Vec::new();
    for group in groups.iter() {
        let country = group.place.country.clone().unwrap_or_default();
        match group.kind {
            MentionKind::Region => {
                lookup.counts.insert(group.key, group.count());
                if let Some(gn) = group.place.geonameid {
                    lookup.regions_by_gn.insert(gn, group.key);
                }
                lookup.regions_by_name.insert(
                    (country.clone(), region_name_key(&group.place.name)),
                    group.key,
                );
                if !country.is_empty() && !wanted.contains(&country) {
                    wanted.push(country);
                }
            }
            MentionKind::Country => {
                lookup.counts.insert(group.key, group.count());
                lookup.countries.insert(country, group.key);
            }
            _ => {}
        }
    }
    let max = lookup.counts.values().copied().max().unwrap_or(0);
    lookup.classes = count_classes(max, SCALE.len());
    write_legend_scale(&legend_scale, &lookup.classes, max);
    set_body_attr("data-places", &groups.len().to_string());
    // Markers: keep those whose look is unchanged, drop the rest, draw what is new.
    let (added, updated) = crate::web::util::measured("mm:diff-markers", || {
        with_map(|m| {
            let mut keep: HashMap<PlaceKey, Drawn> = HashMap::with_capacity(groups.len());
            let mut added = Vec::new();
            let updated = Array::new();
            for (rank, group) in groups.iter().enumerate() {
                match m.markers.remove(&group.key) {
                    Some(drawn) if drawn.looks_like(group) => {
                        if update_count(&drawn, group) {
                            updated.push(drawn.marker());
                        }
                        drawn.set_rank(rank);
                        keep.insert(group.key, drawn);
                    }
                    Some(drawn) => {
                        m.markers.insert(group.key, drawn);
                        added.push(rank);
                    }
                    None => added.push(rank),
                }
            }
            let gone: Array = m
                .markers
                .values()
                .map(|d| JsValue::from(d.marker()))
                .collect();
            if gone.length() > 0 {
                clusters.remove_layers(&gone);
            }
            m.markers = keep;
            (added, updated)
        })
        .unwrap_or_default()
    });
    let requests: Vec<String> = with_map(|m| {
        *m.lookup.borrow_mut() = lookup;
        wanted
            .into_iter()
            .filter(|a2| m.regions_requested.insert(a2.clone()))
            .collect()
    })
    .unwrap_or_default();
    for a2 in requests {
        leptos::task::spawn_local(load_regions(a2));
    }
    crate::web::util::measured("mm:restyle", restyle);
    with_map(|m| {
        m.drawing = (groups.len(), updated);
        m.adding = !added.is_empty();
    });
    if added.is_empty() {
        markers_added();
        return;
    }
    create_markers(groups, added, 0, Array::new(), clusters, state);
}

/// Markers created per task: about 30 ms of work (hundreds at once made one long task).
const CREATED_PER_TASK: usize = 150;

/// Creates the markers of the places at `added[from..]` (ranks into `groups`), at most
/// [`CREATED_PER_TASK`] per task, then hands them all to the cluster layer in a task of its
/// own. On the map, the layer calls `markers_added` (its `chunkProgress`) when the last chunk
/// is in; switched off in the layers control, it only keeps the markers for later.
fn create_markers(
    groups: Arc<Vec<PlaceGroup>>,
    added: Vec<usize>,
    from: usize,
    batch: Array,
    clusters: Layer,
    state: AppState,
) {
    let to = added.len().min(from + CREATED_PER_TASK);
    let drawn: Vec<(PlaceKey, Drawn)> = crate::web::util::measured("mm:create-markers", || {
        added[from..to]
            .iter()
            .map(|&rank| {
                let d = marker_for(&groups[rank], rank, state);
                batch.push(d.marker());
                (groups[rank].key, d)
            })
            .collect()
    });
    with_map(|m| m.markers.extend(drawn));
    if first_few(added.len()) {
        add_markers(&clusters, &batch);
        return;
    }
    set_timeout(
        move || {
            if to < added.len() {
                create_markers(groups, added, to, batch, clusters, state);
            } else {
                add_markers(&clusters, &batch);
            }
        },
        std::time::Duration::from_millis(0),
    );
}

/// The page's first places, when there are at most this many, are drawn without a task
/// between the lists and the map, nor between creating their markers and handing them to the
/// cluster layer (a few milliseconds): each such hop let the browser lay out and paint the
/// lists first, and removing them brought a cold start's first marker about 70 and 110 ms
/// sooner. Later redraws keep their hops, which keep a loading corpus's tasks short.
const FIRST_AT_ONCE: usize = 50;

/// Hands the created markers to the cluster layer, which calls [`markers_added`] when the
/// last is on the map (or at once here, when the layer is switched off).
fn add_markers(clusters: &Layer, batch: &Array) {
    let on_map = !clusters.on_map().is_null() && !clusters.on_map().is_undefined();
    crate::web::util::measured("mm:add-markers", || {
        clusters.add_layers(batch);
    });
    if !on_map {
        markers_added();
    }
}

/// Every marker of the last redraw is on the map: refresh the cluster icons (they name their
/// places' counts), say so, and draw what is waiting.
pub(super) fn markers_added() {
    let Some((clusters, (count, updated), waiting)) = with_map(|m| {
        m.adding = false;
        let updated = std::mem::replace(&mut m.drawing.1, Array::new());
        (m.clusters.clone(), (m.drawing.0, updated), m.waiting.take())
    }) else {
        return;
    };
    // Only the clusters holding a marker whose count changed name other numbers.
    if updated.length() > 0 {
        crate::web::util::measured("mm:refresh-clusters", || {
            clusters.refresh_clusters(&updated);
        });
    }
    if count > 0 {
        FIRST_PLACES_SHOWN.with(|f| f.set(true));
        if let Some(body) = document().body() {
            // When the first places appeared, in ms since the page started loading.
            if !body.has_attribute("data-first-places-ms") {
                let _ = body.set_attribute("data-first-places-ms", &format!("{:.0}", now_ms()));
            }
        }
    }
    match waiting {
        Some(groups) => set_timeout(move || render(groups), std::time::Duration::from_millis(0)),
        None => {
            // Unless another redraw is already asked for (`render_soon`).
            if NEXT.with(|n| n.borrow().is_none()) {
                set_body_attr("data-drawn", &count.to_string());
            }
            request_animation_frame(declutter);
        }
    }
}
