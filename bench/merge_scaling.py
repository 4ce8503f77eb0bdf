"""Storing many near-identical events: time per event as an article grows.

    python bench/merge_scaling.py [--sizes 1000 2000 4000] [--rounds 3]

An article of "Russia attacked Ukraine. " repeated n times codes to n events that all merge
into one (same dyad, type, date and place). Each size is coded once; then, ``--rounds``
times, a fresh store on disk adds the document (``Store.add_documents``: rows, actors and the
merge, in one transaction) and the merge is rebuilt alone (``Store.remerge``). The figures
are medians, in milliseconds per event, with their ratio to the smallest size of the same
run: a ratio near 1 is a linear cost, near 2 at twice the size a quadratic one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

from newsevents import Article, Pipeline, Settings, Store
from newsevents.types import Document

SENTENCE = "Russia attacked Ukraine. "


def store_once(doc: Document, folder: Path) -> tuple[float, float]:
    """Seconds to add ``doc`` to a fresh store, then to rebuild its merged events alone."""
    path = folder / f"bench-{time.perf_counter_ns()}.db"
    with Store(path) as store:
        start = time.perf_counter()
        store.add_documents([doc])
        added = time.perf_counter() - start
        start = time.perf_counter()
        store.remerge()
        merged = time.perf_counter() - start
    for leftover in folder.glob(path.name + "*"):
        leftover.unlink()
    return added, merged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)

    pipeline = Pipeline(Settings(max_chars=len(SENTENCE) * max(args.sizes)))
    pipeline(Article(id="warm-up", date=dt.date(2024, 3, 1), text=SENTENCE))  # loads the models
    print(
        f"{'size':>6} {'events':>7} {'coding s':>9} {'add ms/ev':>10} {'ratio':>6} "
        f"{'merge ms/ev':>12} {'ratio':>6}"
    )
    base: tuple[float, float] | None = None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for size in args.sizes:
            article = Article(id=f"x{size}", date=dt.date(2024, 3, 1), text=SENTENCE * size)
            start = time.perf_counter()
            doc = pipeline(article)
            coding = time.perf_counter() - start
            n = len(doc.events)
            if n == 0:
                print(f"{size:>6}: no events coded", file=sys.stderr)
                return 1
            if base is None:  # untimed: the first store pays for imports and caches
                store_once(doc, folder)
            runs = [store_once(doc, folder) for _ in range(args.rounds)]
            added = statistics.median(r[0] for r in runs) / n * 1000
            merged = statistics.median(r[1] for r in runs) / n * 1000
            if base is None:
                base = (added, merged)
            print(
                f"{size:>6} {n:>7} {coding:>9.2f} {added:>10.3f} {added / base[0]:>6.2f} "
                f"{merged:>12.3f} {merged / base[1]:>6.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
