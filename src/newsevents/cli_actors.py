"""``newsevents actors list|show|edit|export``: the actor memory of a database.

Registered on the ``newsevents`` group when :mod:`newsevents.cli` is imported; like every
command, it talks to users and leaves the work to the library (:class:`~newsevents.Store`,
:func:`~newsevents.batch.recode`).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable
from typing import Any, TextIO

import click

from .actors.gazetteer import Gazetteer
from .actors.memory import USER, KnownActor, Sighting
from .actors.resolve import actor_code
from .cli import DEFAULT_DB, _errors_to_messages, _fit, cli
from .cli_ingest import recode_documents
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
@click.option(
    "--format", "fmt", type=click.Choice(("json", "text")), default="json", show_default=True
)
def actors_show_cmd(name: str, db: str, fmt: str) -> None:
    """One known actor with its evidence: every article that stated its country (date,
    article, the code it supports, the sentence), its confidence and how many stored events
    name it."""
    with _errors_to_messages(), Store(db, readonly=True) as store:
        found = store.known_actor(name)
        if found is None:
            memory = store.actor_memory()
            found = memory.lookup(name) or memory.entry(name)
        if found is None:
            raise click.ClickException(f"{name!r} is not a known actor in {db}")
        record = _actor_record(found)
        record["events"] = store.count_events(EventQuery(actor_name=found.name))
        record["sightings"] = [_sighting_record(s) for s in store.actor_sightings(found.name)]
        if fmt == "json":
            click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        else:
            _print_shown(record, sys.stdout)


@actors_group.command("edit")
@click.argument("name")
@_DB_OPTION
@click.option(
    "--code", help="Full CAMEO-style code (USAGOV, IGOUNO, PSEREBHMS): sets country and sectors."
)
@click.option("--country", help="Country code (ISO3), or 'none'.")
@click.option("--sectors", help="CAMEO agent codes, comma-separated (GOV,MIL), or 'none'.")
@click.option("--kind", type=click.Choice(["person", "organisation"]), help="Kind of actor.")
@click.option("--note", help="Why (kept as the entry's evidence).")
@click.option("--forget", is_flag=True, help="Remove the name instead (it may be learned again).")
@click.option(
    "--recode/--no-recode",
    default=True,
    help="Code the stored articles that name the actor again, with the default coder settings "
    "(`newsevents recode` takes ingest's options) [default: on].",
)
def actors_edit_cmd(
    name: str,
    db: str,
    code: str | None,
    country: str | None,
    sectors: str | None,
    kind: str | None,
    note: str | None,
    forget: bool,
    recode: bool,
) -> None:
    """Correct a known actor or add one; corrections win over what is learned later, and the
    stored events that name it are coded again."""
    if code is not None and (country is not None or sectors is not None):
        raise click.UsageError("--code sets country and sectors: give it without them")
    with _errors_to_messages(), Store(db) as store:
        current = store.known_actor(name)
        if forget:
            if not store.forget_actor(name):
                raise click.ClickException(f"{name!r} is not a known actor in {db}")
            click.echo(f"forgot {name}", err=True)
        else:
            if code is not None:
                country, sectors = _split_code(code)
            entry = _corrected(current, name, country, sectors, kind, note, code)
            shown = _actor_record(store.correct_actor(entry))
            click.echo(json.dumps(shown, ensure_ascii=False))
        if recode:
            person = (kind or (current.kind if current is not None else "person")) == "person"
            doc_ids = store.documents_naming(name, surname=person)
            summary = recode_documents(store, doc_ids)
            click.echo(f"{db}: {summary}", err=True)


def _split_code(code: str) -> tuple[str, str]:
    """Country and sectors of a CAMEO-style code: three letters, then three-letter blocks."""
    clean = code.strip().upper()
    if not re.fullmatch(r"(?:[A-Z]{3})+", clean):
        raise click.BadParameter(
            f"{code!r} is not a CAMEO-style code: a three-letter country or organisation code "
            "followed by three-letter agent codes, such as USAGOV, IGOUNO or PSEREBHMS",
            param_hint="--code",
        )
    blocks = [clean[i : i + 3] for i in range(0, len(clean), 3)]
    _check_country(blocks[0], "--code")
    return blocks[0], ",".join(blocks[1:]) or "none"


#: CAMEO's codes for actors without a home state, beside the gazetteer's states and regions.
INTERNATIONAL_CODES = frozenset({"IGO", "NGO", "IMG", "MNC"})


def _check_country(country: str, hint: str) -> None:
    """A clear error unless ``country`` is a state, region or international code we know."""
    if not re.fullmatch(r"[A-Z]{3}", country):
        raise click.BadParameter("a three-letter code such as RUS", param_hint=hint)
    known = {e.country for e in Gazetteer.builtin().entries() if e.country}
    if country not in known | INTERNATIONAL_CODES:
        raise click.BadParameter(
            f"unknown country code {country!r}: use a state's CAMEO code (RUS, USA), a region "
            f"(EUR, AFR) or {', '.join(sorted(INTERNATIONAL_CODES))}",
            param_hint=hint,
        )


def _corrected(
    current: KnownActor | None,
    name: str,
    country: str | None,
    sectors: str | None,
    kind: str | None,
    note: str | None,
    code: str | None = None,
) -> KnownActor:
    """The user's entry: given fields replace the current ones, the rest are kept. A full
    ``code`` is kept as given (a code may hold more than two agent codes, or an
    organisation's own code such as ``HMS``); otherwise it is made from country and sectors."""
    if current is None and country is None:
        raise click.UsageError(f"{name!r} is not known yet: give at least --country or --code")
    new_country = current.country if current is not None and country is None else country
    if new_country is not None:
        new_country = None if new_country.lower() == "none" else new_country.upper()
        if new_country is not None and country is not None and code is None:
            _check_country(new_country, "--country")
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
        code=code.strip().upper() if code is not None else actor_code(new_country, new_sectors),
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
        "support": actor.support,
        "conflicts": actor.conflicts,
        "confidence": round(actor.confidence, 2),
        "used": actor.trusted,
        "source": actor.source,
        "evidence": actor.evidence,
        "doc_id": actor.doc_id,
    }


def _sighting_record(sighting: Sighting) -> dict[str, Any]:
    return {
        "date": sighting.date.isoformat(),
        "doc_id": sighting.doc_id,
        "code": sighting.code,
        "country": sighting.country,
        "sectors": list(sighting.sectors),
        "basis": sighting.basis,
        "evidence": sighting.evidence,
    }


def _print_shown(record: dict[str, Any], out: TextIO) -> None:
    """``actors show --format text``: the entry, then one block per sighting."""
    used = "used" if record["used"] else "not used (the articles disagree)"
    out.write(
        f"{record['name']}  {record['code'] or '-'}  ({record['kind']}, {record['source']})\n"
    )
    out.write(
        f"confidence {record['confidence']:.2f}: {record['support']} agreeing, "
        f"{record['conflicts']} conflicting of {record['n_articles']} articles; {used}\n"
    )
    out.write(f"stored events naming it: {record['events']}\n")
    if record["source"] == USER and record["evidence"]:
        out.write(f"note: {record['evidence']}\n")
    for s in record["sightings"]:
        out.write(f"\n{s['date']}  {s['code']}  ({s['basis']})  {s['doc_id']}\n  {s['evidence']}\n")


ACTOR_TABLE = (
    ("name", 28),
    ("code", 12),
    ("kind", 12),
    ("seen", 22),
    ("n", 4),
    ("conf", 4),
    ("used", 4),
    ("source", 7),
)


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
        conf = f"{r['confidence']:.2f}"
        used = "yes" if r["used"] else "no"
        cells = (
            r["name"],
            r["code"],
            r["kind"],
            seen,
            str(r["n_articles"]),
            conf,
            used,
            r["source"],
        )
        fitted = (_fit(c, w) for c, (_, w) in zip(cells, ACTOR_TABLE, strict=True))
        out.write("  ".join(fitted) + "\n")
        n += 1
    out.write(f"({n} actors)\n")
