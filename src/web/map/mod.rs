//! The Leaflet map: offline basemap, place markers, region outlines, country shading and the
//! place popup. Leaflet is imperative, so this module keeps its objects in a thread-local and
//! the app drives it from effects only: [`render`] when the places change, [`show_popup`] and
//! [`fly_to`] when the selection changes. Leaflet's own events (a marker clicked, the popup
//! closed) only write state.
//!
//! The popup's content is a Leptos view rendered by the app into one host element that lives
//! as long as the app (see `PopupPortal` in `web/app.rs`), so its reactive owner is the app's:
//! Leaflet only moves that element in and out of its one popup. (Mounting a view per popup
//! from inside an effect made it a child of the effect's owner, disposed whenever the effect
//! re-ran, and the next click on the popup panicked.)
//!
//! | file | what it holds |
//! |---|---|
//! | `mod.rs` | the map's state ([`MapState`] in a thread-local) and [`init`]: layers, controls, Leaflet's events |
//! | `basemap.rs` | legend, country shading, region outlines, their styles (the choropleth) |
//! | `markers.rs` | what a place marker looks like, cluster icons, labels |
//! | `redraw.rs` | when and how the places are redrawn: [`render_soon`], [`render`] by difference |
//! | `heat.rs` | the city density layer (Leaflet.heat), an overlay off until chosen |
//! | `view.rs` | [`fly_to`], [`fit_to_places`], the URL fragment ([`sync_hash`]) |
//! | `popup.rs` | hosting the popup view in Leaflet's popup ([`show_popup`]), its focus |

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;

use js_sys::{Array, Object};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlElement;

mod basemap;
mod heat;
mod markers;
mod popup;
mod redraw;
mod view;

pub use basemap::keep_shell_drawing;
pub use popup::show_popup;
pub use redraw::{render, render_soon};
pub use view::{fit_to_places, fly_to, sync_hash};

use basemap::{
    add_legend, load_countries, load_regions, region_name_key, restyle, write_legend_scale,
    RegionShape,
};
use markers::{cluster_icon, declutter, marker_size, Drawn};
use popup::{observe_resize, restore_focus};
use redraw::markers_added;

use super::leaflet::{
    self, get, latlng, opts, set, ClusterOptions, ControlOptions, Layer, Map, MapOptions,
    PopupOptions, TileLayerOptions,
};
use super::model::{class_of, count_classes, PlaceGroup, PlaceKey, ViewHash};
use super::state::AppState;
use crate::geoparse::MentionKind;

type Handler = Closure<dyn FnMut(JsValue)>;

/// Below this width (CSS pixels) the page shows one panel at a time (see `app.css`).
pub const SMALL_SCREEN: f64 = 700.0;
type StyleFn = Closure<dyn FnMut(JsValue) -> JsValue>;

/// The choropleth's colours, lightest (fewest mentions) first: ColorBrewer Blues.
const SCALE: [&str; 5] = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];

/// Each mentioned country's code and colour class ([`Lookup::country_classes`]).
type CountryClasses = Vec<(String, Option<usize>)>;

/// Which mentioned places the basemap layers fill, and how dark.
#[derive(Default)]
struct Lookup {
    regions_by_gn: HashMap<u32, PlaceKey>,
    regions_by_name: HashMap<(String, String), PlaceKey>,
    countries: HashMap<String, PlaceKey>,
    counts: HashMap<PlaceKey, usize>,
    /// Lowest count of each colour class ([`count_classes`]).
    classes: Vec<usize>,
}

impl Lookup {
    /// The colour class of a mentioned place.
    fn class(&self, key: Option<PlaceKey>) -> Option<usize> {
        let count = *self.counts.get(&key?)?;
        Some(class_of(count, &self.classes).min(SCALE.len() - 1))
    }

    fn country_class(&self, a2: &str) -> Option<usize> {
        self.class(self.countries.get(a2).copied())
    }

    /// The colour class of every mentioned country, in code order: when it is the same as at
    /// the last restyle, no country needs another fill.
    fn country_classes(&self) -> CountryClasses {
        let mut classes: Vec<_> = self
            .countries
            .keys()
            .map(|a2| (a2.clone(), self.country_class(a2)))
            .collect();
        classes.sort_unstable();
        classes
    }
}

struct MapState {
    map: Map,
    clusters: Layer,
    /// Country shading and region outlines.
    shapes: Layer,
    /// The city density layer (`heat.rs`), off until chosen in the layers control.
    heat: Layer,
    /// The legend's colour classes, rewritten when the counts change.
    legend_scale: HtmlElement,
    countries: Option<Layer>,
    /// Each country's region outlines, loaded when the corpus first names one of its regions.
    regions: HashMap<String, Vec<RegionShape>>,
    regions_requested: HashSet<String>,
    /// The markers on the map, by place: kept from one redraw to the next when only their
    /// count changed.
    markers: HashMap<PlaceKey, Drawn>,
    /// Markers are being added (the cluster layer adds them in chunks, between frames).
    adding: bool,
    /// Places to draw once the markers being added are on the map; a redraw asked for
    /// meanwhile waits here (the newest wins).
    waiting: Option<Arc<Vec<PlaceGroup>>>,
    /// What the markers being added will show, for `<body data-drawn>`: the number of
    /// places, and the kept markers whose counts changed (their clusters' icons are redrawn).
    drawing: (usize, Array),
    keep: Vec<Box<dyn Any>>,
    lookup: Rc<RefCell<Lookup>>,
    osm: Rc<Cell<bool>>,
    /// The base map and the countries' colour classes the country shapes were last restyled
    /// for ([`basemap::restyle`]).
    styled_countries: Option<(bool, CountryClasses)>,
    /// The one Leaflet popup; its content is the app's popup host element.
    popup: Layer,
    /// The place the popup is open for.
    popup_key: Option<PlaceKey>,
    popup_host: HtmlElement,
    /// Keeps the popup laid out when its content changes size.
    _resize: Option<(web_sys::ResizeObserver, Handler)>,
    /// Tells Leaflet when its container changes size.
    _map_resize: Option<(web_sys::ResizeObserver, Handler)>,
    state: AppState,
}

thread_local! {
    static MAP: RefCell<Option<MapState>> = const { RefCell::new(None) };
    /// True while the map flies to a place: the flight already frames the popup, and the
    /// popup's own auto-pan would cut the flight short.
    static FLYING: Cell<bool> = const { Cell::new(false) };
    /// True while the app itself closes the popup: Leaflet's `popupclose` then says nothing
    /// the selection does not already know.
    static CLOSING: Cell<bool> = const { Cell::new(false) };
    /// Where keyboard focus was before the popup took it, to give it back on close.
    static RETURN_FOCUS: RefCell<Option<HtmlElement>> = const { RefCell::new(None) };
}

fn with_map<R>(f: impl FnOnce(&mut MapState) -> R) -> Option<R> {
    MAP.with(|m| m.try_borrow_mut().ok()?.as_mut().map(f))
}

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}

fn element(tag: &str, class: &str) -> HtmlElement {
    let el: HtmlElement = document()
        .create_element(tag)
        .expect("createElement")
        .unchecked_into();
    el.set_class_name(class);
    el
}

/// Creates the map in `container`, with one popup whose content is `popup_host`. Fails with a
/// message for the user when Leaflet did not load.
pub fn init(
    container: HtmlElement,
    state: AppState,
    initial: &ViewHash,
    popup_host: HtmlElement,
) -> Result<(), String> {
    if !leaflet::available() {
        return Err("The map library (Leaflet) did not load, so the map cannot be shown. Reload the page; if it persists, rebuild the app.".into());
    }
    let map = leaflet::new_map(
        &container,
        &opts(&MapOptions {
            min_zoom: 2.0,
            max_zoom: 18.0,
            world_copy_jump: true,
            zoom_snap: 0.25,
        }),
    );
    match initial.view {
        Some((zoom, lat, lon)) => map.set_view(&latlng(lat, lon), zoom),
        None => map.set_view(&latlng(48.6, 33.5), 5.0),
    };
    let attribution = map.attribution_control();
    attribution.set_prefix(
        r#"<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>"#,
    );
    attribution.add_attribution(
        r#"Places: <a href="https://www.geonames.org/" target="_blank" rel="noopener">GeoNames</a> (CC BY 4.0) · Shapes: <a href="https://www.naturalearthdata.com/" target="_blank" rel="noopener">Natural Earth</a>"#,
    );

    let offline = leaflet::layer_group();
    offline.add_to(&map);
    let osm_layer = leaflet::tile_layer(
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        &opts(&TileLayerOptions {
            max_zoom: 19.0,
            attribution: r#"&copy; <a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">OpenStreetMap</a> contributors"#,
        }),
    );
    let cluster_options = opts(&ClusterOptions {
        max_cluster_radius: 36.0,
        show_coverage_on_hover: false,
        disable_clustering_at_zoom: 9.0,
        spiderfy_on_max_zoom: true,
        // Many markers are added in chunks of about 30 ms, between frames, so a chunk and
        // the redraw that started it stay within a 100 ms task; the layer re-clusters what
        // is shown once, at the end (see `render`).
        chunked_loading: true,
        chunk_interval: 30.0,
        chunk_delay: 0.0,
        // Without the split and merge animation, a zoom redraws only what it shows: with it,
        // fitting the map to a loaded corpus re-clustered every marker in one 90-140 ms task
        // (moving each marker, then forcing a layout to start the transitions).
        animate: false,
    });
    let on_chunk = Closure::<dyn FnMut(JsValue, JsValue)>::new(|done: JsValue, total: JsValue| {
        if done.as_f64() >= total.as_f64() {
            markers_added();
        }
    });
    set(&cluster_options, "chunkProgress", on_chunk.as_ref());
    let cluster_icon = StyleFn::new(|cluster: JsValue| cluster_icon(&cluster));
    set(
        &cluster_options,
        "iconCreateFunction",
        cluster_icon.as_ref(),
    );
    let clusters = leaflet::marker_cluster_group(&cluster_options);
    clusters.add_to(&map);
    let shapes = leaflet::layer_group();
    shapes.add_to(&map);
    let heat = heat::layer();

    let base = Object::new();
    set(&base, "Offline map (Natural Earth)", &offline);
    set(&base, "OpenStreetMap tiles (online)", &osm_layer);
    let overlays = Object::new();
    set(&overlays, "Cities and places", &clusters);
    set(&overlays, "Regions and countries", &shapes);
    set(&overlays, "City density (heat)", &heat);
    leaflet::control_layers(
        &base,
        &overlays,
        &opts(&ControlOptions {
            position: "topright",
            collapsed: Some(true),
        }),
    )
    .add_to(&map);
    let legend_scale = add_legend(&map);

    let osm = Rc::new(Cell::new(false));
    let mut keep: Vec<Box<dyn Any>> = vec![Box::new(cluster_icon), Box::new(on_chunk)];

    let osm_flag = osm.clone();
    let on_base = Handler::new(move |event: JsValue| {
        let name = get(&event, "name").as_string().unwrap_or_default();
        osm_flag.set(name.contains("OpenStreetMap"));
        restyle();
    });
    map.map_on("baselayerchange", on_base.as_ref().unchecked_ref());
    let heat_on = heat.clone();
    let on_overlay_add = Handler::new(move |event: JsValue| {
        if Object::is(&get(&event, "layer"), &heat_on) {
            heat::shown(&heat_on);
        }
    });
    map.map_on("overlayadd", on_overlay_add.as_ref().unchecked_ref());
    let heat_off = heat.clone();
    let on_overlay_remove = Handler::new(move |event: JsValue| {
        if Object::is(&get(&event, "layer"), &heat_off) {
            heat::hidden(&heat_off);
        }
    });
    map.map_on("overlayremove", on_overlay_remove.as_ref().unchecked_ref());
    keep.push(Box::new(on_base));
    keep.push(Box::new(on_overlay_add));
    keep.push(Box::new(on_overlay_remove));

    let on_move = Handler::new(move |_| {
        FLYING.with(|f| f.set(false));
        sync_hash(state);
        request_animation_frame(declutter);
    });
    map.map_on("moveend", on_move.as_ref().unchecked_ref());
    keep.push(Box::new(on_move));

    let on_clustered = Handler::new(|_| request_animation_frame(declutter));
    clusters.on("animationend", on_clustered.as_ref().unchecked_ref());
    keep.push(Box::new(on_clustered));

    let popup = leaflet::popup(&opts(&PopupOptions {
        max_width: 400.0,
        min_width: 280.0,
        max_height: 440.0,
        auto_pan_padding: [30.0, 30.0],
        class_name: "mm-leaflet-popup",
    }));
    popup.set_content(&popup_host);
    // The user closed the popup (its ×, a click on the map, Escape): nothing is selected.
    let on_close = Handler::new(move |_| {
        if CLOSING.with(Cell::get) {
            return;
        }
        let was = with_map(|m| m.popup_key.take()).flatten();
        if let Some(key) = was {
            if state.selection.get_untracked() == Some(key) {
                state.selection.set(None);
            }
        }
        restore_focus();
    });
    map.map_on("popupclose", on_close.as_ref().unchecked_ref());
    keep.push(Box::new(on_close));

    // For automation and debugging: `window.mentionmap.{map, clusters, shapes, heat}` are the
    // Leaflet map, its markers, its country and region shapes and the density layer (the e2e
    // tests read them).
    let handles = Object::new();
    set(&handles, "map", &map);
    set(&handles, "clusters", &clusters);
    set(&handles, "shapes", &shapes);
    set(&handles, "heat", &heat);
    set(&js_sys::global(), "mentionmap", &handles);

    MAP.with(|m| {
        *m.borrow_mut() = Some(MapState {
            map: map.clone(),
            clusters,
            shapes,
            heat,
            legend_scale,
            countries: None,
            regions: HashMap::new(),
            regions_requested: HashSet::new(),
            markers: HashMap::new(),
            adding: false,
            waiting: None,
            drawing: (0, Array::new()),
            keep,
            lookup: Rc::new(RefCell::new(Lookup::default())),
            osm,
            styled_countries: None,
            popup,
            popup_key: None,
            popup_host: popup_host.clone(),
            _resize: observe_resize(&popup_host),
            _map_resize: observe_map_size(&container, &map),
            state,
        })
    });
    leptos::task::spawn_local(load_countries());
    Ok(())
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn set_body_attr(name: &str, value: &str) {
    if let Some(body) = document().body() {
        let _ = body.set_attribute(name, value);
    }
}

fn viewport() -> (f64, f64) {
    let window = web_sys::window();
    let dim = |v: Option<Result<JsValue, JsValue>>| {
        v.and_then(Result::ok)
            .and_then(|v| v.as_f64())
            .unwrap_or(1000.0)
    };
    (
        dim(window.as_ref().map(|w| w.inner_width())),
        dim(window.as_ref().map(|w| w.inner_height())),
    )
}

/// Tells Leaflet whenever its container changes to a size it can draw in: the layout settling
/// after the map was made, the map panel shown again on a small screen, the window. A hidden
/// container (the phone layout's other panels) has no size, which Leaflet cannot centre a
/// map in, so that change waits until the map is shown again. A ResizeObserver reports once
/// the page is laid out, so reading the size forces no layout; a timer that did this 50 ms
/// after start forced one of the whole page (23 ms in a cold start's profile).
fn observe_map_size(
    container: &HtmlElement,
    map: &Map,
) -> Option<(web_sys::ResizeObserver, Handler)> {
    let map = map.clone();
    let observed = container.clone();
    let on_resize = Handler::new(move |_| {
        if observed.client_width() > 0 && observed.client_height() > 0 {
            map.invalidate_size();
        }
    });
    observe_size(container, on_resize)
}

/// Calls `on_resize` whenever `element` changes size, through a `ResizeObserver` when the
/// browser has one; the observer and the handler live as long as what keeps them.
fn observe_size(
    element: &HtmlElement,
    on_resize: Handler,
) -> Option<(web_sys::ResizeObserver, Handler)> {
    let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
    observer.observe(element);
    Some((observer, on_resize))
}
