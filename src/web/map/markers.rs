//! Place markers, their clusters and labels: a marker per mapped place (redrawn by difference
//! in `redraw.rs`), and the names of the most mentioned places written beside them without
//! collisions ([`declutter`]).

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

impl Drawn {
    /// The Leaflet marker.
    pub(super) fn marker(&self) -> &Layer {
        &self.marker
    }

    /// Whether the marker looks as `group`'s would, apart from its count and size (which
    /// [`update_count`] changes in place).
    pub(super) fn looks_like(&self, group: &PlaceGroup) -> bool {
        self.look == Look::of(group)
    }

    /// Records the place's rank by mentions, which [`declutter`] reads.
    pub(super) fn set_rank(&self, rank: usize) {
        self.rank.set(rank);
    }
}

/// What a marker looks like apart from its count and size: when this changes, it is drawn
/// anew.
#[derive(Clone, PartialEq)]
struct Look {
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
