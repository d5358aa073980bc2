//! Typed bindings to the parts of Leaflet 1.9, Leaflet.markercluster 1.5 and Leaflet.heat 0.2
//! the map uses, and their options as typed structs.
//!
//! The libraries are classic scripts loaded by `index.html` before the wasm (they bind the
//! global `L`). Every Leaflet object is typed as [`Layer`] or [`Map`], and every Leaflet method
//! the map calls is bound here, so its name is written once. Options are structs serialised
//! to plain JS objects by [`opts`] (field names in `camelCase`, as Leaflet spells them); the
//! few option values that cannot be serialised (elements, callbacks) are added with [`set`].

use js_sys::{Array, Function, Object, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `L.Map`.
    #[wasm_bindgen(extends = Object)]
    #[derive(Clone, Debug)]
    pub type Map;

    /// Any Leaflet layer, control or popup (`L.Layer`, `L.Control`, `L.Popup`).
    #[wasm_bindgen(extends = Object)]
    #[derive(Clone, Debug)]
    pub type Layer;

    /// `L.map(element, options)`.
    #[wasm_bindgen(js_namespace = L, js_name = map)]
    pub fn new_map(element: &web_sys::HtmlElement, options: &JsValue) -> Map;

    /// `map.setView(center, zoom)`: centres the map at `center` (a [`latlng`]) and `zoom`.
    #[wasm_bindgen(method, js_name = setView)]
    pub fn set_view(this: &Map, center: &JsValue, zoom: f64) -> Map;
    /// `map.fitBounds(bounds, options)`: the largest zoom that shows `bounds` (see [`bounds`]).
    #[wasm_bindgen(method, js_name = fitBounds)]
    pub fn fit_bounds(this: &Map, bounds: &JsValue, options: &JsValue) -> Map;
    /// `map.flyTo(center, zoom, options)`: an animated move to `center` at `zoom`.
    #[wasm_bindgen(method, js_name = flyTo)]
    pub fn fly_to(this: &Map, center: &JsValue, zoom: f64, options: &JsValue) -> Map;
    /// `map.getBoundsZoom(bounds, inside, padding)`: the greatest zoom at which `bounds` fits
    /// the map, less `padding` (a point, in pixels, for both sides together).
    #[wasm_bindgen(method, js_name = getBoundsZoom)]
    pub fn get_bounds_zoom(this: &Map, bounds: &JsValue, inside: bool, padding: &JsValue) -> f64;
    /// `map.getZoom()`.
    #[wasm_bindgen(method, js_name = getZoom)]
    pub fn get_zoom(this: &Map) -> f64;
    /// `map.getCenter()`: an `L.LatLng` (`{lat, lng}`).
    #[wasm_bindgen(method, js_name = getCenter)]
    pub fn get_center(this: &Map) -> JsValue;
    /// `map.getSize()`: the container's size in pixels, an `L.Point` (`{x, y}`).
    #[wasm_bindgen(method, js_name = getSize)]
    pub fn get_size(this: &Map) -> JsValue;
    /// `map.project(latlng, zoom)`: the pixel `L.Point` (`{x, y}`) of a [`latlng`] at `zoom`.
    #[wasm_bindgen(method)]
    pub fn project(this: &Map, latlng: &JsValue, zoom: f64) -> JsValue;
    /// `map.latLngToContainerPoint(latlng)`: where a [`latlng`] is in the map's box, in
    /// pixels from its top left (`{x, y}`).
    #[wasm_bindgen(method, js_name = latLngToContainerPoint)]
    pub fn lat_lng_to_container_point(this: &Map, latlng: &JsValue) -> JsValue;
    /// `map.unproject(point, zoom)`: the `L.LatLng` of a pixel point at `zoom`.
    #[wasm_bindgen(method)]
    pub fn unproject(this: &Map, point: &JsValue, zoom: f64) -> JsValue;
    /// `map.invalidateSize()`: re-reads the container's size after it changed.
    #[wasm_bindgen(method, js_name = invalidateSize)]
    pub fn invalidate_size(this: &Map) -> Map;
    /// `map.closePopup()`: closes the open popup (Leaflet then fires `popupclose`).
    #[wasm_bindgen(method, js_name = closePopup)]
    pub fn close_popup(this: &Map) -> Map;
    /// `map.on(event, handler)`: listens to a map event (`moveend`, `popupclose`, …).
    #[wasm_bindgen(method, js_name = on)]
    pub fn map_on(this: &Map, event: &str, handler: &Function) -> Map;
    /// `map.createPane(name)`: a new pane, returned as its element.
    #[wasm_bindgen(method, js_name = createPane)]
    pub fn create_pane(this: &Map, name: &str) -> web_sys::HtmlElement;
    /// `map.attributionControl`: the attribution in the map's corner.
    #[wasm_bindgen(method, getter, js_name = attributionControl)]
    pub fn attribution_control(this: &Map) -> Layer;

    /// `layer.addTo(map)`.
    #[wasm_bindgen(method, js_name = addTo)]
    pub fn add_to(this: &Layer, map: &Map) -> Layer;
    /// `group.addLayer(layer)`, on a layer group or the cluster layer.
    #[wasm_bindgen(method, js_name = addLayer)]
    pub fn add_layer(this: &Layer, layer: &Layer) -> Layer;
    /// `clusters.addLayers(layers)`: many markers at once (in chunks when `chunkedLoading`).
    #[wasm_bindgen(method, js_name = addLayers)]
    pub fn add_layers(this: &Layer, layers: &Array) -> Layer;
    /// `clusters.removeLayers(layers)`: many markers at once.
    #[wasm_bindgen(method, js_name = removeLayers)]
    pub fn remove_layers(this: &Layer, layers: &Array) -> Layer;
    /// `group.removeLayer(layer)`.
    #[wasm_bindgen(method, js_name = removeLayer)]
    pub fn remove_layer(this: &Layer, layer: &Layer) -> Layer;
    /// `clusters.refreshClusters(markers)`: redraws the icons of the clusters that hold these
    /// markers (after their counts changed).
    #[wasm_bindgen(method, js_name = refreshClusters)]
    pub fn refresh_clusters(this: &Layer, markers: &Array) -> Layer;
    /// `cluster.getAllChildMarkers()`: every marker inside a cluster.
    #[wasm_bindgen(method, js_name = getAllChildMarkers)]
    pub fn get_all_child_markers(this: &Layer) -> Array;
    /// `group.clearLayers()`.
    #[wasm_bindgen(method, js_name = clearLayers)]
    pub fn clear_layers(this: &Layer) -> Layer;
    /// `group.eachLayer(f)`: calls `f` with each layer of a group (each shape of a GeoJSON layer).
    #[wasm_bindgen(method, js_name = eachLayer)]
    pub fn each_layer(this: &Layer, f: &Function) -> Layer;
    /// `layer.on(event, handler)`: listens to a layer event (`click`, `keypress`, …).
    #[wasm_bindgen(method, js_name = on)]
    pub fn on(this: &Layer, event: &str, handler: &Function) -> Layer;
    /// `path.setStyle(style)`: restyles a shape or every shape of a group ([`PathStyle`]).
    #[wasm_bindgen(method, js_name = setStyle)]
    pub fn set_style(this: &Layer, style: &JsValue) -> Layer;
    /// `geoJson.addData(data)`: adds a feature (or a collection or array of them) to a GeoJSON
    /// layer, drawn at once when the layer is on a map.
    #[wasm_bindgen(method, js_name = addData)]
    pub fn add_data(this: &Layer, data: &JsValue) -> Layer;
    /// `path.bringToBack()`: draws a shape (or group) below the others.
    #[wasm_bindgen(method, js_name = bringToBack)]
    pub fn bring_to_back(this: &Layer) -> Layer;
    /// `marker.setLatLng(latlng)` or `popup.setLatLng(latlng)`.
    #[wasm_bindgen(method, js_name = setLatLng)]
    pub fn set_lat_lng(this: &Layer, latlng: &JsValue) -> Layer;
    /// `popup.setContent(content)`: an element or a string of HTML.
    #[wasm_bindgen(method, js_name = setContent)]
    pub fn set_content(this: &Layer, content: &JsValue) -> Layer;
    /// `popup.openOn(map)`: opens the popup, closing any other.
    #[wasm_bindgen(method, js_name = openOn)]
    pub fn open_on(this: &Layer, map: &Map) -> Layer;
    /// `popup.update()`: lays the popup out again (and re-inserts its content).
    #[wasm_bindgen(method)]
    pub fn update(this: &Layer);
    /// `popup._updateLayout()`: Leaflet 1.x's internal layout step of `update()`.
    #[wasm_bindgen(method, js_name = _updateLayout)]
    pub fn update_layout(this: &Layer);
    /// `popup._updatePosition()`: Leaflet 1.x's internal positioning step of `update()`.
    #[wasm_bindgen(method, js_name = _updatePosition)]
    pub fn update_position(this: &Layer);
    /// `popup._adjustPan()`: Leaflet 1.x's internal auto-pan step of `update()`.
    #[wasm_bindgen(method, js_name = _adjustPan)]
    pub fn adjust_pan(this: &Layer);
    /// `attribution.addAttribution(html)`.
    #[wasm_bindgen(method, js_name = addAttribution)]
    pub fn add_attribution(this: &Layer, text: &str) -> Layer;
    /// `attribution.setPrefix(html)`: the text before the attributions.
    #[wasm_bindgen(method, js_name = setPrefix)]
    pub fn set_prefix(this: &Layer, text: &str) -> Layer;
    /// `layer.getElement()`: a marker's icon element (undefined until it is on the map).
    #[wasm_bindgen(method, js_name = getElement)]
    pub fn get_element(this: &Layer) -> JsValue;
    /// `clusters.zoomToShowLayer(layer, callback)`: zooms or spiderfies until `layer` is visible.
    #[wasm_bindgen(method, js_name = zoomToShowLayer)]
    pub fn zoom_to_show_layer(this: &Layer, layer: &Layer, callback: &Function);
    /// `group.hasLayer(layer)`.
    #[wasm_bindgen(method, js_name = hasLayer)]
    pub fn has_layer(this: &Layer, layer: &Layer) -> bool;
    /// `layer._map`: the map a layer is on; null or undefined when it is on none.
    #[wasm_bindgen(method, getter, js_name = _map)]
    pub fn on_map(this: &Layer) -> JsValue;

    /// `L.marker(latlng, options)` ([`MarkerOptions`]).
    #[wasm_bindgen(js_namespace = L, js_name = marker)]
    pub fn marker(latlng: &JsValue, options: &JsValue) -> Layer;
    /// `L.divIcon(options)` ([`DivIconOptions`]).
    #[wasm_bindgen(js_namespace = L, js_name = divIcon)]
    pub fn div_icon(options: &JsValue) -> JsValue;
    /// `L.geoJSON(data, options)`.
    #[wasm_bindgen(js_namespace = L, js_name = geoJSON)]
    pub fn geo_json(data: &JsValue, options: &JsValue) -> Layer;
    /// `L.svgOverlay(element, bounds, options)`: an SVG drawing stretched over `bounds`
    /// (`[[south, west], [north, east]]`), moved and scaled with the map.
    #[wasm_bindgen(js_namespace = L, js_name = svgOverlay)]
    pub fn svg_overlay(element: &web_sys::Element, bounds: &JsValue, options: &JsValue) -> Layer;
    /// `L.layerGroup()`.
    #[wasm_bindgen(js_namespace = L, js_name = layerGroup)]
    pub fn layer_group() -> Layer;
    /// `L.markerClusterGroup(options)` from Leaflet.markercluster ([`ClusterOptions`]).
    #[wasm_bindgen(js_namespace = L, js_name = markerClusterGroup)]
    pub fn marker_cluster_group(options: &JsValue) -> Layer;
    /// `L.heatLayer(latlngs, options)` from Leaflet.heat ([`HeatOptions`]): a canvas density
    /// layer of `[lat, lng, intensity]` points.
    #[wasm_bindgen(js_namespace = L, js_name = heatLayer)]
    pub fn heat_layer(latlngs: &JsValue, options: &JsValue) -> Layer;
    /// `heat.setLatLngs(latlngs)`: replaces a heat layer's points and redraws it.
    #[wasm_bindgen(method, js_name = setLatLngs)]
    pub fn set_lat_lngs(this: &Layer, latlngs: &JsValue) -> Layer;
    /// `heat._frame`: Leaflet.heat's pending redraw (an animation frame id), if any.
    #[wasm_bindgen(method, getter, js_name = _frame)]
    pub fn pending_frame(this: &Layer) -> JsValue;
    /// Sets `heat._frame` (null once the pending redraw is cancelled).
    #[wasm_bindgen(method, setter, js_name = _frame)]
    pub fn set_pending_frame(this: &Layer, frame: &JsValue);
    /// `L.Util.cancelAnimFrame(id)`.
    #[wasm_bindgen(js_namespace = ["L", "Util"], js_name = cancelAnimFrame)]
    pub fn cancel_anim_frame(id: &JsValue);
    /// `L.tileLayer(url, options)` ([`TileLayerOptions`]).
    #[wasm_bindgen(js_namespace = L, js_name = tileLayer)]
    pub fn tile_layer(url: &str, options: &JsValue) -> Layer;
    /// `L.popup(options)` ([`PopupOptions`]).
    #[wasm_bindgen(js_namespace = L, js_name = popup)]
    pub fn popup(options: &JsValue) -> Layer;
    /// `L.control.layers(baseLayers, overlays, options)` ([`ControlOptions`]).
    #[wasm_bindgen(js_namespace = ["L", "control"], js_name = layers)]
    pub fn control_layers(base: &JsValue, overlays: &JsValue, options: &JsValue) -> Layer;
    /// `L.control(options)`: a custom control; set `onAdd` before adding it.
    #[wasm_bindgen(js_namespace = L, js_name = control)]
    pub fn control(options: &JsValue) -> Layer;
    /// `L.DomEvent.disableClickPropagation(element)`: clicks in `element` do not reach the map.
    #[wasm_bindgen(js_namespace = ["L", "DomEvent"], js_name = disableClickPropagation)]
    pub fn disable_click_propagation(element: &web_sys::HtmlElement);
}

/// `L.map` options.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MapOptions {
    /// The least zoom the user can reach.
    pub min_zoom: f64,
    /// The greatest zoom the user can reach.
    pub max_zoom: f64,
    /// Panning past the date line jumps back to the first copy of the world.
    pub world_copy_jump: bool,
    /// Zoom levels snap to multiples of this.
    pub zoom_snap: f64,
}

/// `L.tileLayer` options.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TileLayerOptions {
    /// The greatest zoom the tiles are shown at.
    pub max_zoom: f64,
    /// The attribution (HTML) the tiles require.
    pub attribution: &'static str,
}

/// `L.markerClusterGroup` options (the callbacks `chunkProgress` and `iconCreateFunction` are
/// set with [`set`]).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterOptions {
    /// Markers closer than this many pixels share a cluster.
    pub max_cluster_radius: f64,
    /// Outline a cluster's area on hover.
    pub show_coverage_on_hover: bool,
    /// From this zoom on, no clusters.
    pub disable_clustering_at_zoom: f64,
    /// At the greatest zoom, a clicked cluster fans its markers out.
    pub spiderfy_on_max_zoom: bool,
    /// Add many markers in chunks between frames.
    pub chunked_loading: bool,
    /// Milliseconds of work per chunk.
    pub chunk_interval: f64,
    /// Milliseconds between chunks.
    pub chunk_delay: f64,
    /// Animate clusters splitting and merging as the map zooms.
    pub animate: bool,
}

/// `L.heatLayer` options.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HeatOptions {
    /// Radius of each point, in pixels.
    pub radius: f64,
    /// Blur of each point, in pixels.
    pub blur: f64,
    /// The intensity drawn at full colour.
    pub max: f64,
    /// The zoom at which points are drawn at their full intensity.
    pub max_zoom: f64,
    /// The least opacity of the colours.
    pub min_opacity: f64,
}

/// `L.control` and `L.control.layers` options.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ControlOptions {
    /// The map's corner: `topright`, `bottomleft`, …
    pub position: &'static str,
    /// A layers control folded into an icon until hovered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collapsed: Option<bool>,
}

/// `L.popup` options.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PopupOptions {
    /// Widest the popup grows, in pixels.
    pub max_width: f64,
    /// Narrowest the popup shrinks, in pixels.
    pub min_width: f64,
    /// Tallest the popup grows before it scrolls, in pixels.
    pub max_height: f64,
    /// Room kept between the popup and the map's edge when the map pans to show it.
    pub auto_pan_padding: [f64; 2],
    /// CSS class of the popup's container.
    pub class_name: &'static str,
}

/// `L.divIcon` options (the `html` element is set with [`set`]).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DivIconOptions {
    /// CSS class of the icon's container.
    pub class_name: String,
    /// Width and height in pixels.
    pub icon_size: [f64; 2],
    /// The point of the icon that sits on the marker's position.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon_anchor: Option<[f64; 2]>,
    /// Where a popup opens, relative to the anchor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub popup_anchor: Option<[f64; 2]>,
}

/// `L.marker` options (the `icon` is set with [`set`]).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MarkerOptions {
    /// Reachable with Tab and activated with Enter.
    pub keyboard: bool,
    /// The hover text.
    pub title: String,
    /// The icon's text alternative.
    pub alt: String,
    /// Comes to the front while hovered.
    pub rise_on_hover: bool,
    /// Added to the marker's stacking order (more mentioned places on top).
    pub z_index_offset: i32,
}

/// `L.geoJSON` options (the `style` callback is set with [`set`]).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GeoJsonOptions {
    /// Whether its shapes take clicks.
    pub interactive: bool,
}

/// `L.svgOverlay` options.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OverlayOptions {
    /// Whether the drawing takes clicks.
    pub interactive: bool,
}

/// The style of a shape (`L.Path` options), as `setStyle` and a GeoJSON layer's `style`
/// callback take it; unset fields keep Leaflet's defaults.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PathStyle {
    /// Outline colour.
    pub color: &'static str,
    /// Outline width in pixels.
    pub weight: f64,
    /// Outline opacity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opacity: Option<f64>,
    /// Whether the shape is filled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fill: Option<bool>,
    /// Fill colour.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fill_color: Option<&'static str>,
    /// Fill opacity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fill_opacity: Option<f64>,
    /// Outline dashes, as SVG's `stroke-dasharray`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dash_array: Option<&'static str>,
    /// CSS class of the shape's SVG path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class_name: Option<&'static str>,
}

/// `map.flyTo` options.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FlyOptions {
    /// Seconds the flight takes.
    pub duration: f64,
}

/// `map.fitBounds` options.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FitOptions {
    /// Pixels kept free on each side (x, y).
    pub padding: [f64; 2],
    /// The greatest zoom the fit may choose.
    pub max_zoom: f64,
}

/// True when Leaflet and the cluster plugin are loaded (the page shows an error otherwise).
pub fn available() -> bool {
    let l = Reflect::get(&js_sys::global(), &"L".into()).unwrap_or(JsValue::UNDEFINED);
    !l.is_undefined()
        && Reflect::get(&l, &"markerClusterGroup".into()).is_ok_and(|f| f.is_function())
}

/// A JS object from any serialisable value (maps become plain objects).
pub fn opts<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or_else(|_| Object::new().into())
}

/// Sets one property of a JS object; for values `opts` cannot carry (elements, functions).
pub fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// Reads one property of a JS object.
pub fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `[lat, lon]`.
pub fn latlng(lat: f64, lon: f64) -> JsValue {
    Array::of2(&lat.into(), &lon.into()).into()
}

/// `[[south, west], [north, east]]`.
pub fn bounds(south: f64, west: f64, north: f64, east: f64) -> JsValue {
    Array::of2(&latlng(south, west), &latlng(north, east)).into()
}

/// `[x, y]`, which Leaflet takes wherever it wants a point (offsets, padding).
pub fn point(x: f64, y: f64) -> JsValue {
    Array::of2(&x.into(), &y.into()).into()
}
