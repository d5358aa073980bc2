//! The city density layer: a Leaflet.heat canvas of the cities in view, weighted by their
//! mentions ([`heat_points`]). It is an overlay in the layers control, off until chosen, since
//! markers already show each place; its points follow every redraw, on the map or not, so
//! switching it on shows the current view at once.

use js_sys::Array;
use wasm_bindgen::JsValue;

use super::leaflet::{self, opts, HeatOptions, Layer};
use crate::web::model::{heat_points, PlaceGroup};

/// A new, empty density layer.
pub(super) fn layer() -> Layer {
    leaflet::heat_layer(
        &Array::new(),
        &opts(&HeatOptions {
            radius: 22.0,
            blur: 18.0,
            max: 1.0,
            max_zoom: 8.0,
            min_opacity: 0.35,
        }),
    )
}

/// Gives the layer the cities of `groups`.
pub(super) fn update(heat: &Layer, groups: &[PlaceGroup]) {
    let points: Array = heat_points(groups)
        .iter()
        .map(|p| JsValue::from(p.iter().copied().map(JsValue::from).collect::<Array>()))
        .collect();
    heat.set_lat_lngs(&points);
}
