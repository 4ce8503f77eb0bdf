"""The ``known_actors`` table: the corpus's actor memory, and users' corrections to it.

One row per name (its casefolded ``key``). Learning an actor that is already known widens its
first/last-seen dates and counts the article; a later article's role replaces an earlier one
(people change jobs), but a row a user entered (``source = 'user'``) keeps its values whatever
is learned later. See :mod:`newsevents.actors.memory` for what is learned and why.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator

from ..actors.memory import USER, KnownActor, memory_key

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
)

# In an UPDATE's SET list every column name means the OLD value, so ``later`` below compares
# the incoming sighting with the row as it was.
_LEARN = """
INSERT INTO known_actors
    (key, name, kind, country, sectors, code, first_seen, last_seen, n_articles, evidence,
     doc_id, source)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, 'learned')
ON CONFLICT(key) DO UPDATE SET
    first_seen = min(coalesce(first_seen, excluded.first_seen), excluded.first_seen),
    last_seen = max(coalesce(last_seen, excluded.last_seen), excluded.last_seen),
    n_articles = n_articles + 1,
    country = CASE WHEN source = 'user' THEN country
                   WHEN excluded.last_seen >= coalesce(last_seen, '') THEN
                        coalesce(excluded.country, country)
                   ELSE coalesce(country, excluded.country) END,
    sectors = CASE WHEN source = 'user' OR excluded.last_seen < coalesce(last_seen, '')
                   THEN sectors ELSE excluded.sectors END,
    code = CASE WHEN source = 'user' OR excluded.last_seen < coalesce(last_seen, '')
                THEN code ELSE excluded.code END,
    evidence = CASE WHEN source = 'user' OR excluded.last_seen < coalesce(last_seen, '')
                    THEN evidence ELSE excluded.evidence END,
    doc_id = CASE WHEN source = 'user' OR excluded.last_seen < coalesce(last_seen, '')
                  THEN doc_id ELSE excluded.doc_id END
"""

_CORRECT = """
INSERT INTO known_actors
    (key, name, kind, country, sectors, code, first_seen, last_seen, n_articles, evidence,
     doc_id, source)
VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, 0, ?, '', 'user')
ON CONFLICT(key) DO UPDATE SET
    name = excluded.name,
    kind = excluded.kind,
    country = excluded.country,
    sectors = excluded.sectors,
    code = excluded.code,
    evidence = excluded.evidence,
    source = 'user'
"""


def learn(conn: sqlite3.Connection, learned: Iterable[KnownActor]) -> int:
    """Record what one article taught; returns the number of names recorded."""
    rows = [
        (
            actor.key,
            actor.name,
            actor.kind,
            actor.country,
            ";".join(actor.sectors),
            actor.code,
            _iso(actor.first_seen),
            _iso(actor.last_seen),
            actor.evidence,
            actor.doc_id,
        )
        for actor in learned
    ]
    conn.executemany(_LEARN, rows)
    return len(rows)


def correct(conn: sqlite3.Connection, actor: KnownActor) -> None:
    """Enter or overwrite a name as a user's entry; learning never changes it afterwards."""
    conn.execute(
        _CORRECT,
        (
            actor.key,
            actor.name,
            actor.kind,
            actor.country,
            ";".join(actor.sectors),
            actor.code,
            actor.evidence,
        ),
    )


def forget(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("DELETE FROM known_actors WHERE key = ?", (memory_key(name),)).rowcount > 0


def select(
    conn: sqlite3.Connection,
    *,
    search: str | None = None,
    country: str | None = None,
    source: str | None = None,
    limit: int | None = None,
) -> Iterator[KnownActor]:
    """Known actors, most often seen first; ``search`` matches part of the name."""
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
    sql = f"SELECT {', '.join(COLUMNS)} FROM known_actors"
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    sql += " ORDER BY n_articles DESC, key"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    for row in conn.execute(sql, params):
        yield from_row(row)


def get(conn: sqlite3.Connection, name: str) -> KnownActor | None:
    row = conn.execute(
        f"SELECT {', '.join(COLUMNS)} FROM known_actors WHERE key = ?", (memory_key(name),)
    ).fetchone()
    return from_row(row) if row is not None else None


def from_row(row: tuple[object, ...]) -> KnownActor:
    values = dict(zip(COLUMNS, row, strict=True))
    sectors = str(values["sectors"] or "")
    return KnownActor(
        name=str(values["name"]),
        country=str(values["country"]) if values["country"] else None,
        sectors=tuple(s for s in sectors.split(";") if s),
        code=str(values["code"] or ""),
        kind=str(values["kind"]),
        first_seen=_date(values["first_seen"]),
        last_seen=_date(values["last_seen"]),
        n_articles=int(str(values["n_articles"])),
        evidence=str(values["evidence"] or ""),
        doc_id=str(values["doc_id"] or ""),
        source=str(values["source"]),
    )


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


__all__ = ["COLUMNS", "USER", "correct", "forget", "get", "learn", "select"]
