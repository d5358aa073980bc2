//! Place markers, their clusters and labels: a marker per mapped place, redrawn by difference
//! ([`render`]), added to the cluster layer in chunks between frames, and the names of the most
//! mentioned places written beside them without collisions ([`declutter`]).

use super::leaflet::{DivIconOptions, MarkerOptions};
use super::*;
use crate::web::model::kind_class;

/// A cluster's icon: its number of places, named for screen readers and on hover by its
/// most-mentioned places ("12 places: Kharkiv (40), Sumy (12), Izium (9) and 9 more").
pub(super) fn cluster_icon(cluster: &JsValue) -> JsValue {
    let mut places: Vec<(String, usize)> = cluster
        .unchecked_ref::<Layer>()
        .get_all_child_markers()
        .iter()
        .map(|m| {
            let data = get(&get(&get(&get(&m, "options"), "icon"), "options"), "html");
            let data = get(&data, "dataset");
            let name = get(&data, "name").as_string().unwrap_or_default();
            let count = get(&data, "count")
                .as_string()
                .and_then(|c| c.parse().ok())
                .unwrap_or(0);
            (name, count)
        })
        .collect();
    places.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let n = places.len();
    let top: Vec<String> = places
        .iter()
        .take(3)
        .map(|(name, count)| format!("{name} ({count})"))
        .collect();
    let more = if n > 3 {
        format!(" and {} more", n - 3)
    } else {
        String::new()
    };
    let label = format!("{n} places: {}{more}", top.join(", "));
    let size = match n {
        0..=9 => "small",
        10..=99 => "medium",
        _ => "large",
    };
    let inner = element("div", "");
    let number = element("span", "");
    number.set_text_content(Some(&n.to_string()));
    inner.append_child(&number).ok();
    inner.set_attribute("role", "img").ok();
    inner.set_attribute("aria-label", &label).ok();
    inner.set_attribute("title", &label).ok();
    let options = opts(&DivIconOptions {
        class_name: format!("marker-cluster marker-cluster-{size}"),
        icon_size: [40.0, 40.0],
        icon_anchor: None,
        popup_anchor: None,
    });
    set(&options, "html", &inner);
    leaflet::div_icon(&options)
}

/// Names written on the map at most at once: those of the most-mentioned places in view.
pub(super) const LABELS: usize = 12;

/// Shows the names of the most-mentioned places in view, at most [`LABELS`] of them, each
/// unless it would overlap a name already shown; run after every redraw, zoom and move. Every
/// marker carries its name, hidden; a place inside a cluster has no marker on the map, so the
/// names follow the zoom. The names' boxes are worked out from the markers' positions and
/// the names' measured widths, never read back from the page, which would lay out the page
/// (tens of milliseconds with hundreds of markers in view).
pub(super) fn declutter() {
    let Some((map, mut labels)) = with_map(|m| {
        let labels: Vec<(usize, HtmlElement, [f64; 4])> = m
            .markers
            .values()
            .filter(|d| !d.marker.get_element().is_falsy())
            .map(|d| {
                let at = m.map.lat_lng_to_container_point(&latlng(d.at.0, d.at.1));
                let (x, y) = (
                    get(&at, "x").as_f64().unwrap_or(f64::NAN),
                    get(&at, "y").as_f64().unwrap_or(f64::NAN),
                );
                let half = f64::from(d.size.get()) / 2.0;
                let left = x + half + LABEL_GAP;
                let width = label_width(&d.look.name);
                let rect = [
                    left,
                    y - LABEL_HEIGHT / 2.0,
                    left + width,
                    y + LABEL_HEIGHT / 2.0,
                ];
                (d.rank.get(), d.label.clone(), rect)
            })
            .collect();
        (m.map.clone(), labels)
    }) else {
        return;
    };
    let size = map.get_size();
    let view = [
        0.0,
        0.0,
        get(&size, "x").as_f64().unwrap_or(0.0),
        get(&size, "y").as_f64().unwrap_or(0.0),
    ];
    let overlap =
        |a: &[f64; 4], b: &[f64; 4]| a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    labels.sort_by_key(|(rank, _, _)| *rank);
    let mut kept: Vec<[f64; 4]> = Vec::new();
    for (_, el, r) in labels {
        let shown =
            kept.len() < LABELS && overlap(&r, &view) && !kept.iter().any(|k| overlap(&r, k));
        el.style()
            .set_property("visibility", if shown { "visible" } else { "hidden" })
            .ok();
        if shown {
            kept.push(r);
        }
    }
}

/// A name's box beside its pin (`.mm-pin > .mm-label` in app.css): from the pin's outer edge
/// (the name starts inside the pin's 2 px border, then has a 4 px margin), its height, its
/// side padding, and the font its width is measured in.
const LABEL_GAP: f64 = 2.0;
const LABEL_HEIGHT: f64 = 17.5;
const LABEL_PADDING: f64 = 8.0;
const LABEL_FONT: &str = "600 11.5px system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif";

/// A name's width on the map in pixels, measured once on a canvas (no layout), with a pixel
/// to spare for rounding.
fn label_width(name: &str) -> f64 {
    thread_local! {
        static CONTEXT: Option<web_sys::CanvasRenderingContext2d> = document()
            .create_element("canvas")
            .ok()
            .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok())
            .and_then(|c| c.get_context("2d").ok().flatten())
            .and_then(|c| c.dyn_into().ok())
            .inspect(|c: &web_sys::CanvasRenderingContext2d| c.set_font(LABEL_FONT));
        static WIDTHS: RefCell<HashMap<String, f64>> = RefCell::new(HashMap::new());
    }
    if let Some(width) = WIDTHS.with(|w| w.borrow().get(name).copied()) {
        return width;
    }
    let text = CONTEXT
        .with(|c| c.as_ref().and_then(|c| c.measure_text(name).ok()))
        .map_or(7.0 * name.chars().count() as f64, |m| m.width());
    let width = text + LABEL_PADDING + 1.0;
    WIDTHS.with(|w| w.borrow_mut().insert(name.to_string(), width));
    width
}

/// Marker size in pixels for a mention count.
pub(super) fn marker_size(count: usize, kind: MentionKind) -> f64 {
    let grow = 6.0 * (count as f64).log2();
    match kind {
        // Countries are shaded; their centre marker stays small.
        MentionKind::Country | MentionKind::Demonym => (20.0 + grow / 2.0).min(32.0),
        MentionKind::Region => (22.0 + grow).min(44.0),
        _ => (24.0 + grow).min(54.0),
    }
}

/// A marker on the map, with what it was drawn from.
pub(super) struct Drawn {
    marker: Layer,
    /// Where the place is: latitude and longitude.
    at: (f64, f64),
    /// The marker's number element, updated in place when only the count changes.
    pin: HtmlElement,
    /// The place's name beside the pin, shown by [`declutter`].
    label: HtmlElement,
    /// The place's rank by mentions (0 for the most mentioned), which `declutter` reads.
    rank: Cell<usize>,
    /// The number the pin shows, and its size in pixels.
    count: Cell<usize>,
    size: Cell<u32>,
    /// The options of the marker's icon, which Leaflet reads whenever it shows the marker.
    icon_options: JsValue,
    look: Look,
    _handlers: [Handler; 2],
}

/// What a marker looks like apart from its count and size: when this changes, it is drawn
/// anew.
#[derive(Clone, PartialEq)]
pub(super) struct Look {
    kind: MentionKind,
    corrected: bool,
    name: String,
}

impl Look {
    fn of(group: &PlaceGroup) -> Look {
        Look {
            kind: group.kind,
            corrected: group.corrected,
            name: group.place.name.clone(),
        }
    }
}

pub(super) fn marker_title(group: &PlaceGroup) -> String {
    format!(
        "{} ({}) — {}",
        group.place.name,
        group.kind.as_str(),
        crate::web::model::plural(group.count(), "mention", "mentions")
    )
}

pub(super) fn z_offset(count: usize) -> i32 {
    (count.min(500) * 10) as i32
}

/// A pin's size in pixels for its place's count.
fn pin_size(group: &PlaceGroup) -> u32 {
    marker_size(group.count(), group.kind).round() as u32
}

/// Gives a pin its size, and its number a font size that fits.
fn size_pin(pin: &HtmlElement, size: f64) {
    let style = pin.style();
    style.set_property("width", &format!("{size}px")).ok();
    style.set_property("height", &format!("{size}px")).ok();
    let font = (size * 0.42).clamp(11.0, 17.0);
    style
        .set_property("font-size", &format!("{font:.0}px"))
        .ok();
}

/// The options of a pin's icon: its size, centred on the place.
fn icon_options(size: f64) -> DivIconOptions {
    DivIconOptions {
        class_name: "mm-icon".into(),
        icon_size: [size, size],
        icon_anchor: Some([size / 2.0, size / 2.0]),
        popup_anchor: Some([0.0, -size / 2.0]),
    }
}

pub(super) fn marker_for(group: &PlaceGroup, rank: usize, state: AppState) -> Drawn {
    let look = Look::of(group);
    let size = pin_size(group);
    let pin = element(
        "div",
        &format!(
            "mm-pin {}{}",
            kind_class(group.kind),
            if group.corrected { " mm-corrected" } else { "" }
        ),
    );
    let p = &group.place;
    for (name, value) in [
        ("data-place", group.key.to_token()),
        ("data-name", p.name.clone()),
        ("data-kind", group.kind.as_str().to_string()),
        ("data-lat", p.lat.to_string()),
        ("data-lon", p.lon.to_string()),
        ("data-count", group.count().to_string()),
    ] {
        pin.set_attribute(name, &value).ok();
    }
    size_pin(&pin, f64::from(size));
    pin.set_text_content(Some(&group.count().to_string()));
    pin.set_attribute("aria-hidden", "true").ok();
    // The name beside the pin, part of the icon: a tooltip would be measured as it opens,
    // and a dozen of those made adding markers one long task.
    let label = element("span", "mm-label");
    label.set_text_content(Some(&p.name));
    pin.append_child(&label).ok();
    let icon_options = opts(&icon_options(f64::from(size)));
    set(&icon_options, "html", &pin);
    let icon = leaflet::div_icon(&icon_options);
    let marker_options = opts(&MarkerOptions {
        keyboard: true,
        title: marker_title(group),
        alt: p.name.clone(),
        rise_on_hover: true,
        z_index_offset: z_offset(group.count()),
    });
    set(&marker_options, "icon", &icon);
    let marker = leaflet::marker(&latlng(p.lat, p.lon), &marker_options);
    let key = group.key;
    let on_click = Handler::new(move |_| state.open_place(key, false));
    let on_key = Handler::new(move |event: JsValue| {
        let key_name = get(&get(&event, "originalEvent"), "key")
            .as_string()
            .unwrap_or_default();
        if key_name == "Enter" || key_name == " " {
            state.open_place(key, false);
        }
    });
    marker.on("click", on_click.as_ref().unchecked_ref());
    marker.on("keypress", on_key.as_ref().unchecked_ref());
    Drawn {
        marker,
        at: (p.lat, p.lon),
        pin,
        label,
        rank: Cell::new(rank),
        count: Cell::new(group.count()),
        size: Cell::new(size),
        icon_options,
        look,
        _handlers: [on_click, on_key],
    }
}

/// Writes a new count, and the size that goes with it, into a marker drawn for the same
/// place and look: a marker drawn anew would leave the cluster layer and join it again.
/// Returns whether the count changed.
pub(super) fn update_count(drawn: &Drawn, group: &PlaceGroup) -> bool {
    if drawn.count.replace(group.count()) == group.count() {
        return false;
    }
    let size = pin_size(group);
    if drawn.size.replace(size) != size {
        resize(drawn, f64::from(size));
    }
    let count = group.count().to_string();
    drawn.pin.set_attribute("data-count", &count).ok();
    // The number is the pin's first child; a label may follow it.
    if let Some(number) = drawn.pin.first_child() {
        number.set_node_value(Some(&count));
    }
    let title = marker_title(group);
    set(
        &get(&drawn.marker, "options"),
        "title",
        &title.clone().into(),
    );
    if let Ok(icon) = drawn.marker.get_element().dyn_into::<web_sys::Element>() {
        icon.set_attribute("title", &title).ok();
    }
    // Taken the next time Leaflet places the marker (setZIndexOffset would place every
    // marker again now, which cost most of a redraw).
    set(
        &get(&drawn.marker, "options"),
        "zIndexOffset",
        &z_offset(group.count()).into(),
    );
    true
}

/// Resizes a marker's pin, its icon's options and, when it is on the map, its icon as
/// Leaflet placed it (size and the margins that centre it).
fn resize(drawn: &Drawn, size: f64) {
    size_pin(&drawn.pin, size);
    let geometry = icon_options(size);
    let pair = |[x, y]: [f64; 2]| JsValue::from(Array::of2(&x.into(), &y.into()));
    set(&drawn.icon_options, "iconSize", &pair(geometry.icon_size));
    if let Some(anchor) = geometry.icon_anchor {
        set(&drawn.icon_options, "iconAnchor", &pair(anchor));
    }
    if let Some(anchor) = geometry.popup_anchor {
        set(&drawn.icon_options, "popupAnchor", &pair(anchor));
    }
    if let Ok(icon) = drawn.marker.get_element().dyn_into::<HtmlElement>() {
        let style = icon.style();
        let half = format!("{}px", -size / 2.0);
        style.set_property("width", &format!("{size}px")).ok();
        style.set_property("height", &format!("{size}px")).ok();
        style.set_property("margin-left", &half).ok();
        style.set_property("margin-top", &half).ok();
    }
}

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

/// Redraws the places in a task of its own, soon: the corpus change that asked for it (lists,
/// counts, timeline) is then one task and the map another, and several changes in a row make
/// one redraw. The page's first few places are drawn in the task that brought them, once its
/// other effects (the fit to them among them) have run: they are what the reader waits for.
/// `<body data-drawn>` is `-1` until the redraw is on the map.
pub fn render_soon(groups: Arc<Vec<PlaceGroup>>) {
    set_body_attr("data-drawn", "-1");
    let first_few = !first_places_shown() && groups.len() <= FIRST_AT_ONCE;
    if NEXT.with(|n| n.replace(Some(groups)).is_none()) {
        let draw = || {
            if let Some(groups) = NEXT.with(|n| n.take()) {
                crate::web::util::measured("mm:render", || render(groups));
            }
        };
        if first_few {
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
                    Some(drawn) if drawn.look == Look::of(group) => {
                        if update_count(&drawn, group) {
                            updated.push(&drawn.marker);
                        }
                        drawn.rank.set(rank);
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
                .map(|d| JsValue::from(&d.marker))
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
                batch.push(&d.marker);
                (groups[rank].key, d)
            })
            .collect()
    });
    with_map(|m| m.markers.extend(drawn));
    if !first_places_shown() && added.len() <= FIRST_AT_ONCE {
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
/// lists first, 60–80 ms at a cold start. Later redraws keep their hops, which keep a loading
/// corpus's tasks short.
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
