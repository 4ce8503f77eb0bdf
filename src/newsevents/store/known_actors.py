"""The actor memory's tables: ``actor_sightings`` (the evidence) and ``known_actors`` (entries).

Every article that clearly states a name's country adds one sighting (one per name and
article: coding the article again replaces it). A ``known_actors`` row is what the name's
sightings support, recomputed by :func:`newsevents.actors.memory.summarise` whenever they
change, so the store and an in-memory :class:`~newsevents.actors.memory.ActorMemory` apply
the same rule. A row a user entered (``source = 'user'``) keeps its values whatever is learned
later; only its counts follow the sightings. See :mod:`newsevents.actors.memory` for the rule.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import replace

from ..actors.memory import USER, KnownActor, Sighting, memory_key, summarise, with_sightings

COLUMNS = (
    "key",
    "name",
    "kind",
    "country",
    "sectors",
    "code",
    "first_seen",
    "last_seen",
    "n_articles",
    "evidence",
    "doc_id",
    "source",
    "support",
    "conflicts",
)

SIGHTING_COLUMNS = (
    "name",
    "country",
    "sectors",
    "code",
    "doc_id",
    "date",
    "kind",
    "evidence",
    "basis",
)

_RECORD = f"""
INSERT INTO actor_sightings (key, {", ".join(SIGHTING_COLUMNS)})
VALUES (?, {", ".join("?" for _ in SIGHTING_COLUMNS)})
ON CONFLICT(key, doc_id) DO UPDATE SET
    {", ".join(f"{c} = excluded.{c}" for c in SIGHTING_COLUMNS if c != "doc_id")}
"""

_WRITE = f"""
INSERT INTO known_actors ({", ".join(COLUMNS)}) VALUES ({", ".join("?" for _ in COLUMNS)})
ON CONFLICT(key) DO UPDATE SET
    {", ".join(f"{c} = excluded.{c}" for c in COLUMNS if c != "key")}
"""

_SELECT_SIGHTINGS = f"SELECT {', '.join(SIGHTING_COLUMNS)} FROM actor_sightings"

# A store from before sightings (schema version 9 or older), opened read-only: readers need
# not upgrade it, so its rows read as the migration would turn them, each learned row one
# sighting of basis 'migrated' with the evidence it kept, agreeing with itself.
_LEGACY_COLUMNS = ", ".join((*COLUMNS[:-2], "CASE WHEN source = 'user' THEN 0 ELSE 1 END", "0"))
_LEGACY_SIGHTINGS = """SELECT name, country, sectors, code, doc_id,
    coalesce(last_seen, first_seen), kind, evidence, 'migrated'
FROM known_actors
WHERE source = 'learned' AND country IS NOT NULL AND doc_id != ''
  AND coalesce(last_seen, first_seen) IS NOT NULL"""


def record(conn: sqlite3.Connection, sightings: Iterable[Sighting]) -> int:
    """Record what one article taught and refresh the entries; returns the number of names."""
    rows = [
        (
            s.key,
            s.name,
            s.country,
            ";".join(s.sectors),
            s.code,
            s.doc_id,
            s.date.isoformat(),
            s.kind,
            s.evidence,
            s.basis,
        )
        for s in sightings
    ]
    conn.executemany(_RECORD, rows)
    refresh(conn, {row[0] for row in rows})
    return len(rows)


def forget_document(conn: sqlite3.Connection, doc_id: str) -> set[str]:
    """Remove what one article taught (before it is coded again); returns the keys touched."""
    rows = conn.execute("SELECT key FROM actor_sightings WHERE doc_id = ?", (doc_id,))
    keys = {str(key) for (key,) in rows}
    conn.execute("DELETE FROM actor_sightings WHERE doc_id = ?", (doc_id,))
    refresh(conn, keys)
    return keys


def forget_learned(conn: sqlite3.Connection) -> None:
    """Remove every sighting and learned entry; users' entries stay, with their counts at 0."""
    conn.execute("DELETE FROM actor_sightings")
    conn.execute("DELETE FROM known_actors WHERE source != 'user'")
    conn.execute(
        "UPDATE known_actors SET n_articles = 0, support = 0, conflicts = 0, "
        "first_seen = NULL, last_seen = NULL"
    )


def refresh(conn: sqlite3.Connection, keys: Iterable[str]) -> None:
    """Recompute the entries of ``keys`` from their sightings (a user's keeps its values)."""
    for key in sorted(keys):
        seen = [
            sighting_from_row(row)
            for row in conn.execute(f"{_SELECT_SIGHTINGS} WHERE key = ? ORDER BY rowid", (key,))
        ]
        current = _get_key(conn, key)
        if current is not None and current.source == USER:
            _write(conn, with_sightings(current, seen))
        elif seen:
            _write(conn, summarise(seen))
        elif current is not None:
            conn.execute("DELETE FROM known_actors WHERE key = ?", (key,))


def correct(conn: sqlite3.Connection, actor: KnownActor) -> None:
    """Enter or overwrite a name as a user's entry; learning never changes it afterwards."""
    _write(conn, replace(actor, source=USER))
    refresh(conn, [actor.key])


def forget(conn: sqlite3.Connection, name: str) -> bool:
    """Remove a name's entry and its sightings; True if it had either."""
    key = memory_key(name)
    removed = conn.execute("DELETE FROM known_actors WHERE key = ?", (key,)).rowcount
    removed += conn.execute("DELETE FROM actor_sightings WHERE key = ?", (key,)).rowcount
    return removed > 0


def select(
    conn: sqlite3.Connection,
    *,
    search: str | None = None,
    country: str | None = None,
    source: str | None = None,
    limit: int | None = None,
    legacy: bool = False,
) -> Iterator[KnownActor]:
    """Known actors, most often seen first; ``search`` matches part of the name. ``legacy``
    reads a store from before sightings."""
    clauses: list[str] = []
    params: list[object] = []
    if search:
        clauses.append("key LIKE ? ESCAPE '\\'")
        escaped = memory_key(search).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.append(f"%{escaped}%")
    if country:
        clauses.append("country = ?")
        params.append(country.upper())
    if source:
        clauses.append("source = ?")
        params.append(source)
    sql = f"SELECT {_LEGACY_COLUMNS if legacy else ', '.join(COLUMNS)} FROM known_actors"
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    sql += " ORDER BY n_articles DESC, key"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    for row in conn.execute(sql, params):
        yield from_row(row)


def get(conn: sqlite3.Connection, name: str, *, legacy: bool = False) -> KnownActor | None:
    return _get_key(conn, memory_key(name), legacy=legacy)


def sightings(
    conn: sqlite3.Connection, name: str | None = None, *, legacy: bool = False
) -> Iterator[Sighting]:
    """The sightings of one name (all of them without ``name``), in the order recorded.
    ``legacy`` reads a store from before sightings."""
    select = _LEGACY_SIGHTINGS if legacy else _SELECT_SIGHTINGS
    where = " AND" if legacy else " WHERE"
    if name is None:
        rows = conn.execute(f"{select} ORDER BY rowid")
    else:
        key = memory_key(name)
        rows = conn.execute(f"{select}{where} key = ? ORDER BY rowid", (key,))
    for row in rows:
        yield sighting_from_row(row)


def _get_key(conn: sqlite3.Connection, key: str, *, legacy: bool = False) -> KnownActor | None:
    columns = _LEGACY_COLUMNS if legacy else ", ".join(COLUMNS)
    row = conn.execute(f"SELECT {columns} FROM known_actors WHERE key = ?", (key,)).fetchone()
    return from_row(row) if row is not None else None


def _write(conn: sqlite3.Connection, actor: KnownActor) -> None:
    conn.execute(
        _WRITE,
        (
            actor.key,
            actor.name,
            actor.kind,
            actor.country,
            ";".join(actor.sectors),
            actor.code,
            _iso(actor.first_seen),
            _iso(actor.last_seen),
            actor.n_articles,
            actor.evidence,
            actor.doc_id,
            actor.source,
            actor.support,
            actor.conflicts,
        ),
    )


def from_row(row: tuple[object, ...]) -> KnownActor:
    values = dict(zip(COLUMNS, row, strict=True))
    return KnownActor(
        name=str(values["name"]),
        country=str(values["country"]) if values["country"] else None,
        sectors=_sectors(values["sectors"]),
        code=str(values["code"] or ""),
        kind=str(values["kind"]),
        first_seen=_date(values["first_seen"]),
        last_seen=_date(values["last_seen"]),
        n_articles=int(str(values["n_articles"])),
        evidence=str(values["evidence"] or ""),
        doc_id=str(values["doc_id"] or ""),
        source=str(values["source"]),
        support=int(str(values["support"])),
        conflicts=int(str(values["conflicts"])),
    )


def sighting_from_row(row: tuple[object, ...]) -> Sighting:
    values = dict(zip(SIGHTING_COLUMNS, row, strict=True))
    return Sighting(
        name=str(values["name"]),
        country=str(values["country"]),
        sectors=_sectors(values["sectors"]),
        code=str(values["code"] or ""),
        doc_id=str(values["doc_id"]),
        date=dt.date.fromisoformat(str(values["date"])),
        kind=str(values["kind"]),
        evidence=str(values["evidence"] or ""),
        basis=str(values["basis"]),
    )


def _sectors(value: object) -> tuple[str, ...]:
    return tuple(s for s in str(value or "").split(";") if s)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


__all__ = [
    "COLUMNS",
    "USER",
    "correct",
    "forget",
    "forget_document",
    "forget_learned",
    "get",
    "record",
    "refresh",
    "select",
    "sightings",
]
