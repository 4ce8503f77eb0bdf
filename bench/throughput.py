"""Throughput of the full coder against raw spaCy ``nlp.pipe`` on the same texts, same run.

    python bench/throughput.py [--n 200] [--corpus ../shared/corpus/timeline17.jsonl.gz]

Prints words/s and articles/s of (1) raw ``nlp.pipe`` over the article texts and (2) the
``newsevents`` pipeline (parse + actors + events), their ratio, and peak memory (RSS) of
this process. Machines here are shared and noisy: compare the ratio, not absolute rates; the
order of the two runs alternates over ``--rounds`` to spread drift evenly.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import statistics
import sys
import time
from pathlib import Path

from newsevents import Settings, read_articles
from newsevents.nlp.model import load_model
from newsevents.pipeline import Pipeline
from newsevents.types import Article

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "timeline17.jsonl.gz"


def load(corpus: Path, n: int) -> list[Article]:
    items = read_articles([corpus])
    return [a for a in itertools.islice(items, n * 2) if isinstance(a, Article)][:n]


def raw_spacy(nlp: object, texts: list[str], batch_size: int) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):  # type: ignore[attr-defined]
        pass
    return time.perf_counter() - start


def full_pipeline(pipeline: Pipeline, articles: list[Article]) -> tuple[float, int]:
    start = time.perf_counter()
    events = sum(len(doc.events) for doc in pipeline.pipe(articles))
    return time.perf_counter() - start, events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--n", type=int, default=200, help="number of articles")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=Settings().batch_size)
    args = parser.parse_args()

    articles = load(args.corpus, args.n)
    settings = Settings(batch_size=args.batch_size)
    pipeline = Pipeline(settings)
    texts = [a.text[: settings.max_chars] for a in articles]
    words = sum(len(t.split()) for t in texts)
    nlp = load_model(settings.model)  # the very model object the pipeline uses
    raw_spacy(nlp, texts[:5], args.batch_size)  # warm-up
    full_pipeline(pipeline, articles[:5])

    raw_times: list[float] = []
    full_times: list[float] = []
    events = 0
    for r in range(args.rounds):
        order = ("raw", "full") if r % 2 == 0 else ("full", "raw")
        for which in order:
            if which == "raw":
                raw_times.append(raw_spacy(nlp, texts, args.batch_size))
            else:
                seconds, events = full_pipeline(pipeline, articles)
                full_times.append(seconds)
    raw_s, full_s = statistics.median(raw_times), statistics.median(full_times)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(
        f"corpus: {args.corpus.name}, {len(articles)} articles, {words} words, rounds {args.rounds}"
    )
    print(f"{'':22s}{'seconds':>10s}{'words/s':>12s}{'articles/s':>12s}")
    row = "{:22s}{:10.2f}{:12.0f}{:12.2f}"
    n = len(articles)
    print(row.format("raw spaCy nlp.pipe", raw_s, words / raw_s, n / raw_s))
    print(row.format("newsevents pipeline", full_s, words / full_s, n / full_s))
    print(f"ratio (pipeline / raw words/s): {raw_s / full_s:.3f}")
    print(f"events: {events} ({events / len(articles):.2f} per article)")
    print(f"peak memory (RSS): {peak_mb:.0f} MB")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
