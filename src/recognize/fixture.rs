//! A small gazetteer for the unit tests of recognition and resolution, made with the
//! builder: a few dozen places, each there for one rule (a town that is a first name, one
//! that is a common word, a region named after its city, a village and its namesake).

use crate::gazetteer::build::{GazetteerBuilder, PlaceRecord};
use crate::gazetteer::{Gazetteer, PlaceKind};

use PlaceKind::{Area, City, Country, District, Region};

/// One place: key, kind, name, parent, country code, population, point.
type Row = (
    &'static str,
    PlaceKind,
    &'static str,
    Option<&'static str>,
    &'static str,
    u64,
    (f64, f64),
);

/// The places, by rule. Coordinates are made up, except that near things are near.
#[rustfmt::skip]
const PLACES: &[Row] = &[
    ("country:UA", Country, "Ukraine", None, "UA", 40_000_000, (49.0, 32.0)),
    ("country:RU", Country, "Russia", None, "RU", 140_000_000, (56.0, 38.0)),
    ("country:ES", Country, "Spain", None, "ES", 47_000_000, (40.0, -4.0)),
    ("country:US", Country, "United States", None, "US", 330_000_000, (39.0, -98.0)),
    ("country:EG", Country, "Egypt", None, "EG", 100_000_000, (27.0, 30.0)),
    ("country:GB", Country, "United Kingdom", None, "GB", 67_000_000, (54.0, -2.0)),
    ("country:LK", Country, "Sri Lanka", None, "LK", 21_000_000, (7.0, 81.0)),
    ("country:CI", Country, "Côte d'Ivoire", None, "CI", 27_000_000, (7.5, -5.5)),
    ("country:MX", Country, "Mexico", None, "MX", 126_000_000, (23.0, -102.0)),
    // A region named after its city, and the city.
    ("admin1:UA.07", Region, "Kharkiv Oblast", Some("country:UA"), "UA", 2_600_000, (49.5, 36.5)),
    ("city:kharkiv", City, "Kharkiv", Some("admin1:UA.07"), "UA", 1_400_000, (50.0, 36.2)),
    // A raion, its town and a village near it; the village's namesake far away.
    ("admin1:UA.14", Region, "Donetsk Oblast", Some("country:UA"), "UA", 4_000_000, (48.0, 37.8)),
    ("district:pokrovsk", District, "Pokrovsk Raion", Some("admin1:UA.14"), "UA", 0, (48.3, 37.2)),
    ("city:pokrovsk", City, "Pokrovsk", Some("district:pokrovsk"), "UA", 60_000, (48.28, 37.18)),
    ("city:verbove-ua", City, "Verbove", Some("district:pokrovsk"), "UA", 0, (48.32, 37.25)),
    ("city:verbove-ru", City, "Verbove", Some("country:RU"), "RU", 20_000, (55.0, 45.0)),
    // A state with an abbreviation, a small town in it and a large namesake abroad.
    ("admin1:US.AL", Region, "Alabama", Some("country:US"), "US", 5_000_000, (32.8, -86.8)),
    ("city:alexandria-al", City, "Alexandria", Some("admin1:US.AL"), "US", 1_000, (33.0, -86.0)),
    ("city:alexandria-eg", City, "Alexandria", Some("country:EG"), "EG", 5_000_000, (31.2, 29.9)),
    ("district:queen-annes", District, "Queen Anne's County", Some("admin1:US.AL"), "US", 50_000, (33.5, -86.5)),
    // Towns for the evidence rules: plain, a first name, common words, short names.
    ("city:marin", City, "Marin", Some("country:ES"), "ES", 30_000, (42.4, -8.7)),
    ("city:tulsa", City, "Tulsa", Some("country:US"), "US", 200_000, (36.1, -95.9)),
    ("city:mobile", City, "Mobile", Some("country:US"), "US", 200_000, (30.7, -88.0)),
    ("city:florence", City, "Florence", Some("country:US"), "US", 100_000, (34.8, -87.7)),
    ("city:charlotte", City, "Charlotte", Some("country:US"), "US", 900_000, (35.2, -80.8)),
    ("city:bell", City, "Bell", Some("country:US"), "US", 2_000, (33.9, -118.2)),
    ("city:zell", City, "Zell", Some("country:US"), "US", 2_000, (33.0, -118.0)),
    ("city:ulm", City, "Ulm", Some("country:US"), "US", 120_000, (44.3, -94.5)),
    ("city:ur", City, "Ur", Some("country:US"), "US", 120_000, (30.9, -90.1)),
    ("city:nova-kakhovka", City, "Nova Kakhovka", Some("country:UA"), "UA", 45_000, (46.75, 33.35)),
    ("city:white-house", City, "White House", Some("country:US"), "US", 45_000, (36.5, -86.6)),
    ("city:casablanca", City, "Casablanca", None, "MA", 3_000_000, (33.6, -7.6)),
    ("city:uk", City, "Uk", Some("country:RU"), "RU", 500, (55.0, 98.0)),
    ("city:ill", City, "Ill", Some("country:US"), "US", 1_000, (40.0, -89.0)),
    ("city:mexico-city", City, "Mexico City", Some("country:MX"), "MX", 9_000_000, (19.4, -99.1)),
    ("region:central", Region, "Central", None, "GH", 2_000_000, (5.5, -1.0)),
    // A town in a region named after its city; a state named like a country, and its town.
    ("city:chuhuiv", City, "Chuhuiv", Some("admin1:UA.07"), "UA", 30_000, (49.84, 36.69)),
    ("country:GE", Country, "Georgia", None, "GE", 3_700_000, (42.0, 43.5)),
    ("admin1:US.GA", Region, "Georgia", Some("country:US"), "US", 10_000_000, (32.75, -83.5)),
    ("city:atlanta", City, "Atlanta", Some("admin1:US.GA"), "US", 500_000, (33.75, -84.39)),
    // A sea and a small town of its name.
    ("area:atlantic", Area, "Atlantic", None, "", 0, (30.0, -40.0)),
    ("city:atlantic", City, "Atlantic", Some("country:US"), "US", 7_000, (41.4, -95.0)),
];

/// The fixture gazetteer.
pub(crate) fn gazetteer() -> Gazetteer {
    let mut builder = GazetteerBuilder::new();
    for &(key, kind, name, parent, country, population, (lat, lon)) in PLACES {
        let mut record = PlaceRecord {
            parent: parent.map(Into::into),
            country: (!country.is_empty()).then(|| country.into()),
            population,
            capital: false,
            ..PlaceRecord::new(key, kind, name, lat, lon)
        };
        match key {
            "country:UA" => record.demonyms = vec!["Ukrainian".into()],
            "country:LK" => record.demonyms = vec!["Sri Lankan".into()],
            "country:GB" => record.names = vec!["UK".into()],
            "admin1:UA.07" => record.names = vec!["Kharkiv".into()],
            "admin1:US.AL" => record.qualifiers = vec!["Ala.".into()],
            "city:kharkiv" => record.alt_names = vec!["Kharkov".into()],
            "city:marin" => record.alt_names = vec!["Marino".into()],
            "city:pokrovsk" => record.alt_names = vec!["Покровськ".into()],
            "city:casablanca" => record.alt_names = vec!["White House".into()],
            "city:mexico-city" => record.alt_names = vec!["Mexico".into()],
            "city:bell" => record.common_word = true,
            _ => {}
        }
        builder.add(record);
    }
    Gazetteer::from_bytes(builder.build().expect("the fixture builds")).expect("and loads")
}
