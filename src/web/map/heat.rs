//! The city density layer: a Leaflet.heat canvas of the cities in view, weighted by their
//! mentions ([`heat_points`]). It is an overlay in the layers control, off until chosen, since
//! markers already show each place.
//!
//! Leaflet.heat 0.2 redraws through `map._animating`, so it throws when given points while it
//! is off the map, or when a redraw it asked for lands after it was taken off. So points that
//! arrive while it is off wait here and are given when it is switched on ([`shown`]), and a
//! pending redraw is cancelled when it is switched off ([`hidden`]).

use std::cell::RefCell;

use js_sys::Array;
use wasm_bindgen::JsValue;

use super::leaflet::{self, opts, HeatOptions, Layer};
use crate::web::model::{heat_points, PlaceGroup};

thread_local! {
    /// The newest points, kept while the layer is off the map.
    static WAITING: RefCell<Option<Array>> = const { RefCell::new(None) };
}

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

fn on_map(heat: &Layer) -> bool {
    let map = heat.on_map();
    !map.is_null() && !map.is_undefined()
}

/// Gives the layer the cities of `groups` (at once when it is on the map, else when it is
/// switched on).
pub(super) fn update(heat: &Layer, groups: &[PlaceGroup]) {
    let points: Array = heat_points(groups)
        .iter()
        .map(|p| JsValue::from(p.iter().copied().map(JsValue::from).collect::<Array>()))
        .collect();
    if on_map(heat) {
        WAITING.with(|w| w.borrow_mut().take());
        heat.set_lat_lngs(&points);
    } else {
        WAITING.with(|w| *w.borrow_mut() = Some(points));
    }
}

/// The layer was switched on: it gets the points that waited.
pub(super) fn shown(heat: &Layer) {
    if let Some(points) = WAITING.with(|w| w.borrow_mut().take()) {
        if on_map(heat) {
            heat.set_lat_lngs(&points);
        }
    }
}

/// The layer was switched off: its pending redraw is cancelled.
pub(super) fn hidden(heat: &Layer) {
    let frame = heat.pending_frame();
    if !frame.is_null() && !frame.is_undefined() {
        leaflet::cancel_anim_frame(&frame);
        heat.set_pending_frame(&JsValue::NULL);
    }
}
