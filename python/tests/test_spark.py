"""mentionmap.spark on a local[2] session: mapInArrow gives exactly what parse() gives."""

import json
import os
import struct
import sys

import pytest

import mentionmap

pyspark = pytest.importorskip("pyspark", reason="pyspark is installed by scripts/setup.sh")

from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402

import mentionmap.spark  # noqa: E402

SCALARS = ["start", "end", "text", "name", "kind", "lat", "lon", "geonameid", "country"]


def float32(x):
    """A JSON score as the float32 that Spark's FloatType holds."""
    return struct.unpack("f", struct.pack("f", x))[0]


@pytest.fixture(scope="module")
def spark():
    # The Python workers must be this interpreter, which has mentionmap and pyarrow.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("mentionmap-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_geoparse_gives_what_parse_gives(spark, corpus):
    articles = corpus[:120] + [{"id": "null", "text": None}, {"id": "empty", "text": ""}]
    df = spark.createDataFrame([(a["id"], a["text"]) for a in articles], "id string, text string")
    df = df.repartition(4)
    out = mentionmap.spark.geoparse(df)
    assert out.columns == ["id", "text", "mentions"]
    rows = {r["id"]: r["mentions"] for r in out.select("id", "mentions").collect()}
    assert len(rows) == len(articles)
    for a in articles:
        expected = mentionmap.parse(a["text"] or "")
        got = [m.asDict() for m in rows[a["id"]]]
        assert [{k: m[k] for k in SCALARS} for m in got] == [
            {k: m[k] for k in SCALARS} for m in expected
        ], a["id"]
        # Scores are float32 in Arrow and Spark; JSON writes float32's shortest form.
        assert [m["score"] for m in got] == [float32(m["score"]) for m in expected]


def test_explode_places_gives_one_row_per_mention_for_counts(spark, corpus):
    articles = corpus[:60]
    df = spark.createDataFrame([(a["id"], a["text"]) for a in articles], "id string, text string")
    exploded = mentionmap.spark.explode_places(mentionmap.spark.geoparse(df))
    assert exploded.columns == [
        "id", "place", "kind", "lat", "lon", "country", "geonameid", "start", "end", "score",
    ]
    counts = {
        (r["place"], r["kind"]): r["count"]
        for r in exploded.groupBy("place", "kind").count().collect()
    }
    expected = {}
    for a in articles:
        for m in mentionmap.parse(a["text"]):
            expected[(m["name"], m["kind"])] = expected.get((m["name"], m["kind"]), 0) + 1
    assert counts == expected
    assert exploded.count() == sum(expected.values())


def test_errors_name_the_column_on_the_driver(spark):
    df = spark.createDataFrame([("Sumy.", 1)], "body string, n int")
    with pytest.raises(ValueError, match="no column named 'text'"):
        mentionmap.spark.geoparse(df)
    with pytest.raises(TypeError, match="column 'n' is int, expected a string column"):
        mentionmap.spark.geoparse(df, "n")
    out = mentionmap.spark.geoparse(df, "body").select(F.col("mentions.name")).first()[0]
    assert out == ["Sumy"]


def test_the_readme_recipe_gives_the_web_maps_geojson(spark, corpus, tmp_path):
    # Every step of the README's job ("Past one machine"), on local files.
    articles = corpus[:60]
    jsonl = tmp_path / "articles.jsonl"
    jsonl.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    read = spark.read.json(str(jsonl))
    parsed = mentionmap.spark.geoparse(read.repartition(4))
    parsed.drop("text").write.mode("overwrite").parquet(str(tmp_path / "geo"))
    places = (
        mentionmap.spark.explode_places(spark.read.parquet(str(tmp_path / "geo")))
        .where("kind != 'demonym' AND lat IS NOT NULL")
        .groupBy("place", "kind", "country", "geonameid", "lat", "lon")
        .count()
    )
    out = tmp_path / "places.geojson"
    with open(out, "w") as f:
        json.dump(mentionmap.to_geojson(places.collect()), f)
    fc = json.loads(out.read_text())
    def counts(fc):
        return {
            (f["properties"]["name"], f["properties"]["geonameid"]): f["properties"]["count"]
            for f in fc["features"]
        }

    got = counts(fc)
    expected = counts(
        mentionmap.to_geojson(m for a in articles for m in mentionmap.parse(a["text"]))
    )
    assert got == expected and len(got) > 20
    # With passages, each mention row keeps its passage for the map's popups.
    df = spark.createDataFrame([(a["id"], a["text"]) for a in articles], "id string, text string")
    with_passages = mentionmap.spark.explode_places(
        mentionmap.spark.geoparse(df, passages=True)
    ).collect()
    fc = mentionmap.to_geojson(with_passages, max_passages=None)
    kept = sorted(
        (m["id"], m["start"], m["text"], f["properties"]["name"])
        for f in fc["features"]
        for m in f["properties"]["mentions"]
    )
    mapped = sorted(
        (a["id"], m["start"], m["text"], m["name"])
        for a in articles
        for m in mentionmap.parse(a["text"])
        if m["kind"] != "demonym" and m["lat"] is not None
    )
    assert kept == mapped and len(kept) == sum(expected.values())
