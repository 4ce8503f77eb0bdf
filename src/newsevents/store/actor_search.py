"""Find actors by code or by any of their names, for search boxes and ``/api/actors``.

Users look for people and organisations by name ("Erdogan", "Soleimani", "Hezbollah"), but the
store's ``actors`` table names a code only by its gazetteer name ("Russia"): the person is one
of many ``TURGOV`` actors. So a search reads four places, best first: codes starting with the
text, names in the store's events (every participant keeps the name it was coded from), the
actors the store has learned (its memory), and the shipped people table, whose people may not
appear in this store at all (``events`` 0). Each hit says where its name was found (``via``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Callable

from ..actors.people import People
from ..actors.resolve import actor_code
from .query import escape_like
from .rollup import has_rollups


@dataclasses.dataclass(frozen=True, slots=True)
class ActorHit:
    """One search answer: a code, the name that matched, and how many stored events it has."""

    code: str
    name: str
    country: str | None
    events: int
    via: str  # "code", "events", "memory" or "people"

    def to_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self)


def search_actors(
    conn: sqlite3.Connection,
    text: str,
    *,
    limit: int = 20,
    people: Callable[[], People] | None = None,
    today: dt.date | None = None,
) -> list[ActorHit]:
    """Actors whose code starts with ``text`` or one of whose names contains it (any case).

    ``people`` gives the shipped people table (read only when the stores' own names do not
    fill ``limit``); ``today`` is the day a person's role is read for (default today).
    """
    text = " ".join(text.split())
    hits: dict[tuple[str, str], ActorHit] = {}

    def add(found: Callable[[], list[ActorHit]]) -> None:
        if len(hits) >= limit:
            return  # full: the places read later are not searched at all
        for hit in found():
            key = (hit.code, hit.name.casefold())
            if key not in hits and len(hits) < limit:
                hits[key] = hit

    like = f"%{escape_like(text)}%"
    add(lambda: _in_actors(conn, text, like, limit))
    if text:
        add(lambda: _in_events(conn, like, limit))
        add(lambda: _in_memory(conn, like, limit))
        if people is not None:
            add(lambda: _in_people(people(), text, limit, today or dt.date.today()))
    return list(hits.values())


def _in_actors(conn: sqlite3.Connection, text: str, like: str, limit: int) -> list[ActorHit]:
    """Codes starting with ``text`` (the exact code first) and codes whose name contains it."""
    upper = text.upper()
    by_code = (text.isascii() and text.isalnum()) or not text
    rows = conn.execute(
        "SELECT code, name, country, n_events FROM actors "
        "WHERE (? AND code >= ? AND code < ?) OR name LIKE ? ESCAPE '\\' "
        "ORDER BY code = ? DESC, n_events DESC, code LIMIT ?",
        (by_code, upper, upper + "\U0010ffff", like, upper, limit),
    ).fetchall()
    return [ActorHit(r[0], r[1], r[2], int(r[3]), "code") for r in rows]


def _in_events(conn: sqlite3.Connection, like: str, limit: int) -> list[ActorHit]:
    """Names in stored events: from the counts (a few rows per name and month) and the name
    index (migration 14) where the store has them, else by reading every participant."""
    if has_rollups(conn) and _has_name_index(conn):
        return _in_counted_events(conn, like, limit)
    rows = conn.execute(
        "SELECT code, name, max(country), count(DISTINCT event_id) AS n FROM event_actors "
        "WHERE name LIKE ? ESCAPE '\\' GROUP BY code, name ORDER BY n DESC, code LIMIT ?",
        (like, limit),
    ).fetchall()
    return [ActorHit(r[0], r[1], r[2], int(r[3]), "events") for r in rows]


def _has_name_index(conn: sqlite3.Connection) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'event_actors_name'"
    ).fetchone()
    return row is not None


def _in_counted_events(conn: sqlite3.Connection, like: str, limit: int) -> list[ActorHit]:
    names = conn.execute(
        "SELECT value, sum(events) AS n FROM event_counts WHERE facet = 'name' "
        "AND value LIKE ? ESCAPE '\\' GROUP BY value ORDER BY n DESC, value LIMIT ?",
        (like, limit),
    ).fetchall()
    found = []
    for name, _n in names:
        for code, country, events in conn.execute(
            "SELECT code, max(country), count(DISTINCT event_id) AS n FROM event_actors "
            "WHERE name = ? GROUP BY code ORDER BY n DESC, code",
            (name,),
        ):
            found.append(ActorHit(code, name, country, int(events), "events"))
    found.sort(key=lambda hit: (-hit.events, hit.code))
    return found[:limit]


def _in_memory(conn: sqlite3.Connection, like: str, limit: int) -> list[ActorHit]:
    rows = conn.execute(
        "SELECT code, name, country, sectors FROM known_actors WHERE name LIKE ? ESCAPE '\\' "
        "AND country IS NOT NULL ORDER BY n_articles DESC, name LIMIT ?",
        (like, limit),
    ).fetchall()
    found = []
    for code, name, country, sectors in rows:
        code = code or actor_code(country, tuple(s for s in sectors.split(";") if s))
        found.append(ActorHit(code, name, country, _events_of(conn, code), "memory"))
    return found


def _events_of(conn: sqlite3.Connection, code: str) -> int:
    row = conn.execute("SELECT n_events FROM actors WHERE code = ?", (code,)).fetchone()
    return int(row[0]) if row else 0


def _in_people(people: People, text: str, limit: int, today: dt.date) -> list[ActorHit]:
    wanted = text.casefold()
    found: list[ActorHit] = []
    for key in people.mapping():
        if wanted not in key:
            continue
        person = people.mapping()[key]
        day = today if person.role_on(today) is not None else (person.latest_day() or today)
        code = person.code_on(day) or actor_code(person.country_on(day), person.sectors_on(day))
        found.append(ActorHit(code, person.name, person.country_on(day) or None, 0, "people"))
        if len(found) >= limit:
            break
    return found
