"""The task a Dask worker runs: code one partition of the input into the parts folder.

A worker process builds its coder once per settings value (:func:`newsevents.pipeline.
shared_pipeline`) and keeps it for every later task, so the spaCy model loads once per process.
The actor memory is the snapshot of what the store knew when the run started, the same for
every task; tasks do not learn from each other (they run in any order, on any worker), so each
article is coded the same whatever the partitioning. What the articles teach is stored when
their documents are merged into the store, for later runs.

This module is imported on the workers; it never imports Dask itself.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..actors.memory import ActorMemory, KnownActor
from ..actors.resolve import ActorResolver
from ..errors import InputError, NewsEventsError
from ..ingest.jsonl import read_numbered_jsonl
from ..ingest.messages import describe
from ..ingest.reader import format_of, read_stream
from ..pipeline import Pipeline, shared_pipeline
from ..settings import Settings
from ..store.export import write_event_dataset
from ..types import Article, Document, Event
from .parts import PartsDir, TaskResult
from .plan import LineRange, Piece, Task, iter_range_lines


class TaskError(NewsEventsError):
    """A task cannot run: its input changed after planning, or its output cannot be written."""


@dataclass(frozen=True, slots=True)
class KnownActors:
    """The store's actor memory when the run started, sent once to every worker."""

    token: str
    actors: tuple[KnownActor, ...]


# Per worker process: the coder with the current run's memory, rebuilt only when it changes.
_coders: dict[tuple[Settings, str], Pipeline] = {}


def task_pipeline(settings: Settings, known: KnownActors | None) -> Pipeline:
    """The coder for ``settings`` (and the memory ``known``), built once per process."""
    base = shared_pipeline(settings)
    if known is None:
        return base
    key = (settings, known.token)
    pipeline = _coders.get(key)
    if pipeline is None:
        _coders.clear()  # one run at a time: do not keep earlier memories alive
        memory = ActorMemory(known.actors)
        stages = [
            stage.with_memory(memory) if isinstance(stage, ActorResolver) else stage
            for stage in base.stages
        ]
        pipeline = _coders[key] = Pipeline(settings, stages=stages, memory=memory)
    return pipeline


def warm_up(settings: Settings) -> int:
    """Build the coder for ``settings`` in this process now and code one short article, so
    the model and the tables built on first use are ready before a first task (benchmarks,
    tests). Returns the events of that article."""
    text = "Russia and China held talks in Beijing on Monday."
    article = Article(id="warm-up", date=dt.date(2024, 1, 1), text=text)
    return len(shared_pipeline(settings)(article).events)


def read_piece(piece: Piece, date: dt.date | None) -> Iterator[Article | InputError]:
    """The articles of one piece, and an :class:`InputError` for each bad item, as a
    single-machine run reads them (same origins ``file:line``)."""
    current = _stat(piece)
    if current != (piece.size, piece.mtime_ns):
        raise TaskError(f"{piece.label}: changed since the run was planned; rerun to read it again")
    if piece.whole:
        fmt, gz = format_of(piece.path)
        try:
            raw = open(piece.path, "rb")  # noqa: SIM115 - closed by the with below
        except OSError as exc:
            yield InputError(piece.label, f"cannot read file: {describe(exc)}")
            return
        with raw:
            yield from read_stream(raw, piece.label, fmt, gz, date)
        return
    yield from _read_jsonl_range(piece)


def _stat(piece: Piece) -> tuple[int, int] | None:
    try:
        stat = os.stat(piece.path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _read_jsonl_range(piece: Piece) -> Iterator[Article | InputError]:
    """Lines ``piece.start``-``piece.end`` of a JSON Lines file, judged as ``read_jsonl`` does."""
    try:
        with open(piece.path, "rb") as stream:
            lines = iter_range_lines(stream, LineRange(piece.start, piece.end, piece.first_line))
            yield from read_numbered_jsonl(lines, piece.label)
    except OSError as exc:
        yield InputError(piece.label, f"cannot read file: {describe(exc)}")


def code_task(
    task: Task,
    settings: Settings,
    parts_root: str,
    date: dt.date | None = None,
    known: KnownActors | None = None,
) -> TaskResult:
    """Code the articles of ``task`` and write its outputs under ``parts_root``.

    Writes the events into the month-partitioned dataset (part files named by the task id,
    replacing any an interrupted attempt left), the documents file, and last the completion
    marker. Bad input items are returned (and kept in the marker), never raised.
    """
    started = time.perf_counter()
    parts = PartsDir(parts_root)
    pipeline = task_pipeline(settings, known)
    errors: list[tuple[str, str]] = []
    seen: set[str] = set()
    counts = {"read": 0, "duplicates": 0}

    def articles() -> Iterator[Article]:
        for piece in task.pieces:
            for item in read_piece(piece, date):
                counts["read"] += 1
                if isinstance(item, InputError):
                    errors.append((item.origin, item.reason))
                elif item.id in seen:
                    counts["duplicates"] += 1  # a single run counts it as already stored
                else:
                    seen.add(item.id)
                    yield item

    from .records import DocumentsWriter

    documents = DocumentsWriter(parts.documents_file(task.id))

    def events(docs: Iterable[Document]) -> Iterator[Event]:
        for doc in docs:
            documents.add(doc)
            yield from doc.events

    try:
        written = write_event_dataset(events(pipeline.pipe(articles())), parts.events, name=task.id)
        documents.commit()
    except OSError as exc:
        documents.abort()
        raise TaskError(f"{task.describe()}: cannot write its output: {exc}") from exc
    except BaseException:
        documents.abort()
        raise
    result = TaskResult(
        task_id=task.id,
        description=task.describe(),
        read=counts["read"],
        skipped=len(errors),
        duplicates=counts["duplicates"],
        documents=documents.count,
        events=written.rows,
        seconds=round(time.perf_counter() - started, 3),
        errors=tuple(errors),
    )
    try:
        parts.mark_finished(result)
    except OSError as exc:
        raise TaskError(f"{task.describe()}: cannot write its completion marker: {exc}") from exc
    return result
