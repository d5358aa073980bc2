//! The one Leaflet popup that shows the app's popup view (`web/popup.rs`, rendered into a host
//! element by the app): opened at the selected place, laid out again when its content changes
//! size, and keyboard focus moved into it and given back when it closes.

use super::*;

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

pub(super) fn close_popup(map: &Map) {
    CLOSING.with(|c| c.set(true));
    map.close_popup();
    CLOSING.with(|c| c.set(false));
    with_map(|m| m.popup_key = None);
}

/// Re-lays out the open popup after its content changed size. Leaflet's `update()` would
/// also take the content out of the page and put it back, which drops keyboard focus, so
/// this runs only its layout steps (Leaflet 1.x's `_updateLayout`, `_updatePosition`,
/// `_adjustPan`), falling back to `update()` if a Leaflet version lacks them.
pub(super) fn update_popup() {
    let Some(layer) = with_map(|m| m.popup_key.map(|_| m.popup.clone())).flatten() else {
        return;
    };
    let has = |name: &str| get(&layer, name).is_function();
    if has("_updateLayout") && has("_updatePosition") && has("_adjustPan") {
        layer.update_layout();
        layer.update_position();
        layer.adjust_pan();
    } else if has("update") {
        layer.update();
    }
}

/// Calls [`update_popup`] whenever the popup's content changes size (passages shown or hidden,
/// a correction), through a `ResizeObserver` when the browser has one.
pub(super) fn observe_resize(host: &HtmlElement) -> Option<(web_sys::ResizeObserver, Handler)> {
    // In the next frame: laying out in the observer's own callback would resize the content
    // again in the same frame ("ResizeObserver loop completed with undelivered notifications").
    observe_size(
        host,
        Handler::new(move |_| request_animation_frame(update_popup)),
    )
}

pub(super) fn active_element() -> Option<HtmlElement> {
    document().active_element()?.dyn_into().ok()
}

pub(super) fn remember_focus() {
    let host = with_map(|m| m.popup_host.clone());
    let active = active_element()
        .filter(|el| host.as_ref().is_none_or(|h| !h.contains(Some(el))))
        .filter(|el| document().body().as_ref() != Some(el));
    RETURN_FOCUS.with(|r| *r.borrow_mut() = active);
}

/// Moves keyboard focus to the popup's heading, so its buttons come next in tab order.
pub(super) fn focus_popup() {
    let Some(host) = with_map(|m| m.popup_key.map(|_| m.popup_host.clone())).flatten() else {
        return;
    };
    if let Ok(Some(heading)) = host.query_selector(".mm-popup-focus") {
        focus_without_scroll(&heading);
    }
}

/// Gives focus back to where it was before the popup opened, when it is still in the page
/// and focus is in the popup or nowhere.
pub(super) fn restore_focus() {
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

pub(super) fn focus_without_scroll(el: &web_sys::Element) {
    if let Some(el) = el.dyn_ref::<HtmlElement>() {
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = el.focus_with_options(&options);
    }
}
