//! The Leaflet map: offline basemap, place markers, region outlines, country shading and the
//! place popup. Leaflet is imperative, so this module keeps its objects in a thread-local and
//! the app drives it from effects only: [`render`] when the places change, [`show_popup`] and
//! [`fly_to`] when the selection changes. Leaflet's own events (a marker clicked, the popup
//! closed) only write state.
//!
//! The popup's content is a Leptos view rendered by the app into one host element that lives
//! as long as the app (see `PopupPortal` in `web/mod.rs`), so its reactive owner is the app's:
//! Leaflet only moves that element in and out of its one popup. (Mounting a view per popup
//! from inside an effect made it a child of the effect's owner, disposed whenever the effect
//! re-ran, and the next click on the popup panicked.)

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

use super::leaflet::{self, get, latlng, opts, set, Layer, Map};
use super::model::{class_of, count_classes, PlaceGroup, PlaceKey, ViewHash};
use super::state::AppState;
use crate::geoparse::MentionKind;

type Handler = Closure<dyn FnMut(JsValue)>;

/// Below this width (CSS pixels) the page shows one panel at a time (see `app.css`).
pub const SMALL_SCREEN: f64 = 700.0;
type StyleFn = Closure<dyn FnMut(JsValue) -> JsValue>;

/// The choropleth's colours, lightest (fewest mentions) first: ColorBrewer Blues.
const SCALE: [&str; 5] = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];

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
}

struct MapState {
    map: Map,
    clusters: Layer,
    /// Country shading and region outlines.
    shapes: Layer,
    /// The legend's colour classes, rewritten when the counts change.
    legend_scale: HtmlElement,
    countries: Option<Layer>,
    regions: HashMap<String, Layer>,
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
    /// places, and whether kept markers got new counts.
    drawing: (usize, bool),
    keep: Vec<Box<dyn Any>>,
    lookup: Rc<RefCell<Lookup>>,
    osm: Rc<Cell<bool>>,
    /// The one Leaflet popup; its content is the app's popup host element.
    popup: Layer,
    /// The place the popup is open for.
    popup_key: Option<PlaceKey>,
    popup_host: HtmlElement,
    /// Keeps the popup laid out when its content changes size.
    _resize: Option<(JsValue, Handler)>,
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
        &opts(
            &serde_json::json!({ "minZoom": 2, "maxZoom": 18, "worldCopyJump": true, "zoomSnap": 0.25 }),
        ),
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
        &opts(&serde_json::json!({
            "maxZoom": 19,
            "attribution": "&copy; <a href=\"https://www.openstreetmap.org/copyright\" target=\"_blank\" rel=\"noopener\">OpenStreetMap</a> contributors"
        })),
    );
    let cluster_options = opts(&serde_json::json!({
        "maxClusterRadius": 36,
        "showCoverageOnHover": false,
        "disableClusteringAtZoom": 9,
        "spiderfyOnMaxZoom": true,
        // Many markers are added in chunks of about 50 ms, between frames; the layer
        // re-clusters what is shown once, at the end (see `render`).
        "chunkedLoading": true,
        "chunkInterval": 50,
        "chunkDelay": 0,
    }));
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

    let base = Object::new();
    set(&base, "Offline map (Natural Earth)", &offline);
    set(&base, "OpenStreetMap tiles (online)", &osm_layer);
    let overlays = Object::new();
    set(&overlays, "Cities and places", &clusters);
    set(&overlays, "Regions and countries", &shapes);
    leaflet::control_layers(
        &base,
        &overlays,
        &opts(&serde_json::json!({ "position": "topright", "collapsed": true })),
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
    keep.push(Box::new(on_base));

    let hash_map = map.clone();
    let on_move = Handler::new(move |_| {
        FLYING.with(|f| f.set(false));
        write_hash(&hash_map, state);
        request_animation_frame(declutter);
    });
    map.map_on("moveend", on_move.as_ref().unchecked_ref());
    keep.push(Box::new(on_move));

    let on_clustered = Handler::new(|_| request_animation_frame(declutter));
    clusters.on("animationend", on_clustered.as_ref().unchecked_ref());
    keep.push(Box::new(on_clustered));

    let popup = leaflet::popup(&opts(&serde_json::json!({
        "maxWidth": 400,
        "minWidth": 280,
        "maxHeight": 440,
        "autoPanPadding": [30, 30],
        "className": "mm-leaflet-popup",
    })));
    popup.set_content(&popup_host);
    // The user closed the popup (its ×, a click on the map, Escape): nothing is selected.
    let on_close = Handler::new(move |_| {
        if CLOSING.with(Cell::get) {
            return;
        }
        let was = with_map(|m| m.popup_key.take()).flatten();
        if let Some(key) = was {
            if state.selection.0.get_untracked() == Some(key) {
                state.selection.0.set(None);
            }
        }
        restore_focus();
    });
    map.map_on("popupclose", on_close.as_ref().unchecked_ref());
    keep.push(Box::new(on_close));

    // For automation and debugging: `window.mentionmap.{map, clusters, shapes}` are the
    // Leaflet map, its markers and its country and region shapes (the e2e tests read them).
    let handles = Object::new();
    set(&handles, "map", &map);
    set(&handles, "clusters", &clusters);
    set(&handles, "shapes", &shapes);
    set(&js_sys::global(), "mentionmap", &handles);

    MAP.with(|m| {
        *m.borrow_mut() = Some(MapState {
            map: map.clone(),
            clusters,
            shapes,
            legend_scale,
            countries: None,
            regions: HashMap::new(),
            regions_requested: HashSet::new(),
            markers: HashMap::new(),
            adding: false,
            waiting: None,
            drawing: (0, false),
            keep,
            lookup: Rc::new(RefCell::new(Lookup::default())),
            osm,
            popup,
            popup_key: None,
            popup_host: popup_host.clone(),
            _resize: observe_resize(&popup_host),
            state,
        })
    });
    leptos::task::spawn_local(load_countries());
    let resize_map = map.clone();
    set_timeout(
        move || {
            resize_map.invalidate_size();
        },
        std::time::Duration::from_millis(50),
    );
    Ok(())
}

/// A cluster's icon: its number of places, named for screen readers and on hover by its
/// most-mentioned places ("12 places: Kharkiv (40), Sumy (12), Izium (9) and 9 more").
fn cluster_icon(cluster: &JsValue) -> JsValue {
    let call = |name: &str| -> Option<JsValue> {
        let f: js_sys::Function = get(cluster, name).dyn_into().ok()?;
        f.call0(cluster).ok()
    };
    let mut places: Vec<(String, usize)> = call("getAllChildMarkers")
        .and_then(|m| m.dyn_into::<Array>().ok())
        .map(|markers| {
            markers
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
                .collect()
        })
        .unwrap_or_default();
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
    let options = opts(&serde_json::json!({
        "className": format!("marker-cluster marker-cluster-{size}"),
        "iconSize": [40, 40],
    }));
    set(&options, "html", &inner);
    leaflet::div_icon(&options)
}

/// Adds the legend; returns its element for the colour classes.
fn add_legend(map: &Map) -> HtmlElement {
    let scale = element("div", "mm-legend-scale");
    let scale_in_legend = scale.clone();
    let control = leaflet::control(&opts(&serde_json::json!({ "position": "bottomleft" })));
    let on_add = Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |_| {
        let root = element("details", "mm-legend");
        // Open on wide screens; on a phone it would cover a third of the map.
        if viewport().0 >= SMALL_SCREEN {
            root.set_attribute("open", "").ok();
        }
        let title = element("summary", "");
        title.set_text_content(Some("Legend"));
        root.append_child(&title).ok();
        // Keep clicks in the legend from reaching the map.
        if let Ok(l) = js_sys::Reflect::get(&js_sys::global(), &"L".into()) {
            let dom_event = get(&l, "DomEvent");
            if let Ok(f) = get(&dom_event, "disableClickPropagation").dyn_into::<js_sys::Function>()
            {
                let _ = f.call1(&dom_event, &root);
            }
        }
        let rows: [(&str, &str); 7] = [
            ("mm-swatch mm-kind-city", "City or town (size: mentions)"),
            ("mm-swatch mm-kind-district", "District"),
            ("mm-swatch mm-kind-area", "Area (Donbas, Crimea…)"),
            ("mm-swatch mm-kind-region", "Region (filled, centre marked)"),
            (
                "mm-swatch mm-kind-country",
                "Country (filled, centre marked)",
            ),
            ("mm-swatch mm-kind-demonym", "Demonym (when switched on)"),
            ("mm-swatch mm-cluster", "Cluster of nearby places"),
        ];
        for (class, label) in rows {
            let row = element("div", "mm-legend-row");
            row.append_child(&element("span", class)).ok();
            let text = element("span", "");
            text.set_text_content(Some(label));
            row.append_child(&text).ok();
            root.append_child(&row).ok();
        }
        root.append_child(&scale_in_legend).ok();
        root.into()
    });
    set(&control, "onAdd", on_add.as_ref());
    on_add.forget();
    control.add_to(map);
    scale
}

/// Writes the legend's colour classes: "Mentions (regions, countries)" and one swatch per class.
fn write_legend_scale(scale: &HtmlElement, classes: &[usize], max: usize) {
    scale.set_text_content(None);
    if classes.is_empty() {
        return;
    }
    let title = element("div", "mm-legend-scale-title");
    title.set_text_content(Some("Mentions of a region or country"));
    scale.append_child(&title).ok();
    let row = element("div", "mm-legend-classes");
    for (i, low) in classes.iter().enumerate() {
        let high = classes.get(i + 1).map_or(max, |next| next - 1);
        let label = if high <= *low {
            low.to_string()
        } else if i + 1 == classes.len() {
            format!("{low}+")
        } else {
            format!("{low}–{high}")
        };
        let class = element("span", "mm-legend-class");
        let swatch = element("span", "mm-legend-fill");
        swatch
            .style()
            .set_property("background", SCALE[i.min(SCALE.len() - 1)])
            .ok();
        class.append_child(&swatch).ok();
        let text = element("span", "");
        text.set_text_content(Some(&label));
        class.append_child(&text).ok();
        row.append_child(&class).ok();
    }
    scale.append_child(&row).ok();
}

async fn fetch_json(url: &str) -> Result<JsValue, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| "not a response".to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    JsFuture::from(response.json().map_err(|e| format!("{e:?}"))?)
        .await
        .map_err(|e| format!("{e:?}"))
}

async fn load_countries() {
    let data = match fetch_json("basemap/countries.json").await {
        Ok(d) => d,
        Err(err) => {
            web_sys::console::warn_1(
                &format!("mentionmap: basemap countries not loaded: {err}").into(),
            );
            return;
        }
    };
    let Some((lookup, osm)) = with_map(|m| (m.lookup.clone(), m.osm.clone())) else {
        return;
    };
    let style = StyleFn::new(move |feature: JsValue| {
        let a2 = get(&get(&feature, "properties"), "a2")
            .as_string()
            .unwrap_or_default();
        country_style(lookup.borrow().country_class(&a2), osm.get())
    });
    // Countries are shading only; their centre markers take the clicks.
    let options = opts(&serde_json::json!({ "interactive": false }));
    set(&options, "style", style.as_ref());
    let layer = leaflet::geo_json(&data, &options);
    let shapes = with_map(|m| {
        m.countries = Some(layer.clone());
        m.keep.push(Box::new(style));
        m.shapes.clone()
    });
    if let Some(shapes) = shapes {
        shapes.add_layer(&layer);
        bring_to_back(&layer);
    }
}

fn bring_to_back(layer: &Layer) {
    if let Ok(f) = js_sys::Reflect::get(layer, &"bringToBack".into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    {
        let _ = f.call0(layer);
    }
}

fn feature_of(event: &JsValue) -> JsValue {
    let layer = get(event, "propagatedFrom");
    let layer = if layer.is_undefined() {
        get(event, "layer")
    } else {
        layer
    };
    get(&layer, "feature")
}

/// A country filled by its class of mentions (`None`: not mentioned).
fn country_style(class: Option<usize>, osm: bool) -> JsValue {
    let (fill, opacity) = match (class, osm) {
        (Some(c), false) => (SCALE[c], 0.3),
        (None, false) => ("#f7f5ef", 1.0),
        (Some(c), true) => (SCALE[c], 0.3),
        (None, true) => ("#ffffff", 0.0),
    };
    opts(&serde_json::json!({
        "color": if class.is_some() { "#6f8fb3" } else { "#b7bfc9" },
        "weight": if class.is_some() { 1.0 } else { 0.7 },
        "fillColor": fill,
        "fillOpacity": opacity,
    }))
}

/// A region filled by its class of mentions (`None`: outlined only).
fn region_style(class: Option<usize>) -> JsValue {
    if let Some(c) = class {
        opts(&serde_json::json!({
            "color": "#1c4f80", "weight": 1.5, "opacity": 0.9, "fill": true, "fillColor": SCALE[c], "fillOpacity": 0.5,
            "className": "mm-region",
        }))
    } else {
        opts(
            &serde_json::json!({ "color": "#9aa5b4", "weight": 0.6, "opacity": 0.7, "fill": false, "dashArray": "3 3", "className": "mm-region" }),
        )
    }
}

/// A region name reduced to what both GeoNames and Natural Earth spellings share.
fn region_name_key(name: &str) -> String {
    let folded = crate::text::fold_key(name);
    let mut key = folded.as_str();
    for suffix in [
        " oblast'",
        " oblast",
        " region",
        " krai",
        " kray",
        " province",
        " state",
        " city",
    ] {
        if let Some(stripped) = key.strip_suffix(suffix) {
            key = stripped;
        }
    }
    for prefix in ["republic of ", "city of "] {
        if let Some(stripped) = key.strip_prefix(prefix) {
            key = stripped;
        }
    }
    let key: String = key
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .collect();
    key.trim_end_matches("ska")
        .trim_end_matches("ska ")
        .trim()
        .to_string()
}

fn region_key_for(lookup: &Lookup, a2: &str, feature: &JsValue) -> Option<PlaceKey> {
    let props = get(feature, "properties");
    if let Some(gn) = get(&props, "gn").as_f64() {
        if let Some(key) = lookup.regions_by_gn.get(&(gn as u32)) {
            return Some(*key);
        }
    }
    ["name", "alt"].iter().find_map(|field| {
        let name = get(&props, field).as_string()?;
        lookup
            .regions_by_name
            .get(&(a2.to_string(), region_name_key(&name)))
            .copied()
    })
}

async fn load_regions(a2: String) {
    let url = format!("basemap/admin1/{a2}.json");
    let data = match fetch_json(&url).await {
        Ok(d) => d,
        Err(_) => return, // No outlines for this country: the region's centre marker remains.
    };
    let Some((lookup, state)) = with_map(|m| (m.lookup.clone(), m.state)) else {
        return;
    };
    let style_lookup = lookup.clone();
    let style_a2 = a2.clone();
    let style = StyleFn::new(move |feature: JsValue| {
        let lookup = style_lookup.borrow();
        region_style(lookup.class(region_key_for(&lookup, &style_a2, &feature)))
    });
    let options = Object::new();
    set(&options, "style", style.as_ref());
    let layer = leaflet::geo_json(&data, &options);
    let click_a2 = a2.clone();
    let on_click = Handler::new(move |event: JsValue| {
        let key = region_key_for(&lookup.borrow(), &click_a2, &feature_of(&event));
        if let Some(key) = key {
            state.open_place(key, false);
        }
    });
    layer.on("click", on_click.as_ref().unchecked_ref());
    let shapes = with_map(|m| {
        m.regions.insert(a2, layer.clone());
        m.keep.push(Box::new(style));
        m.keep.push(Box::new(on_click));
        m.shapes.clone()
    });
    if let Some(shapes) = shapes {
        shapes.add_layer(&layer);
    }
}

/// Restyles the shapes whose colour class changed since the last time (setting the style of
/// every shape of every loaded country took a good part of each redraw).
fn restyle() {
    let Some((countries, regions, lookup, osm)) = with_map(|m| {
        (
            m.countries.clone(),
            m.regions.clone(),
            m.lookup.clone(),
            m.osm.get(),
        )
    }) else {
        return;
    };
    if let Some(layer) = countries {
        let l = lookup.clone();
        restyle_changed(&layer, move |feature| {
            let a2 = get(&get(feature, "properties"), "a2")
                .as_string()
                .unwrap_or_default();
            let class = l.borrow().country_class(&a2);
            let key = class.map_or(-1.0, |c| c as f64) * 2.0 + f64::from(u8::from(osm));
            (key, move || country_style(class, osm))
        });
    }
    for (a2, layer) in regions {
        let l = lookup.clone();
        restyle_changed(&layer, move |feature| {
            let lookup = l.borrow();
            let class = lookup.class(region_key_for(&lookup, &a2, feature));
            (class.map_or(-1.0, |c| c as f64), move || {
                region_style(class)
            })
        });
    }
}

/// Sets the style of each shape of `layer` whose key (from `style_of` its feature) changed;
/// the key is kept on the shape.
fn restyle_changed<S: FnOnce() -> JsValue>(
    layer: &Layer,
    style_of: impl Fn(&JsValue) -> (f64, S) + 'static,
) {
    let each = Closure::<dyn FnMut(JsValue)>::new(move |shape: JsValue| {
        let (key, style) = style_of(&get(&shape, "feature"));
        if get(&shape, "_mmStyle").as_f64() != Some(key) {
            set(&shape, "_mmStyle", &key.into());
            call(&shape, "setStyle", &style());
        }
    });
    call(layer, "eachLayer", each.as_ref());
}

/// Places whose names are written on the map (the most mentioned; fewer where they collide).
const LABELS: usize = 12;

/// Hides the labels that overlap a label of a more-mentioned place (or a marker's number),
/// so the names on the map never collide; run after every redraw, zoom and move.
fn declutter() {
    let Ok(labels) = document().query_selector_all(".leaflet-tooltip.mm-label") else {
        return;
    };
    let mut ranked: Vec<(usize, HtmlElement)> = (0..labels.length())
        .filter_map(|i| labels.get(i)?.dyn_into::<HtmlElement>().ok())
        .map(|el| {
            let rank = el
                .first_element_child()
                .and_then(|c| c.get_attribute("data-rank"))
                .and_then(|r| r.parse().ok())
                .unwrap_or(usize::MAX);
            (rank, el)
        })
        .collect();
    ranked.sort_by_key(|(rank, _)| *rank);
    let rect = |el: &HtmlElement| -> Option<[f64; 4]> {
        let f: js_sys::Function = get(el, "getBoundingClientRect").dyn_into().ok()?;
        let r = f.call0(el).ok()?;
        let v = |k: &str| get(&r, k).as_f64();
        Some([v("left")?, v("top")?, v("right")?, v("bottom")?])
    };
    let mut kept: Vec<[f64; 4]> = Vec::new();
    for (_, el) in ranked {
        el.style().set_property("visibility", "visible").ok();
        let Some(r) = rect(&el) else { continue };
        let clash = kept
            .iter()
            .any(|k| r[0] < k[2] && k[0] < r[2] && r[1] < k[3] && k[1] < r[3]);
        if clash {
            el.style().set_property("visibility", "hidden").ok();
        } else {
            kept.push(r);
        }
    }
}

/// Marker size in pixels for a mention count.
fn marker_size(count: usize, kind: MentionKind) -> f64 {
    let grow = 6.0 * (count as f64).log2();
    match kind {
        // Countries are shaded; their centre marker stays small.
        MentionKind::Country | MentionKind::Demonym => (20.0 + grow / 2.0).min(32.0),
        MentionKind::Region => (22.0 + grow).min(44.0),
        _ => (24.0 + grow).min(54.0),
    }
}

fn kind_class(kind: MentionKind) -> &'static str {
    match kind {
        MentionKind::Country => "mm-kind-country",
        MentionKind::Region => "mm-kind-region",
        MentionKind::District => "mm-kind-district",
        MentionKind::Area => "mm-kind-area",
        MentionKind::City => "mm-kind-city",
        MentionKind::Demonym => "mm-kind-demonym",
    }
}

/// A marker on the map, with what it was drawn from.
struct Drawn {
    marker: Layer,
    /// The marker's number element, updated in place when only the count changes.
    pin: HtmlElement,
    look: Look,
    _handlers: [Handler; 2],
}

/// What a marker looks like apart from its count: when this changes, it is drawn anew.
#[derive(Clone, PartialEq)]
struct Look {
    kind: MentionKind,
    corrected: bool,
    size: u32,
    /// Its label's rank, when it carries one.
    label: Option<usize>,
    name: String,
}

impl Look {
    fn of(group: &PlaceGroup, rank: usize) -> Look {
        Look {
            kind: group.kind,
            corrected: group.corrected,
            size: marker_size(group.count(), group.kind).round() as u32,
            label: (rank < LABELS).then_some(rank),
            name: group.place.name.clone(),
        }
    }
}

fn marker_title(group: &PlaceGroup) -> String {
    let plural = if group.count() == 1 {
        "mention"
    } else {
        "mentions"
    };
    format!(
        "{} ({}) — {} {plural}",
        group.place.name,
        group.kind.as_str(),
        group.count()
    )
}

fn z_offset(count: usize) -> i32 {
    (count.min(500) * 10) as i32
}

fn marker_for(group: &PlaceGroup, rank: usize, state: AppState) -> Drawn {
    let look = Look::of(group, rank);
    let size = f64::from(look.size);
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
    pin.style().set_property("width", &format!("{size}px")).ok();
    pin.style()
        .set_property("height", &format!("{size}px"))
        .ok();
    pin.style()
        .set_property(
            "font-size",
            &format!("{:.0}px", (size * 0.42).clamp(11.0, 17.0)),
        )
        .ok();
    pin.set_text_content(Some(&group.count().to_string()));
    pin.set_attribute("aria-hidden", "true").ok();
    let icon_options = opts(&serde_json::json!({
        "className": "mm-icon",
        "iconSize": [size, size],
        "iconAnchor": [size / 2.0, size / 2.0],
        "popupAnchor": [0.0, -size / 2.0],
    }));
    set(&icon_options, "html", &pin);
    let icon = leaflet::div_icon(&icon_options);
    let marker_options = opts(&serde_json::json!({
        "keyboard": true,
        "title": marker_title(group),
        "alt": p.name,
        "riseOnHover": true,
        "zIndexOffset": z_offset(group.count()),
    }));
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
    if let Some(rank) = look.label {
        let label = element("span", "");
        label.set_text_content(Some(&p.name));
        label.set_attribute("data-rank", &rank.to_string()).ok();
        marker.bind_tooltip(
            &label,
            &opts(&serde_json::json!({
                "permanent": true,
                "direction": "right",
                "offset": [size / 2.0, 0.0],
                "className": "mm-label",
                "interactive": false,
            })),
        );
    }
    Drawn {
        marker,
        pin,
        look,
        _handlers: [on_click, on_key],
    }
}

/// Writes a new count into a marker drawn for the same place and look.
fn update_count(drawn: &Drawn, group: &PlaceGroup) {
    let count = group.count().to_string();
    if drawn.pin.get_attribute("data-count").as_deref() == Some(count.as_str()) {
        return;
    }
    drawn.pin.set_attribute("data-count", &count).ok();
    drawn.pin.set_text_content(Some(&count));
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
}

/// Calls `target.name(arg)`, when `target` has such a method.
fn call(target: &JsValue, name: &str, arg: &JsValue) {
    if let Ok(f) = get(target, name).dyn_into::<js_sys::Function>() {
        let _ = f.call1(target, arg);
    }
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

thread_local! {
    /// The places [`render_soon`] will draw.
    static NEXT: RefCell<Option<Arc<Vec<PlaceGroup>>>> = const { RefCell::new(None) };
}

/// Redraws the places in a task of its own, soon: the corpus change that asked for it (lists,
/// counts, timeline) is then one task and the map another, and several changes in a row make
/// one redraw. `<body data-drawn>` is `-1` until the redraw is on the map.
pub fn render_soon(groups: Arc<Vec<PlaceGroup>>) {
    set_body_attr("data-drawn", "-1");
    if NEXT.with(|n| n.replace(Some(groups)).is_none()) {
        set_timeout(
            || {
                if let Some(groups) = NEXT.with(|n| n.take()) {
                    super::util::measured("mm:render", || render(groups));
                }
            },
            std::time::Duration::from_millis(0),
        );
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
    let (added, updated) = super::util::measured("mm:diff-markers", || {
        with_map(|m| {
            let mut keep: HashMap<PlaceKey, Drawn> = HashMap::with_capacity(groups.len());
            let mut added = Vec::new();
            let mut updated = false;
            for (rank, group) in groups.iter().enumerate() {
                match m.markers.remove(&group.key) {
                    Some(drawn) if drawn.look == Look::of(group, rank) => {
                        update_count(&drawn, group);
                        updated = true;
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
                call(&clusters, "removeLayers", &gone);
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
    super::util::measured("mm:restyle", restyle);
    let batch = Array::new();
    let drawn: Vec<(PlaceKey, Drawn)> = super::util::measured("mm:create-markers", || {
        added
            .iter()
            .map(|&rank| {
                let d = marker_for(&groups[rank], rank, state);
                batch.push(&d.marker);
                (groups[rank].key, d)
            })
            .collect()
    });
    with_map(|m| {
        m.markers.extend(drawn);
        m.drawing = (groups.len(), updated);
        m.adding = batch.length() > 0;
    });
    // On the map, the layer calls `markers_added` (its `chunkProgress`) when the last chunk
    // is in; switched off in the layers control, it only keeps the markers for later.
    let on_map = !get(&clusters, "_map").is_null() && !get(&clusters, "_map").is_undefined();
    if batch.length() > 0 {
        super::util::measured("mm:add-markers", || call(&clusters, "addLayers", &batch));
    }
    if batch.length() == 0 || !on_map {
        markers_added();
    }
}

/// Every marker of the last redraw is on the map: refresh the cluster icons (they name their
/// places' counts), say so, and draw what is waiting.
fn markers_added() {
    let Some((clusters, (count, updated), waiting)) = with_map(|m| {
        m.adding = false;
        (m.clusters.clone(), m.drawing, m.waiting.take())
    }) else {
        return;
    };
    if updated {
        super::util::measured("mm:refresh-clusters", || {
            if let Ok(f) = get(&clusters, "refreshClusters").dyn_into::<js_sys::Function>() {
                let _ = f.call0(&clusters);
            }
        });
    }
    if count > 0 {
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

/// Moves the map to a place at a zoom that suits its kind.
pub fn fly_to(state: AppState, key: PlaceKey) {
    let Some(group) = state
        .places
        .0
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
    map.fly_to(
        &target,
        zoom,
        &opts(&serde_json::json!({ "duration": 0.8 })),
    );
}

/// The map centre at `zoom` that puts (lat, lon) a quarter of the map's height below the middle.
fn popup_friendly_center(map: &Map, lat: f64, lon: f64, zoom: f64) -> JsValue {
    let call = |name: &str, args: &[JsValue]| -> Option<JsValue> {
        let f: js_sys::Function = get(map, name).dyn_into().ok()?;
        f.apply(map, &args.iter().collect::<Array>()).ok()
    };
    let shifted = (|| {
        let point = call("project", &[latlng(lat, lon), zoom.into()])?;
        let size = call("getSize", &[])?;
        let y = get(&point, "y").as_f64()? - get(&size, "y").as_f64()? * 0.25;
        set(&point, "y", &y.into());
        call("unproject", &[point, zoom.into()])
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
    if chosen.len() == 1 || (n - s < 0.05 && e - w < 0.05) {
        map.set_view(&latlng((s + n) / 2.0, (w + e) / 2.0), 8.0);
    } else {
        map.fit_bounds(
            &leaflet::bounds(s, w, n, e),
            &opts(&serde_json::json!({ "padding": [40, 40], "maxZoom": 9 })),
        );
    }
}

/// The range of values holding all but `trim` of the weight at each end.
fn weighted_range(values: impl Iterator<Item = (f64, usize)>, trim: f64) -> (f64, f64) {
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

/// Opens the popup of the selected place (moving it there), or closes it when nothing is
/// selected. When the selected place has left the map (marked "not a place", filtered out),
/// its open popup stays where it was: its content says so and offers the undo.
pub fn show_popup(state: AppState, selection: Option<PlaceKey>) {
    let Some((map, popup, open_key)) = with_map(|m| (m.map.clone(), m.popup.clone(), m.popup_key))
    else {
        return;
    };
    let Some(key) = selection else {
        if open_key.is_some() {
            close_popup(&map);
            restore_focus();
        }
        return;
    };
    let group = state
        .places
        .0
        .with_untracked(|gs| gs.iter().find(|g| g.key == key).cloned());
    let Some(group) = group else {
        if open_key.is_some_and(|k| k != key) {
            close_popup(&map);
        }
        return;
    };
    if open_key == Some(key) {
        update_popup();
        return;
    }
    if open_key.is_some() {
        close_popup(&map);
    } else {
        remember_focus();
    }
    let size = marker_size(group.count(), group.kind);
    let options = get(&popup, "options");
    let (width, height) = viewport();
    // At most 90% of a small screen, less the popup's own margins.
    let max_width = (width * 0.9 - 40.0).clamp(160.0, 400.0);
    set(&options, "maxWidth", &max_width.into());
    set(&options, "minWidth", &max_width.min(280.0).into());
    set(
        &options,
        "maxHeight",
        &(height * 0.6).clamp(160.0, 440.0).into(),
    );
    set(&options, "autoPan", &(!FLYING.with(Cell::get)).into());
    set(&options, "offset", &leaflet::point(0.0, -size / 2.0 + 6.0));
    popup.set_lat_lng(&latlng(group.place.lat, group.place.lon));
    // Leaflet's controls sit above its popups: fold the legend so it cannot cover one.
    let legend = with_map(|m| {
        m.popup_key = Some(key);
        m.legend_scale.parent_element()
    })
    .flatten();
    if let Some(legend) = legend {
        let _ = legend.remove_attribute("open");
    }
    popup.open_on(&map);
    // The content is rendered by now or in this same turn; lay out and focus it after it.
    request_animation_frame(move || {
        update_popup();
        focus_popup();
    });
}

fn close_popup(map: &Map) {
    CLOSING.with(|c| c.set(true));
    map.close_popup();
    CLOSING.with(|c| c.set(false));
    with_map(|m| m.popup_key = None);
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

/// Re-lays out the open popup after its content changed size. Leaflet's `update()` would
/// also take the content out of the page and put it back, which drops keyboard focus, so
/// this runs only its layout steps (Leaflet 1.x's `_updateLayout`, `_updatePosition`,
/// `_adjustPan`), falling back to `update()` if a Leaflet version lacks them.
fn update_popup() {
    let Some(layer) = with_map(|m| m.popup_key.map(|_| m.popup.clone())).flatten() else {
        return;
    };
    let method = |name: &str| get(&layer, name).dyn_into::<js_sys::Function>().ok();
    match (
        method("_updateLayout"),
        method("_updatePosition"),
        method("_adjustPan"),
    ) {
        (Some(layout), Some(position), Some(pan)) => {
            let _ = layout.call0(&layer);
            let _ = position.call0(&layer);
            let _ = pan.call0(&layer);
        }
        _ => {
            if let Some(update) = method("update") {
                let _ = update.call0(&layer);
            }
        }
    }
}

/// Calls [`update_popup`] whenever the popup's content changes size (passages shown or hidden,
/// a correction), through a `ResizeObserver` when the browser has one.
fn observe_resize(host: &HtmlElement) -> Option<(JsValue, Handler)> {
    let ctor: js_sys::Function = get(&js_sys::global(), "ResizeObserver").dyn_into().ok()?;
    // In the next frame: laying out in the observer's own callback would resize the content
    // again in the same frame ("ResizeObserver loop completed with undelivered notifications").
    let on_resize = Handler::new(move |_| request_animation_frame(update_popup));
    let observer =
        js_sys::Reflect::construct(&ctor, &Array::of1(on_resize.as_ref().unchecked_ref())).ok()?;
    let observe: js_sys::Function = get(&observer, "observe").dyn_into().ok()?;
    observe.call1(&observer, host).ok()?;
    Some((observer, on_resize))
}

fn active_element() -> Option<HtmlElement> {
    document().active_element()?.dyn_into().ok()
}

fn remember_focus() {
    let host = with_map(|m| m.popup_host.clone());
    let active = active_element()
        .filter(|el| host.as_ref().is_none_or(|h| !h.contains(Some(el))))
        .filter(|el| document().body().as_ref() != Some(el));
    RETURN_FOCUS.with(|r| *r.borrow_mut() = active);
}

/// Moves keyboard focus to the popup's heading, so its buttons come next in tab order.
fn focus_popup() {
    let Some(host) = with_map(|m| m.popup_key.map(|_| m.popup_host.clone())).flatten() else {
        return;
    };
    if let Ok(Some(heading)) = host.query_selector(".mm-popup-focus") {
        focus_without_scroll(&heading);
    }
}

/// Gives focus back to where it was before the popup opened, when it is still in the page
/// and focus is in the popup or nowhere.
fn restore_focus() {
    let Some(target) = RETURN_FOCUS.with(|r| r.borrow_mut().take()) else {
        return;
    };
    let host = with_map(|m| m.popup_host.clone());
    let lost = match active_element() {
        None => true,
        Some(active) => {
            document().body().as_ref() == Some(&active)
                || host.is_some_and(|h| h.contains(Some(&active)))
        }
    };
    if lost && target.is_connected() {
        focus_without_scroll(&target);
    }
}

fn focus_without_scroll(el: &web_sys::Element) {
    if let Ok(f) = get(el, "focus").dyn_into::<js_sys::Function>() {
        let _ = f.call1(el, &opts(&serde_json::json!({ "preventScroll": true })));
    }
}

/// Tells Leaflet its container may have changed size (a panel shown on a small screen).
pub fn refresh_size() {
    if let Some(map) = with_map(|m| m.map.clone()) {
        map.invalidate_size();
    }
}

/// Writes the map view, the selection and the date range into the URL fragment.
fn write_hash(map: &Map, state: AppState) {
    let center = map.get_center();
    let (lat, lon) = (
        get(&center, "lat").as_f64().unwrap_or(0.0),
        get(&center, "lng").as_f64().unwrap_or(0.0),
    );
    let (from, to) = state
        .filter
        .0
        .with_untracked(|f| (f.from.clone(), f.to.clone()));
    let hash = ViewHash {
        view: Some((map.get_zoom(), lat, lon)),
        place: state.selection.0.get_untracked(),
        from,
        to,
    }
    .format();
    if let Some(window) = web_sys::window() {
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&hash));
        }
    }
}

/// Writes the URL fragment after a change of selection or date range.
pub fn sync_hash(state: AppState) {
    if let Some(map) = with_map(|m| m.map.clone()) {
        write_hash(&map, state);
    }
}
