"""Shared fixtures: the CLI built from this checkout and the shared war-news corpus."""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpora" / "ukraine-war-news.jsonl"


@pytest.fixture(scope="session")
def cli() -> Path:
    """The `mentionmap` binary: $MENTIONMAP_CLI, else target/debug (what `cargo test` builds)."""
    path = Path(os.environ.get("MENTIONMAP_CLI", ROOT / "target" / "debug" / "mentionmap"))
    if not path.exists():
        pytest.fail(f"no CLI at {path}: run `cargo build` first or set MENTIONMAP_CLI")
    return path


@pytest.fixture(scope="session")
def corpus() -> list[dict]:
    """The shared corpus's articles, read at run time (never copied into the repository)."""
    if not CORPUS.exists():
        pytest.fail(f"the shared corpus is missing: {CORPUS}")
    with CORPUS.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def cli_records(cli, corpus) -> dict[str, dict]:
    """The CLI's JSON Lines records for the corpus, by article id."""
    out = subprocess.run(
        [str(cli), "parse", "--quiet", str(CORPUS)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == len(corpus)
    return {r["id"]: r for r in records}
