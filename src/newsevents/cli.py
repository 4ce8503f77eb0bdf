"""The ``newsevents`` command: a thin layer over the Python API that talks to users.

Only this module prints or exits. Library errors become one-line messages on stderr and exit
code 1 (2 for usage errors); bad articles are reported one line each and the run goes on. The
commands that read inputs exit 0 when every input was read, 3 when some were skipped (bad
input, or an article a stage failed on) and 1 when no article could be read at all.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import click

from .actors.memory import ActorMemory
from .errors import ArticleError, InputError, NewsEventsError
from .evaluate.actor_cases import (
    ActorCase,
    ActorReport,
    evaluate_actor_cases,
    read_actor_cases,
)
from .evaluate.formats import FORMATS as GOLD_FORMATS
from .evaluate.formats import detect_format, gold_environment
from .evaluate.run import Report, evaluate_gold
from .evaluate.scoring import DEFAULT_MODES, MAIN_RULES, MainRule
from .ingest import input_size, iter_articles, parse_date
from .pipeline import Pipeline
from .serialize import ROW_FIELDS, event_to_dict, event_to_row
from .settings import Settings, auto_workers
from .store import EXPORT_FORMATS, EXPORT_LAYOUTS, Claim, EventQuery, Store, export_events
from .store.claims import claim_to_dict
from .store.query import ORDERS
from .store.vocabulary import FilterError
from .types import Actor, Event, Mode

DEFAULT_DB = "newsevents.db"
OUTPUT_FORMATS = ("table", "jsonl", "csv")
#: Exit statuses (README, docs/reliability.md); usage errors exit 2, as click does.
EXIT_ERROR = 1
"""Nothing could be read, or an error stopped the command."""
EXIT_SKIPPED = 3
"""The command finished, but some inputs were skipped (each reported on stderr)."""


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
            "--date",
            callback=_date,
            help="Publication date for text files without a date line, and pages and feed items "
            "without one.",
        ),
        click.option("--model", default=None, help="spaCy model name [default: en_core_web_sm]."),
        click.option("--workers", type=int, default=None, help="Parser processes [default: 1]."),
        click.option(
            "--batch-size",
            type=int,
            default=None,
            help="Articles per store transaction [default: 8].",
        ),
        click.option(
            "--lexicon",
            "lexicons",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="Extra trigger lexicon (TSV or PETRARCH verb dictionary); repeatable.",
        ),
        click.option(
            "--actors-dict",
            "actor_dictionaries",
            multiple=True,
            type=click.Path(dir_okay=False, path_type=Path),
            help="PETRARCH/TABARI actor or agent dictionary (docs/dictionaries.md); repeatable.",
        ),
        click.option(
            "--phoenix-actors/--no-phoenix-actors",
            default=None,
            help="Also resolve the shipped Phoenix dictionaries' people and organisations "
            "[default: on].",
        ),
        click.option(
            "--learned-arguments/--no-learned-arguments",
            default=None,
            help="Fill the sources and targets the rules leave empty with the learned argument "
            "selection [default: on].",
        ),
        click.option(
            "--argument-model",
            type=click.Path(exists=True, dir_okay=False),
            default=None,
            help="Argument model written by `newsevents train arguments` [default: shipped].",
        ),
        click.option(
            "--learned-types/--no-learned-types",
            default=None,
            help="Read event sentences with the learned type classifier: confidence is the "
            "calibrated probability that the type is right [default: on].",
        ),
        click.option(
            "--type-override/--no-type-override",
            default=None,
            help="Let the classifier retype a sentence's main event when it is sure of another "
            "class (Multi-CoPED convention; docs/types.md) [default: off].",
        ),
        click.option(
            "--type-model",
            type=click.Path(exists=True, file_okay=False),
            default=None,
            help="Type model folder written by `newsevents train types` [default: shipped].",
        ),
        click.option(
            "--screen/--no-screen",
            default=None,
            help="Parse only sentences that can hold an event [default: on].",
        ),
        click.option(
            "--min-confidence", type=float, default=None, help="Drop events below this (0-1)."
        ),
        click.option(
            "--min-relevance",
            type=float,
            default=None,
            help="Drop events less politically relevant than this (0-1) [default: 0.3].",
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
        actor_dictionaries=tuple(opts["actor_dictionaries"])
        if opts.get("actor_dictionaries")
        else None,
        min_confidence=opts.get("min_confidence"),
        min_relevance=opts.get("min_relevance"),
        require_dyad=opts.get("require_dyad"),
        screen=opts.get("screen"),
        actor_memory=opts.get("memory"),
        phoenix_actors=opts.get("phoenix_actors"),
        learned_arguments=opts.get("learned_arguments"),
        argument_model=opts.get("argument_model"),
        learned_types=opts.get("learned_types"),
        type_model=opts.get("type_model"),
        type_override=opts.get("type_override"),
    )


def check_read(articles: int, skipped: int) -> None:
    """Exit 1 when no article could be read: a script must tell a run that did nothing from
    one that worked (the bad inputs were reported one by one)."""
    if not articles:
        why = "every input was skipped" if skipped else "the inputs hold no article"
        click.echo(f"error: no article could be read ({why})", err=True)
        sys.exit(EXIT_ERROR)


def exit_skipped(skipped: int) -> None:
    """Exit 3 when the command finished but ``skipped`` inputs (bad input, failed articles)
    were left out: the output is usable, and incomplete."""
    if skipped:
        sys.exit(EXIT_SKIPPED)


@contextmanager
def _errors_to_messages() -> Iterator[None]:
    try:
        yield
    except FilterError as exc:  # a filter option's value: a usage error pointing at the option
        raise click.BadParameter(
            str(exc), param_hint=f"'--{exc.field.replace('_', '-')}'"
        ) from None
    except NewsEventsError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("\ninterrupted: rerun the same command to resume", err=True)
        sys.exit(130)


def _report(error: InputError | ArticleError) -> None:
    click.echo(f"skipped {error}", err=True)


# -- commands -----------------------------------------------------------------------------------


@cli.command("code")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="table", show_default=True
)
@coder_options
def code_cmd(inputs: tuple[str, ...], fmt: str, **opts: Any) -> None:
    """Try the coder: print the events of INPUTS (files, folders, globs, - for stdin).

    Nothing is stored. To code into a database, use `run` (a few files, with a summary) or
    `ingest` (a corpus, resumable).
    """
    with _errors_to_messages():
        settings = _settings(opts, inputs)
        pipeline = Pipeline(settings)
        skipped = read = failed = 0

        def articles() -> Iterator[Any]:
            nonlocal skipped, read
            items = iter_articles(
                inputs, date=opts.get("date"), max_bytes=settings.max_article_bytes
            )
            for item in items:
                if isinstance(item, InputError):
                    skipped += 1
                    _report(item)
                else:
                    read += 1
                    yield item

        def on_failure(error: ArticleError) -> None:
            nonlocal failed
            failed += 1
            _report(error)

        docs = pipeline.pipe(articles(), on_failure=on_failure)
        _print_events((e for doc in docs for e in doc.events), fmt, sys.stdout)
        if skipped or failed:
            click.echo(f"{skipped + failed} input(s) skipped", err=True)
        check_read(read, skipped)
        exit_skipped(skipped + failed)


@cli.command("events")
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
@click.option(
    "--source", help="Source actor code prefix, any case (RUS matches RUSGOV, RUSMIL...)."
)
@click.option("--target", help="Target actor code prefix.")
@click.option("--actor", help="Source or target code prefix.")
@click.option("--country", help="Source or target country: a code (IRN) or a name (Iran).")
@click.option("--cameo", help="CAMEO code prefix (04 = every consult code).")
@click.option("--plover", help="PLOVER event type, any case (CONSULT, ACCUSE...).")
@click.option("--mode", help="asserted, negated, future, hypothetical, reported, claimed, denied.")
@click.option("--since", callback=_date, help="First event date (YYYY-MM-DD).")
@click.option("--until", callback=_date, help="Last event date (YYYY-MM-DD).")
@click.option("--text", help="Substring of the evidence sentence.")
@click.option(
    "--min-relevance",
    type=click.FloatRange(0, 1),
    help="Only events at least this politically relevant (0-1).",
)
@click.option("--limit", type=int, default=None, help="At most this many events.")
@click.option(
    "--order",
    type=click.Choice(ORDERS),
    default="newest",
    show_default=True,
    help="Event date order: newest or oldest first.",
)
@click.option(
    "--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="table", show_default=True
)
@click.option(
    "--reviewed",
    is_flag=True,
    default=False,
    help="Events as reviewed: wrong ones left out, corrections applied, added ones in "
    "(docs/review.md); JSON Lines records carry their latest review.",
)
def events_cmd(db: str, fmt: str, limit: int | None, reviewed: bool, **filters: Any) -> None:
    """List stored events matching the filters."""
    with _errors_to_messages(), Store(db, readonly=True) as store:
        query = EventQuery(**{k: v for k, v in filters.items() if v is not None}, limit=limit)
        matched = {"source": query.source or query.actor, "target": query.target or query.actor}
        if reviewed and fmt != "table":
            export_events(store, fmt, sys.stdout, query, reviewed=True)
            return
        _print_events(store.events(query, reviewed=reviewed), fmt, sys.stdout, matched)


@cli.command("export")
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True)
@click.option(
    "--out",
    required=True,
    help="Output file (- for stdout; not for parquet); a folder with --partition.",
)
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
@click.option(
    "--order",
    type=click.Choice(ORDERS),
    default="oldest",
    show_default=True,
    help="Event date order of the rows: a dataset reads oldest first.",
)
@click.option(
    "--partition",
    type=click.Choice(("month",)),
    default=None,
    help="Parquet only: write --out as a folder, one subfolder per event month "
    "(event_month=YYYY-MM/part-*.parquet); an existing dataset gets new part files.",
)
@click.option(
    "--overwrite",
    is_flag=True,
    default=False,
    help="With --partition: first delete the part files of the dataset in --out.",
)
@click.option(
    "--reviewed",
    is_flag=True,
    default=False,
    help="Events as reviewed (docs/review.md), in the events layout.",
)
def export_cmd(
    db: str,
    fmt: str,
    out: str,
    layout: str,
    partition: str | None,
    overwrite: bool,
    reviewed: bool,
    **filters: Any,
) -> None:
    """Write stored events as CSV, JSON Lines or Parquet.

    One row per event mention (--layout events); one row per dyad of each event (icews,
    polecat) or of each merged event (gdelt).
    """
    if partition is None and overwrite:
        raise click.UsageError("--overwrite goes with --partition month")
    if layout == "polecat" and fmt != "jsonl":
        raise click.UsageError(
            f"--layout polecat writes POLECAT's JSON Lines records: use --format jsonl, not {fmt}"
        )
    if reviewed and (layout != "events" or partition is not None):
        raise click.UsageError("--reviewed exports the events layout, without --partition")
    if partition is not None and (fmt != "parquet" or layout != "events" or out == "-"):
        raise click.UsageError(
            "--partition writes a folder of Parquet files: --format parquet "
            "--layout events --out DIR"
        )
    with _errors_to_messages(), Store(db, readonly=True) as store:
        query = EventQuery(**{k: v for k, v in filters.items() if v is not None})
        if partition is not None:
            from .store.export import export_event_dataset

            written = export_event_dataset(store, out, query, overwrite=overwrite)
            files = f"{len(written.files)} file{'' if len(written.files) == 1 else 's'}"
            click.echo(f"{written.rows} events written to {out} ({files})", err=True)
            return
        target = sys.stdout if out == "-" else out
        n = export_events(store, fmt, target, query, layout=layout, reviewed=reviewed)
        what = "events" if layout == "events" else "dyad rows"
        click.echo(f"{n} {what} written to {out}", err=True)


@cli.command("stats")
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
def stats_cmd(db: str) -> None:
    """Counts and date range of a database."""
    with _errors_to_messages(), Store(db, readonly=True) as store:
        stats = store.stats()
        for f in dataclasses.fields(stats):
            click.echo(f"{f.name:15s} {getattr(stats, f.name)}")


@cli.command("failed")
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
@click.option("--limit", type=int, default=None, help="At most this many, the latest first.")
@click.option(
    "--format", "fmt", type=click.Choice(("table", "jsonl")), default="table", show_default=True
)
def failed_cmd(db: str, limit: int | None, fmt: str) -> None:
    """List the articles a stage failed on: where each was read, the stage and the error.

    Runs skip them; `ingest --retry-failed` codes them again (docs/reliability.md).
    """
    with _errors_to_messages(), Store(db, readonly=True) as store:
        failures = store.failed_articles(limit=limit)
        if fmt == "jsonl":
            for failure in failures:
                click.echo(json.dumps(dataclasses.asdict(failure), ensure_ascii=False))
            return
        out = sys.stdout
        out.write("  ".join(name.ljust(width) for name, width in FAILED_COLUMNS).rstrip() + "\n")
        out.write("  ".join("-" * w for _, w in FAILED_COLUMNS) + "\n")
        for f in failures:
            where = f.origin or f.doc_id  # the end of a long path holds the file and line
            width = FAILED_COLUMNS[0][1]
            where = where if len(where) <= width else "…" + where[-(width - 1) :]
            cells = (where, f.stage, str(f.attempts), f.failed_at, f.error)
            fitted = (_fit(c, w) for c, (_, w) in zip(cells, FAILED_COLUMNS, strict=True))
            out.write("  ".join(fitted).rstrip() + "\n")
        out.write(f"({len(failures)} failed articles)\n")


FAILED_COLUMNS = (("origin", 36), ("stage", 8), ("attempts", 8), ("failed at", 25), ("error", 60))


@cli.command("claims")
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
@click.option("--actor", help="Code prefix of an actor the claims are about (CHN matches CHNGOV).")
@click.option("--since", callback=_date, help="First publication date (YYYY-MM-DD).")
@click.option("--until", callback=_date, help="Last publication date (YYYY-MM-DD).")
@click.option(
    "--format", "fmt", type=click.Choice(("table", "jsonl")), default="table", show_default=True
)
def claims_cmd(
    db: str, actor: str | None, since: dt.date | None, until: dt.date | None, fmt: str
) -> None:
    """List claims (accusations' claimed events) with who asserts and who denies them."""
    with _errors_to_messages(), Store(db, readonly=True) as store:
        found = store.claims(actor=actor, since=since, until=until)
        if fmt == "jsonl":
            for claim in found:
                click.echo(json.dumps(claim_to_dict(claim), ensure_ascii=False))
            return
        _print_claims(found, sys.stdout)


CLAIM_COLUMNS = (
    ("date", 10),
    ("source", 12),
    ("claimed event", 30),
    ("target", 12),
    ("asserted by", 14),
    ("denied by", 14),
    ("status", 8),
)


def _print_claims(claims: Sequence[Claim], out: TextIO) -> None:
    out.write("  ".join(name.ljust(width) for name, width in CLAIM_COLUMNS) + "\n")
    out.write("  ".join("-" * w for _, w in CLAIM_COLUMNS) + "\n")
    for claim in claims:
        e = claim.event
        cells = (
            e.doc_date.isoformat(),
            ";".join(a.code for a in e.all_sources()) or "-",
            f"{e.cameo} {e.cameo_name}",
            ";".join(a.code for a in e.all_targets()) or "-",
            ";".join(a.code for a in claim.asserted_by) or "-",
            ";".join(a.code for a in claim.denied_by) or "-",
            claim.status,
        )
        fitted = (_fit(c, w) for c, (_, w) in zip(cells, CLAIM_COLUMNS, strict=True))
        out.write("  ".join(fitted) + "\n")
    out.write(f"({len(claims)} claims)\n")


# -- actors -------------------------------------------------------------------------------------


_ACTORS_DICT = click.option(
    "--actors-dict",
    "actor_dictionaries",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="PETRARCH/TABARI actor or agent dictionary (docs/dictionaries.md); repeatable.",
)


@cli.command("resolve-actor")
@click.argument("text")
@click.option("--date", callback=_date, help="Date the role is wanted for [default: today].")
@click.option("--context", help="A sentence around TEXT, or a hint such as a country name.")
@click.option(
    "--latest-role",
    is_flag=True,
    help="A known person's latest role (what they are known as), not the one held on --date.",
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also resolve through the actors this database has learned.",
)
@_ACTORS_DICT
def resolve_actor_cmd(
    text: str,
    date: dt.date | None,
    context: str | None,
    latest_role: bool,
    db: str | None,
    actor_dictionaries: tuple[Path, ...],
) -> None:
    """Code one actor phrase and print JSON: name, code, country, sectors, via, confidence."""
    from . import resolve_actor

    with _errors_to_messages():
        settings = Settings.from_env(actor_dictionaries=actor_dictionaries or None)
        memory = _memory_of(db)
        try:
            found = resolve_actor(
                text,
                date=date,
                context=context,
                memory=memory,
                settings=settings,
                latest_role=latest_role,
            )
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="TEXT") from exc
        click.echo(json.dumps(found.to_dict(), ensure_ascii=False))


def _memory_of(db: str | None) -> ActorMemory | None:
    if db is None:
        return None
    with Store(db, readonly=True) as store:
        return store.actor_memory()


def _modes(_ctx: click.Context, _param: click.Parameter, value: str) -> tuple[Mode, ...]:
    names = [n.strip().lower() for n in value.split(",") if n.strip()]
    if names == ["all"]:
        return tuple(Mode)
    unknown = [n for n in names if n not in {m.value for m in Mode}]
    if unknown or not names:
        choices = ", ".join(m.value for m in Mode)
        raise click.BadParameter(f"{', '.join(unknown) or 'none given'}; choose from {choices}")
    return tuple(Mode(n) for n in names)


@cli.command("evaluate")
@click.argument(
    "gold", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--out",
    "prefix",
    metavar="PREFIX",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to PREFIX.json and PREFIX.md instead of printing it.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(GOLD_FORMATS),
    default=None,
    help="Gold format [default: read from the file's extension and first record].",
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also resolve through the actors this database has learned; with --reviewed, "
    "the store whose reviews to score.",
)
@click.option(
    "--reviewed",
    is_flag=True,
    default=False,
    help="Score the coding of --db against its reviews instead of a gold file (docs/review.md).",
)
@click.option(
    "--today",
    callback=_date,
    help="The day gold written as 'today' (or undated) refers to: when it was written "
    "[default: today].",
)
@click.option(
    "--modes",
    callback=_modes,
    default=",".join(DEFAULT_MODES),
    show_default=True,
    help="Modes of coded events that count, comma-separated, or 'all' (event-level gold).",
)
@click.option(
    "--main",
    type=click.Choice(MAIN_RULES),
    default="first",
    show_default=True,
    help="An item's main event, for class and span gold: the first in the text or the most "
    "confident.",
)
@click.option("--limit", type=int, default=None, help="Score only the first N items.")
@click.option(
    "--set-dictionaries/--no-set-dictionaries",
    default=True,
    show_default=True,
    help="Code a PETRARCH validation set with the dictionaries it names (when found beside it).",
)
@coder_options
def evaluate_cmd(
    gold: Path | None,
    prefix: Path | None,
    fmt: str | None,
    db: str | None,
    reviewed: bool,
    today: dt.date | None,
    modes: tuple[Mode, ...],
    main: MainRule,
    limit: int | None,
    set_dictionaries: bool,
    **opts: Any,
) -> None:
    """Score the coder against GOLD and report its scores and misses (docs/evaluation.md).

    GOLD is actor-level gold (an actor phrase and its expected country and sector) or
    event-level gold (texts and the events they state: our JSON Lines, PETRARCH validation
    records, Multi-CoPED classes or spans, PLOVER-labelled CSV). Undated items are coded as
    published on --date (or --today). With --reviewed, no GOLD: the store of --db is scored
    against its reviews (precision, recall against added events, calibration, samples).
    """
    if reviewed:
        if db is None or gold is not None:
            raise click.UsageError("--reviewed scores a store: give --db and no GOLD file")
        from .cli_review import write_scores

        write_scores(db, prefix)
        return
    if gold is None:
        raise click.UsageError("give a GOLD file (or --db D --reviewed)")
    with _errors_to_messages():
        fmt = fmt or detect_format(gold)
        if fmt is None:
            raise click.UsageError(
                f"{gold}: not a gold format this version reads ({', '.join(GOLD_FORMATS)}; "
                "see docs/evaluation.md)"
            )
        if limit is not None and limit < 1:
            raise click.BadParameter("must be at least 1", param_hint="--limit")
        memory = _memory_of(db)
        if fmt == "actors":
            report: ActorReport | Report = _evaluate_actors(gold, today, limit, opts, memory)
        else:
            notes = _set_dictionaries(gold, fmt, opts) if set_dictionaries else []
            report = evaluate_gold(
                gold,
                fmt,
                Pipeline(_settings(opts), memory=memory),
                modes=modes,
                main=main,
                limit=limit,
                date=opts.get("date") or today,
                notes=notes,
                on_error=_report,
            )
        write_report(report.to_markdown(), report.to_dict(), prefix)


def write_report(markdown: str, data: dict[str, Any], prefix: Path | None) -> None:
    """Print a report's Markdown, or write it to PREFIX.md with its figures in PREFIX.json."""
    if prefix is None:
        click.echo(markdown, nl=False)
        return
    json_path, md_path = Path(f"{prefix}.json"), Path(f"{prefix}.md")
    json_path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    md_path.write_text(markdown, encoding="utf-8")
    click.echo(f"report written to {json_path} and {md_path}", err=True)


def _evaluate_actors(
    gold: Path,
    today: dt.date | None,
    limit: int | None,
    opts: dict[str, Any],
    memory: ActorMemory | None,
) -> ActorReport:
    from . import resolve_actor

    settings = _settings(opts)
    cases: list[ActorCase] = []
    day = today or opts.get("date") or dt.date.today()
    for item in read_actor_cases(gold, today=day):
        if isinstance(item, InputError):
            _report(item)
        elif limit is None or len(cases) < limit:
            cases.append(item)
    return evaluate_actor_cases(
        cases,
        lambda c: resolve_actor(
            c.text,
            date=c.date or day,
            context=c.context,
            settings=settings,
            memory=memory,
            latest_role=c.date is None,  # an undated case asks who, not what on a day
        ),
    )


def _set_dictionaries(gold: Path, fmt: str, opts: dict[str, Any]) -> list[str]:
    """Use the dictionaries a PETRARCH validation set names, unless the user chose others.

    Its actor and agent files go to --actors-dict, its verb file to --lexicon (on top of the
    shipped lexicon). Returns notes for the report: what was used, and what could not be.
    """
    environment = gold_environment(gold, fmt)
    if environment is None:
        return []
    notes = []
    own = environment.actors + environment.agents
    if opts.get("actor_dictionaries"):
        notes.append("the actor dictionaries the set names are replaced by --actors-dict")
    elif own:
        opts["actor_dictionaries"] = own
        notes.append("the actor dictionaries are the ones the set names")
    verbs = environment.verbs
    if verbs is not None and opts.get("lexicons"):
        notes.append(f"the set's verb dictionary ({verbs.name}) is replaced by --lexicon")
    elif verbs is not None:
        from .events.petrarch_verbs import load_verb_dictionary

        read = load_verb_dictionary(verbs)
        opts["lexicons"] = (verbs,)
        notes.append(
            f"the set's verb dictionary ({verbs.name}) is read on top of the shipped lexicon: "
            f"{len(read.triggers)} trigger rows; {len(read.skipped)} entries newsevents cannot "
            "use are skipped (codes outside CAMEO, subject constraints, transformations)"
        )
    if environment.missing:
        missing = ", ".join(environment.missing)
        notes.append(f"dictionaries named by the set but not found: {missing}")
    return notes


# -- output -------------------------------------------------------------------------------------


def _print_events(
    events: Iterable[Event],
    fmt: str,
    out: TextIO,
    matched: dict[str, str | None] | None = None,
) -> None:
    if fmt == "jsonl":
        for event in events:
            out.write(json.dumps(event_to_dict(event), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=ROW_FIELDS)
        writer.writeheader()
        for event in events:
            writer.writerow(event_to_row(event))
    else:
        _print_table(events, out, matched or {})


TABLE_COLUMNS = (
    ("date", 10),
    ("source", 16),
    ("event", 34),
    ("target", 16),
    ("mode", 9),
    ("trigger", 24),
)


def _side_cell(actors: Sequence[Actor], prefix: str | None) -> str:
    """Every participant's code on a side ("SAU+USA"), those a filter matched first, so a row
    shows why it matched even when the cell is cut."""
    codes = list(dict.fromkeys(a.code or a.text for a in actors))
    if prefix:
        codes.sort(key=lambda code: not code.startswith(prefix))
    return "+".join(codes) or "-"


def _print_table(events: Iterable[Event], out: TextIO, matched: dict[str, str | None]) -> None:
    header = "  ".join(name.ljust(width) for name, width in TABLE_COLUMNS)
    out.write(header + "\n" + "  ".join("-" * w for _, w in TABLE_COLUMNS) + "\n")
    n = 0
    for e in events:
        cells = (
            e.event_date.start.isoformat(),
            _side_cell(e.all_sources(), matched.get("source")),
            f"{e.cameo} {e.cameo_name}",
            _side_cell(e.all_targets(), matched.get("target")),
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


# The ingest, actor-memory, serve and plot commands live in their own modules and register on
# ``cli`` when imported.
from . import cli_actors, cli_ingest, cli_plot, cli_review, cli_serve, cli_train  # noqa: E402, F401
