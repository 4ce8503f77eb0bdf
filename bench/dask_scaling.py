"""Throughput of a single-process ``batch.run`` against distributed runs on a Dask LocalCluster.

    python bench/dask_scaling.py [--n 200] [--corpus ../shared/corpus/timeline17.jsonl.gz]
                                [--workers 1 2]

The first N readable articles of the corpus are written to one uncompressed JSON Lines file
(so a distributed run can split it into byte ranges), then coded into fresh stores: once by
``batch.run`` in this process, and once per ``--workers`` count by ``run_distributed`` on a
LocalCluster of that many worker processes (one thread each). Prints seconds, articles/s and
words/s of each, and each rate as a ratio to the single-process baseline measured in the same
run. Every coder is warmed up first (model loaded, one article coded), and cluster start-up is
reported separately, not timed in the rates. The distributed time includes writing the Parquet
parts and merging them into the store. Machines here are shared and noisy: compare the ratios.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
import tempfile
import time
from pathlib import Path

from newsevents import ActorMemory, Settings, Store, batch, read_articles
from newsevents.distributed import run_distributed
from newsevents.distributed.cluster import connect, parse_scheduler
from newsevents.distributed.worker import warm_up
from newsevents.pipeline import Pipeline
from newsevents.types import Article

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "timeline17.jsonl.gz"
#: Tasks per worker: enough to balance uneven article lengths, few enough to keep overheads low.
TASKS_PER_WORKER = 4


def load(corpus: Path, n: int) -> list[Article]:
    items = read_articles([corpus])
    return [a for a in itertools.islice(items, n * 2) if isinstance(a, Article)][:n]


def write_jsonl(articles: list[Article], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for a in articles:
            record = {"id": a.id, "date": a.date.isoformat(), "title": a.title, "text": a.text}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def single_process(corpus: Path, db: Path, settings: Settings) -> tuple[float, int]:
    pipeline = Pipeline(settings, memory=ActorMemory() if settings.actor_memory else None)
    warm_up(settings)  # the same model and tables (cached per process)
    start = time.perf_counter()
    with Store(db) as store:
        summary = batch.run([corpus], store, pipeline)
    return time.perf_counter() - start, summary.coded


def distributed(
    corpus: Path, work: Path, settings: Settings, workers: int
) -> tuple[float, float, int]:
    started = time.perf_counter()
    with connect(parse_scheduler(f"local:{workers}")) as client:
        client.run(warm_up, settings)  # load the model in every worker before timing
        startup = time.perf_counter() - started
        chunk = max(1, math.ceil(corpus.stat().st_size / (workers * TASKS_PER_WORKER)))
        start = time.perf_counter()
        with Store(work / f"dask-{workers}.db") as store:
            summary = run_distributed(
                [corpus],
                store,
                settings,
                client=client,
                parts_dir=work / f"dask-{workers}.parts",
                chunk_bytes=chunk,
            )
        return time.perf_counter() - start, startup, summary.coded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--n", type=int, default=200, help="number of articles")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()

    settings = Settings()
    articles = load(args.corpus, args.n)
    words = sum(len(a.text[: settings.max_chars].split()) for a in articles)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        corpus = work / "articles.jsonl"
        write_jsonl(articles, corpus)
        rows: list[tuple[str, float, int, str]] = []
        base_s, coded = single_process(corpus, work / "single.db", settings)
        rows.append(("batch.run, 1 process", base_s, coded, ""))
        for n in args.workers:
            seconds, startup, coded = distributed(corpus, work, settings, n)
            rows.append((f"Dask LocalCluster, {n}", seconds, coded, f"{startup:.1f}"))

    print(f"corpus: {args.corpus.name}, {len(articles)} articles, {words} words")
    print(
        f"{'':24s}{'seconds':>9s}{'articles/s':>12s}{'words/s':>10s}"
        f"{'ratio':>8s}{'start-up s':>12s}"
    )
    for name, seconds, coded, startup in rows:
        ratio = base_s / seconds
        print(
            f"{name:24s}{seconds:9.2f}{coded / seconds:12.2f}{words / seconds:10.0f}"
            f"{ratio:8.2f}{startup:>12s}"
        )
    print("ratio: rate / the single-process rate of this run (words/s and articles/s alike)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
