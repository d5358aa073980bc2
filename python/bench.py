"""Throughput of the Python package against the CLI, on the shared war-news corpus repeated
four times (1,788 articles, 6.1 MB of text).

    cargo build --release --bin mentionmap
    (cd python && maturin develop --release)      # into the venv that runs this script
    .venv/bin/python python/bench.py [--spark] [--runs N]

Rows: the CLI on one core (JSON Lines in and out, and Parquet in and out), `parse_arrow`
on one core, `parse_many` on one core, and with --spark `mentionmap.spark.geoparse` on a
`local[2]` session beside the CLI on two cores. The paths take turns, --runs rounds, and
each row is its best run (wall clock), so other work on a shared machine counts as little
as it can. Speed goals are
checked here, never in the tests.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

import mentionmap

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "ukraine-war-news.jsonl"
CLI = Path(os.environ.get("MENTIONMAP_CLI", ROOT / "target" / "release" / "mentionmap"))
REPEAT = 4


def best(runs, f):
    """The shortest wall-clock time of `runs` calls of f."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def cli(*args):
    subprocess.run([str(CLI), *map(str, args)], check=True, stdout=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--spark", action="store_true", help="also time Spark local[2]")
    args = parser.parse_args()
    if not CLI.exists():
        sys.exit(f"no CLI at {CLI}: cargo build --release --bin mentionmap")

    lines = [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = [json.loads(line) for line in lines] * REPEAT
    texts = [a["text"] for a in articles]
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    tmp = Path(tempfile.mkdtemp(prefix="mentionmap-bench-"))
    jsonl = tmp / "corpus.jsonl"
    jsonl.write_text("\n".join(lines * REPEAT) + "\n", encoding="utf-8")
    table = pa.table({"id": [f"{i}" for i in range(len(articles))], "text": texts})
    parquet = tmp / "corpus.parquet"
    pq.write_table(table, parquet, row_group_size=512)

    paths = [
        ("CLI, JSON Lines in, JSON Lines out", 1, lambda: cli(
            "parse", "--quiet", "-j", 1, jsonl, "-o", tmp / "out.jsonl")),
        ("CLI, Parquet in, Parquet out", 1, lambda: cli(
            "parse", "--quiet", "-j", 1, parquet, "-f", "parquet", "-o", tmp / "out.parquet")),
        ("parse_arrow(table, threads=1)", 1, lambda: mentionmap.parse_arrow(table, threads=1)),
        ("parse_many(texts, threads=1)", 1, lambda: mentionmap.parse_many(texts, threads=1)),
    ]
    if args.spark:
        paths.append(("CLI, JSON Lines in, JSON Lines out", 2, lambda: cli(
            "parse", "--quiet", "-j", 2, jsonl, "-o", tmp / "out.jsonl")))
    # Round robin, so that a busy minute on the shared machine slows every path alike.
    times = [[] for _ in paths]
    for _ in range(args.runs):
        for (_, _, f), seconds in zip(paths, times):
            seconds.append(best(1, f))
    rows = [
        (name, cores, min(t), megabytes / min(t), len(articles) / min(t))
        for (name, cores, _), t in zip(paths, times)
    ]
    if args.spark:
        seconds = spark_seconds(args.runs, parquet, tmp / "spark-out")
        rows.append(("Spark local[2]: read Parquet, geoparse, write Parquet", 2, seconds,
                     megabytes / seconds, len(articles) / seconds))

    print(f"{len(articles)} articles, {megabytes:.1f} MB of text; best of {args.runs} runs\n")
    print("| path | cores | seconds | MB/s | articles/s |")
    print("|---|---|---|---|---|")
    for name, cores, seconds, mbps, aps in rows:
        print(f"| {name} | {cores} | {seconds:.2f} | {mbps:.2f} | {aps:.0f} |")
    cli_one, arrow_one = rows[0][2], rows[2][2]
    print(f"\nparse_arrow one core / CLI one core: {cli_one / arrow_one:.2f}x the CLI's speed")


def spark_seconds(runs, parquet, out):
    """Best time of a Spark local[2] job over the Parquet corpus (session start excluded)."""
    from pyspark.sql import SparkSession

    import mentionmap.spark

    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.files.maxPartitionBytes", str(2 << 20))
        .getOrCreate()
    )
    try:
        def job():
            df = spark.read.parquet(str(parquet))
            mentionmap.spark.geoparse(df).drop("text").write.mode("overwrite").parquet(str(out))

        job()  # warm-up: starts the Python workers
        return best(runs, job)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
