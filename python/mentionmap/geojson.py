"""Place counts as GeoJSON: the FeatureCollection of the CLI's ``--format geojson``, which the
web map opens (its file input takes ``.geojson``).

>>> fc = mentionmap.to_geojson(mentionmap.parse("Sumy and Sumy again."))
>>> [(f["properties"]["name"], f["properties"]["count"]) for f in fc["features"]]
[('Sumy', 2)]

Kept apart from the native module because it is plain data shaping: rows in, one dict out.
"""

from __future__ import annotations

import math
from typing import Any, Iterable, Mapping, Optional

__all__ = ["to_geojson"]

_ARTICLE = ("id", "title", "date", "url")

# Mentions kept with their passages over all places, as the CLI's GeoJSON writer keeps.
_MAX_KEPT = 250_000


def _as_dict(row: Any) -> Mapping[str, Any]:
    """A mapping from a dict, a pyspark ``Row`` or a pandas row (``Series``)."""
    if isinstance(row, Mapping):
        return row
    for convert in ("asDict", "to_dict"):
        if hasattr(row, convert):
            return getattr(row, convert)()
    raise TypeError(f"expected a mapping or a Spark Row, got {type(row).__name__}")


def _round5(x: float) -> float:
    """Rounds a coordinate to 5 decimals (about a metre) as the CLI does: halves away from
    zero, where Python's ``round`` would go to even."""
    scaled = float(x) * 1e5
    return math.copysign(math.floor(abs(scaled) + 0.5), scaled) / 1e5


def to_geojson(rows: Iterable[Any], *, max_passages: Optional[int] = 100) -> dict:
    """An RFC 7946 FeatureCollection with one Point feature per place, in order of first row.

    Each row is a place with a count, or one mention: a dict, a pyspark ``Row`` or a pandas
    row with ``name`` (or ``place``, as ``spark.explode_places`` calls it), ``lat``, ``lon``,
    and optionally ``kind``, ``country``, ``geonameid`` and ``count`` (default 1). Rows of
    one place (same ``geonameid``, else same name and point) are summed. A row that carries a
    ``passage`` (the mention objects of ``parse``) is kept in the feature's ``mentions``, with
    its ``id``, ``title``, ``date`` and ``url`` when present, as the CLI writes them: at most
    ``max_passages`` per place (the CLI's ``--max-passages``, 100; ``None`` keeps all) and
    250,000 in all, while ``count`` counts every one. Rows without a point, and demonyms, are
    not places on a map and are skipped.

    Properties are the CLI's: ``name``, ``kind``, ``country``, ``geonameid``, ``count`` and
    ``mentions``. Write it with ``json.dump`` and open the file in the web map.

    >>> counts = mentionmap.spark.explode_places(df).groupBy("place", "kind", "country",
    ...     "geonameid", "lat", "lon").count().collect()
    >>> json.dump(mentionmap.to_geojson(counts), open("places.geojson", "w"))
    """
    features: list[dict] = []
    kept = 0
    index: dict[tuple, dict] = {}
    for raw in rows:
        row = _as_dict(raw)
        name = row.get("name", row.get("place"))
        lat, lon = row.get("lat"), row.get("lon")
        kind = row.get("kind") or "city"
        if name is None or lat is None or lon is None or kind == "demonym":
            continue
        geonameid = row.get("geonameid")
        key = ("id", int(geonameid)) if geonameid is not None else ("name", name, lat, lon)
        feature = index.get(key)
        if feature is None:
            feature = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [_round5(lon), _round5(lat)]},
                "properties": {
                    "name": name,
                    "kind": kind,
                    "country": row.get("country"),
                    "geonameid": None if geonameid is None else int(geonameid),
                    "count": 0,
                    "mentions": [],
                },
            }
            index[key] = feature
            features.append(feature)
        props = feature["properties"]
        count = row.get("count")
        props["count"] += 1 if count is None else int(count)
        passage = row.get("passage")
        room = max_passages is None or len(props["mentions"]) < max_passages
        if passage is not None and room and kept < _MAX_KEPT:
            kept += 1
            passage = dict(_as_dict(passage))
            mention = {k: row.get(k) for k in _ARTICLE}
            mention.update(
                start=row.get("start"),
                end=row.get("end"),
                # The name as written; Spark rows name the article's text "text", if anything.
                text=passage["text"][passage["mention_start"] : passage["mention_end"]],
                passage=passage,
            )
            props["mentions"].append(mention)
    return {"type": "FeatureCollection", "features": features}
