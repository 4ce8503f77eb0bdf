"""Cross-article merging: event mentions describing the same real-world event become one cluster.

Each stored event row points (``events.merged_id``) at one row of ``merged_events``. Clustering is
incremental and runs in the writer's transaction: events not yet assigned are taken in insertion
order (``events.rowid``) and each joins the best matching existing cluster or starts a new one, so
ingesting article by article gives the same clusters as ingesting the same articles at once.

Two mentions are the same event when (see ``docs/output.md``):

* both have mode ``asserted`` or ``reported`` and both a source and a target (any other
  mention forms its own cluster: "someone supported the government" in two articles is rarely
  one event, so one-sided mentions are not merged);
* their source codes are compatible (equal, or one a prefix of the other: ``RUS``/``RUSMIL``),
  and so are their target codes;
* their CAMEO base codes (first 3 characters) are equal;
* their location countries are equal (both without a location country counts as equal);
* the gap in days between their event-date intervals is at most the larger tolerance of the two
  precisions: the merge window (default 3 days) for ``publication``, 1 day for ``day``, 0 otherwise.

A new mention is compared with each cluster's representative (its first mention), never with the
cluster's later members, so clusters do not drift; among matches the one with the smallest gap
wins, then the oldest.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

#: Days a ``publication``-precision event date may lie from another and still be the same event.
DEFAULT_MERGE_WINDOW_DAYS = 3
#: Days a ``day``-precision event date may lie from another.
DAY_TOLERANCE_DAYS = 1
#: Modes told as having happened: only these merge across mentions.
MERGEABLE_MODES = frozenset({"asserted", "reported"})


@dataclass(frozen=True, slots=True)
class MergedEvent:
    """One real-world event: its representative (first) mention's key fields and its counts.

    ``event_start``/``event_end``/``event_precision`` are the representative's event date;
    ``first_seen``/``last_seen`` the first and last publication date of its mentions;
    ``n_sources`` counts distinct non-empty outlets (``documents.source``).
    """

    merged_id: int
    cameo: str
    source_code: str | None
    target_code: str | None
    event_start: dt.date
    event_end: dt.date
    event_precision: str
    location_country: str | None
    n_mentions: int
    n_articles: int
    n_sources: int
    first_seen: dt.date
    last_seen: dt.date
    event_id: str
    event_ids: tuple[str, ...]


MERGED_COLUMNS = (
    "merged_id, cameo, source_code, target_code, event_start, event_end, event_precision, "
    "location_country, n_mentions, n_articles, n_sources, first_seen, last_seen, event_id"
)


@dataclass(frozen=True, slots=True)
class _Key:
    """The fields of a mention (or of a cluster's representative) that decide a match."""

    cameo: str
    source_code: str | None
    target_code: str | None
    start: dt.date
    end: dt.date
    precision: str
    location_country: str | None


def base_code(cameo: str) -> str:
    return cameo[:3]


def codes_compatible(a: str | None, b: str | None) -> bool:
    """Equal, or one a prefix of the other; ``None`` matches only ``None``."""
    if a is None or b is None:
        return a is None and b is None
    return a.startswith(b) or b.startswith(a)


def _tolerance(precision: str, window: int) -> int:
    if precision == "publication":
        return window
    if precision == "day":
        return DAY_TOLERANCE_DAYS
    return 0


def _gap(a: _Key, b: _Key) -> int:
    """Days between two intervals; 0 when they overlap."""
    return max(0, (b.start - a.end).days, (a.start - b.end).days)


def matches(a: _Key, b: _Key, window: int) -> bool:
    """Whether two mergeable mentions are the same event (the rule in the module docstring)."""
    return (
        base_code(a.cameo) == base_code(b.cameo)
        and codes_compatible(a.source_code, b.source_code)
        and codes_compatible(a.target_code, b.target_code)
        and a.location_country == b.location_country
        and _gap(a, b) <= max(_tolerance(a.precision, window), _tolerance(b.precision, window))
    )


_PENDING = """SELECT event_id, cameo, source_code, target_code, event_start, event_end,
    event_precision, location_country, mode, doc_date
FROM events WHERE merged_id IS NULL ORDER BY rowid"""

_CANDIDATES = """SELECT merged_id, cameo, source_code, target_code, event_start, event_end,
    event_precision, location_country
FROM merged_events
WHERE cameo = ? AND mergeable = 1 AND event_start <= ? AND event_end >= ?
ORDER BY merged_id"""

_NEW_CLUSTER = """INSERT INTO merged_events (cameo, source_code, target_code, event_start,
    event_end, event_precision, location_country, mergeable, first_seen, last_seen, event_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""

_RECOUNT = """UPDATE merged_events SET
    n_mentions = (SELECT count(*) FROM events WHERE merged_id = :m),
    n_articles = (SELECT count(DISTINCT doc_id) FROM events WHERE merged_id = :m),
    n_sources = (SELECT count(DISTINCT nullif(d.source, '')) FROM events e
                 JOIN documents d ON d.id = e.doc_id WHERE e.merged_id = :m),
    first_seen = (SELECT min(doc_date) FROM events WHERE merged_id = :m),
    last_seen = (SELECT max(doc_date) FROM events WHERE merged_id = :m)
WHERE merged_id = :m"""


def _key(row: tuple[object, ...]) -> _Key:
    cameo, source, target, start, end, precision, country = row
    return _Key(
        cameo=str(cameo),
        source_code=None if source is None else str(source),
        target_code=None if target is None else str(target),
        start=dt.date.fromisoformat(str(start)),
        end=dt.date.fromisoformat(str(end)),
        precision=str(precision),
        location_country=None if country is None else str(country),
    )


def _best_cluster(conn: sqlite3.Connection, key: _Key, window: int) -> int | None:
    reach = dt.timedelta(days=max(window, DAY_TOLERANCE_DAYS))
    rows = conn.execute(
        _CANDIDATES,
        (base_code(key.cameo), (key.end + reach).isoformat(), (key.start - reach).isoformat()),
    )
    best: tuple[int, int] | None = None
    for merged_id, *rest in rows:
        other = _key(tuple(rest))
        if matches(key, other, window):
            candidate = (_gap(key, other), int(merged_id))
            if best is None or candidate < best:
                best = candidate
    return None if best is None else best[1]


def cluster_pending(conn: sqlite3.Connection, window: int) -> int:
    """Assign every event without a cluster, in insertion order; return how many were assigned.

    Matching reads only the clusters' representatives, never their counts, so each touched
    cluster is counted once at the end: counting it after every mention made an article of
    n near-identical events cost n²/2 row reads (see ``bench/merge_scaling.py``).
    Must run inside the caller's write transaction.
    """
    pending = conn.execute(_PENDING).fetchall()
    assigned: list[tuple[int, str]] = []
    for event_id, cameo, source, target, start, end, precision, country, mode, seen in pending:
        key = _key((cameo, source, target, start, end, precision, country))
        mergeable = mode in MERGEABLE_MODES and bool(source) and bool(target)
        merged_id = _best_cluster(conn, key, window) if mergeable else None
        if merged_id is None:
            cursor = conn.execute(
                _NEW_CLUSTER,
                (
                    base_code(key.cameo),
                    source,
                    target,
                    start,
                    end,
                    precision,
                    country,
                    int(mergeable),
                    seen,
                    seen,
                    event_id,
                ),
            )
            merged_id = int(cursor.lastrowid or 0)
        assigned.append((merged_id, event_id))
    conn.executemany("UPDATE events SET merged_id = ? WHERE event_id = ?", assigned)
    touched = sorted({merged_id for merged_id, _ in assigned})
    conn.executemany(_RECOUNT, ({"m": merged_id} for merged_id in touched))
    return len(pending)


def has_pending(conn: sqlite3.Connection) -> bool:
    return (
        conn.execute("SELECT 1 FROM events WHERE merged_id IS NULL LIMIT 1").fetchone() is not None
    )


def release(conn: sqlite3.Connection, merged_ids: Iterable[int]) -> None:
    """Dissolve clusters that lost mentions (their article was coded again): their remaining
    mentions become pending, so :func:`cluster_pending` places them again, with the article's
    new events, by the same rule. A cluster's representative may be gone, and the others
    joined it by matching the representative, so keeping the rest as one cluster could hold
    mentions that no longer match. Inside the caller's transaction."""
    for merged_id in sorted(set(merged_ids)):
        conn.execute("UPDATE events SET merged_id = NULL WHERE merged_id = ?", (merged_id,))
        conn.execute("DELETE FROM merged_events WHERE merged_id = ?", (merged_id,))


def reset(conn: sqlite3.Connection) -> None:
    """Forget every cluster (inside the caller's transaction) so they can be rebuilt."""
    conn.execute("UPDATE events SET merged_id = NULL WHERE merged_id IS NOT NULL")
    conn.execute("DELETE FROM merged_events")


def merged_from_row(row: tuple[object, ...], event_ids: tuple[str, ...]) -> MergedEvent:
    (
        merged_id,
        cameo,
        source,
        target,
        start,
        end,
        precision,
        country,
        n_mentions,
        n_articles,
        n_sources,
        first_seen,
        last_seen,
        rep,
    ) = row
    return MergedEvent(
        merged_id=int(str(merged_id)),
        cameo=str(cameo),
        source_code=None if source is None else str(source),
        target_code=None if target is None else str(target),
        event_start=dt.date.fromisoformat(str(start)),
        event_end=dt.date.fromisoformat(str(end)),
        event_precision=str(precision),
        location_country=None if country is None else str(country),
        n_mentions=int(str(n_mentions)),
        n_articles=int(str(n_articles)),
        n_sources=int(str(n_sources)),
        first_seen=dt.date.fromisoformat(str(first_seen)),
        last_seen=dt.date.fromisoformat(str(last_seen)),
        event_id=str(rep),
        event_ids=event_ids,
    )
