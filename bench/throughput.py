"""Throughput of the full coder against raw spaCy ``nlp.pipe`` on the same texts, same run.

    python bench/throughput.py [--n 200] [--skip 0] [--workers 2] [--corpus FILE]

Prints words/s and articles/s of raw ``nlp.pipe`` over the article texts (the baseline), of
the ``newsevents`` pipeline (parse + every stage) parsing every sentence, and of the pipeline
with the screen on (only sentences that can hold an event are parsed), each as a ratio to the
baseline; with ``--workers N`` also raw spaCy and the screened pipeline in N processes. Then
the events the screen costs: events of the full parse missing from the screened run (same
article, trigger offset and CAMEO code), and those found with other actors or mode. Machines
here are shared and noisy: compare ratios, not absolute rates; the order of the runs
alternates over ``--rounds`` to spread drift evenly.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from newsevents import Settings, read_articles
from newsevents.nlp.model import load_model
from newsevents.pipeline import Pipeline
from newsevents.types import Article, Document

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "timeline17.jsonl.gz"


def load(corpus: Path, n: int, skip: int = 0) -> list[Article]:
    items = (a for a in read_articles([corpus]) if isinstance(a, Article))
    return list(itertools.islice(items, skip, skip + n))


def raw_spacy(nlp: object, texts: list[str], batch_size: int, n_process: int = 1) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):  # type: ignore[attr-defined]
        pass
    return time.perf_counter() - start


def full_pipeline(pipeline: Pipeline, articles: list[Article]) -> tuple[float, list[Document]]:
    start = time.perf_counter()
    docs = list(pipeline.pipe(articles))
    return time.perf_counter() - start, docs


Key = tuple[str, int, str]


def _events(docs: list[Document]) -> dict[Key, tuple[object, ...]]:
    """Events by (article, trigger offset, CAMEO code) -> (source, target, mode)."""
    return {
        (e.doc_id, e.trigger.start, e.cameo): (
            e.source.code if e.source else None,
            e.target.code if e.target else None,
            e.mode,
        )
        for doc in docs
        for e in doc.events
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--n", type=int, default=200, help="number of articles")
    parser.add_argument("--skip", type=int, default=0, help="articles to skip first")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=Settings().batch_size)
    parser.add_argument(
        "--workers", type=int, default=1, help="also time N processes (raw and screened)"
    )
    args = parser.parse_args()

    articles = load(args.corpus, args.n, args.skip)
    base = Settings(batch_size=args.batch_size)
    pipelines = {
        "every sentence": Pipeline(base.replace(screen=False)),
        "screened": Pipeline(base.replace(screen=True)),
        # The learned type layer reads every sentence that holds an event (docs/types.md).
        "screened, no type classifier": Pipeline(base.replace(screen=True, learned_types=False)),
    }
    texts = [a.text[: base.max_chars] for a in articles]
    words = sum(len(t.split()) for t in texts)
    nlp = load_model(base.model)  # the very model object the pipelines use
    raw_spacy(nlp, texts[:5], args.batch_size)  # warm-up
    for pipeline in pipelines.values():
        full_pipeline(pipeline, articles[:5])

    runs: dict[str, Callable[[], float]] = {
        "raw spaCy nlp.pipe": lambda: raw_spacy(nlp, texts, args.batch_size)
    }
    docs: dict[str, list[Document]] = {}

    def timed_pipeline(name: str, pipeline: Pipeline) -> Callable[[], float]:
        def run() -> float:
            seconds, docs[name] = full_pipeline(pipeline, articles)
            return seconds

        return run

    for name, pipeline in pipelines.items():
        runs[f"pipeline, {name}"] = timed_pipeline(name, pipeline)
    if args.workers > 1:
        w = args.workers
        runs[f"raw spaCy, {w} processes"] = lambda: raw_spacy(nlp, texts, args.batch_size, w)
        runs[f"pipeline, screened, {w} workers"] = timed_pipeline(
            f"screened x{w}", Pipeline(base.replace(screen=True, workers=w))
        )

    times: dict[str, list[float]] = {name: [] for name in runs}
    for r in range(args.rounds):  # alternate the order to spread the machine's drift evenly
        order = list(runs) if r % 2 == 0 else list(reversed(runs))
        for name in order:
            times[name].append(runs[name]())
    median = {name: statistics.median(t) for name, t in times.items()}
    baseline = median["raw spaCy nlp.pipe"]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(
        f"corpus: {args.corpus.name}, {len(articles)} articles, {words} words, "
        f"rounds {args.rounds}, batch size {args.batch_size}"
    )
    print(f"{'':36s}{'seconds':>9s}{'words/s':>10s}{'articles/s':>12s}{'x raw':>8s}")
    for name, seconds in median.items():
        print(
            f"{name:36s}{seconds:9.2f}{words / seconds:10.0f}{len(articles) / seconds:12.2f}"
            f"{baseline / seconds:8.2f}"
        )
    every, screened = _events(docs["every sentence"]), _events(docs["screened"])
    lost = every.keys() - screened.keys()
    changed = [k for k in every.keys() & screened.keys() if every[k] != screened[k]]
    kept = [pipelines["screened"].parser.screen(t) for t in texts]
    share = sum(k.kept_words for k in kept) / max(1, sum(k.words for k in kept))
    n = max(1, len(every))
    print(f"screen: {share:.1%} of words parsed")
    print(
        f"events: {len(every)} parsing every sentence, {len(screened)} screened; "
        f"lost {len(lost)} ({len(lost) / n:.2%}), new {len(screened.keys() - every.keys())}, "
        f"same trigger and code with other actors or mode {len(changed)} ({len(changed) / n:.2%})"
    )
    print(f"peak memory (RSS) of this process: {peak_mb:.0f} MB")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
