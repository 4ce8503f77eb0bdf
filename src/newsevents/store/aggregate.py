"""Summaries of the store for analysts: dyad timelines, actor profiles, networks and places.

Each function is one parameterised SQL query over the events table and its participant index
(``event_actors``), so it answers from indexes on a store of a million events; the HTTP API,
the explorer and the plots all read these, never raw rows. Actor arguments are code prefixes,
as in :class:`~newsevents.store.query.EventQuery` ("RUS" matches RUSGOV and RUSMIL), matched on
any participant of a side. Only events that happened count by default: ``modes`` is
``asserted`` and ``reported``; negated, hypothetical, future, claimed and denied events are
kept in the store but left out of sums unless asked for.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..errors import StoreError
from ..types import STATE_SECTORS

Interval = Literal["day", "week", "month", "year"]
INTERVALS: tuple[Interval, ...] = ("day", "week", "month", "year")
#: The modes of events that happened, counted by default.
HAPPENED: tuple[str, ...] = ("asserted", "reported")

#: The period an ``event_start`` (YYYY-MM-DD) falls in, as SQL: weeks start on Monday.
_PERIOD_SQL = {
    "day": "e.event_start",
    "week": "date(e.event_start, '-6 days', 'weekday 1')",
    "month": "substr(e.event_start, 1, 7)",
    "year": "substr(e.event_start, 1, 4)",
}


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """One period of a dyad's timeline: how many events, how cooperative, of which kinds.

    ``quad`` counts events by QuadClass 0-4 (0: neutral statements, 1: verbal cooperation,
    2: material cooperation, 3: verbal conflict, 4: material conflict).
    """

    period: str
    events: int
    goldstein_sum: float
    goldstein_mean: float
    quad: tuple[int, int, int, int, int]

    @property
    def cooperation(self) -> int:
        return self.quad[1] + self.quad[2]

    @property
    def conflict(self) -> int:
        return self.quad[3] + self.quad[4]


@dataclass(frozen=True, slots=True)
class Edge:
    """Events from one actor (or country) to another in a period, and their tone."""

    source: str
    target: str
    events: int
    goldstein_mean: float
    conflict_share: float


@dataclass(frozen=True, slots=True)
class PlaceCount:
    name: str
    country: str | None
    latitude: float
    longitude: float
    events: int
    goldstein_mean: float


@dataclass(frozen=True, slots=True)
class Count:
    key: str
    events: int


@dataclass(frozen=True, slots=True)
class ActorProfile:
    """What the store knows of an actor code prefix: names, activity, partners, event types."""

    code: str
    names: tuple[Count, ...]
    as_source: int
    as_target: int
    first_date: str | None
    last_date: str | None
    quad_as_source: tuple[int, int, int, int, int]
    quad_as_target: tuple[int, int, int, int, int]
    event_types: tuple[Count, ...] = field(default=())
    targets: tuple[Count, ...] = field(default=())
    sources: tuple[Count, ...] = field(default=())


def prefix_range(prefix: str) -> tuple[str, str]:
    """``code >= low AND code < high`` matches codes starting with ``prefix`` using an index."""
    if not prefix or not prefix.isascii() or not prefix.replace("_", "").isalnum():
        raise StoreError(f"an actor code is letters and digits, not {prefix!r}")
    prefix = prefix.upper()
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _where(
    *,
    modes: Sequence[str] | None,
    since: dt.date | None,
    until: dt.date | None,
) -> tuple[list[str], list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if modes:
        # "+" keeps SQLite off the mode index: nearly every event is asserted or reported, so
        # that index would scan the whole table instead of the actor index's few rows
        clauses.append(f"+e.mode IN ({', '.join('?' for _ in modes)})")
        params.extend(modes)
    if since is not None:
        clauses.append("e.event_start >= ?")
        params.append(since.isoformat())
    if until is not None:
        clauses.append("e.event_start <= ?")
        params.append(until.isoformat())
    return clauses, params


def _side(side: str, code: str) -> tuple[str, list[object]]:
    low, high = prefix_range(code)
    return (
        "e.event_id IN (SELECT event_id FROM event_actors "
        "WHERE side = ? AND code >= ? AND code < ?)",
        [side, low, high],
    )


def dyad_timeline(
    conn: sqlite3.Connection,
    a: str,
    b: str,
    *,
    interval: Interval = "month",
    both_ways: bool = True,
    modes: Sequence[str] | None = HAPPENED,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[TimelinePoint]:
    """Events between ``a`` and ``b`` per period, oldest first; ``both_ways`` adds b → a."""
    if interval not in _PERIOD_SQL:
        raise StoreError(f"unknown interval {interval!r}; choose one of: {', '.join(INTERVALS)}")
    clauses, params = _where(modes=modes, since=since, until=until)
    s_a, p_sa = _side("source", a)
    t_b, p_tb = _side("target", b)
    direction = f"({s_a} AND {t_b})"
    dparams: list[object] = [*p_sa, *p_tb]
    if both_ways:
        s_b, p_sb = _side("source", b)
        t_a, p_ta = _side("target", a)
        direction = f"({direction} OR ({s_b} AND {t_a}))"
        dparams += [*p_sb, *p_ta]
    where = " AND ".join([direction, *clauses])
    period = _PERIOD_SQL[interval]
    sql = f"""
        SELECT {period} AS period, count(*), sum(e.goldstein),
               sum(e.quad_class = 0), sum(e.quad_class = 1), sum(e.quad_class = 2),
               sum(e.quad_class = 3), sum(e.quad_class = 4)
        FROM events e WHERE {where}
        GROUP BY period ORDER BY period"""
    rows = conn.execute(sql, [*dparams, *params]).fetchall()
    return [
        TimelinePoint(
            period=str(row[0]),
            events=int(row[1]),
            goldstein_sum=round(float(row[2]), 2),
            goldstein_mean=round(float(row[2]) / int(row[1]), 3),
            quad=(int(row[3]), int(row[4]), int(row[5]), int(row[6]), int(row[7])),
        )
        for row in rows
    ]


def network(
    conn: sqlite3.Connection,
    *,
    level: Literal["country", "actor"] = "country",
    modes: Sequence[str] | None = HAPPENED,
    since: dt.date | None = None,
    until: dt.date | None = None,
    min_events: int = 1,
    limit: int = 200,
) -> list[Edge]:
    """Directed, weighted edges between countries (or actor codes), heaviest first.

    Every pair of participants of an event is an edge (a reciprocal event counts both ways),
    counted once per event even when several participants of a side share a country.
    """
    column = "country" if level == "country" else "code"
    clauses, params = _where(modes=modes, since=since, until=until)
    where = " AND ".join(clauses) or "1"
    # one row per event and pair, however many participants of a side share a country
    sql = f"""
        SELECT p.s, p.t, count(*), avg(e.goldstein), avg(e.quad_class >= 3)
        FROM (SELECT DISTINCT s.{column} AS s, t.{column} AS t, s.event_id AS id
              FROM event_actors s
              JOIN event_actors t ON t.event_id = s.event_id AND t.side = 'target'
              WHERE s.side = 'source' AND s.{column} IS NOT NULL AND t.{column} IS NOT NULL
                AND s.{column} != t.{column}) p
        JOIN events e ON e.event_id = p.id
        WHERE {where}
        GROUP BY p.s, p.t
        HAVING count(*) >= ?
        ORDER BY count(*) DESC, p.s, p.t
        LIMIT ?"""
    rows = conn.execute(sql, [*params, min_events, limit]).fetchall()
    return [
        Edge(str(r[0]), str(r[1]), int(r[2]), round(float(r[3]), 3), round(float(r[4]), 3))
        for r in rows
    ]


def places(
    conn: sqlite3.Connection,
    *,
    actor: str | None = None,
    modes: Sequence[str] | None = HAPPENED,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 500,
) -> list[PlaceCount]:
    """Places that events happened at (with coordinates), busiest first."""
    clauses, params = _where(modes=modes, since=since, until=until)
    if actor:
        low, high = prefix_range(actor)
        clauses.append(
            "e.event_id IN (SELECT event_id FROM event_actors WHERE code >= ? AND code < ?)"
        )
        params += [low, high]
    clauses.append("e.location_latitude IS NOT NULL AND e.location_longitude IS NOT NULL")
    sql = f"""
        SELECT e.location_name, e.location_country, e.location_latitude, e.location_longitude,
               count(*), avg(e.goldstein)
        FROM events e WHERE {" AND ".join(clauses)}
        GROUP BY e.location_name, e.location_country, e.location_latitude, e.location_longitude
        ORDER BY count(*) DESC, e.location_name LIMIT ?"""
    rows = conn.execute(sql, [*params, limit]).fetchall()
    return [
        PlaceCount(str(r[0] or ""), r[1], float(r[2]), float(r[3]), int(r[4]), round(r[5], 3))
        for r in rows
    ]


def _acts_for_state(alias: str) -> str:
    """SQL: the actor row ``alias`` has a state sector among the agent codes after its
    three-letter country (``SYRGOV``, ``RUSMILGOV``)."""
    sectors = ", ".join(f"'{s}'" for s in sorted(STATE_SECTORS))
    first, second = f"substr({alias}.code, 4, 3)", f"substr({alias}.code, 7, 3)"
    return f"({first} IN ({sectors}) OR {second} IN ({sectors}))"


#: SQL: the profiled actor ``a`` and its partner ``p`` are one party, as
#: :func:`newsevents.types.same_party` decides: the same code, or a state and an organ acting for
#: it (``RUS`` and ``RUSGOV``). A state's government and its own rebels or protesters are two
#: parties, so a profile's partners keep domestic dyads (``SYRGOV`` → ``SYRREB`` is Syria).
_ONE_PARTY = (
    f"(p.code = a.code OR (p.code = a.country AND {_acts_for_state('a')}) "
    f"OR (a.code = p.country AND {_acts_for_state('p')}))"
)


def actor_profile(
    conn: sqlite3.Connection,
    code: str,
    *,
    modes: Sequence[str] | None = HAPPENED,
    top: int = 10,
) -> ActorProfile | None:
    """Names, counts, dates, event types and main partners of an actor code prefix; ``None``
    when no event has it."""
    low, high = prefix_range(code)
    clauses, params = _where(modes=modes, since=None, until=None)
    mode_sql = (" AND " + " AND ".join(clauses)) if clauses else ""
    base = (
        "FROM event_actors a JOIN events e ON e.event_id = a.event_id "
        f"WHERE a.code >= ? AND a.code < ?{mode_sql}"
    )
    bp: list[object] = [low, high, *params]
    rows = conn.execute(
        f"""SELECT a.side, count(DISTINCT e.event_id), min(e.event_start), max(e.event_start),
                   sum(e.quad_class = 0), sum(e.quad_class = 1), sum(e.quad_class = 2),
                   sum(e.quad_class = 3), sum(e.quad_class = 4)
            {base} GROUP BY a.side""",
        bp,
    ).fetchall()
    if not rows:
        return None
    sides = {r[0]: r for r in rows}
    zero = (0, 0, 0, 0, 0)

    def quad(side: str) -> tuple[int, int, int, int, int]:
        r = sides.get(side)
        return (int(r[4]), int(r[5]), int(r[6]), int(r[7]), int(r[8])) if r else zero

    def counts(sql: str, extra: Sequence[object] = ()) -> tuple[Count, ...]:
        found = conn.execute(sql, [*bp, *extra, top]).fetchall()
        return tuple(Count(str(k), int(n)) for k, n in found if k)

    firsts = [r[2] for r in rows if r[2]]
    lasts = [r[3] for r in rows if r[3]]
    join = (
        "FROM event_actors a JOIN events e ON e.event_id = a.event_id "
        "JOIN event_actors p ON p.event_id = a.event_id AND p.side = ? "
        "WHERE a.code >= ? AND a.code < ?"
    )
    partner_base = join + mode_sql
    targets = tuple(
        Count(str(k), int(n))
        for k, n in conn.execute(
            f"SELECT p.country, count(DISTINCT e.event_id) {partner_base} AND a.side = 'source' "
            f"AND p.country IS NOT NULL AND NOT {_ONE_PARTY} "
            "GROUP BY p.country ORDER BY 2 DESC, 1 LIMIT ?",
            ["target", low, high, *params, top],
        ).fetchall()
    )
    sources = tuple(
        Count(str(k), int(n))
        for k, n in conn.execute(
            f"SELECT p.country, count(DISTINCT e.event_id) {partner_base} AND a.side = 'target' "
            f"AND p.country IS NOT NULL AND NOT {_ONE_PARTY} "
            "GROUP BY p.country ORDER BY 2 DESC, 1 LIMIT ?",
            ["source", low, high, *params, top],
        ).fetchall()
    )
    return ActorProfile(
        code=code.upper(),
        names=counts(
            f"SELECT a.name, count(DISTINCT e.event_id) {base} AND a.name != '' "
            "GROUP BY a.name ORDER BY 2 DESC, 1 LIMIT ?"
        ),
        as_source=int(sides["source"][1]) if "source" in sides else 0,
        as_target=int(sides["target"][1]) if "target" in sides else 0,
        first_date=min(firsts) if firsts else None,
        last_date=max(lasts) if lasts else None,
        quad_as_source=quad("source"),
        quad_as_target=quad("target"),
        event_types=counts(
            f"SELECT e.plover, count(DISTINCT e.event_id) {base} AND e.plover != '' "
            "GROUP BY e.plover ORDER BY 2 DESC, 1 LIMIT ?"
        ),
        targets=targets,
        sources=sources,
    )
