"""The CLI's Parquet output and input, read and written with pyarrow."""

import json
import subprocess

import pyarrow as pa
import pyarrow.parquet as pq

import mentionmap

from conftest import CORPUS


def run(cli, *args, check=True):
    return subprocess.run([str(cli), *map(str, args)], capture_output=True, text=True, check=check)


def test_format_parquet_writes_the_parse_arrow_schema_and_values(cli, corpus, tmp_path):
    out = tmp_path / "out.parquet"
    run(cli, "parse", "--quiet", CORPUS, "--format", "parquet", "-o", out)
    written = pq.read_table(out)
    assert written.column_names == ["id", "title", "date", "url", "mentions"]
    assert written.column("id").to_pylist() == [a["id"] for a in corpus]
    assert written.column("date").to_pylist() == [a.get("date") for a in corpus]
    texts = pa.table({"text": [a["text"] for a in corpus]})
    expected = mentionmap.parse_arrow(texts, passages=True)
    assert written.schema.field("mentions") == expected.schema.field("mentions")
    assert written.column("mentions").to_pylist() == expected.column("mentions").to_pylist()


def test_parquet_input_gives_what_json_lines_input_gives(cli, corpus, cli_records, tmp_path):
    path = tmp_path / "corpus.parquet"
    table = pa.table({
        "id": [a["id"] for a in corpus],
        "date": [a.get("date") for a in corpus],
        "text": pa.array([a["text"] for a in corpus], pa.large_string()),
    })
    pq.write_table(table, path, row_group_size=40)
    assert pq.ParquetFile(path).num_row_groups > 10
    out = run(cli, "parse", "--quiet", path).stdout
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == [a["id"] for a in corpus]
    for r in records:
        expected = cli_records[r["id"]]
        assert (r["date"], r["mentions"]) == (expected["date"], expected["mentions"]), r["id"]


def test_a_parquet_file_without_its_text_column_is_named(cli, tmp_path):
    path = tmp_path / "bodies.parquet"
    pq.write_table(pa.table({"body": ["Sumy."]}), path)
    result = run(cli, "parse", path, check=False)
    assert result.returncode == 2
    assert 'no column named "text" (columns: body)' in result.stderr
    ok = run(cli, "parse", "--quiet", "--text-column", "body", path).stdout
    assert [m["name"] for m in json.loads(ok)["mentions"]] == ["Sumy"]


def test_null_texts_are_skipped_with_their_row_named(cli, tmp_path):
    path = tmp_path / "gaps.parquet"
    pq.write_table(pa.table({"text": ["Sumy.", None, "Kyiv."]}), path)
    result = run(cli, "parse", path, check=False)
    assert result.returncode == 1
    assert f"{path}:2: could not read: the text column is null in this row" in result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["1", "3"]
