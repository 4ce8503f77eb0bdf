"""What keeping the dyad index and counts (``newsevents.store.rollup``) costs a write.

    python bench/rollup_cost.py [--documents 2000] [--events 10] [--batch 100] [--rounds 3]

Stores the same synthetic documents (``--events`` events each, compound actor codes, some
reciprocal and multi-actor events) into a fresh store on disk, in ``Store.add_documents``
calls of ``--batch`` documents, then recodes a tenth of them (``Store.replace_documents``),
once with the upkeep and once without it (the tables stay empty), alternating ``--rounds``
times so that drift on a shared machine spreads over both. Prints the medians per document
and their ratio, measured in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newsevents import Store
from newsevents.types import Actor, Article, Document, Event, Mode, Precision, Span, TimeRef

CODES = (
    ("RUS", ()), ("RUSGOV", ("GOV",)), ("RUSMIL", ("MIL",)), ("UKR", ()), ("UKRMIL", ("MIL",)),
    ("CHN", ()), ("CHNGOV", ("GOV",)), ("USA", ()), ("USAGOV", ("GOV",)), ("IRN", ()),
    ("ISR", ()), ("ISRMIL", ("MIL",)), ("PSE", ()), ("TUR", ()), ("SYRREB", ("REB",)),
)  # fmt: skip


def _actor(rng: random.Random, at: int) -> Actor:
    code, sectors = rng.choice(CODES)
    return Actor(code, code, code, code[:3], sectors, at, at + 3, "gazetteer")


def _event(rng: random.Random, doc_id: str, index: int, day: dt.date) -> Event:
    sources = tuple(_actor(rng, 10 * k) for k in range(rng.choice((1, 1, 1, 2))))
    targets = tuple(_actor(rng, 100 + 10 * k) for k in range(rng.choice((0, 1, 1, 1))))
    reciprocal = len(sources) == 2 and rng.random() < 0.3
    if reciprocal:
        targets = sources
    start = day - dt.timedelta(days=rng.randrange(7))
    return Event(
        doc_id=doc_id,
        doc_date=day,
        sentence_index=index,
        source=sources[0],
        target=(sources[1] if reciprocal else targets[0]) if targets else None,
        sources=sources,
        targets=targets,
        reciprocal=reciprocal,
        cameo="042",
        cameo_name="Make a visit",
        plover=rng.choice(("CONSULT", "ASSAULT", "AID")),
        quad_class=rng.randrange(5),
        goldstein=rng.randrange(-100, 101) / 10,
        event_date=TimeRef(start, start, Precision.DAY, ""),
        evidence=Span("text", 0, 4),
        trigger=Span("met", 0, 3),
        mode=rng.choice((Mode.ASSERTED, Mode.ASSERTED, Mode.REPORTED, Mode.NEGATED)),
        confidence=0.9,
    )


def documents(n: int, events: int, seed: int) -> list[Document]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        day = dt.date(2015, 1, 1) + dt.timedelta(days=i * 3650 // n)
        article = Article(id=f"d{i}", date=day, text="text")
        found = tuple(_event(rng, article.id, k, day) for k in range(events))
        out.append(Document(article=article, events=found))
    return out


@contextmanager
def upkeep(enabled: bool) -> Iterator[None]:
    """Without upkeep, the store writes as one of schema 12 would (the tables stay empty)."""
    original = Store.has_rollups
    if not enabled:
        Store.has_rollups = property(lambda self: False)  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        Store.has_rollups = original  # type: ignore[method-assign]


def once(docs: list[Document], recoded: list[Document], batch: int, folder: Path) -> list[float]:
    """Seconds to add every document in batches, then to recode ``recoded``."""
    path = folder / f"bench-{time.perf_counter_ns()}.db"
    with Store(path) as store:
        start = time.perf_counter()
        for i in range(0, len(docs), batch):
            store.add_documents(docs[i : i + batch])
        added = time.perf_counter() - start
        start = time.perf_counter()
        store.replace_documents(recoded)
        replaced = time.perf_counter() - start
    for leftover in folder.glob(path.name + "*"):
        leftover.unlink()
    return [added, replaced]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--events", type=int, default=10)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    docs = documents(args.documents, args.events, 1)
    again = documents(args.documents, args.events, 2)[::10]
    timings: dict[bool, list[list[float]]] = {True: [], False: []}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.rounds):
            for enabled in (False, True):
                with upkeep(enabled):
                    timings[enabled].append(once(docs, again, args.batch, Path(tmp)))
    print(
        f"{args.documents} documents of {args.events} events, batches of {args.batch}, "
        f"{len(again)} recoded; median of {args.rounds} rounds (ms per document)"
    )
    print(f"  {'':12s}{'without':>10s}{'with':>10s}{'ratio':>8s}")
    for k, (what, n) in enumerate((("add", len(docs)), ("recode", len(again)))):
        without = statistics.median(t[k] for t in timings[False]) / n * 1000
        with_ = statistics.median(t[k] for t in timings[True]) / n * 1000
        print(f"  {what:12s}{without:>10.2f}{with_:>10.2f}{with_ / without:>8.2f}")


if __name__ == "__main__":
    main()
