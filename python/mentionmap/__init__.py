"""mentionmap: find the places a news report mentions and resolve them against a gazetteer
that ships inside the package (no server, no network).

>>> import mentionmap
>>> [m["name"] for m in mentionmap.parse("Drones struck Sumy overnight.")]
['Sumy']

``parse`` and ``parse_many`` give the mention objects of the CLI's JSON Lines output (same
keys, same values); ``parse_arrow`` adds a ``mentions`` column to a pyarrow Table or
RecordBatch; ``places`` is ``mentionmap places``; ``to_geojson`` turns place counts into the GeoJSON the
web map opens; ``mentionmap.spark`` runs it on Spark.
"""

from ._mentionmap import __version__, parse, parse_arrow, parse_many, places
from .geojson import to_geojson

__all__ = ["__version__", "parse", "parse_many", "parse_arrow", "places", "to_geojson"]
