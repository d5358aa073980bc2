//! Thin bindings to the parts of Leaflet 1.9 and Leaflet.markercluster 1.5 the map uses.
//!
//! Both libraries are classic scripts loaded by `index.html` before the wasm (they bind the
//! global `L`). Every Leaflet object is typed as [`Layer`] or [`Map`]; options are plain JS
//! objects built with [`opts`].

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

    #[wasm_bindgen(method, js_name = setView)]
    pub fn set_view(this: &Map, center: &JsValue, zoom: f64) -> Map;
    #[wasm_bindgen(method, js_name = fitBounds)]
    pub fn fit_bounds(this: &Map, bounds: &JsValue, options: &JsValue) -> Map;
    #[wasm_bindgen(method, js_name = flyTo)]
    pub fn fly_to(this: &Map, center: &JsValue, zoom: f64, options: &JsValue) -> Map;
    #[wasm_bindgen(method, js_name = getZoom)]
    pub fn get_zoom(this: &Map) -> f64;
    #[wasm_bindgen(method, js_name = getCenter)]
    pub fn get_center(this: &Map) -> JsValue;
    #[wasm_bindgen(method, js_name = invalidateSize)]
    pub fn invalidate_size(this: &Map) -> Map;
    #[wasm_bindgen(method, js_name = closePopup)]
    pub fn close_popup(this: &Map) -> Map;
    #[wasm_bindgen(method, js_name = on)]
    pub fn map_on(this: &Map, event: &str, handler: &Function) -> Map;
    #[wasm_bindgen(method, js_name = createPane)]
    pub fn create_pane(this: &Map, name: &str) -> web_sys::HtmlElement;
    #[wasm_bindgen(method, getter, js_name = attributionControl)]
    pub fn attribution_control(this: &Map) -> Layer;

    #[wasm_bindgen(method, js_name = addTo)]
    pub fn add_to(this: &Layer, map: &Map) -> Layer;
    #[wasm_bindgen(method, js_name = addLayer)]
    pub fn add_layer(this: &Layer, layer: &Layer) -> Layer;
    #[wasm_bindgen(method, js_name = clearLayers)]
    pub fn clear_layers(this: &Layer) -> Layer;
    #[wasm_bindgen(method, js_name = on)]
    pub fn on(this: &Layer, event: &str, handler: &Function) -> Layer;
    #[wasm_bindgen(method, js_name = setStyle)]
    pub fn set_style(this: &Layer, style: &JsValue) -> Layer;
    #[wasm_bindgen(method, js_name = setLatLng)]
    pub fn set_lat_lng(this: &Layer, latlng: &JsValue) -> Layer;
    #[wasm_bindgen(method, js_name = setContent)]
    pub fn set_content(this: &Layer, content: &JsValue) -> Layer;
    #[wasm_bindgen(method, js_name = openOn)]
    pub fn open_on(this: &Layer, map: &Map) -> Layer;
    #[wasm_bindgen(method, js_name = addAttribution)]
    pub fn add_attribution(this: &Layer, text: &str) -> Layer;
    #[wasm_bindgen(method, js_name = setPrefix)]
    pub fn set_prefix(this: &Layer, text: &str) -> Layer;
    #[wasm_bindgen(method, js_name = getElement)]
    pub fn get_element(this: &Layer) -> JsValue;
    #[wasm_bindgen(method, js_name = zoomToShowLayer)]
    pub fn zoom_to_show_layer(this: &Layer, layer: &Layer, callback: &Function);
    #[wasm_bindgen(method, js_name = hasLayer)]
    pub fn has_layer(this: &Layer, layer: &Layer) -> bool;
    #[wasm_bindgen(method, js_name = bindTooltip)]
    pub fn bind_tooltip(this: &Layer, content: &JsValue, options: &JsValue) -> Layer;

    /// `L.marker(latlng, options)`.
    #[wasm_bindgen(js_namespace = L, js_name = marker)]
    pub fn marker(latlng: &JsValue, options: &JsValue) -> Layer;
    /// `L.divIcon(options)`.
    #[wasm_bindgen(js_namespace = L, js_name = divIcon)]
    pub fn div_icon(options: &JsValue) -> JsValue;
    /// `L.geoJSON(data, options)`.
    #[wasm_bindgen(js_namespace = L, js_name = geoJSON)]
    pub fn geo_json(data: &JsValue, options: &JsValue) -> Layer;
    /// `L.layerGroup()`.
    #[wasm_bindgen(js_namespace = L, js_name = layerGroup)]
    pub fn layer_group() -> Layer;
    /// `L.markerClusterGroup(options)` from Leaflet.markercluster.
    #[wasm_bindgen(js_namespace = L, js_name = markerClusterGroup)]
    pub fn marker_cluster_group(options: &JsValue) -> Layer;
    /// `L.tileLayer(url, options)`.
    #[wasm_bindgen(js_namespace = L, js_name = tileLayer)]
    pub fn tile_layer(url: &str, options: &JsValue) -> Layer;
    /// `L.popup(options)`.
    #[wasm_bindgen(js_namespace = L, js_name = popup)]
    pub fn popup(options: &JsValue) -> Layer;
    /// `L.control.layers(baseLayers, overlays, options)`.
    #[wasm_bindgen(js_namespace = ["L", "control"], js_name = layers)]
    pub fn control_layers(base: &JsValue, overlays: &JsValue, options: &JsValue) -> Layer;
    /// `L.control(options)`: a custom control; set `onAdd` before adding it.
    #[wasm_bindgen(js_namespace = L, js_name = control)]
    pub fn control(options: &JsValue) -> Layer;
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
