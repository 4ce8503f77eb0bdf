"""Event filters and the parameterised SQL they become.

Filters are a frozen value so the CLI, the web API and exports can build, log and reuse them; SQL
is assembled only from fixed column names, and every user value travels as a bound parameter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Literal

from ..errors import StoreError
from . import vocabulary

Order = Literal["newest", "oldest"]
ORDERS: tuple[Order, ...] = ("newest", "oldest")
#: Stable reading orders: by event date (newest or oldest first), then, within a day, by
#: article and position in it, so an article's events read in its order either way.
ORDER_BY: dict[Order, str] = {
    "newest": "event_start DESC, doc_id, sentence_index, evidence_start, event_id",
    "oldest": "event_start, doc_id, sentence_index, evidence_start, event_id",
}

_MAX_CHAR = 0x10FFFF
_SURROGATES = range(0xD800, 0xE000)


@dataclass(frozen=True, slots=True, kw_only=True)
class EventQuery:
    """Which events to read; every field is optional and all given filters must hold (AND).

    ``source``/``target``/``actor``/``cameo`` are code prefixes (``"RUS"`` matches ``RUSMIL``),
    read in any case (``"usa"`` is ``"USA"``). ``plover`` is a PLOVER type in any case,
    ``country`` a country code or name (``"iran"``), ``mode`` a mode; a value that names nothing
    (``plover="ACUSE"``, ``cameo="21"``) raises :class:`~newsevents.store.vocabulary.FilterError`
    with the nearest valid values. ``order`` is ``"oldest"`` first (the default: a dataset
    reads in time order) or ``"newest"`` first, as the ``events`` command, the HTTP API and the
    explorer list them. ``since``/``until`` bound the event date (``event_start``), not the
    publication date, both inclusive. ``text`` is a substring of the evidence sentence, matched
    with SQL ``LIKE`` (so ASCII letters ignore case). ``actor_name`` is an actor's exact name
    on either side ("Andrei Belousov").

    Actor filters (``source``, ``target``, ``actor``, ``actor_name``, ``country``) match ANY
    participant on that side, not only the primary dyad: ``source="CHN"`` finds "Russia and
    China held talks" and "Putin and Xi pledged ...".
    """

    source: str | None = None
    target: str | None = None
    actor: str | None = None
    actor_name: str | None = None
    country: str | None = None
    cameo: str | None = None
    plover: str | None = None
    quad_class: int | None = None
    mode: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    doc_id: str | None = None
    text: str | None = None
    min_confidence: float | None = None
    min_relevance: float | None = None
    limit: int | None = None
    offset: int = 0
    order: Order = "oldest"

    def __post_init__(self) -> None:
        if self.limit is not None and self.limit < 0:
            raise StoreError(f"query limit must be >= 0, got {self.limit}")
        if self.offset < 0:
            raise StoreError(f"query offset must be >= 0, got {self.offset}")
        if self.order not in ORDERS:
            raise vocabulary.FilterError(
                "order", f"unknown order {self.order!r}; choose newest or oldest"
            )
        read = {
            "source": vocabulary.actor_prefix,
            "target": vocabulary.actor_prefix,
            "actor": vocabulary.actor_prefix,
            "cameo": vocabulary.cameo_prefix,
            "plover": vocabulary.plover_type,
            "country": vocabulary.country_code,
            "mode": vocabulary.mode,
        }
        for name, normalise in read.items():
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, normalise(value))
        for name in ("since", "until"):
            value = getattr(self, name)
            # A datetime would compare as "2024-01-01T..." against ISO dates and miss the bound day.
            if isinstance(value, dt.datetime):
                object.__setattr__(self, name, value.date())


def _successor(prefix: str) -> str | None:
    """The smallest string greater than every string starting with ``prefix`` (None: no bound)."""
    stripped = prefix.rstrip(chr(_MAX_CHAR))
    if not stripped:
        return None
    nxt = ord(stripped[-1]) + 1
    if nxt in _SURROGATES:
        nxt = _SURROGATES.stop
    return stripped[:-1] + chr(nxt)


def _prefix(column: str, prefix: str) -> tuple[str, list[object]]:
    """A range condition rather than LIKE: exact (case-sensitive) and able to use the index."""
    upper = _successor(prefix)
    if upper is None:
        return f"{column} >= ?", [prefix]
    return f"({column} >= ? AND {column} < ?)", [prefix, upper]


def _participant(
    condition: str, values: list[object], side: str | None = None
) -> tuple[str, list[object]]:
    """Events having a participant (on ``side``, or either) that meets ``condition``.

    A subquery over ``event_actors`` rather than a join, so an event with several matching
    participants is still one row; its ``code``/``country`` indexes serve the condition.
    """
    if side is None:
        return f"event_id IN (SELECT event_id FROM event_actors WHERE {condition})", values
    sql = f"event_id IN (SELECT event_id FROM event_actors WHERE {condition} AND side = ?)"
    return sql, [*values, side]


#: A (source, target) pair of participants matching both prefixes, in the dyad index (schema
#: migration 13): its keys are the codes' first three letters.
_DYAD_RANGE = (
    "source_key = ? AND target_key = ? "
    "AND source_code >= ? AND source_code < ? AND target_code >= ? AND target_code < ?"
)

#: The filters the dyad index holds the columns of, besides the pair (and the page).
_DYAD_FILTERS = frozenset(
    {"source", "target", "mode", "since", "until", "limit", "offset", "order"}
)


def _dyad(source: str, target: str) -> list[object] | None:
    """The parameters of :data:`_DYAD_RANGE` for "a source participant starts with ``source``
    and a target participant with ``target``", or None when a prefix is shorter than the keys.

    The same events as the two participant conditions: each holds for some participant of
    its side, and the index has every (source, target) pair of participants.
    """
    s_high, t_high = _successor(source), _successor(target)
    if len(source) < 3 or len(target) < 3 or s_high is None or t_high is None:
        return None
    return [source[:3], target[:3], source, s_high, target, t_high]


def _dyad_only(query: EventQuery) -> bool:
    """Whether the index alone can tell which events match (no filter outside its columns)."""
    return all(getattr(query, f.name) is None for f in fields(query) if f.name not in _DYAD_FILTERS)


def _dyad_extra(query: EventQuery) -> tuple[str, list[object]]:
    """The mode and date filters of ``query`` on the dyad index's columns."""
    sql, params = "", list[object]()
    for condition, value in (
        ("mode = ?", query.mode),
        ("event_start >= ?", query.since.isoformat() if query.since else None),
        ("event_start <= ?", query.until.isoformat() if query.until else None),
    ):
        if value is not None:
            sql, params = f"{sql} AND {condition}", [*params, value]
    return sql, params


def _dyad_condition(
    query: EventQuery, pair: list[object], page_end: int | None
) -> tuple[str, list[object]]:
    """Events of the pair; with ``page_end`` (offset + limit of a page) and filters the index
    holds, only those up to the date of the page's last event, so a page of a busy pair reads
    its own rows rather than every event of the pair to sort them."""
    if page_end is None or not _dyad_only(query):
        return f"event_id IN (SELECT event_id FROM event_dyads WHERE {_DYAD_RANGE})", pair
    extra, values = _dyad_extra(query)
    # The page's last event in the query's order bounds the dates to read: the oldest date of
    # a newest-first page, the newest of an oldest-first one (ties are all read, then sorted).
    newest = query.order == "newest"
    last = (
        f"SELECT {'min' if newest else 'max'}(event_start) FROM (SELECT DISTINCT event_id, "
        f"event_start FROM event_dyads WHERE {_DYAD_RANGE}{extra} "
        f"ORDER BY event_start{' DESC' if newest else ''} LIMIT ?)"
    )
    sql = (
        f"event_id IN (SELECT event_id FROM event_dyads WHERE {_DYAD_RANGE} "
        f"AND event_start {'>=' if newest else '<='} ({last}))"
    )
    return sql, [*pair, *pair, *values, page_end]


def escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def where_clause(
    query: EventQuery, *, dyads: bool = False, page_end: int | None = None
) -> tuple[str, list[object]]:
    """``WHERE ...`` (or ``""``) and its parameters for the filters of ``query``.

    ``dyads``: the store has the dyad index (``event_dyads``), which answers a source and a
    target together in one index range instead of intersecting two long lists of events;
    ``page_end``: only the first ``page_end`` events in :data:`ORDER_BY` order are wanted.
    """
    parts: list[str] = []
    params: list[object] = []

    def add(sql: str, *values: object) -> None:
        parts.append(sql)
        params.extend(values)

    participants: list[tuple[str, list[object], str | None]] = []
    pair = None
    if dyads and query.source is not None and query.target is not None:
        pair = _dyad(query.source, query.target)
    if pair is not None:
        sql, values = _dyad_condition(query, pair, page_end)
        add(sql, *values)
    sides = () if pair is not None else (("source", query.source), ("target", query.target))
    for side, prefix in (*sides, (None, query.actor)):
        if prefix is not None:
            participants.append((*_prefix("code", prefix), side))
    if query.cameo is not None:
        sql, values = _prefix("cameo", query.cameo)
        add(sql, *values)
    if query.actor_name is not None:
        participants.append(("name = ?", [query.actor_name], None))
    if query.country is not None:
        participants.append(("country = ?", [query.country], None))
    for condition, values, side in participants:
        sql, values = _participant(condition, values, side)
        add(sql, *values)
    for column, value in (
        ("plover", query.plover),
        ("quad_class", query.quad_class),
        ("mode", query.mode),
        ("doc_id", query.doc_id),
    ):
        if value is not None:
            add(f"{column} = ?", value)
    if query.since is not None:
        add("event_start >= ?", query.since.isoformat())
    if query.until is not None:
        add("event_start <= ?", query.until.isoformat())
    if query.text is not None:
        add("evidence LIKE ? ESCAPE '\\'", f"%{escape_like(query.text)}%")
    if query.min_confidence is not None:
        add("confidence >= ?", query.min_confidence)
    if query.min_relevance is not None:
        # The expression of the generated column (migration 11), so a reader of an older
        # file that has no such column filters the same way.
        add("coalesce(json_extract(record, '$.relevance'), 1.0) >= ?", query.min_relevance)
    return ("WHERE " + " AND ".join(parts) if parts else ""), params


def _page_end(query: EventQuery) -> int | None:
    return None if query.limit is None else query.offset + query.limit


def _page(query: EventQuery) -> tuple[str, list[object]]:
    if query.limit is None and not query.offset:
        return "", []
    return "LIMIT ? OFFSET ?", [-1 if query.limit is None else query.limit, query.offset]


def select_sql(
    query: EventQuery, columns: str = "record", *, dyads: bool = False
) -> tuple[str, list[object]]:
    """The ordered, paginated SELECT for ``query``; ``columns`` is a fixed internal list
    (``dyads``: see :func:`where_clause`)."""
    where, params = where_clause(query, dyads=dyads, page_end=_page_end(query))
    page, page_params = _page(query)
    sql = f"SELECT {columns} FROM events {where} ORDER BY {ORDER_BY[query.order]} {page}"
    return sql, params + page_params


def count_sql(query: EventQuery, *, dyads: bool = False) -> tuple[str, list[object]]:
    """Counts what :func:`select_sql` would return, pagination included."""
    page, page_params = _page(query)
    pair = _dyad(query.source, query.target) if dyads and query.source and query.target else None
    if pair is not None and not page and _dyad_only(query):
        # every row of the index is an event's: count them there, without reading events
        extra, values = _dyad_extra(query)
        sql = f"SELECT count(DISTINCT event_id) FROM event_dyads WHERE {_DYAD_RANGE}{extra}"
        return sql, [*pair, *values]
    where, params = where_clause(query, dyads=dyads, page_end=_page_end(query))
    if not page:
        return f"SELECT count(*) FROM events {where}", params
    inner = f"SELECT 1 FROM events {where} ORDER BY {ORDER_BY[query.order]} {page}"
    return f"SELECT count(*) FROM ({inner})", params + page_params
