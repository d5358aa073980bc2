"""Type stubs of the native module (Rust, PyO3); ``mentionmap`` re-exports every name."""

from typing import Any, Iterable, Optional, Sequence, TypedDict, TypeVar, Union

import pyarrow

__version__: str

class Candidate(TypedDict):
    """A runner-up place for a mention."""

    name: str
    kind: str
    lat: float
    lon: float
    geonameid: Optional[int]
    country: Optional[str]
    score: float

class Passage(TypedDict):
    """The sentence around a mention; offsets in Unicode code points."""

    start: int
    end: int
    text: str
    mention_start: int
    mention_end: int
    boilerplate: bool

class Mention(TypedDict):
    """One place mention: a JSON Lines mention object of the CLI, key for key."""

    start: int
    end: int
    text: str
    name: Optional[str]
    kind: str
    lat: Optional[float]
    lon: Optional[float]
    geonameid: Optional[int]
    country: Optional[str]
    score: float
    candidates: list[Candidate]
    passage: Passage

class PlaceRow(TypedDict):
    """One gazetteer entry, as ``mentionmap places NAME --format jsonl`` prints it."""

    kind: str
    name: str
    country: Optional[str]
    lat: float
    lon: float
    population: int
    geonameid: Optional[int]
    region: Optional[str]
    district: Optional[str]
    source: Optional[str]

_Arrow = TypeVar("_Arrow", pyarrow.Table, pyarrow.RecordBatch)

def parse(
    text: str,
    *,
    date: Optional[str] = None,
    demonyms: bool = True,
    min_score: float = 0.0,
) -> list[Mention]:
    """The place mentions of one text, in text order.

    Each is the mention object of the CLI's JSON Lines output, with the same keys and
    values. ``date`` is the article's date (resolution does not use it); ``demonyms=False``
    drops "Ukrainian"-style mentions; mentions scored below ``min_score`` are dropped.

    >>> [(m["name"], m["kind"]) for m in parse("Shelling hit the Kharkiv region.")]
    [('Kharkiv Oblast', 'region')]
    """

def parse_many(
    texts: Sequence[Optional[str]],
    *,
    threads: Optional[int] = None,
    demonyms: bool = True,
    min_score: float = 0.0,
) -> list[list[Mention]]:
    """The mentions of each text (``None`` counts as empty), geoparsed in parallel.

    The GIL is released while the texts are geoparsed, on ``threads`` threads (default: one
    per core). Each list is what ``parse`` gives for that text.

    >>> [[m["name"] for m in ms] for ms in parse_many(["Sumy.", None])]
    [['Sumy'], []]
    """

def parse_arrow(
    data: _Arrow,
    text_column: str = "text",
    *,
    threads: Optional[int] = None,
    demonyms: bool = True,
    min_score: float = 0.0,
    passages: bool = False,
) -> _Arrow:
    """``data`` (a ``pyarrow.Table`` or ``RecordBatch``) with a ``mentions`` column added.

    ``mentions`` is ``list<struct<start: int32, end: int32, text, name, kind,
    lat: float64, lon: float64, geonameid: int64, country, score: float32>>`` (plus
    ``passage`` when ``passages=True``), the schema of ``mentionmap parse --format
    parquet``. Data crosses through the Arrow C data interface, not row by row; a null or
    empty text gives an empty list. A missing text column raises ``ValueError``, a
    non-string one ``TypeError``, each naming the column.

    >>> t = parse_arrow(pyarrow.table({"text": ["Drones struck Sumy.", None]}))
    >>> t.column("mentions").to_pylist()[1]
    []
    """

def places(name: str) -> list[PlaceRow]:
    """What the gazetteer knows for a name, in any spelling it knows: ``mentionmap places``.

    >>> sorted({p["kind"] for p in places("Kharkov")})
    ['city', 'region']
    """
