"""A batch run: inputs → articles → coded documents → store, resumable and fault-tolerant.

Bad articles are reported through ``on_error`` and skipped; articles already in the store are
not coded again, so an interrupted run continues where it stopped. Each batch of documents is
written in one transaction: a crash loses at most the batch being coded, never half of one.
When the pipeline has an actor memory, it starts with what the store knows and learns from
each document as it is coded, so "Belousov said" in article 900 resolves through article 12.
At every batch boundary the memory holds exactly what the store records, so a run resumed
there codes the rest as the uninterrupted run did: an article is coded once even when the
input repeats it before its first copy is written, and when the store refuses a document
(another writer stored it first) the memory is loaded again from the store.

:func:`recode` codes stored articles again (after an actor is corrected, or with a new coder)
and replaces what the store holds for them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .actors.memory import USER, ActorMemory
from .errors import InputError, StoreError
from .ingest import iter_articles
from .pipeline import Pipeline
from .store import Store
from .store.sqlite import AddResult, RecodeResult
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
        load_memory(store, memory)

    # The coder reads ahead of the writes, and the same article twice in the input must not be
    # coded (and learned from) twice: ids handed to the coder stay ``in_flight`` until a flush
    # asks the store after their batch was ``written``.
    in_flight: set[str] = set()
    written: set[str] = set()

    def fresh_articles() -> Iterator[Article]:
        pending: list[Article] = []

        def flush() -> Iterator[Article]:
            in_flight.difference_update(written)
            written.clear()
            known = store.known_documents(a.id for a in pending)
            for article in pending:
                if article.id in known or article.id in in_flight:
                    summary.already_stored += 1
                    done(1)
                else:
                    in_flight.add(article.id)
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

    def write() -> None:
        written.update(doc.id for doc in batch)
        result = _write(store, batch, summary)
        if memory is not None and result is not None and result.documents_skipped:
            memory.clear()  # it learned from codings the store did not keep
            load_memory(store, memory)

    for doc in pipeline.pipe(fresh_articles()):
        if memory is not None:
            memory.learn(doc)  # the store records the same when the batch is written
        batch.append(doc)
        if on_document is not None:
            on_document(doc)
        done(1)
        if len(batch) >= batch_size:
            write()
    write()
    return summary


def _write(store: Store, batch: list[Document], summary: RunSummary) -> AddResult | None:
    if not batch:
        return None
    result = store.add_documents(batch)
    summary.coded += result.documents_added
    summary.already_stored += result.documents_skipped
    summary.events += result.events_added
    batch.clear()
    return result


def load_memory(store: Store, memory: ActorMemory) -> None:
    """Give ``memory`` what ``store`` knows: users' entries and every sighting, so what a run
    learns is weighed against all the evidence, as the store weighs it."""
    memory.update(store.known_actors(source=USER))
    memory.add(store.actor_sightings())


@dataclass(slots=True)
class RecodeSummary:
    """Counts of one :func:`recode`: articles coded again, and their events before and after."""

    documents: int = 0
    events_before: int = 0
    events_after: int = 0

    def __str__(self) -> str:
        return (
            f"{self.documents} articles recoded, {self.events_before} events replaced by "
            f"{self.events_after}"
        )


def recode(
    store: Store,
    pipeline: Pipeline,
    doc_ids: Iterable[str] | None = None,
    *,
    on_progress: Callable[[int], None] | None = None,
) -> RecodeSummary:
    """Code stored articles again and replace their events, mentions and sightings.

    ``doc_ids`` are the articles to code again, in that order (see
    :meth:`Store.documents_naming` for those that name an actor); ``None`` means every stored
    article, in the order they were stored, with the memory learned again from scratch
    (users' entries stay), so the store ends as a fresh ingest of the same articles would
    leave it, with the users' corrections. With an actor memory, the pipeline's memory gets
    what the store knows and learns from each re-coded article. Each batch is one transaction
    (:meth:`Store.replace_documents`); an interrupted recode can simply be run again.
    """
    done = on_progress if on_progress is not None else (lambda _n: None)
    memory = pipeline.memory
    if doc_ids is None:
        ids = store.document_ids()
        if memory is not None:
            store.forget_learned_actors()
    else:
        ids = list(dict.fromkeys(doc_ids))
    if memory is not None:
        load_memory(store, memory)
    summary = RecodeSummary()

    def articles() -> Iterator[Article]:
        for doc_id in ids:
            article = store.document(doc_id)
            if article is None:
                raise StoreError(f"{store.path}: document {doc_id!r} is not stored")
            yield article

    batch: list[Document] = []

    def write() -> None:
        if batch:
            _add(summary, store.replace_documents(batch))
            done(len(batch))
            batch.clear()

    for doc in pipeline.pipe(articles()):
        if memory is not None:
            memory.learn(doc)  # the store records the same when the batch is written
        batch.append(doc)
        if len(batch) >= pipeline.settings.batch_size:
            write()
    write()
    return summary


def _add(summary: RecodeSummary, result: RecodeResult) -> None:
    summary.documents += result.documents
    summary.events_before += result.events_before
    summary.events_after += result.events_after
