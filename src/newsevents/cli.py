"""The ``newsevents`` command: a thin layer over the Python API that talks to users.

Only this module prints or exits. Library errors become one-line messages on stderr and exit
code 1 (2 for usage errors); bad articles are reported one line each and the run goes on.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import click

from . import batch
from .errors import InputError, NewsEventsError
from .ingest import input_size, iter_articles, parse_date
from .pipeline import Pipeline
from .serialize import ROW_FIELDS, event_to_dict, event_to_row
from .settings import Settings, auto_workers
from .store import EXPORT_FORMATS, EXPORT_LAYOUTS, EventQuery, Store, export_events
from .types import Event

DEFAULT_DB = "newsevents.db"
OUTPUT_FORMATS = ("table", "jsonl", "csv")


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="newsevents")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsevents")
def cli() -> None:
    """Turn dated news articles into political event data (CAMEO / PLOVER)."""


# -- shared options -----------------------------------------------------------------------------


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def coder_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options every coding command shares; they map one-to-one onto :class:`Settings`."""
    options = [
        click.option(
            "--date", callback=_date, help="Publication date for text files without a date line."
        ),
        click.option("--model", default=None, help="spaCy model name [default: en_core_web_sm]."),
        click.option("--workers", type=int, default=None, help="Parser processes [default: 1]."),
        click.option(
            "--batch-size", type=int, default=None, help="Articles per batch [default: 8]."
        ),
        click.option(
            "--lexicon",
            "lexicons",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="Extra trigger lexicon (TSV); repeatable.",
        ),
        click.option(
            "--min-confidence", type=float, default=None, help="Drop events below this (0-1)."
        ),
        click.option(
            "--require-dyad",
            is_flag=True,
            default=None,
            help="Keep only events with source and target.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _settings(opts: dict[str, Any], inputs: Sequence[str] = ()) -> Settings:
    workers = opts.get("workers")
    if workers is None and "NEWSEVENTS_WORKERS" not in os.environ and inputs:
        workers = auto_workers(input_size(inputs))
    return Settings.from_env(
        model=opts.get("model"),
        workers=workers,
        batch_size=opts.get("batch_size"),
        lexicons=tuple(opts["lexicons"]) if opts.get("lexicons") else None,
        min_confidence=opts.get("min_confidence"),
        require_dyad=opts.get("require_dyad"),
    )


@contextmanager
def _errors_to_messages() -> Iterator[None]:
    try:
        yield
    except NewsEventsError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("\ninterrupted: rerun the same command to resume", err=True)
        sys.exit(130)


def _report(error: InputError) -> None:
    click.echo(f"skipped {error}", err=True)


# -- commands -----------------------------------------------------------------------------------


@cli.command("code")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="table", show_default=True
)
@coder_options
def code_cmd(inputs: tuple[str, ...], fmt: str, **opts: Any) -> None:
    """Code INPUTS (files, folders, globs, - for stdin) and print events; nothing is stored."""
    with _errors_to_messages():
        pipeline = Pipeline(_settings(opts, inputs))
        skipped = 0

        def articles() -> Iterator[Any]:
            nonlocal skipped
            for item in iter_articles(inputs, date=opts.get("date")):
                if isinstance(item, InputError):
                    skipped += 1
                    _report(item)
                else:
                    yield item

        events = (e for doc in pipeline.pipe(articles()) for e in doc.events)
        _print_events(events, fmt, sys.stdout)
        if skipped:
            click.echo(f"{skipped} input(s) skipped", err=True)


def storing_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Arguments and options of the commands that code into a database."""
    func = coder_options(func)
    func = click.option(
        "--progress/--no-progress", default=None, help="Progress bar [default: on a terminal]."
    )(func)
    func = click.option(
        "--db", default=DEFAULT_DB, show_default=True, help="SQLite database to write."
    )(func)
    return click.argument("inputs", nargs=-1, required=True)(func)


@cli.command("ingest")
@storing_options
def ingest_cmd(inputs: tuple[str, ...], db: str, progress: bool | None, **opts: Any) -> None:
    """Code INPUTS and store the events in --db (resumable: stored articles are skipped)."""
    with _errors_to_messages():
        summary = _ingest(inputs, db, progress, opts)
        click.echo(f"{db}: {summary}")


@cli.command("run")
@storing_options
def run_cmd(inputs: tuple[str, ...], db: str, progress: bool | None, **opts: Any) -> None:
    """Code INPUTS into --db and print a summary of what was found."""
    with _errors_to_messages():
        summary = _ingest(inputs, db, progress, opts)
        click.echo(f"{db}: {summary}")
        with Store(db, readonly=True) as store:
            _print_overview(store)


def _ingest(
    inputs: Sequence[str], db: str, progress: bool | None, opts: dict[str, Any]
) -> batch.RunSummary:
    from tqdm import tqdm

    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(
        desc="coding", unit=" articles", disable=not show, file=sys.stderr, dynamic_ncols=True
    )
    try:
        with Store(db) as store:
            return batch.run(
                inputs,
                store,
                Pipeline(_settings(opts, inputs)),
                date=opts.get("date"),
                on_error=lambda e: (
                    bar.write(f"skipped {e}", file=sys.stderr) if show else _report(e)
                ),
                on_document=lambda _doc: bar.update(1),
            )
    finally:
        bar.close()


def _print_overview(store: Store) -> None:
    types: Counter[str] = Counter()
    dyads: Counter[str] = Counter()
    for event in store.events():
        types[f"{event.cameo} {event.cameo_name}"] += 1
        if event.source and event.target:
            source = event.source.country or event.source.code
            target = event.target.country or event.target.code
            dyads[f"{source} -> {target}"] += 1
    if types:
        click.echo("\nevent types:")
        for name, n in types.most_common(10):
            click.echo(f"  {n:5d}  {name}")
    if dyads:
        click.echo("dyads (source -> target country):")
        for name, n in dyads.most_common(10):
            click.echo(f"  {n:5d}  {name}")
    click.echo("\nnext: newsevents events --db DB --source RUS | newsevents export --db DB ...")


@cli.command("events")
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
@click.option("--source", help="Source actor code prefix (RUS matches RUSGOV, RUSMIL...).")
@click.option("--target", help="Target actor code prefix.")
@click.option("--actor", help="Source or target code prefix.")
@click.option("--country", help="Source or target country (ISO3).")
@click.option("--cameo", help="CAMEO code prefix (04 = every consult code).")
@click.option("--plover", help="PLOVER event type (CONSULT, ACCUSE...).")
@click.option("--mode", help="asserted, negated, future, hypothetical, reported, claimed, denied.")
@click.option("--since", callback=_date, help="First event date (YYYY-MM-DD).")
@click.option("--until", callback=_date, help="Last event date (YYYY-MM-DD).")
@click.option("--text", help="Substring of the evidence sentence.")
@click.option("--limit", type=int, default=None, help="At most this many events.")
@click.option(
    "--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="table", show_default=True
)
def events_cmd(db: str, fmt: str, limit: int | None, **filters: Any) -> None:
    """List stored events matching the filters."""
    with _errors_to_messages(), Store(db, readonly=True) as store:
        query = EventQuery(**{k: v for k, v in filters.items() if v is not None}, limit=limit)
        _print_events(store.events(query), fmt, sys.stdout)


@cli.command("export")
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True)
@click.option("--out", required=True, help="Output file (- for stdout; not for parquet).")
@click.option(
    "--layout",
    type=click.Choice(EXPORT_LAYOUTS),
    default="events",
    show_default=True,
    help="Columns: ours (events), GDELT (merged events), ICEWS or POLECAT (jsonl only).",
)
@click.option("--source", help="Source actor code prefix.")
@click.option("--target", help="Target actor code prefix.")
@click.option("--since", callback=_date, help="First event date.")
@click.option("--until", callback=_date, help="Last event date.")
def export_cmd(db: str, fmt: str, out: str, layout: str, **filters: Any) -> None:
    """Write stored events as CSV, JSON Lines or Parquet.

    One row per event mention, except --layout gdelt: one row per merged event.
    """
    with _errors_to_messages(), Store(db, readonly=True) as store:
        query = EventQuery(**{k: v for k, v in filters.items() if v is not None})
        n = export_events(store, fmt, sys.stdout if out == "-" else out, query, layout=layout)
        what = "merged events" if layout == "gdelt" else "events"
        click.echo(f"{n} {what} written to {out}", err=True)


@cli.command("stats")
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
def stats_cmd(db: str) -> None:
    """Counts and date range of a database."""
    with _errors_to_messages(), Store(db, readonly=True) as store:
        stats = store.stats()
        for f in dataclasses.fields(stats):
            click.echo(f"{f.name:15s} {getattr(stats, f.name)}")


# -- output -------------------------------------------------------------------------------------


def _print_events(events: Iterable[Event], fmt: str, out: TextIO) -> None:
    if fmt == "jsonl":
        for event in events:
            out.write(json.dumps(event_to_dict(event), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=ROW_FIELDS)
        writer.writeheader()
        for event in events:
            writer.writerow(event_to_row(event))
    else:
        _print_table(events, out)


TABLE_COLUMNS = (
    ("date", 10),
    ("source", 14),
    ("event", 34),
    ("target", 14),
    ("mode", 9),
    ("trigger", 24),
)


def _print_table(events: Iterable[Event], out: TextIO) -> None:
    header = "  ".join(name.ljust(width) for name, width in TABLE_COLUMNS)
    out.write(header + "\n" + "  ".join("-" * w for _, w in TABLE_COLUMNS) + "\n")
    n = 0
    for e in events:
        cells = (
            e.event_date.start.isoformat(),
            e.source.code if e.source else "-",
            f"{e.cameo} {e.cameo_name}",
            e.target.code if e.target else "-",
            e.mode.value,
            e.trigger.text,
        )
        out.write(
            "  ".join(_fit(c, w) for c, (_, w) in zip(cells, TABLE_COLUMNS, strict=True)) + "\n"
        )
        n += 1
    out.write(f"({n} events)\n")


def _fit(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"
