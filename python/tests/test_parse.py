"""parse, parse_many and places against the CLI, and their argument errors."""

import json
import subprocess

import pytest

import mentionmap


def test_parse_gives_the_cli_mentions_for_every_article(corpus, cli_records):
    assert len(corpus) > 400
    with_mentions = 0
    for article in corpus:
        got = mentionmap.parse(article["text"], date=article.get("date"))
        assert got == cli_records[article["id"]]["mentions"], article["id"]
        with_mentions += bool(got)
    assert with_mentions > len(corpus) // 2


def test_parse_many_gives_what_parse_gives_on_any_thread_count(corpus, cli_records):
    texts = [a["text"] for a in corpus]
    expected = [cli_records[a["id"]]["mentions"] for a in corpus]
    for threads in (None, 1, 2, 3):
        assert mentionmap.parse_many(texts, threads=threads) == expected, threads


def test_mention_dicts_have_the_jsonl_keys_and_types():
    (m,) = mentionmap.parse("Drones struck Sumy overnight.")
    assert list(m) == [
        "start", "end", "text", "name", "kind", "lat", "lon", "geonameid",
        "country", "score", "candidates", "passage",
    ]
    assert (m["start"], m["end"], m["text"], m["name"], m["country"]) == (14, 18, "Sumy", "Sumy", "UA")
    assert isinstance(m["lat"], float) and isinstance(m["geonameid"], int)
    assert m["passage"]["text"] == "Drones struck Sumy overnight."


@pytest.mark.parametrize(
    "options, cli_flags",
    [({"demonyms": False}, ["--no-demonyms"]), ({"min_score": 0.6}, ["--min-score", "0.6"])],
)
def test_options_do_what_the_cli_flags_do(cli, tmp_path, options, cli_flags):
    text = "Ukrainian forces said Russian shelling hit Kupiansk, Izium and a village near Kharkiv."
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    out = subprocess.run([str(cli), "parse", "--quiet", *cli_flags, str(path)],
                         check=True, capture_output=True, text=True).stdout
    expected = json.loads(out)["mentions"]
    got = mentionmap.parse(text, **options)
    assert got == expected
    assert got != mentionmap.parse(text), "the option changes the result on this text"


def test_empty_and_none_texts_have_no_mentions():
    assert mentionmap.parse("") == []
    assert mentionmap.parse_many(["", None, "Sumy."])[:2] == [[], []]
    assert mentionmap.parse_many([]) == []


def test_bad_arguments_raise_python_errors():
    with pytest.raises(ValueError, match="threads must be at least 1"):
        mentionmap.parse_many(["Sumy."], threads=0)
    with pytest.raises(ValueError, match="min_score"):
        mentionmap.parse("Sumy.", min_score=float("nan"))
    with pytest.raises(TypeError):
        mentionmap.parse(b"Sumy")
    with pytest.raises(TypeError):
        mentionmap.parse_many(["Sumy.", 3])


@pytest.mark.parametrize("name", ["Kharkov", "Харків", "Sumy", "Paris", "Nowhereville"])
def test_places_gives_the_rows_of_the_places_command(cli, name):
    out = subprocess.run([str(cli), "places", "--format", "jsonl", name],
                         capture_output=True, text=True).stdout
    expected = [json.loads(line) for line in out.splitlines()]
    assert mentionmap.places(name) == expected
    assert (expected == []) == (name == "Nowhereville")
