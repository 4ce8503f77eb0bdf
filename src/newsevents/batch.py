"""A batch run: inputs → articles → coded documents → store, resumable and fault-tolerant.

Bad articles are reported through ``on_error`` and skipped; articles already in the store are
not coded again, so an interrupted run continues where it stopped. Each batch of documents is
written in one transaction: a crash loses at most the batch being coded, never half of one.
An article on which a stage raises (the parse, a coding stage, its write to the store) is
reported through ``on_failure``, recorded in the store's ``failed_articles`` and left out;
the rest of its batch is stored, and a rerun skips it unless asked to retry it.
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
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .actors.memory import USER, ActorMemory
from .errors import ArticleError, InputError, StoreError
from .ingest import iter_articles
from .pipeline import Pipeline, failure
from .store import Store
from .store.sqlite import AddResult, RecodeResult
from .types import Article, Document


@dataclass(slots=True)
class RunSummary:
    """Counts of one run. ``read`` counts items: articles and bad inputs (``skipped``); when
    the run completes, ``read == coded + skipped + already_stored + failed + already_failed``.
    """

    read: int = 0
    coded: int = 0
    skipped: int = 0
    already_stored: int = 0
    events: int = 0
    failed: int = 0
    """Articles a stage failed on in this run (reported, recorded, not stored)."""
    already_failed: int = 0
    """Articles recorded as failed by an earlier run and not retried."""

    @property
    def articles(self) -> int:
        """Articles read (the items that were not bad input)."""
        return self.read - self.skipped

    @property
    def incomplete(self) -> bool:
        """Some item of the inputs is not in the store: bad input, or an article that failed."""
        return bool(self.skipped or self.failed or self.already_failed)

    def __str__(self) -> str:
        text = (
            f"{self.articles} articles read, {self.coded} coded, {self.skipped} skipped "
            f"(bad input), {self.already_stored} already stored, {self.events} events"
        )
        if self.failed:
            text += f", {self.failed} failed"
        if self.already_failed:
            text += f", {self.already_failed} failed before (not retried)"
        return text


def run(
    inputs: Iterable[str | os.PathLike[str]],
    store: Store,
    pipeline: Pipeline,
    *,
    date: dt.date | None = None,
    retry_failed: bool = False,
    on_error: Callable[[InputError], None] | None = None,
    on_failure: Callable[[ArticleError], None] | None = None,
    on_article: Callable[[Article], None] | None = None,
    on_document: Callable[[Document], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> RunSummary:
    """Code ``inputs`` into ``store``; callbacks let a caller report progress and errors.

    ``on_progress(n)`` is called as items are finished, coded or not (already stored, bad
    input, failed), so a progress bar over :func:`~newsevents.ingest.count.count_items` ends
    full. ``on_failure`` sees each article a stage failed on; it is recorded in the store and
    a later run skips it (counted in ``already_failed``) unless ``retry_failed`` is set.
    """
    summary = RunSummary()
    done = on_progress if on_progress is not None else (lambda _n: None)
    settings = pipeline.settings
    batch_size = settings.batch_size
    memory = pipeline.memory
    if memory is not None:  # what earlier runs learned resolves names in this one
        load_memory(store, memory)
    # The coder reads ahead of the writes, and the same article twice in the input must not be
    # coded (and learned from) twice: ids handed to the coder stay ``in_flight`` until a flush
    # asks the store after their batch was ``written``.
    in_flight: set[str] = set()
    written: set[str] = set()

    failures: list[ArticleError] = []

    def failed(error: ArticleError) -> None:
        summary.failed += 1
        failures.append(error)
        written.add(error.doc_id)  # out of flight: a repeat counts as failed before
        done(1)
        if on_failure is not None:
            on_failure(error)

    def fresh_articles() -> Iterator[Article]:
        pending: list[Article] = []

        def flush() -> Iterator[Article]:
            in_flight.difference_update(written)
            written.clear()
            ids = [a.id for a in pending]
            known = store.known_documents(ids)
            failed_before = set() if retry_failed else store.failed_documents(ids)
            for article in pending:
                if article.id in known or article.id in in_flight:
                    summary.already_stored += 1
                    done(1)
                elif article.id in failed_before:
                    summary.already_failed += 1
                    done(1)
                else:
                    in_flight.add(article.id)
                    yield article
            pending.clear()

        items = iter_articles(inputs, date=date, max_bytes=settings.max_article_bytes)
        for item in items:
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
        lost = _write(store, batch, summary, failed)
        _record(store, failures)
        if memory is not None and lost:
            memory.clear()  # it learned from codings the store did not keep
            load_memory(store, memory)

    for doc in pipeline.pipe(fresh_articles(), on_failure=failed):
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


def _write(
    store: Store,
    batch: list[Document],
    summary: RunSummary,
    failed: Callable[[ArticleError], None],
) -> int:
    """Store ``batch`` in one transaction; if that fails because of a document, store the
    others one by one and report the ones that cannot be stored. Returns how many documents
    of the batch were not stored by this call (already stored, or refused)."""
    if not batch:
        return 0
    before = summary.coded
    try:
        _count(summary, store.add_documents(batch))
    except Exception as exc:
        if _store_at_fault(exc):
            raise
        refused: list[tuple[Document, Exception]] = []
        for doc in batch:
            try:
                _count(summary, store.add_documents([doc]))
            except Exception as alone:
                if _store_at_fault(alone):
                    raise
                refused.append((doc, alone))
        if len(refused) == len(batch) > 1:
            raise  # every document fails alone too: the store, not the batch, is broken
        for doc, error in refused:
            failed(failure(doc.article, "store", error))
    finally:
        size = len(batch)
        batch.clear()
    return size - (summary.coded - before)


def _count(summary: RunSummary, result: AddResult) -> None:
    summary.coded += result.documents_added
    summary.already_stored += result.documents_skipped
    summary.events += result.events_added


def _store_at_fault(exc: BaseException) -> bool:
    """A write that fails for every document alike: the database is locked, full,
    read-only or closed, or the disk fails (not an article the store cannot take)."""
    if isinstance(exc, StoreError):
        cause = exc.__cause__
        return cause is None or isinstance(cause, sqlite3.OperationalError)
    return isinstance(exc, OSError)


def _record(store: Store, failures: list[ArticleError]) -> None:
    if failures:
        store.record_failures(failures)
        failures.clear()


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
    reviews_reattached: int = 0
    reviews_orphaned: int = 0

    def __str__(self) -> str:
        text = (
            f"{self.documents} articles recoded, {self.events_before} events replaced by "
            f"{self.events_after}"
        )
        if self.reviews_orphaned:
            text += f"; {self.reviews_orphaned} reviews orphaned (their event is gone)"
        return text


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
    summary.reviews_reattached += result.reviews_reattached
    summary.reviews_orphaned += result.reviews_orphaned
