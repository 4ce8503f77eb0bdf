"""``newsevents actors list|show|edit|export``: the actor memory of a database.

Registered on the ``newsevents`` group when :mod:`newsevents.cli` is imported; like every
command, it talks to users and leaves the work to the library (:class:`~newsevents.Store`).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable
from typing import Any, TextIO

import click

from .actors.memory import USER, KnownActor
from .actors.resolve import actor_code
from .cli import DEFAULT_DB, _errors_to_messages, _fit, cli
from .store import EventQuery, Store

__all__ = ["actors_group"]


@cli.group("actors")
def actors_group() -> None:
    """List, inspect, correct and export the actors a database has learned."""


_DB_OPTION = click.option(
    "--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False)
)
ACTOR_FORMATS = ("table", "jsonl", "csv")


@actors_group.command("list")
@_DB_OPTION
@click.option("--search", help="Part of the name.")
@click.option("--country", help="Country code (ISO3).")
@click.option("--source", type=click.Choice(["learned", "user"]), help="Learned or user entries.")
@click.option("--limit", type=int, default=50, show_default=True, help="At most this many.")
@click.option("--format", "fmt", type=click.Choice(ACTOR_FORMATS), default="table")
def actors_list_cmd(db: str, fmt: str, limit: int, **filters: Any) -> None:
    """Known actors, most often seen first."""
    with _errors_to_messages(), Store(db, readonly=True) as store:
        found = store.known_actors(**filters, limit=limit if limit > 0 else None)
        _print_actors(found, fmt, sys.stdout)


@actors_group.command("export")
@_DB_OPTION
@click.option("--out", default="-", show_default=True, help="Output file (- for stdout).")
@click.option("--format", "fmt", type=click.Choice(("jsonl", "csv")), default="jsonl")
def actors_export_cmd(db: str, out: str, fmt: str) -> None:
    """Every known actor, with dates and evidence."""
    with _errors_to_messages(), Store(db, readonly=True) as store:
        found = store.known_actors()
        if out == "-":
            _print_actors(found, fmt, sys.stdout)
        else:
            with open(out, "w", encoding="utf-8", newline="") as fh:
                _print_actors(found, fmt, fh)
        click.echo(f"{len(found)} actors written to {out}", err=True)


@actors_group.command("show")
@click.argument("name")
@_DB_OPTION
def actors_show_cmd(name: str, db: str) -> None:
    """One known actor as JSON, with how many stored events name it."""
    with _errors_to_messages(), Store(db, readonly=True) as store:
        found = store.known_actor(name) or store.actor_memory().lookup(name)
        if found is None:
            raise click.ClickException(f"{name!r} is not a known actor in {db}")
        record = _actor_record(found)
        record["events"] = store.count_events(EventQuery(actor_name=found.name))
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))


@actors_group.command("edit")
@click.argument("name")
@_DB_OPTION
@click.option("--country", help="Country code (ISO3), or 'none'.")
@click.option("--sectors", help="CAMEO agent codes, comma-separated (GOV,MIL), or 'none'.")
@click.option("--kind", type=click.Choice(["person", "organisation"]), help="Kind of actor.")
@click.option("--note", help="Why (kept as the entry's evidence).")
@click.option("--forget", is_flag=True, help="Remove the name instead (it may be learned again).")
def actors_edit_cmd(
    name: str,
    db: str,
    country: str | None,
    sectors: str | None,
    kind: str | None,
    note: str | None,
    forget: bool,
) -> None:
    """Correct a known actor or add one; corrections win over what is learned later."""
    with _errors_to_messages(), Store(db) as store:
        if forget:
            if not store.forget_actor(name):
                raise click.ClickException(f"{name!r} is not a known actor in {db}")
            click.echo(f"forgot {name}", err=True)
            return
        entry = _corrected(store.known_actor(name), name, country, sectors, kind, note)
        click.echo(json.dumps(_actor_record(store.correct_actor(entry)), ensure_ascii=False))


def _corrected(
    current: KnownActor | None,
    name: str,
    country: str | None,
    sectors: str | None,
    kind: str | None,
    note: str | None,
) -> KnownActor:
    """The user's entry: given fields replace the current ones, the rest are kept."""
    if current is None and country is None:
        raise click.UsageError(f"{name!r} is not known yet: give at least --country")
    new_country = current.country if current is not None and country is None else country
    if new_country is not None:
        new_country = None if new_country.lower() == "none" else new_country.upper()
        if new_country is not None and not re.fullmatch(r"[A-Z]{3}", new_country):
            raise click.BadParameter("a three-letter code such as RUS", param_hint="--country")
    if sectors is None:
        new_sectors = current.sectors if current is not None else ()
    elif sectors.lower() == "none":
        new_sectors = ()
    else:
        new_sectors = tuple(s.strip().upper() for s in re.split(r"[,;\s]+", sectors) if s.strip())
        if not all(re.fullmatch(r"[A-Z]{3}", s) for s in new_sectors):
            hint = "three-letter agent codes such as GOV,MIL"
            raise click.BadParameter(hint, param_hint="--sectors")
    return KnownActor(
        name=current.name if current is not None else " ".join(name.split()),
        country=new_country,
        sectors=new_sectors,
        code=actor_code(new_country, new_sectors),
        kind=kind or (current.kind if current is not None else "person"),
        evidence=note if note is not None else (current.evidence if current is not None else ""),
        source=USER,
    )


def _actor_record(actor: KnownActor) -> dict[str, Any]:
    return {
        "name": actor.name,
        "kind": actor.kind,
        "code": actor.code,
        "country": actor.country,
        "sectors": list(actor.sectors),
        "first_seen": actor.first_seen.isoformat() if actor.first_seen else None,
        "last_seen": actor.last_seen.isoformat() if actor.last_seen else None,
        "n_articles": actor.n_articles,
        "source": actor.source,
        "evidence": actor.evidence,
        "doc_id": actor.doc_id,
    }


ACTOR_TABLE = (("name", 28), ("code", 12), ("kind", 12), ("seen", 23), ("n", 5), ("source", 7))


def _print_actors(actors: Iterable[KnownActor], fmt: str, out: TextIO) -> None:
    records = (_actor_record(a) for a in actors)
    if fmt == "jsonl":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    if fmt == "csv":
        writer: csv.DictWriter[str] | None = None
        for record in records:
            record["sectors"] = ";".join(record["sectors"])
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(record))
                writer.writeheader()
            writer.writerow(record)
        return
    out.write("  ".join(n.ljust(w) for n, w in ACTOR_TABLE) + "\n")
    out.write("  ".join("-" * w for _, w in ACTOR_TABLE) + "\n")
    n = 0
    for r in records:
        seen = f"{r['first_seen'] or '-'}..{r['last_seen'] or '-'}"
        cells = (r["name"], r["code"], r["kind"], seen, str(r["n_articles"]), r["source"])
        fitted = (_fit(c, w) for c, (_, w) in zip(cells, ACTOR_TABLE, strict=True))
        out.write("  ".join(fitted) + "\n")
        n += 1
    out.write(f"({n} actors)\n")
