//! The offline basemap and its choropleth: the legend, country shading (loaded at start) and
//! region outlines (a country's, loaded when one of its regions is mentioned), each shape
//! filled by its class of mentions and restyled only when that class changes.

use super::leaflet::{ControlOptions, GeoJsonOptions, OverlayOptions, PathStyle};
use super::*;
use crate::web::model::kind_class;

thread_local! {
    /// The app shell's drawing of the countries (index.html), kept from the shell until the
    /// map can show it.
    static SHELL_DRAWING: RefCell<Option<web_sys::Element>> = const { RefCell::new(None) };
}

/// Keeps the app shell's drawing of the countries (`.mm-shell-basemap` in index.html, with
/// its bounds in `data-bounds`): the map shows it while `basemap/countries.json` downloads,
/// which on a slow line takes seconds, and keeps it if that download fails.
pub fn keep_shell_drawing(drawing: web_sys::Element) {
    SHELL_DRAWING.with(|d| *d.borrow_mut() = Some(drawing));
}

/// The kept shell drawing as a layer of `shapes`, placed at its bounds; `None` without one.
fn shell_drawing_layer(shapes: &Layer) -> Option<Layer> {
    let drawing = SHELL_DRAWING.with(|d| d.borrow_mut().take())?;
    let bounds: Vec<f64> = drawing
        .get_attribute("data-bounds")?
        .split(' ')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    let [south, west, north, east] = bounds[..] else {
        return None;
    };
    // Its place in the shell came from this style; Leaflet places it now.
    drawing.remove_attribute("style").ok();
    let layer = leaflet::svg_overlay(
        &drawing,
        &opts(&[[south, west], [north, east]]),
        &opts(&OverlayOptions { interactive: false }),
    );
    shapes.add_layer(&layer);
    Some(layer)
}

/// Adds the legend; returns its element for the colour classes.
pub(super) fn add_legend(map: &Map) -> HtmlElement {
    let scale = element("div", "mm-legend-scale");
    let scale_in_legend = scale.clone();
    let control = leaflet::control(&opts(&ControlOptions {
        position: "bottomleft",
        collapsed: None,
    }));
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
        leaflet::disable_click_propagation(&root);
        let swatch = |kind| format!("mm-swatch {}", kind_class(kind));
        let rows: [(String, &str); 7] = [
            (swatch(MentionKind::City), "City or town (size: mentions)"),
            (swatch(MentionKind::District), "District"),
            (swatch(MentionKind::Area), "Area (Donbas, Crimea…)"),
            (
                swatch(MentionKind::Region),
                "Region (filled, centre marked)",
            ),
            (
                swatch(MentionKind::Country),
                "Country (filled, centre marked)",
            ),
            (swatch(MentionKind::Demonym), "Demonym (when switched on)"),
            ("mm-swatch mm-cluster".into(), "Cluster of nearby places"),
        ];
        for (class, label) in rows {
            let row = element("div", "mm-legend-row");
            row.append_child(&element("span", &class)).ok();
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
pub(super) fn write_legend_scale(scale: &HtmlElement, classes: &[usize], max: usize) {
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

pub(super) async fn fetch_json(url: &str) -> Result<JsValue, String> {
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

/// How long one task may spend drawing countries before it lets the page run.
const COUNTRY_SLICE_MS: f64 = 12.0;

/// Until when (ms since the page started loading) the basemap's shapes give way to the first
/// places.
const FIRST_PLACES_DEADLINE_MS: f64 = 2000.0;

/// Waits until the first places are on the map, or the page is [`FIRST_PLACES_DEADLINE_MS`]
/// old. At a cold start the country shapes (about 250 ms of the page's thread in slices, and
/// 100 ms of layout) and a country's region outlines (up to 100 ms) were drawn just as the
/// parser's first answer came, and its markers waited behind them. On a slow line, where the
/// parser takes many seconds to arrive, nothing waits.
async fn after_first_places() {
    while !super::redraw::first_places_shown() && now_ms() < FIRST_PLACES_DEADLINE_MS {
        crate::web::util::sleep(50).await;
    }
}

/// Loads and draws the country shading a slice of countries per task: drawing the 239 shapes
/// at once took 200 ms, and the first answer from the parser waited behind it. The drawing
/// also waits for the first places ([`after_first_places`]); the shell's drawing stands in
/// meanwhile.
pub(super) async fn load_countries() {
    // Until the countries arrive, the shell's drawing of them stands in (the same shapes,
    // simplified, for the first view).
    let stand_in = with_map(|m| m.shapes.clone()).and_then(|shapes| shell_drawing_layer(&shapes));
    let data = match fetch_json("basemap/countries.json").await {
        Ok(d) => d,
        Err(err) => {
            web_sys::console::warn_1(
                &format!("mentionmap: basemap countries not loaded: {err}").into(),
            );
            return;
        }
    };
    after_first_places().await;
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
    let options = opts(&GeoJsonOptions { interactive: false });
    set(&options, "style", style.as_ref());
    let layer = leaflet::geo_json(&JsValue::NULL, &options);
    let Some(shapes) = with_map(|m| {
        m.countries = Some(layer.clone());
        m.keep.push(Box::new(style));
        m.shapes.clone()
    }) else {
        return;
    };
    shapes.add_layer(&layer);
    let features: js_sys::Array = get(&data, "features").unchecked_into();
    let mut next = 0;
    while next < features.length() {
        let deadline = now_ms() + COUNTRY_SLICE_MS;
        while next < features.length() && now_ms() < deadline {
            layer.add_data(&features.get(next));
            next += 1;
        }
        // Below the region outlines, which may have come in meanwhile.
        layer.bring_to_back();
        crate::web::util::next_task().await;
    }
    if let Some(stand_in) = stand_in {
        shapes.remove_layer(&stand_in);
    }
}

pub(super) fn feature_of(event: &JsValue) -> JsValue {
    let layer = get(event, "propagatedFrom");
    let layer = if layer.is_undefined() {
        get(event, "layer")
    } else {
        layer
    };
    get(&layer, "feature")
}

/// A country filled by its class of mentions (`None`: not mentioned).
pub(super) fn country_style(class: Option<usize>, osm: bool) -> JsValue {
    let (fill, opacity) = match (class, osm) {
        (Some(c), false) => (SCALE[c], 0.3),
        (None, false) => ("#f7f5ef", 1.0),
        (Some(c), true) => (SCALE[c], 0.3),
        (None, true) => ("#ffffff", 0.0),
    };
    opts(&PathStyle {
        color: if class.is_some() {
            "#6f8fb3"
        } else {
            "#b7bfc9"
        },
        weight: if class.is_some() { 1.0 } else { 0.7 },
        fill_color: Some(fill),
        fill_opacity: Some(opacity),
        ..PathStyle::default()
    })
}

/// A region filled by its class of mentions (`None`: outlined only).
pub(super) fn region_style(class: Option<usize>) -> JsValue {
    if let Some(c) = class {
        opts(&PathStyle {
            color: "#1c4f80",
            weight: 1.5,
            opacity: Some(0.9),
            fill: Some(true),
            fill_color: Some(SCALE[c]),
            fill_opacity: Some(0.5),
            class_name: Some("mm-region"),
            ..PathStyle::default()
        })
    } else {
        opts(&PathStyle {
            color: "#9aa5b4",
            weight: 0.6,
            opacity: Some(0.7),
            fill: Some(false),
            dash_array: Some("3 3"),
            class_name: Some("mm-region"),
            ..PathStyle::default()
        })
    }
}

/// A region name reduced to what both GeoNames and Natural Earth spellings share.
pub(super) fn region_name_key(name: &str) -> String {
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

/// What ties a region's outline to the gazetteer: its GeoNames id and its names, read once
/// from the outline's properties.
pub(super) struct RegionId {
    gn: Option<u32>,
    /// `(country code, region_name_key(name))` for its name and its other name.
    names: Vec<(String, String)>,
}

impl RegionId {
    pub(super) fn of(a2: &str, feature: &JsValue) -> RegionId {
        let props = get(feature, "properties");
        RegionId {
            gn: get(&props, "gn").as_f64().map(|gn| gn as u32),
            names: ["name", "alt"]
                .iter()
                .filter_map(|field| get(&props, field).as_string())
                .map(|name| (a2.to_string(), region_name_key(&name)))
                .collect(),
        }
    }

    /// The mapped region this outline draws, if the corpus names it.
    pub(super) fn key(&self, lookup: &Lookup) -> Option<PlaceKey> {
        self.gn
            .and_then(|gn| lookup.regions_by_gn.get(&gn))
            .or_else(|| {
                self.names
                    .iter()
                    .find_map(|name| lookup.regions_by_name.get(name))
            })
            .copied()
    }
}

/// A region's outline on the map, what it draws and the colour class it is drawn in, so a
/// redraw restyles only the outlines whose class changed, without reading them from Leaflet.
pub(super) struct RegionShape {
    shape: Layer,
    id: RegionId,
    class: Cell<Option<usize>>,
}

pub(super) async fn load_regions(a2: String) {
    let url = format!("basemap/admin1/{a2}.json");
    let data = match fetch_json(&url).await {
        Ok(d) => d,
        Err(_) => return, // No outlines for this country: the region's centre marker remains.
    };
    // Drawing a country's outlines is a task of its own, not a tail on whatever task the
    // download finished in, and after the first places.
    after_first_places().await;
    crate::web::util::next_task().await;
    let Some((lookup, state)) = with_map(|m| (m.lookup.clone(), m.state)) else {
        return;
    };
    // Drawn without colour first; `restyle` below gives each outline its class.
    let options = Object::new();
    set(&options, "style", &region_style(None));
    let layer = leaflet::geo_json(&data, &options);
    let outlines = Rc::new(RefCell::new(Vec::new()));
    let collect = {
        let outlines = outlines.clone();
        let a2 = a2.clone();
        Closure::<dyn FnMut(JsValue)>::new(move |shape: JsValue| {
            outlines.borrow_mut().push(RegionShape {
                id: RegionId::of(&a2, &get(&shape, "feature")),
                shape: shape.unchecked_into(),
                class: Cell::new(None),
            });
        })
    };
    layer.each_layer(collect.as_ref().unchecked_ref());
    let click_a2 = a2.clone();
    let on_click = Handler::new(move |event: JsValue| {
        let key = RegionId::of(&click_a2, &feature_of(&event)).key(&lookup.borrow());
        if let Some(key) = key {
            state.open_place(key, false);
        }
    });
    layer.on("click", on_click.as_ref().unchecked_ref());
    let outlines = std::mem::take(&mut *outlines.borrow_mut());
    // Colouring and showing them is another task: building them took up to 70 ms.
    crate::web::util::next_task().await;
    let shapes = with_map(|m| {
        m.regions.insert(a2, outlines);
        m.keep.push(Box::new(on_click));
        m.shapes.clone()
    });
    restyle();
    if let Some(shapes) = shapes {
        shapes.add_layer(&layer);
    }
}

/// Restyles the shapes whose colour class changed since the last time (setting the style of
/// every shape of every loaded country took a good part of each redraw).
pub(super) fn restyle() {
    // Walking the 239 country shapes costs more than all the rest: only when a country's
    // class (or the base map) changed since the last restyle.
    let Some((countries, lookup, osm, changed)) = with_map(|m| {
        let osm = m.osm.get();
        let classes = Some((osm, m.lookup.borrow().country_classes()));
        let changed = m.styled_countries != classes;
        m.styled_countries = classes;
        (m.countries.clone(), m.lookup.clone(), osm, changed)
    }) else {
        return;
    };
    if let Some(layer) = countries.filter(|_| changed) {
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
    with_map(|m| {
        let lookup = lookup.borrow();
        for outline in m.regions.values().flatten() {
            let class = lookup.class(outline.id.key(&lookup));
            if outline.class.replace(class) != class {
                outline.shape.set_style(&region_style(class));
            }
        }
    });
}

/// Sets the style of each shape of `layer` whose key (from `style_of` its feature) changed;
/// the key is kept on the shape.
pub(super) fn restyle_changed<S: FnOnce() -> JsValue>(
    layer: &Layer,
    style_of: impl Fn(&JsValue) -> (f64, S) + 'static,
) {
    let each = Closure::<dyn FnMut(JsValue)>::new(move |shape: JsValue| {
        let (key, style) = style_of(&get(&shape, "feature"));
        if get(&shape, "_mmStyle").as_f64() != Some(key) {
            set(&shape, "_mmStyle", &key.into());
            shape.unchecked_ref::<Layer>().set_style(&style());
        }
    });
    layer.each_layer(each.as_ref().unchecked_ref());
}
