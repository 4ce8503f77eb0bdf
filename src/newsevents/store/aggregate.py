"""Summaries of the store for analysts: dyad timelines, actor profiles, networks and places.

Each function is one parameterised SQL query over the events table and its participant index
(``event_actors``), so it answers from indexes on a store of a million events; the HTTP API,
the explorer and the plots all read these, never raw rows. Actor arguments are code prefixes,
as in :class:`~newsevents.store.query.EventQuery` ("RUS" matches RUSGOV and RUSMIL), matched on
any participant of a side. Only events that happened count by default: ``modes`` is
``asserted`` and ``reported``; negated, hypothetical, future, claimed and denied events are
kept in the store but left out of sums unless asked for.

On a store with the dyad index and pre-aggregated counts (schema migration 13,
:mod:`newsevents.store.rollup`) the same answers come from those: whole months of three-letter
prefixes from ``event_counts``, of countries from ``network_counts``, other prefixes (of three
letters or more), day and week intervals and the network of actors from ``event_dyads``, the
days of a partial month from the events by date. An older store, opened read-only,
is read as before; the tests check both give the same answers.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import StoreError
from ..types import STATE_SECTORS
from .rollup import has_rollups

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
    a, b = prefix_range(a)[0], prefix_range(b)[0]
    if len(a) >= 3 and len(b) >= 3 and has_rollups(conn):
        whole = _whole_months(since, until)
        if len(a) == 3 and len(b) == 3 and interval in ("month", "year") and whole:
            rows = _timeline_counts(conn, a, b, interval, both_ways, modes, whole)
        else:
            rows = _timeline_dyads(conn, a, b, interval, both_ways, modes, since, until)
        return [_point(row) for row in rows]
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
    return [_point(row) for row in rows]


def _mean(total: float, n: int) -> float:
    """``total / n`` to 3 decimals, the same whichever order ``total`` was summed in (counts,
    events): Goldstein scores have one decimal, so the sum is first rounded well below that."""
    return round(round(total, 6) / n, 3)


def _point(row: Sequence[Any]) -> TimelinePoint:
    """(period, events, Goldstein sum, QuadClass 0-4 counts) as a timeline point."""
    events, total = int(row[1]), float(row[2])
    q = tuple(int(v) for v in row[3:8])
    return TimelinePoint(
        period=str(row[0]),
        events=events,
        goldstein_sum=round(total, 2),
        goldstein_mean=_mean(total, events),
        quad=(q[0], q[1], q[2], q[3], q[4]),
    )


#: Months bounding a query that the counts answer whole: (first, last) as "YYYY-MM" or None.
Months = tuple[str | None, str | None]


def _month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


def _whole_months(since: dt.date | None, until: dt.date | None) -> Months | None:
    """The months of [since, until] when it is made of whole months; None when it is not."""
    if (since is not None and since.day != 1) or (until is not None and not _month_end(until)):
        return None
    return (since.isoformat()[:7] if since else None, until.isoformat()[:7] if until else None)


def _month_clauses(months: Months) -> tuple[str, list[object]]:
    first, last = months
    sql, params = "", list[object]()
    if first is not None:
        sql, params = sql + " AND month >= ?", [*params, first]
    if last is not None:
        sql, params = sql + " AND month <= ?", [*params, last]
    return sql, params


def _in(column: str, values: Sequence[object] | None) -> tuple[str, list[object]]:
    """`` AND column IN (...)`` for a non-empty ``values``; nothing (no filter) otherwise."""
    if not values:
        return "", []
    return f" AND {column} IN ({', '.join('?' for _ in values)})", list(values)


def _timeline_counts(
    conn: sqlite3.Connection,
    a: str,
    b: str,
    interval: Interval,
    both_ways: bool,
    modes: Sequence[str] | None,
    months: Months,
) -> list[tuple[Any, ...]]:
    """A month or year timeline of two three-letter prefixes from the pre-aggregated counts:
    one cell per month and mode of the unordered pair; ``dir`` picks the direction."""
    key, value = min(a, b), max(a, b)
    dirs: tuple[int, ...] = ()
    if not both_ways and a != b:
        dirs = (1, 3) if a < b else (2, 3)
    dir_sql, dir_params = _in("dir", dirs)
    mode_sql, mode_params = _in("mode", modes)
    month_sql, month_params = _month_clauses(months)
    period = "month" if interval == "month" else "substr(month, 1, 4)"
    sql = f"""SELECT {period} AS period, sum(events), sum(goldstein_sum),
               sum(q0), sum(q1), sum(q2), sum(q3), sum(q4)
        FROM event_counts WHERE facet = 'codes' AND key = ? AND value = ?
        {dir_sql}{mode_sql}{month_sql}
        GROUP BY period ORDER BY period"""
    params = [key, value, *dir_params, *mode_params, *month_params]
    return [tuple(r) for r in conn.execute(sql, params)]


def _dyad_range(source: str, target: str) -> tuple[str, list[object]]:
    s_low, s_high = prefix_range(source)
    t_low, t_high = prefix_range(target)
    return (
        "source_key = ? AND target_key = ? AND source_code >= ? AND source_code < ? "
        "AND target_code >= ? AND target_code < ?",
        [s_low[:3], t_low[:3], s_low, s_high, t_low, t_high],
    )


def _dates(since: dt.date | None, until: dt.date | None) -> tuple[str, list[object]]:
    """`` AND event_start >= ? AND event_start <= ?`` for the bounds given."""
    sql, params = "", list[object]()
    if since is not None:
        sql, params = " AND event_start >= ?", [since.isoformat()]
    if until is not None:
        sql += " AND event_start <= ?"
        params.append(until.isoformat())
    return sql, params


def _timeline_dyads(
    conn: sqlite3.Connection,
    a: str,
    b: str,
    interval: Interval,
    both_ways: bool,
    modes: Sequence[str] | None,
    since: dt.date | None,
    until: dt.date | None,
) -> list[tuple[Any, ...]]:
    """A timeline of any interval and dates from the dyad index: each direction is one range
    of its clustered key; UNION keeps an event matching by several pairs once."""
    mode_sql, mode_params = _in("mode", modes)
    date_sql, date_params = _dates(since, until)
    directions = [(a, b), (b, a)] if both_ways else [(a, b)]
    selects, params = [], []
    for source, target in directions:
        where, values = _dyad_range(source, target)
        selects.append(
            "SELECT DISTINCT event_id, event_start, quad_class, goldstein FROM event_dyads "
            f"WHERE {where}{mode_sql}{date_sql}"
        )
        params += [*values, *mode_params, *date_params]
    sql = f"""SELECT {_PERIOD_SQL[interval]} AS period, count(*), sum(e.goldstein),
               sum(e.quad_class = 0), sum(e.quad_class = 1), sum(e.quad_class = 2),
               sum(e.quad_class = 3), sum(e.quad_class = 4)
        FROM ({" UNION ".join(selects)}) e
        GROUP BY period ORDER BY period"""
    return [tuple(r) for r in conn.execute(sql, params)]


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
    if has_rollups(conn):
        if level == "country":
            return _network_counts(conn, modes, since, until, min_events, limit)
        return _network_dyads(conn, modes, since, until, min_events, limit)
    column = "country" if level == "country" else "code"
    clauses, params = _where(modes=modes, since=since, until=until)
    where = " AND ".join(clauses) or "1"
    # one row per event and pair, however many participants of a side share a country
    sql = f"""
        SELECT p.s, p.t, count(*), sum(e.goldstein), sum(e.quad_class >= 3)
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
        Edge(str(r[0]), str(r[1]), int(r[2]), _mean(r[3], r[2]), round(r[4] / r[2], 3))
        for r in rows
    ]


def _network_counts(
    conn: sqlite3.Connection,
    modes: Sequence[str] | None,
    since: dt.date | None,
    until: dt.date | None,
    min_events: int,
    limit: int,
) -> list[Edge]:
    """The network of countries from ``network_counts`` for the whole months of the range (its
    all-months rows without one), and from the events for the days of a partial month at
    either end, summed in one statement."""
    months, partial = _split_months(since, until)
    mode_sql, mode_params = _in("mode", modes)
    parts: list[str] = []
    params: list[object] = []
    if months is not None:
        first, last = months
        if first is None and last is None:
            month_sql, month_params = "month = ''", []
        else:
            month_sql, month_params = "month >= ? AND month <= ?", [first or "0", last or "9"]
        parts.append(
            "SELECT source_country AS s, target_country AS t, events AS n, goldstein_sum AS g, "
            f"conflict AS c FROM network_counts WHERE {month_sql}{mode_sql}"
        )
        params += [*month_params, *mode_params]
    for day_from, day_to in partial:
        clauses, values = _where(modes=modes, since=day_from, until=day_to)
        parts.append(
            f"""SELECT s, t, 1 AS n, goldstein AS g, quad_class >= 3 AS c
            FROM (SELECT DISTINCT s.country AS s, t.country AS t, e.event_id, e.goldstein,
                         e.quad_class
                  FROM events e
                  JOIN event_actors s ON s.event_id = e.event_id AND s.side = 'source'
                  JOIN event_actors t ON t.event_id = e.event_id AND t.side = 'target'
                  WHERE {" AND ".join(clauses)} AND s.country IS NOT NULL
                    AND t.country IS NOT NULL AND s.country != t.country)"""
        )
        params += values
    if not parts:
        return []
    rows = conn.execute(
        f"""SELECT s, t, sum(n), sum(g), sum(c) FROM ({" UNION ALL ".join(parts)})
        GROUP BY s, t HAVING sum(n) >= ?
        ORDER BY sum(n) DESC, s, t LIMIT ?""",
        [*params, min_events, limit],
    )
    return [Edge(str(s), str(t), int(n), _mean(g, n), round(c / n, 3)) for s, t, n, g, c in rows]


def _network_dyads(
    conn: sqlite3.Connection,
    modes: Sequence[str] | None,
    since: dt.date | None,
    until: dt.date | None,
    min_events: int,
    limit: int,
) -> list[Edge]:
    """The network of actor codes from the dyad index: its rows are distinct per event and
    pair of codes already, and grouping in the order of its key needs no sort."""
    mode_sql, mode_params = _in("mode", modes)
    date_sql, date_params = _dates(since, until)
    rows = conn.execute(
        f"""SELECT source_code, target_code, count(*), sum(goldstein), sum(quad_class >= 3)
        FROM event_dyads WHERE source_code != target_code{mode_sql}{date_sql}
        GROUP BY source_key, target_key, source_code, target_code
        HAVING count(*) >= ?
        ORDER BY count(*) DESC, source_code, target_code
        LIMIT ?""",
        [*mode_params, *date_params, min_events, limit],
    )
    return [Edge(str(s), str(t), int(n), _mean(g, n), round(c / n, 3)) for s, t, n, g, c in rows]


def _split_months(
    since: dt.date | None, until: dt.date | None
) -> tuple[Months | None, list[tuple[dt.date, dt.date]]]:
    """[since, until] as its whole months (None: not one) and the partial months at its ends."""
    first = since if since is None or since.day == 1 else _next_month(since)
    last = until if until is None or _month_end(until) else until.replace(day=1)
    if first is not None and last is not None and first >= last:
        assert since is not None and until is not None
        return None, ([(since, until)] if since <= until else [])
    partial = []
    if since is not None and first is not None and first != since:
        partial.append((since, first - dt.timedelta(days=1)))
    if until is not None and last is not None and last != until:
        partial.append((last, until))
    if last is not None and last != until:
        last -= dt.timedelta(days=1)  # the month before until's
    return _whole_months(first, last), partial


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


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
    if len(low) == 3 and has_rollups(conn):
        return _profile_counts(conn, low, modes, top)
    clauses, params = _where(modes=modes, since=None, until=None)
    mode_sql = (" AND " + " AND ".join(clauses)) if clauses else ""
    base = (
        "FROM event_actors a JOIN events e ON e.event_id = a.event_id "
        f"WHERE a.code >= ? AND a.code < ?{mode_sql}"
    )
    bp: list[object] = [low, high, *params]
    rows = conn.execute(  # each event once per side, however many participants match
        f"""SELECT side, count(*), min(event_start), max(event_start),
                   sum(quad_class = 0), sum(quad_class = 1), sum(quad_class = 2),
                   sum(quad_class = 3), sum(quad_class = 4)
            FROM (SELECT DISTINCT a.side, e.event_id, e.event_start, e.quad_class {base})
            GROUP BY side""",
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


def _profile_counts(
    conn: sqlite3.Connection, key: str, modes: Sequence[str] | None, top: int
) -> ActorProfile | None:
    """The profile of a three-letter prefix from the pre-aggregated counts; the first and
    last day from the events of the first and last month it has events in."""
    mode_sql, mode_params = _in("mode", modes)
    rows = conn.execute(
        f"""SELECT facet, sum(events), min(month), max(month),
                   sum(q0), sum(q1), sum(q2), sum(q3), sum(q4)
        FROM event_counts WHERE facet IN ('source', 'target') AND key = ?{mode_sql}
        GROUP BY facet""",
        [key, *mode_params],
    ).fetchall()
    if not rows:
        return None
    sides = {str(r[0]): r for r in rows}
    zero = (0, 0, 0, 0, 0)

    def quad(side: str) -> tuple[int, int, int, int, int]:
        r = sides.get(side)
        return (int(r[4]), int(r[5]), int(r[6]), int(r[7]), int(r[8])) if r else zero

    def counts(facet: str) -> tuple[Count, ...]:
        found = conn.execute(
            f"""SELECT value, sum(events) FROM event_counts
            WHERE facet = ? AND key = ? AND value != ''{mode_sql}
            GROUP BY value ORDER BY 2 DESC, 1 LIMIT ?""",
            [facet, key, *mode_params, top],
        )
        return tuple(Count(str(k), int(n)) for k, n in found)

    return ActorProfile(
        code=key,
        names=counts("name"),
        as_source=int(sides["source"][1]) if "source" in sides else 0,
        as_target=int(sides["target"][1]) if "target" in sides else 0,
        first_date=_day_in(conn, key, min(str(r[2]) for r in rows), modes, "min"),
        last_date=_day_in(conn, key, max(str(r[3]) for r in rows), modes, "max"),
        quad_as_source=quad("source"),
        quad_as_target=quad("target"),
        event_types=counts("actor"),
        targets=counts("targets"),
        sources=counts("sources"),
    )


def _day_in(
    conn: sqlite3.Connection,
    prefix: str,
    month: str,
    modes: Sequence[str] | None,
    which: Literal["min", "max"],
) -> str | None:
    """The first (``min``) or last (``max``) event date of ``prefix`` within ``month``
    ("YYYY-MM"): the events of one month by date, each checked for a participant."""
    low, high = prefix_range(prefix)
    clauses, params = _where(modes=modes, since=None, until=None)
    mode_sql = "".join(f" AND {c}" for c in clauses)
    row = conn.execute(
        f"""SELECT {which}(e.event_start) FROM events e
        WHERE e.event_start >= ? AND e.event_start < ?{mode_sql}
          AND EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = e.event_id
                      AND a.code >= ? AND a.code < ?)""",
        [month, month + "~", *params, low, high],
    ).fetchone()
    return None if row is None or row[0] is None else str(row[0])
