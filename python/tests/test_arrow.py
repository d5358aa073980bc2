"""parse_arrow: the schema, parity with the CLI, nulls, errors, threads and a big batch."""

import struct

import pyarrow as pa
import pytest

import mentionmap

SCALARS = ["start", "end", "text", "name", "kind", "lat", "lon", "geonameid", "country", "score"]

MENTION = pa.struct([
    pa.field("start", pa.int32(), nullable=False),
    pa.field("end", pa.int32(), nullable=False),
    pa.field("text", pa.string(), nullable=False),
    pa.field("name", pa.string()),
    pa.field("kind", pa.string(), nullable=False),
    pa.field("lat", pa.float64()),
    pa.field("lon", pa.float64()),
    pa.field("geonameid", pa.int64()),
    pa.field("country", pa.string()),
    pa.field("score", pa.float32(), nullable=False),
])
PASSAGE = pa.struct([
    pa.field("start", pa.int32(), nullable=False),
    pa.field("end", pa.int32(), nullable=False),
    pa.field("text", pa.string(), nullable=False),
    pa.field("mention_start", pa.int32(), nullable=False),
    pa.field("mention_end", pa.int32(), nullable=False),
    pa.field("boilerplate", pa.bool_(), nullable=False),
])


def float32(x):
    """A JSON score as the float32 the Arrow column holds."""
    return struct.unpack("f", struct.pack("f", x))[0]


def arrow_row(mention: dict) -> dict:
    """The scalar fields of a JSON Lines mention, as parse_arrow gives them."""
    row = {k: mention[k] for k in SCALARS}
    row["score"] = float32(row["score"])
    return row


def corpus_table(corpus, chunk=100):
    """The corpus as a Table of several record batches."""
    table = pa.table({"id": [a["id"] for a in corpus], "text": [a["text"] for a in corpus]})
    return pa.Table.from_batches(table.to_batches(max_chunksize=chunk))


def test_mentions_column_has_the_documented_schema():
    out = mentionmap.parse_arrow(pa.table({"text": ["Sumy."], "n": [1]}))
    assert out.column_names == ["text", "n", "mentions"]
    field = out.schema.field("mentions")
    assert field.type == pa.list_(pa.field("item", MENTION))
    assert not field.nullable
    with_passages = mentionmap.parse_arrow(pa.table({"text": ["Sumy."]}), passages=True)
    item = with_passages.schema.field("mentions").type.value_type
    assert item.field("passage").type == PASSAGE


def test_parse_arrow_gives_the_cli_mentions_for_every_article(corpus, cli_records):
    table = corpus_table(corpus)
    assert table.column("text").num_chunks > 1
    out = mentionmap.parse_arrow(table, threads=1)
    assert isinstance(out, pa.Table) and out.num_rows == len(corpus)
    assert out.column("id").to_pylist() == table.column("id").to_pylist()
    for article_id, mentions in zip(out.column("id").to_pylist(), out.column("mentions").to_pylist()):
        assert mentions == [arrow_row(m) for m in cli_records[article_id]["mentions"]], article_id


def test_passages_are_those_of_the_jsonl_mentions(corpus, cli_records):
    table = corpus_table(corpus[:40])
    out = mentionmap.parse_arrow(table, passages=True)
    for article_id, mentions in zip(out.column("id").to_pylist(), out.column("mentions").to_pylist()):
        expected = cli_records[article_id]["mentions"]
        assert [m["passage"] for m in mentions] == [m["passage"] for m in expected]


def test_a_record_batch_gives_a_record_batch():
    batch = pa.record_batch({"text": ["Shelling hit the Kharkiv region.", "Quiet."]})
    out = mentionmap.parse_arrow(batch)
    assert isinstance(out, pa.RecordBatch)
    names = [[m["name"] for m in ms] for ms in out.column("mentions").to_pylist()]
    assert names == [["Kharkiv Oblast"], []]


@pytest.mark.parametrize("text_type", [pa.string(), pa.large_string(), pa.string_view()])
def test_nulls_and_empty_strings_give_empty_lists(text_type):
    texts = pa.array(["Sumy was shelled.", None, "", "   ", "Kyiv."], text_type)
    out = mentionmap.parse_arrow(pa.table({"body": texts}), "body")
    mentions = out.column("mentions")
    assert mentions.null_count == 0
    assert [len(ms) for ms in mentions.to_pylist()] == [1, 0, 0, 0, 1]


def test_an_empty_table_gets_an_empty_mentions_column():
    empty = pa.table({"text": pa.array([], pa.string())})
    out = mentionmap.parse_arrow(empty)
    assert out.num_rows == 0 and out.column_names == ["text", "mentions"]


def test_errors_name_the_column():
    table = pa.table({"body": ["Sumy."], "n": [1]})
    with pytest.raises(ValueError, match=r'no column named "text" \(columns: body, n\)'):
        mentionmap.parse_arrow(table)
    with pytest.raises(TypeError, match=r'column "n" is Int64, expected a string column'):
        mentionmap.parse_arrow(table, "n")
    with pytest.raises(ValueError, match='already has a column named "mentions"'):
        mentionmap.parse_arrow(pa.table({"text": ["Sumy."], "mentions": [1]}))
    with pytest.raises(TypeError, match="pyarrow.Table or pyarrow.RecordBatch, not list"):
        mentionmap.parse_arrow(["Sumy."])
    with pytest.raises(ValueError, match="threads must be at least 1"):
        mentionmap.parse_arrow(table, "body", threads=0)


def test_a_batch_of_ten_thousand_rows_on_any_thread_count(corpus):
    paragraphs = [p for a in corpus for p in a["text"].split("\n") if p.strip()]
    texts = [paragraphs[i % len(paragraphs)] if i % 97 else None for i in range(10_000)]
    batch = pa.record_batch({"text": texts})
    expected = [[arrow_row(m) for m in ms] for ms in mentionmap.parse_many(texts)]
    assert sum(map(len, expected)) > 5_000
    for threads in (1, 2, None):
        out = mentionmap.parse_arrow(batch, threads=threads)
        assert out.num_rows == 10_000
        assert out.column("mentions").to_pylist() == expected, threads


def test_options_match_parse():
    text = "Ukrainian and Russian officials met in Istanbul."
    table = pa.table({"text": [text]})
    for options in ({"demonyms": False}, {"min_score": 0.5}, {}):
        out = mentionmap.parse_arrow(table, **options).column("mentions").to_pylist()[0]
        assert out == [arrow_row(m) for m in mentionmap.parse(text, **options)], options
    kinds = [m["kind"] for m in mentionmap.parse(text)]
    assert "demonym" in kinds
