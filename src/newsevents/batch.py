"""A batch run: inputs → articles → coded documents → store, resumable and fault-tolerant.

Bad articles are reported through ``on_error`` and skipped; articles already in the store are
not coded again, so an interrupted run continues where it stopped. Each batch of documents is
written in one transaction: a crash loses at most the batch being coded, never half of one.
When the pipeline has an actor memory, it starts with what the store knows and learns from
each document as it is coded, so "Belousov said" in article 900 resolves through article 12.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .errors import InputError
from .ingest import iter_articles
from .pipeline import Pipeline
from .store import Store
from .types import Article, Document


@dataclass(slots=True)
class RunSummary:
    """Counts of one run; ``read == coded + skipped + already_stored`` when it completes."""

    read: int = 0
    coded: int = 0
    skipped: int = 0
    already_stored: int = 0
    events: int = 0

    def __str__(self) -> str:
        return (
            f"{self.read} articles read, {self.coded} coded, {self.skipped} skipped "
            f"(bad input), {self.already_stored} already stored, {self.events} events"
        )


def run(
    inputs: Iterable[str | os.PathLike[str]],
    store: Store,
    pipeline: Pipeline,
    *,
    date: dt.date | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_article: Callable[[Article], None] | None = None,
    on_document: Callable[[Document], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> RunSummary:
    """Code ``inputs`` into ``store``; callbacks let a caller report progress and errors.

    ``on_progress(n)`` is called as items are finished, coded or not (already stored, bad
    input), so a progress bar over :func:`~newsevents.ingest.count.count_items` ends full.
    """
    summary = RunSummary()
    done = on_progress if on_progress is not None else (lambda _n: None)
    batch_size = pipeline.settings.batch_size
    memory = pipeline.memory
    if memory is not None:  # what earlier runs learned resolves names in this one
        memory.update(store.known_actors())

    def fresh_articles() -> Iterator[Article]:
        pending: list[Article] = []

        def flush() -> Iterator[Article]:
            known = store.known_documents(a.id for a in pending)
            for article in pending:
                if article.id in known:
                    summary.already_stored += 1
                    done(1)
                else:
                    known.add(article.id)  # the same article twice in one input
                    yield article
            pending.clear()

        for item in iter_articles(inputs, date=date):
            summary.read += 1
            if isinstance(item, InputError):
                summary.skipped += 1
                done(1)
                if on_error is not None:
                    on_error(item)
                continue
            if on_article is not None:
                on_article(item)
            pending.append(item)
            if len(pending) >= batch_size:
                yield from flush()
        yield from flush()

    batch: list[Document] = []
    for doc in pipeline.pipe(fresh_articles()):
        if memory is not None:
            memory.learn(doc)  # the store records the same when the batch is written
        batch.append(doc)
        if on_document is not None:
            on_document(doc)
        done(1)
        if len(batch) >= batch_size:
            _write(store, batch, summary)
    _write(store, batch, summary)
    return summary


def _write(store: Store, batch: list[Document], summary: RunSummary) -> None:
    if not batch:
        return
    result = store.add_documents(batch)
    summary.coded += result.documents_added
    summary.already_stored += result.documents_skipped
    summary.events += result.events_added
    batch.clear()
