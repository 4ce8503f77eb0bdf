"""Upkeep of the dyad index (``event_dyads``) and the pre-aggregated counts (``event_counts``,
``network_counts``).

They are derived from ``events`` and ``event_actors`` by the SQL of schema migration 13
(:data:`~newsevents.store.schema.DYAD_ROWS`, :data:`~newsevents.store.schema.COUNT_ROWS`,
:data:`~newsevents.store.schema.NETWORK_ROWS`),
here restricted to one document's events: added after a document's events are inserted,
subtracted before they are deleted, in the same transaction, so the aggregates never read a
half-written state. A counts cell whose last event goes is deleted, so the table holds exactly
what a backfill from scratch would (the tests compare the two).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from .schema import COUNT_ROWS, DYAD_ROWS, NETWORK_ROWS

#: The schema version that added ``event_dyads`` and ``event_counts``.
ROLLUP_SCHEMA = 13

# Documents per statement, well under SQLite's bound-parameter limit (999 on old builds).
_CHUNK = 500

_ADD_COUNTS = """INSERT INTO event_counts
    (facet, key, value, dir, month, mode, events, goldstein_sum, q0, q1, q2, q3, q4)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (facet, key, value, dir, month, mode) DO UPDATE SET
        events = events + excluded.events,
        goldstein_sum = goldstein_sum + excluded.goldstein_sum,
        q0 = q0 + excluded.q0, q1 = q1 + excluded.q1, q2 = q2 + excluded.q2,
        q3 = q3 + excluded.q3, q4 = q4 + excluded.q4"""

_DROP_EMPTY = """DELETE FROM event_counts WHERE facet = ? AND key = ? AND value = ? AND dir = ?
    AND month = ? AND mode = ? AND events <= 0"""

_ADD_EDGES = """INSERT INTO network_counts
    (month, source_country, target_country, mode, events, goldstein_sum, conflict)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (month, source_country, target_country, mode) DO UPDATE SET
        events = events + excluded.events,
        goldstein_sum = goldstein_sum + excluded.goldstein_sum,
        conflict = conflict + excluded.conflict"""

_DROP_EMPTY_EDGES = """DELETE FROM network_counts WHERE month = ? AND source_country = ?
    AND target_country = ? AND mode = ? AND events <= 0"""

_DROP_DYAD = """DELETE FROM event_dyads WHERE source_key = ? AND target_key = ?
    AND source_code = ? AND target_code = ? AND event_id = ?"""


def has_rollups(conn: sqlite3.Connection) -> bool:
    """Whether the store has the tables (an older file opened read-only has not)."""
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'event_counts'"
    ).fetchone()
    return row is not None


def add_documents(conn: sqlite3.Connection, doc_ids: Sequence[str]) -> None:
    """Index and count the stored events of ``doc_ids`` (just inserted, in this transaction).

    One statement per chunk of documents rather than per document: a batch's events share
    most of their cells (the same dyads in the same months), so there are fewer upserts.
    """
    for i in range(0, len(doc_ids), _CHUNK):
        chunk = list(doc_ids[i : i + _CHUNK])
        where = _of_documents(len(chunk))
        conn.execute("INSERT INTO event_dyads " + DYAD_ROWS.format(events=where), chunk)
        _apply(conn, _ADD_COUNTS, _rows(conn, COUNT_ROWS, where, chunk), 6, 1)
        _apply(conn, _ADD_EDGES, _rows(conn, NETWORK_ROWS, where, chunk), 4, 1)


def remove_documents(conn: sqlite3.Connection, doc_ids: Sequence[str]) -> None:
    """Take the stored events of ``doc_ids`` out of the index and counts; call it before
    deleting them, in the same transaction."""
    for i in range(0, len(doc_ids), _CHUNK):
        chunk = list(doc_ids[i : i + _CHUNK])
        where = _of_documents(len(chunk))
        dyads = conn.execute(DYAD_ROWS.format(events=where), chunk).fetchall()
        conn.executemany(_DROP_DYAD, [row[:5] for row in dyads])
        for add, drop, sql, keys in (
            (_ADD_COUNTS, _DROP_EMPTY, COUNT_ROWS, 6),
            (_ADD_EDGES, _DROP_EMPTY_EDGES, NETWORK_ROWS, 4),
        ):
            rows = _rows(conn, sql, where, chunk)
            _apply(conn, add, rows, keys, -1)
            conn.executemany(drop, [row[:keys] for row in rows])


def backfill(conn: sqlite3.Connection) -> None:
    """Fill both tables from every stored event, as migration 13 does (empty tables assumed);
    for stores written row by row without the store (bench/serve_latency.py)."""
    conn.execute("INSERT INTO event_dyads " + DYAD_ROWS.format(events="1"))
    conn.execute("INSERT INTO event_counts " + COUNT_ROWS.format(events="1"))
    conn.execute("INSERT INTO network_counts " + NETWORK_ROWS.format(events="1"))


def _of_documents(n: int) -> str:
    return f"e.doc_id IN ({', '.join('?' for _ in range(n))})"


def _rows(
    conn: sqlite3.Connection, sql: str, where: str, doc_ids: list[str]
) -> list[tuple[object, ...]]:
    return [tuple(r) for r in conn.execute(sql.format(events=where), doc_ids)]


def _apply(
    conn: sqlite3.Connection, upsert: str, rows: Sequence[tuple[object, ...]], keys: int, sign: int
) -> None:
    """Add (``sign`` 1) or subtract (-1) the sums after the first ``keys`` columns of rows."""
    conn.executemany(
        upsert,
        [(*row[:keys], *(sign * value for value in row[keys:])) for row in rows],  # type: ignore[operator]
    )
