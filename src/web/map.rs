//! The Leaflet map: offline basemap, place markers, region outlines, country shading and the
//! place popup. Leaflet is imperative, so this module keeps its objects in a thread-local and
//! the app drives it from effects: [`render`] when the places change, [`show_popup`] when the
//! selection changes.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use js_sys::{Array, Object};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlElement;

use super::leaflet::{self, get, latlng, opts, set, Layer, Map};
use super::model::{PlaceGroup, PlaceKey, ViewHash};
use super::popup::PlacePopup;
use super::state::AppState;
use crate::geoparse::MentionKind;

type Handler = Closure<dyn FnMut(JsValue)>;
type StyleFn = Closure<dyn FnMut(JsValue) -> JsValue>;

/// Which mentioned places the basemap layers highlight.
#[derive(Default)]
struct Lookup {
    regions_by_gn: HashMap<u32, PlaceKey>,
    regions_by_name: HashMap<(String, String), PlaceKey>,
    countries: HashMap<String, PlaceKey>,
}

struct MapState {
    map: Map,
    clusters: Layer,
    fixed: Layer,
    countries: Option<Layer>,
    regions: HashMap<String, Layer>,
    regions_requested: HashSet<String>,
    marker_handlers: Vec<Handler>,
    keep: Vec<Box<dyn Any>>,
    lookup: Rc<RefCell<Lookup>>,
    osm: Rc<Cell<bool>>,
    popup: Option<OpenPopup>,
    state: AppState,
}

struct OpenPopup {
    layer: Layer,
    key: PlaceKey,
    _mounted: Box<dyn Any>,
}

thread_local! {
    static MAP: RefCell<Option<MapState>> = const { RefCell::new(None) };
    /// True while the map flies to a place: the flight already frames the popup, and the
    /// popup's own auto-pan would cut the flight short.
    static FLYING: Cell<bool> = const { Cell::new(false) };
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

/// Creates the map in `container`. Fails with a message for the user when Leaflet did not load.
pub fn init(container: HtmlElement, state: AppState, initial: ViewHash) -> Result<(), String> {
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
    let clusters = leaflet::marker_cluster_group(&opts(&serde_json::json!({
        "maxClusterRadius": 36,
        "showCoverageOnHover": false,
        "disableClusteringAtZoom": 9,
        "spiderfyOnMaxZoom": true,
    })));
    clusters.add_to(&map);
    let fixed = leaflet::layer_group();
    fixed.add_to(&map);

    let base = Object::new();
    set(&base, "Offline map (Natural Earth)", &offline);
    set(&base, "OpenStreetMap tiles (online)", &osm_layer);
    let overlays = Object::new();
    set(&overlays, "Cities and places", &clusters);
    set(&overlays, "Regions and countries", &fixed);
    leaflet::control_layers(
        &base,
        &overlays,
        &opts(&serde_json::json!({ "position": "topright", "collapsed": true })),
    )
    .add_to(&map);
    add_legend(&map);

    let osm = Rc::new(Cell::new(false));
    let mut keep: Vec<Box<dyn Any>> = Vec::new();

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
        write_hash(&hash_map, state.selection.0.get_untracked())
    });
    map.map_on("moveend", on_move.as_ref().unchecked_ref());
    keep.push(Box::new(on_move));

    let on_close = Handler::new(move |event: JsValue| {
        let closed = get(&event, "popup");
        let was_current = with_map(|m| match &m.popup {
            Some(p) if Object::is(&p.layer, &closed) => m.popup.take().map(|p| p.key),
            _ => None,
        })
        .flatten();
        if let Some(key) = was_current {
            if state.selection.0.get_untracked() == Some(key) {
                state.selection.0.set(None);
            }
        }
    });
    map.map_on("popupclose", on_close.as_ref().unchecked_ref());
    keep.push(Box::new(on_close));

    // For automation and debugging: `window.mentionmap.{map, clusters, fixed}` are the Leaflet
    // map and its marker layers (the e2e tests read marker data through them).
    let handles = Object::new();
    set(&handles, "map", &map);
    set(&handles, "clusters", &clusters);
    set(&handles, "fixed", &fixed);
    set(&js_sys::global(), "mentionmap", &handles);

    MAP.with(|m| {
        *m.borrow_mut() = Some(MapState {
            map: map.clone(),
            clusters,
            fixed,
            countries: None,
            regions: HashMap::new(),
            regions_requested: HashSet::new(),
            marker_handlers: Vec::new(),
            keep,
            lookup: Rc::new(RefCell::new(Lookup::default())),
            osm,
            popup: None,
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

fn add_legend(map: &Map) {
    let control = leaflet::control(&opts(&serde_json::json!({ "position": "bottomleft" })));
    let on_add = Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |_| {
        let root = element("details", "mm-legend");
        root.set_attribute("open", "").ok();
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
            ("mm-swatch mm-kind-region", "Region (outline and centre)"),
            (
                "mm-swatch mm-kind-country",
                "Country (shaded, centre marked)",
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
        root.into()
    });
    set(&control, "onAdd", on_add.as_ref());
    on_add.forget();
    control.add_to(map);
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
        let mentioned = lookup.borrow().countries.contains_key(&a2);
        country_style(mentioned, osm.get())
    });
    // Countries are shading only; their centre markers take the clicks.
    let options = opts(&serde_json::json!({ "interactive": false }));
    set(&options, "style", style.as_ref());
    let layer = leaflet::geo_json(&data, &options);
    let map = with_map(|m| {
        m.countries = Some(layer.clone());
        m.keep.push(Box::new(style));
        m.map.clone()
    });
    if let Some(map) = map {
        layer.add_to(&map);
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

fn country_style(mentioned: bool, osm: bool) -> JsValue {
    let (fill, opacity) = match (mentioned, osm) {
        (true, false) => ("#dcefd9", 1.0),
        (false, false) => ("#f7f5ef", 1.0),
        (true, true) => ("#2f9e44", 0.12),
        (false, true) => ("#ffffff", 0.0),
    };
    opts(&serde_json::json!({
        "color": if mentioned { "#5c9e62" } else { "#b7bfc9" },
        "weight": if mentioned { 1.2 } else { 0.7 },
        "fillColor": fill,
        "fillOpacity": opacity,
    }))
}

fn region_style(mentioned: bool) -> JsValue {
    if mentioned {
        opts(&serde_json::json!({
            "color": "#1c6fc4", "weight": 2, "opacity": 0.9, "fill": true, "fillColor": "#1c6fc4", "fillOpacity": 0.12,
        }))
    } else {
        opts(
            &serde_json::json!({ "color": "#9aa5b4", "weight": 0.6, "opacity": 0.7, "fill": false, "dashArray": "3 3" }),
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
        region_style(region_key_for(&style_lookup.borrow(), &style_a2, &feature).is_some())
    });
    let options = Object::new();
    set(&options, "style", style.as_ref());
    let layer = leaflet::geo_json(&data, &options);
    let click_a2 = a2.clone();
    let on_click = Handler::new(move |event: JsValue| {
        let key = region_key_for(&lookup.borrow(), &click_a2, &feature_of(&event));
        if let Some(key) = key {
            select(state, key, false);
        }
    });
    layer.on("click", on_click.as_ref().unchecked_ref());
    let map = with_map(|m| {
        m.regions.insert(a2, layer.clone());
        m.keep.push(Box::new(style));
        m.keep.push(Box::new(on_click));
        m.map.clone()
    });
    if let Some(map) = map {
        layer.add_to(&map);
    }
}

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
        let style = StyleFn::new(move |feature: JsValue| {
            let a2 = get(&get(&feature, "properties"), "a2")
                .as_string()
                .unwrap_or_default();
            country_style(l.borrow().countries.contains_key(&a2), osm)
        });
        layer.set_style(style.as_ref());
        // setStyle applies the function at once; it is not kept.
        drop(style);
    }
    for (a2, layer) in regions {
        let l = lookup.clone();
        let style = StyleFn::new(move |feature: JsValue| {
            region_style(region_key_for(&l.borrow(), &a2, &feature).is_some())
        });
        layer.set_style(style.as_ref());
        drop(style);
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

fn marker_for(group: &PlaceGroup, state: AppState, handlers: &mut Vec<Handler>) -> Layer {
    let size = marker_size(group.count(), group.kind);
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
    let icon_options = opts(&serde_json::json!({
        "className": "mm-icon",
        "iconSize": [size, size],
        "iconAnchor": [size / 2.0, size / 2.0],
        "popupAnchor": [0.0, -size / 2.0],
    }));
    set(&icon_options, "html", &pin);
    let icon = leaflet::div_icon(&icon_options);
    let plural = if group.count() == 1 {
        "mention"
    } else {
        "mentions"
    };
    let marker_options = opts(&serde_json::json!({
        "keyboard": true,
        "title": format!("{} ({}) — {} {plural}", p.name, group.kind.as_str(), group.count()),
        "alt": p.name,
        "riseOnHover": true,
        "zIndexOffset": (group.count().min(500) * 10) as i32,
    }));
    set(&marker_options, "icon", &icon);
    let marker = leaflet::marker(&latlng(p.lat, p.lon), &marker_options);
    let key = group.key;
    let on_click = Handler::new(move |_| select(state, key, false));
    let on_key = Handler::new(move |event: JsValue| {
        let key_name = get(&get(&event, "originalEvent"), "key")
            .as_string()
            .unwrap_or_default();
        if key_name == "Enter" || key_name == " " {
            select(state, key, false);
        }
    });
    marker.on("click", on_click.as_ref().unchecked_ref());
    marker.on("keypress", on_key.as_ref().unchecked_ref());
    handlers.push(on_click);
    handlers.push(on_key);
    marker
}

/// Redraws every place: markers, clusters, region outlines and country shading.
pub fn render(groups: &[PlaceGroup]) {
    let Some((clusters, fixed, state, old_handlers)) = with_map(|m| {
        (
            m.clusters.clone(),
            m.fixed.clone(),
            m.state,
            std::mem::take(&mut m.marker_handlers),
        )
    }) else {
        return;
    };
    clusters.clear_layers();
    fixed.clear_layers();
    drop(old_handlers);
    let mut handlers = Vec::new();
    let clustered = Array::new();
    let mut lookup = Lookup::default();
    let mut wanted: Vec<String> = Vec::new();
    for group in groups {
        let marker = marker_for(group, state, &mut handlers);
        match group.kind {
            MentionKind::Country => {
                fixed.add_layer(&marker);
            }
            _ => {
                clustered.push(&marker);
            }
        }
        let country = group.place.country.clone().unwrap_or_default();
        match group.kind {
            MentionKind::Region => {
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
                lookup.countries.insert(country, group.key);
            }
            _ => {}
        }
    }
    add_layers(&clusters, &clustered);
    if let Some(body) = document().body() {
        let _ = body.set_attribute("data-places", &groups.len().to_string());
        // When the first places appeared, in ms since the page started loading.
        if !groups.is_empty() && !body.has_attribute("data-first-places-ms") {
            let now = web_sys::window()
                .and_then(|w| w.performance())
                .map(|p| p.now())
                .unwrap_or(0.0);
            let _ = body.set_attribute("data-first-places-ms", &format!("{now:.0}"));
        }
    }
    let requests: Vec<String> = with_map(|m| {
        *m.lookup.borrow_mut() = lookup;
        m.marker_handlers = handlers;
        wanted
            .into_iter()
            .filter(|a2| m.regions_requested.insert(a2.clone()))
            .collect()
    })
    .unwrap_or_default();
    for a2 in requests {
        leptos::task::spawn_local(load_regions(a2));
    }
    restyle();
}

fn add_layers(group: &Layer, layers: &Array) {
    if let Ok(f) = js_sys::Reflect::get(group, &"addLayers".into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    {
        let _ = f.call1(group, layers);
    }
}

/// Selects a place (opens its popup through the selection effect); `fly` also moves the map.
pub fn select(state: AppState, key: PlaceKey, fly: bool) {
    state.selection.0.set(Some(key));
    if fly {
        fly_to(state, key);
    }
}

/// Moves the map to a place at a zoom that suits its kind.
pub fn fly_to(state: AppState, key: PlaceKey) {
    let Some(group) = state.group(key) else {
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
    // Fit to where most mentions are: with many places, leave out the outer 5% on each side
    // (weighted by mentions), so one mention of Washington does not zoom out to the world.
    let trim = if chosen.len() >= 12 { 0.05 } else { 0.0 };
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

/// Opens the popup of the selected place, or closes it when nothing is selected.
pub fn show_popup(state: AppState, key: Option<PlaceKey>) {
    let Some(key) = key else {
        let open =
            with_map(|m| (m.map.clone(), m.popup.take())).and_then(|(map, p)| p.map(|p| (map, p)));
        if let Some((map, popup)) = open {
            map.close_popup();
            drop(popup);
        }
        return;
    };
    let Some(group) = state.group(key) else {
        return;
    };
    if with_map(|m| m.popup.as_ref().is_some_and(|p| p.key == key)).unwrap_or(false) {
        return;
    }
    let Some(map) = with_map(|m| m.map.clone()) else {
        return;
    };
    let host = element("div", "mm-popup-host");
    let mounted = leptos::mount::mount_to(host.clone(), move || {
        provide_context(state);
        view! { <PlacePopup place=key /> }
    });
    let size = marker_size(group.count(), group.kind);
    let popup = leaflet::popup(&opts(&serde_json::json!({
        "maxWidth": 400,
        "minWidth": 280,
        "maxHeight": 440,
        "autoPan": !FLYING.with(Cell::get),
        "autoPanPadding": [30, 30],
        "className": "mm-leaflet-popup",
        "offset": [0.0, -size / 2.0 + 6.0],
    })));
    popup.set_lat_lng(&latlng(group.place.lat, group.place.lon));
    popup.set_content(&host);
    let previous = with_map(|m| {
        m.popup.replace(OpenPopup {
            layer: popup.clone(),
            key,
            _mounted: Box::new(mounted),
        })
    });
    popup.open_on(&map);
    drop(previous);
}

/// Re-lays out the open popup after its content changed size.
pub fn update_popup() {
    if let Some(layer) = with_map(|m| m.popup.as_ref().map(|p| p.layer.clone())).flatten() {
        if let Ok(f) = js_sys::Reflect::get(&layer, &"update".into())
            .and_then(|f| f.dyn_into::<js_sys::Function>())
        {
            let _ = f.call0(&layer);
        }
    }
}

/// Writes the map view and selection into the URL fragment.
fn write_hash(map: &Map, selection: Option<PlaceKey>) {
    let center = map.get_center();
    let (lat, lon) = (
        get(&center, "lat").as_f64().unwrap_or(0.0),
        get(&center, "lng").as_f64().unwrap_or(0.0),
    );
    let hash = ViewHash {
        view: Some((map.get_zoom(), lat, lon)),
        place: selection,
    }
    .format();
    if let Some(window) = web_sys::window() {
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&hash));
        }
    }
}

/// Writes the URL fragment after a selection change.
pub fn sync_hash(selection: Option<PlaceKey>) {
    if let Some(map) = with_map(|m| m.map.clone()) {
        write_hash(&map, selection);
    }
}
