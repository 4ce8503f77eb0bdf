"""``newsevents ingest`` and ``newsevents run``: code inputs into a store, with a progress bar,
on this machine (``--workers``), on a Dask cluster (``--scheduler``) or from a watched folder
(``--watch``); ``newsevents recode``: code stored articles again.

Registered on the ``newsevents`` group when :mod:`newsevents.cli` is imported.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from . import batch
from .actors.memory import ActorMemory
from .cli import (
    DEFAULT_DB,
    _errors_to_messages,
    _report,
    _settings,
    check_read,
    cli,
    coder_options,
    exit_skipped,
)
from .errors import ArticleError, InputError
from .ingest.count import count_items
from .pipeline import Pipeline
from .settings import Settings
from .store import Store
from .store.aggregate import HAPPENED, network
from .watch import WatchedFile, WatchSummary, watch

__all__ = ["ingest_cmd", "recode_cmd", "recode_documents", "run_cmd"]


def storing_options(
    func: Callable[..., Any], *, inputs_required: bool = True
) -> Callable[..., Any]:
    """Arguments and options of the commands that code into a database."""
    func = coder_options(func)
    func = click.option(
        "--progress/--no-progress", default=None, help="Progress bar [default: on a terminal]."
    )(func)
    func = click.option(
        "--db", default=DEFAULT_DB, show_default=True, help="SQLite database to write."
    )(func)
    func = click.option(
        "--memory/--no-memory",
        default=None,
        help="Resolve names through actors learned from earlier articles [default: on].",
    )(func)
    func = click.option(
        "--retry-failed",
        is_flag=True,
        default=False,
        help="Code again the articles a stage failed on in earlier runs (`newsevents failed`); "
        "without it they are skipped.",
    )(func)
    return click.argument("inputs", nargs=-1, required=inputs_required)(func)


def _watch_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``ingest``'s arguments: INPUTS are optional when ``--watch`` names a folder."""
    func = click.option(
        "--interval",
        type=click.FloatRange(min=0, min_open=True),
        default=2.0,
        show_default=True,
        help="Seconds between scans of the --watch folder.",
    )(func)
    func = click.option(
        "--watch",
        "watch_dir",
        type=click.Path(exists=True, file_okay=False),
        default=None,
        help="Then keep coding article files that arrive in this folder, each once, "
        "until Ctrl-C or SIGTERM (docs/scale.md).",
    )(func)
    return storing_options(func, inputs_required=False)


def _distributed_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``ingest``'s options for a distributed run on Dask (docs/scale.md)."""
    options = [
        click.option(
            "--scheduler",
            default=None,
            metavar="local:N|tcp://HOST:PORT",
            help="Code on Dask: N local worker processes, or a running scheduler whose "
            "workers share this filesystem (needs: pip install 'newsevents[dask]').",
        ),
        click.option(
            "--parts-dir",
            type=click.Path(file_okay=False),
            default=None,
            help="Work folder of a --scheduler run: Parquet parts and completion markers "
            "[default: DB.parts].",
        ),
        click.option(
            "--parquet-only",
            is_flag=True,
            default=False,
            help="With --scheduler: write only the Parquet dataset (PARTS/events), not --db.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _ingest_distributed(
    inputs: Sequence[str],
    db: str,
    progress: bool | None,
    opts: dict[str, Any],
    scheduler: str,
    parts_dir: str | None,
    parquet_only: bool,
) -> tuple[str, batch.RunSummary]:
    """``ingest --scheduler``: code on Dask; returns what was written to and the counts."""
    from contextlib import nullcontext

    from tqdm import tqdm

    from .distributed import (
        Plan,
        TaskResult,
        check_scheduler,
        default_parts_dir,
        run_distributed,
    )

    check_scheduler(scheduler)  # before the store is opened (and maybe created)
    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(desc="coding", unit=" tasks", disable=not show, file=sys.stderr, dynamic_ncols=True)
    parts = Path(parts_dir) if parts_dir is not None else default_parts_dir(db)
    coded = 0

    def on_task(result: TaskResult) -> None:
        nonlocal coded
        coded += result.documents
        bar.set_postfix(articles=coded, refresh=False)
        bar.update(1)

    def on_plan(plan: Plan) -> None:
        bar.reset(total=len(plan.tasks))

    try:
        if parquet_only:  # the store, if there is one, only lends its actor memory
            opened: Any = Store(db, readonly=True) if Path(db).is_file() else nullcontext(None)
        else:
            opened = Store(db)
        with opened as store:
            summary = run_distributed(
                inputs,
                store,
                _settings(opts),
                scheduler=scheduler,
                parts_dir=parts,
                merge=not parquet_only,
                date=opts.get("date"),
                on_error=lambda e: (
                    bar.write(f"skipped {e}", file=sys.stderr) if show else _report(e)
                ),
                on_plan=on_plan,
                on_task=on_task,
            )
    finally:
        bar.close()
    return (str(parts / "events") if parquet_only else db), summary


@cli.command("ingest")
@_watch_options
@_distributed_options
def ingest_cmd(
    inputs: tuple[str, ...],
    db: str,
    progress: bool | None,
    watch_dir: str | None,
    interval: float,
    scheduler: str | None,
    parts_dir: str | None,
    parquet_only: bool,
    **opts: Any,
) -> None:
    """Build a dataset: code INPUTS into --db, resumable (stored articles are skipped).

    For corpora and scripts: a progress bar and a one-line summary. To look at a few files, use
    `run`; to print events without storing them, `code`.

    With --watch DIR, then keep coding the files arriving in DIR, each once it is complete.
    With --scheduler, code INPUTS on a Dask cluster (docs/scale.md).
    """
    if not inputs and watch_dir is None:
        raise click.UsageError("give INPUTS to code, --watch DIR to watch, or both")
    if scheduler is None and (parts_dir is not None or parquet_only):
        raise click.UsageError("--parts-dir and --parquet-only go with --scheduler")
    if scheduler is not None and (watch_dir is not None or not inputs):
        raise click.UsageError("--scheduler codes INPUTS; it does not combine with --watch")
    with _errors_to_messages():
        if inputs and scheduler is not None:
            target, summary = _ingest_distributed(
                inputs, db, progress, opts, scheduler, parts_dir, parquet_only
            )
            click.echo(f"{target}: {summary}")
            check_read(summary.articles, summary.skipped)
        elif inputs:
            summary = _ingest(inputs, db, progress, opts)
            click.echo(f"{db}: {summary}")
            if watch_dir is None:
                check_read(summary.articles, summary.skipped)
        if watch_dir is not None:
            watched = _watch(watch_dir, db, interval, opts)
            click.echo(f"{db}: {watched}")
        elif summary.incomplete:
            exit_skipped(summary.skipped + summary.failed + summary.already_failed)


@cli.command("run")
@storing_options
def run_cmd(inputs: tuple[str, ...], db: str, progress: bool | None, **opts: Any) -> None:
    """Look at a few files: code INPUTS into --db and summarise what happened in them.

    Prints the event types and dyads of asserted and reported events, then commands to go on
    with. To build a dataset from a corpus, use `ingest`; to print events without storing, `code`.
    """
    with _errors_to_messages():
        summary = _ingest(inputs, db, progress, opts)
        click.echo(f"{db}: {summary}")
        check_read(summary.articles, summary.skipped)
        with Store(db, readonly=True) as store:
            _print_overview(store)
        exit_skipped(summary.skipped + summary.failed + summary.already_failed)


@cli.command("recode")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite database to update.")
@click.option("--actor", "name", help="Only the articles that name this actor.")
@click.option("--all", "everything", is_flag=True, help="Every stored article.")
@click.option(
    "--memory/--no-memory",
    default=None,
    help="Resolve names through the actor memory [default: on].",
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar [default: on a terminal]."
)
@coder_options
def recode_cmd(
    db: str, name: str | None, everything: bool, progress: bool | None, **opts: Any
) -> None:
    """Code stored articles again and replace their events (after `actors edit`, or with a
    new coder). Give the coder options the articles were ingested with.

    --actor NAME codes the articles that name the actor; --all codes every article in the
    order they were stored and learns the actor memory again (users' entries stay). Merged
    events, event ids and claims links stay consistent; other articles are not touched.
    """
    if (name is None) == (not everything):
        raise click.UsageError("give --actor NAME or --all")
    with _errors_to_messages(), Store(db) as store:
        if everything:
            doc_ids = None
        else:
            assert name is not None
            known = store.known_actor(name)
            person = known is None or known.kind == "person"
            doc_ids = store.documents_naming(name, surname=person)
        summary = recode_documents(store, doc_ids, _settings(opts), progress=progress)
        click.echo(f"{db}: {summary}")


def recode_documents(
    store: Store,
    doc_ids: list[str] | None,
    settings: Settings | None = None,
    *,
    progress: bool | None = False,
) -> batch.RecodeSummary:
    """Code ``doc_ids`` (every stored article for None) again into ``store``; loads the
    model only when there is something to code."""

    if doc_ids is not None and not doc_ids:
        return batch.RecodeSummary()
    settings = settings or Settings.from_env()
    show = sys.stderr.isatty() if progress is None else progress
    total = len(doc_ids) if doc_ids is not None else store.stats().documents
    bar, advance = progress_bar("recoding", show, total)
    memory = ActorMemory() if settings.actor_memory else None
    try:
        return batch.recode(store, Pipeline(settings, memory=memory), doc_ids, on_progress=advance)
    finally:
        bar.close()


def _ingest(
    inputs: Sequence[str], db: str, progress: bool | None, opts: dict[str, Any]
) -> batch.RunSummary:

    show = sys.stderr.isatty() if progress is None else progress
    bar, advance = progress_bar("coding", show)
    if show:  # the total (for the ETA) is counted beside the run; it takes seconds, not minutes
        threading.Thread(target=_set_total, args=(bar, inputs), daemon=True).start()
    settings = _settings(opts, inputs)
    memory = ActorMemory() if settings.actor_memory else None
    new = not os.path.exists(db)

    def report(error: InputError | ArticleError) -> None:
        if show:
            bar.write(f"skipped {error}", file=sys.stderr)
        else:
            _report(error)

    try:
        with Store(db) as store:
            summary = batch.run(
                inputs,
                store,
                Pipeline(settings, memory=memory),
                date=opts.get("date"),
                retry_failed=opts.get("retry_failed", False),
                on_error=report,
                on_failure=report,
                on_progress=advance,
            )
    finally:
        bar.close()
    if new and not summary.articles:
        _remove_store(db)  # a run that read nothing leaves no empty database behind
    return summary


def _remove_store(db: str) -> None:
    for path in (db, f"{db}-wal", f"{db}-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)


#: The progress bar before the inputs are counted, and once they are: the time left is
#: :class:`TimeLeft`'s (in the postfix), not tqdm's own, which counts the model's loading.
BAR_COUNTING = "{desc}: {n_fmt}{unit} [{elapsed}, {rate_fmt}]"
BAR_COUNTED = (
    "{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}{postfix}, {rate_fmt}]"
)


class TimeLeft:
    """Advances the bar and shows the time left at the rate since the first batch was done.

    The first batch also pays for loading the spaCy model (seconds), so a rate that includes it
    promised half an hour for a run of minutes. No time left is shown until a second batch is
    done.
    """

    def __init__(self, bar: Any, clock: Callable[[], float] = time.monotonic) -> None:
        self.bar = bar
        self.clock = clock
        self.since: tuple[float, int] | None = None  # (time, articles) when the first batch ended

    def __call__(self, n: int) -> None:
        self.bar.update(n)
        now, done = self.clock(), self.bar.n
        if self.since is None:
            self.since = (now, done)
            return
        start, first = self.since
        if self.bar.total and done > first:
            left = max(self.bar.total - done, 0) * (now - start) / (done - first)
            self.bar.set_postfix_str(f"{self.bar.format_interval(left)} left")


def progress_bar(desc: str, show: bool, total: int | None = None) -> tuple[Any, TimeLeft]:
    """A bar of articles on stderr (off unless ``show``) and the callback that advances it
    with the time left (:class:`TimeLeft`); without ``total`` it counts until one is set."""
    from tqdm import tqdm

    bar = tqdm(
        desc=desc,
        unit=" articles",
        total=total,
        disable=not show,
        file=sys.stderr,
        dynamic_ncols=True,
        bar_format=BAR_COUNTING if total is None else BAR_COUNTED,
    )
    return bar, TimeLeft(bar)


def _set_total(bar: Any, inputs: Sequence[str]) -> None:
    total = count_items(inputs)
    if total is not None:
        bar.total = total
        bar.bar_format = BAR_COUNTED
        bar.refresh()


def _watch(folder: str, db: str, interval: float, opts: dict[str, Any]) -> WatchSummary:
    """``ingest --watch``: code files arriving in ``folder`` until SIGINT or SIGTERM.

    The first signal lets the file being coded finish; a second one stops at once (the batch
    being written is rolled back, and the next watch reads that file again).
    """
    import signal
    import threading

    def report(done: WatchedFile) -> None:
        s = done.summary
        if done.status == "failed":
            msg = f"{done.path}: nothing readable; read again when it changes"
            click.echo(msg, err=True)
            return
        extra = f", {s.already_stored} already stored" if s.already_stored else ""
        extra += f", {s.skipped} skipped" if s.skipped else ""
        click.echo(f"{done.path}: {s.coded} articles, {s.events} events{extra}", err=True)

    stop = threading.Event()
    signalled: list[int] = []

    def on_signal(signum: int, _frame: object) -> None:
        if signalled:
            raise KeyboardInterrupt
        signalled.append(signum)
        # Event.set takes a lock the interrupted main thread may hold: set it from a thread.
        threading.Thread(target=stop.set, daemon=True).start()
        name = signal.Signals(signum).name
        click.echo(f"{name}: stopping after the current file (again to stop now)", err=True)

    settings = _settings(opts)
    memory = ActorMemory() if settings.actor_memory else None
    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with Store(db) as store:
            click.echo(f"watching {folder} (Ctrl-C to stop)", err=True)
            return watch(
                folder,
                store,
                Pipeline(settings, memory=memory),
                interval=interval,
                stop=stop,
                on_file=report,
                on_error=_report,
                date=opts.get("date"),
            )
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


#: How many event types and dyads ``run`` lists, and how many dyads it reads to count the rest.
OVERVIEW_TOP = 10
OVERVIEW_EDGES = 10_000


def _print_overview(store: Store) -> None:
    """What happened in the store: the counts the plots and the explorer show (events that
    happened: asserted or reported), then commands to paste to go on."""
    happened = ", ".join(f"'{m}'" for m in HAPPENED)
    types = store.select(
        f"SELECT cameo || ' ' || cameo_name, count(*) AS n FROM events "
        f"WHERE mode IN ({happened}) GROUP BY cameo ORDER BY n DESC, cameo"
    ).fetchall()
    edges = network(store._conn, level="country", limit=OVERVIEW_EDGES)  # as `plot network`
    dyads = [(f"{e.source} -> {e.target}", e.events, e.source) for e in edges]
    for title, rows in (
        ("event types (asserted and reported events):", types),
        ("dyads (source -> target country):", dyads),
    ):
        if not rows:
            continue
        click.echo(f"\n{title}")
        for row in rows[:OVERVIEW_TOP]:
            click.echo(f"  {row[1]:5d}  {row[0]}")
        if len(rows) > OVERVIEW_TOP:
            click.echo(f"      …  and {len(rows) - OVERVIEW_TOP} more")
    db = shlex.quote(store.path)
    source = f" --source {dyads[0][2]}" if dyads else ""
    click.echo("\nnext:")
    click.echo(f"  newsevents events --db {db}{source} --limit 20")
    click.echo(f"  newsevents serve --db {db}")
