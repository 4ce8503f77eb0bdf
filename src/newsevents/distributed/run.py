"""The driver of a distributed run: plan, submit, collect, merge.

1. Plan the tasks (:mod:`.plan`) and prepare the parts folder (:mod:`.parts`).
2. Tasks with a completion marker were finished by an earlier run: their outputs are reused,
   never computed again.
3. The others are submitted to the Dask cluster, with the store's actor memory sent once to
   every worker. While the workers code, the reused tasks are merged; then each new task is
   merged as it completes (in any order). Merging is ``Store.add_documents`` on the task's
   documents file: one transaction per task, and documents the store already holds are
   skipped, so a resumed or repeated run stores nothing twice.
4. Bad input items come back with each task and are reported through ``on_error``; a task that
   fails (its file changed, a worker died for good) does not stop the others: the run finishes
   them, then raises :class:`DistributedRunError` naming the failed tasks. Rerunning the same
   command computes only what is missing.

``merge=False`` keeps only the Parquet outputs and leaves the store alone.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..batch import RunSummary
from ..errors import ConfigError, InputError, NewsEventsError
from ..settings import Settings
from ..store import Store
from .cluster import Scheduler, connect, parse_scheduler, require_dask
from .parts import PartsDir, TaskResult, coder_fingerprint
from .plan import DEFAULT_CHUNK_BYTES, Plan, Task, plan_tasks
from .records import read_documents
from .worker import KnownActors, code_task


class DistributedRunError(NewsEventsError):
    """Some tasks failed; the others were completed (and merged). ``summary`` counts those."""

    def __init__(self, summary: RunSummary, failures: list[tuple[Task, str]], total: int) -> None:
        self.summary = summary
        self.failures = failures
        lines = [f"  {task.describe()}: {reason}" for task, reason in failures]
        super().__init__(
            f"{len(failures)} of {total} tasks failed; their articles are not coded "
            f"(rerun the same command to retry them; so far: {summary}):\n" + "\n".join(lines)
        )


def default_parts_dir(db: str | os.PathLike[str]) -> Path:
    """Where a run into ``db`` keeps its parts: ``<db>.parts`` beside the database."""
    return Path(f"{os.fspath(db)}.parts")


def run_distributed(
    inputs: Iterable[str | os.PathLike[str]],
    store: Store | None,
    settings: Settings | None = None,
    *,
    scheduler: str | None = None,
    client: Any = None,
    parts_dir: str | os.PathLike[str] | None = None,
    merge: bool = True,
    date: dt.date | None = None,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    on_error: Callable[[InputError], None] | None = None,
    on_plan: Callable[[Plan], None] | None = None,
    on_task: Callable[[TaskResult], None] | None = None,
) -> RunSummary:
    """Code ``inputs`` on a Dask cluster into ``store`` (and the Parquet parts); resumable.

    ``scheduler`` is ``local:N`` or ``tcp://HOST:PORT`` (see :mod:`.cluster`); or pass a
    connected ``distributed.Client`` as ``client``. ``parts_dir`` defaults to
    ``<store path>.parts``. With ``merge=False`` nothing is written to ``store``, which may
    then be None or only give the actor memory. ``on_plan`` sees the plan before any task runs;
    ``on_task`` sees each task's result once it is merged (``resumed`` for reused outputs).
    Returns the counts of :func:`newsevents.batch.run`, where ``already_stored`` also counts
    articles repeated within a task and, with ``merge=False``, those of reused tasks.
    """
    if client is None:
        if scheduler is None:
            raise ConfigError("a distributed run needs a scheduler (local:N or tcp://HOST:PORT)")
        where: Scheduler | None = parse_scheduler(scheduler)
    else:
        where = None
    require_dask()
    if merge and (store is None or store.readonly):
        raise ConfigError("merging into the store needs a writable store (or merge=False)")
    settings = _portable(settings or Settings())
    if parts_dir is None:
        if store is None or store.path == ":memory:":
            raise ConfigError("a distributed run without a database file needs a parts folder")
        parts_dir = default_parts_dir(store.path)
    parts = PartsDir(Path(parts_dir).resolve())

    plan = plan_tasks(inputs, chunk_bytes=chunk_bytes)
    parts.prepare(coder_fingerprint(settings, date))
    summary = RunSummary()
    for error in plan.errors:  # inputs that name nothing: read and skipped, as batch.run does
        summary.read += 1
        summary.skipped += 1
        if on_error is not None:
            on_error(error)
    if on_plan is not None:
        on_plan(plan)

    def finish(result: TaskResult) -> None:
        summary.read += result.read
        summary.skipped += result.skipped
        summary.already_stored += result.duplicates
        if on_error is not None:
            for origin, reason in result.errors:
                on_error(InputError(origin, reason))
        if merge and store is not None:
            added = store.add_documents(read_documents(parts.documents_file(result.task_id)))
            summary.coded += added.documents_added
            summary.already_stored += added.documents_skipped
            summary.events += added.events_added
        elif result.resumed:
            summary.already_stored += result.documents
        else:
            summary.coded += result.documents
            summary.events += result.events
        if on_task is not None:
            on_task(result)

    pending: list[Task] = []
    finished: list[TaskResult] = []
    for task in plan.tasks:
        done = parts.finished(task.id)
        if done is None:
            pending.append(task)
        else:
            finished.append(done)

    def merge_finished() -> None:  # while the workers code the pending tasks
        for result in finished:
            finish(result)

    if not pending:
        merge_finished()
        return summary
    known = _known_actors(store) if settings.actor_memory else None
    failures: list[tuple[Task, str]] = []
    submit = functools.partial(
        _submit_all,
        tasks=pending,
        settings=settings,
        parts_root=parts.root,
        date=date,
        known=known,
        then=merge_finished,
        finish=finish,
        failures=failures,
    )
    if client is not None:
        submit(client)
    else:
        assert where is not None
        with connect(where) as own_client:
            submit(own_client)
    if failures:
        order = {task.id: n for n, task in enumerate(plan.tasks)}
        failures.sort(key=lambda failure: order[failure[0].id])
        raise DistributedRunError(summary, failures, len(plan.tasks))
    return summary


def _submit_all(
    client: Any,
    *,
    tasks: list[Task],
    settings: Settings,
    parts_root: Path,
    date: dt.date | None,
    known: KnownActors | None,
    then: Callable[[], None],
    finish: Callable[[TaskResult], None],
    failures: list[tuple[Task, str]],
) -> None:
    """Submit every task, call ``then``, and merge each task as it completes; failed tasks
    are collected in ``failures``."""
    as_completed = require_dask().as_completed
    run = uuid.uuid4().hex[:8]
    memory = client.scatter(known, broadcast=True, hash=False) if known is not None else None
    by_key: dict[str, Task] = {}
    futures = []
    for task in tasks:
        future = client.submit(
            code_task,
            task,
            settings,
            str(parts_root),
            date,
            memory,
            key=f"newsevents-code-{task.id}-{run}",
            pure=False,
        )
        by_key[future.key] = task
        futures.append(future)
    try:
        then()
        for future in as_completed(futures):
            task = by_key[future.key]
            try:
                result = future.result()
            except Exception as exc:  # the task's own error, or the cluster's (KilledWorker)
                failures.append((task, str(exc) or type(exc).__name__))
                continue
            finish(result)
            future.release()
    finally:
        client.cancel([f for f in futures if not f.done()])


def _portable(settings: Settings) -> Settings:
    """The settings workers use: one parser process each (a worker is one process already),
    and dictionary paths made absolute, since workers may run in another folder."""
    return settings.replace(
        workers=1,
        lexicons=tuple(Path(p).resolve() for p in settings.lexicons),
        actor_dictionaries=tuple(Path(p).resolve() for p in settings.actor_dictionaries),
    )


def _known_actors(store: Store | None) -> KnownActors:
    actors = tuple(store.known_actors()) if store is not None else ()
    token = hashlib.blake2b(repr(actors).encode("utf-8", "surrogatepass"), digest_size=10)
    return KnownActors(token=token.hexdigest(), actors=actors)
