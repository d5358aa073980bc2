"""to_geojson: the CLI's --format geojson from parse() rows, and from counts alone."""

import json
import subprocess

import pytest

import mentionmap
from conftest import CORPUS


def article_rows(corpus):
    """Every mention of the corpus, with its article's id, title, date and url."""
    for a in corpus:
        for m in mentionmap.parse(a["text"], date=a.get("date")):
            yield {**{k: a.get(k) for k in ("id", "title", "date", "url")}, **m}


def test_parse_rows_give_the_clis_geojson_for_the_corpus(cli, corpus):
    out = subprocess.run(
        [str(cli), "parse", "--quiet", "--format", "geojson", str(CORPUS)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    expected = json.loads(out)
    got = mentionmap.to_geojson(article_rows(corpus))
    assert len(got["features"]) > 100
    # Same places in the same order, same properties in the same order, same passages.
    assert json.dumps(got) == json.dumps(expected)


def test_counts_are_summed_per_place_and_written_without_passages():
    rows = [
        {"place": "Sumy", "kind": "city", "country": "UA", "geonameid": 692194,
         "lat": 50.9216, "lon": 34.80029, "count": 3},
        {"place": "Kharkiv", "kind": "city", "country": "UA", "geonameid": 706483,
         "lat": 49.98081, "lon": 36.252723, "count": 2},
        {"place": "Sumy", "kind": "city", "country": "UA", "geonameid": 692194,
         "lat": 50.9216, "lon": 34.80029, "count": 4},
        {"name": "Ukrainian", "kind": "demonym", "lat": 49.0, "lon": 32.0},
        {"name": "Zzyzx", "kind": "city", "lat": None, "lon": None},
        {"name": "Nowhere Hill", "lat": -0.000004, "lon": 179.999996},
    ]
    fc = mentionmap.to_geojson(rows)
    assert fc["type"] == "FeatureCollection"
    summary = [
        (f["properties"]["name"], f["properties"]["count"], f["geometry"]["coordinates"])
        for f in fc["features"]
    ]
    assert summary == [
        ("Sumy", 7, [34.80029, 50.9216]),
        ("Kharkiv", 2, [36.25272, 49.98081]),
        ("Nowhere Hill", 1, [180.0, -0.0]),
    ]
    assert list(fc["features"][0]["properties"]) == [
        "name", "kind", "country", "geonameid", "count", "mentions",
    ]
    assert fc["features"][0]["properties"]["mentions"] == []
    assert fc["features"][2]["properties"]["kind"] == "city"


def test_rows_must_be_mappings():
    with pytest.raises(TypeError, match="expected a mapping"):
        mentionmap.to_geojson([("Sumy", 50.9, 34.8)])


def test_passages_are_kept_up_to_the_limit_and_all_are_counted():
    mentions = mentionmap.parse("Sumy at dawn. Sumy at noon. Sumy at night.")
    for limit, kept in ((2, 2), (None, 3), (0, 0)):
        (feature,) = mentionmap.to_geojson(mentions, max_passages=limit)["features"]
        props = feature["properties"]
        assert (props["count"], len(props["mentions"])) == (3, kept), limit
        assert [m["text"] for m in props["mentions"]] == ["Sumy"] * kept
