"""mentionmap on Spark: geoparse a DataFrame's text column on the executors.

``geoparse`` adds the ``mentions`` column of ``parse_arrow`` through ``mapInArrow``: each
executor hands Arrow record batches to the Rust geoparser as they are, with no per-row UDF
and no pandas round trip. ``explode_places`` turns them into one row per mention, ready for
``groupBy`` counts, and ``mentionmap.to_geojson`` turns those into the web map's GeoJSON.

>>> df = mentionmap.spark.geoparse(spark.read.parquet("corpus.parquet"))
>>> mentionmap.spark.explode_places(df).groupBy("place", "lat", "lon").count()

Every executor needs the ``mentionmap`` wheel (and pyarrow): see the README, "Past one
machine".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow
    from pyspark.sql import DataFrame

__all__ = ["geoparse", "explode_places", "mentions_type"]


def mentions_type(passages: bool = False):
    """The Spark type of the ``mentions`` column, read off ``parse_arrow``'s Arrow schema
    (one definition, in the Rust library, for Parquet, Arrow and Spark).

    >>> mentions_type().elementType.fieldNames()[:3]
    ['start', 'end', 'text']
    """
    import pyarrow as pa
    from pyspark.sql.pandas.types import from_arrow_type

    from . import parse_arrow

    empty = pa.table({"text": pa.array([], pa.string())})
    arrow_type = parse_arrow(empty, passages=passages).schema.field("mentions").type
    return from_arrow_type(arrow_type)


def geoparse(
    df: "DataFrame",
    text_column: str = "text",
    *,
    threads: Optional[int] = 1,
    demonyms: bool = True,
    min_score: float = 0.0,
    passages: bool = False,
) -> "DataFrame":
    """``df`` with a ``mentions`` column (the ``parse_arrow`` schema), computed on the
    executors through ``mapInArrow``.

    ``threads`` is per task and defaults to 1, since Spark already runs one task per core;
    the other options are those of ``parse_arrow``. A missing text column raises
    ``ValueError`` and a non-string one ``TypeError`` here, on the driver.

    >>> out = geoparse(spark.createDataFrame([("Sumy was shelled.",)], ["text"]))
    >>> out.select("mentions.name").first()[0]
    ['Sumy']
    """
    from pyspark.sql.types import StringType, StructField, StructType

    if text_column not in df.columns:
        raise ValueError(
            f"no column named {text_column!r} (columns: {', '.join(df.columns)}); pass text_column="
        )
    if not isinstance(df.schema[text_column].dataType, StringType):
        raise TypeError(
            f"column {text_column!r} is {df.schema[text_column].dataType.simpleString()}, "
            "expected a string column"
        )
    if "mentions" in df.columns:
        raise ValueError("the DataFrame already has a column named 'mentions'; drop or rename it first")
    schema = StructType(
        list(df.schema.fields) + [StructField("mentions", mentions_type(passages), False)]
    )
    options = dict(threads=threads, demonyms=demonyms, min_score=min_score, passages=passages)

    def geoparse_batches(
        batches: Iterator["pyarrow.RecordBatch"],
    ) -> Iterator["pyarrow.RecordBatch"]:
        from mentionmap import parse_arrow

        for batch in batches:
            yield parse_arrow(batch, text_column, **options)

    return df.mapInArrow(geoparse_batches, schema)


def explode_places(df: "DataFrame", text_column: str = "text") -> "DataFrame":
    """One row per mention of a ``geoparse``d DataFrame: its other columns (not the text nor
    ``mentions``), then ``place``, ``kind``, ``lat``, ``lon``, ``country``, ``geonameid``,
    ``start``, ``end`` and ``score``, and ``passage`` when geoparsed with ``passages=True``.
    Articles without mentions give no row. Grouped counts become the web map's GeoJSON
    through ``mentionmap.to_geojson``.

    >>> explode_places(geoparse(df)).groupBy("place", "country").count()
    """
    from pyspark.sql import functions as F

    kept = [F.col(f"`{c}`") for c in df.columns if c not in (text_column, "mentions")]
    exploded = df.select(*kept, F.explode("mentions").alias("_mention"))
    fields = [
        ("name", "place"),
        ("kind", "kind"),
        ("lat", "lat"),
        ("lon", "lon"),
        ("country", "country"),
        ("geonameid", "geonameid"),
        ("start", "start"),
        ("end", "end"),
        ("score", "score"),
    ]
    if "passage" in df.schema["mentions"].dataType.elementType.fieldNames():
        fields.append(("passage", "passage"))
    return exploded.select(
        *kept, *[F.col(f"_mention.{src}").alias(dst) for src, dst in fields]
    )
