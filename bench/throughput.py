"""Throughput of the full coder against raw spaCy ``nlp.pipe`` on the same texts, same run.

    python bench/throughput.py [--n 200] [--skip 0] [--workers 2] [--corpus FILE]
                               [--batch-words 4000] [--events-out FILE]

Prints words/s and articles/s of raw ``nlp.pipe`` over the article texts (the baseline, in
batches of ``--batch-size`` texts), of raw ``nlp.pipe`` in batches of about ``--batch-words``
words (as the parser batches), of the ``newsevents`` pipeline (parse + every stage) parsing
every sentence, and of the pipeline with the screen on (only sentences that can hold an event
are parsed), each as a ratio to the baseline; with ``--workers N`` also raw spaCy and the
screened pipeline in N processes. Then the events the screen costs: events of the full parse
missing from the screened run (same article, trigger offset and CAMEO code), and those found
with other actors or mode. ``--events-out`` writes both runs' events as JSON, to compare the
coding of two versions.

Machines here are shared and noisy: compare ratios, not absolute rates; the order of the runs
alternates over ``--rounds`` to spread drift evenly. Single-process runs are also timed in CPU
seconds of this process (``x raw cpu``), which other work on the machine disturbs far less
than wall-clock time; runs in several processes have wall-clock time only.
"""

from __future__ import annotations

import argparse
import itertools
import json
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


#: Wall-clock and CPU seconds of this process.
Seconds = tuple[float, float]


def _clock() -> Seconds:
    return time.perf_counter(), time.process_time()


def _since(start: Seconds) -> Seconds:
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


def raw_spacy(nlp: object, texts: list[str], batch_size: int, n_process: int = 1) -> Seconds:
    start = _clock()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):  # type: ignore[attr-defined]
        pass
    return _since(start)


def raw_spacy_by_words(nlp: object, texts: list[str], words: int) -> Seconds:
    """Raw ``nlp.pipe`` over batches of about ``words`` words, one spaCy batch each."""
    start = _clock()
    batch: list[str] = []
    total = 0
    for i, text in enumerate(texts):
        batch.append(text)
        total += len(text.split())
        if total >= words or i == len(texts) - 1:
            for _ in nlp.pipe(batch, batch_size=len(batch)):  # type: ignore[attr-defined]
                pass
            batch, total = [], 0
    return _since(start)


def full_pipeline(pipeline: Pipeline, articles: list[Article]) -> tuple[Seconds, list[Document]]:
    start = _clock()
    docs = list(pipeline.pipe(articles))
    return _since(start), docs


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
        "--batch-words", type=int, default=4000, help="words per batch of the raw word-batch run"
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="also time N processes (raw and screened)"
    )
    parser.add_argument("--events-out", type=Path, help="write the events of both runs (JSON)")
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

    runs: dict[str, Callable[[], Seconds]] = {
        "raw spaCy nlp.pipe": lambda: raw_spacy(nlp, texts, args.batch_size),
        f"raw spaCy, {args.batch_words}-word batches": lambda: raw_spacy_by_words(
            nlp, texts, args.batch_words
        ),
    }
    docs: dict[str, list[Document]] = {}

    def timed_pipeline(name: str, pipeline: Pipeline) -> Callable[[], Seconds]:
        def run() -> Seconds:
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

    times: dict[str, list[Seconds]] = {name: [] for name in runs}
    for r in range(args.rounds):  # alternate the order to spread the machine's drift evenly
        order = list(runs) if r % 2 == 0 else list(reversed(runs))
        for name in order:
            times[name].append(runs[name]())
    wall = {name: statistics.median(w for w, _ in t) for name, t in times.items()}
    cpu = {name: statistics.median(c for _, c in t) for name, t in times.items()}
    baseline, baseline_cpu = wall["raw spaCy nlp.pipe"], cpu["raw spaCy nlp.pipe"]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(
        f"corpus: {args.corpus.name}, skip {args.skip}, {len(articles)} articles, {words} words, "
        f"rounds {args.rounds}, batch size {args.batch_size}"
    )
    print(
        f"{'':40s}{'seconds':>9s}{'words/s':>9s}{'articles/s':>11s}{'x raw':>7s}"
        f"{'cpu s':>8s}{'x raw cpu':>10s}"
    )
    for name, seconds in wall.items():
        several = "processes" in name or "workers" in name  # CPU time of this process only
        cpu_columns = "" if several else f"{cpu[name]:8.2f}{baseline_cpu / cpu[name]:10.2f}"
        print(
            f"{name:40s}{seconds:9.2f}{words / seconds:9.0f}{len(articles) / seconds:11.2f}"
            f"{baseline / seconds:7.2f}{cpu_columns}"
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
    if args.events_out is not None:
        args.events_out.write_text(
            json.dumps(
                {
                    name: sorted([*key, *value] for key, value in _events(docs[name]).items())
                    for name in ("every sentence", "screened")
                }
            ),
            encoding="utf-8",
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
