"""Events as reviewed: the coding with the analysts' reviews applied.

An event marked wrong is left out; a corrected one reads with the reviewer's values (its CAMEO
name, PLOVER type, QuadClass and Goldstein score re-derived from the CAMEO table, so they
always agree); an added event is built from its review. Every other event reads as coded.

What a review says an event is (:meth:`Review.truth`: the coded values with the corrections
over them) is applied whatever the event now says, so a review that a re-coding moved to an
event coded differently still reads as the reviewer judged it. The stored event id is kept, so
the explorer can review a corrected event again.

Filters apply to the events as reviewed (an event corrected to an assault is found with
``cameo=19``): events without reviews are filtered in SQL as always; the few reviewed ones are
read, reviewed and filtered here, and merged into the stream in the query's order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import heapq
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from ..actors.dictionaries import code_role
from ..codes import cameo as cameo_table
from ..serialize import event_from_dict, event_id, event_to_dict
from ..types import Actor, Article, Event, Mode, Precision, Span, TimeRef, code_order
from . import reviews as review_rows
from .query import EventQuery, select_sql
from .reviews import Review


@dataclass(frozen=True, slots=True)
class ReviewedEvent:
    """An event as reviewed, its stored id (an added event's own) and its latest review."""

    event: Event
    event_id: str
    review: Review | None

    def to_dict(self) -> dict[str, Any]:
        """The event's JSON record with the stored id and a ``review`` key (null when none)."""
        record = event_to_dict(self.event)
        record["event_id"] = self.event_id
        record["review"] = None if self.review is None else self.review.to_dict()
        return record


@functools.cache
def _countries() -> frozenset[str]:
    from ..actors.gazetteer import country_names

    return frozenset(country_names().values())


def actor_for(code: str, known: tuple[Actor, ...]) -> Actor:
    """The coded actor with this code, else one a reviewer typed: its country the code's
    first three letters when they are a country's code, its sectors the agent codes after
    (read by the dictionaries' rule: only codes that are sectors count)."""
    for actor in known:
        if actor.code == code:
            return actor
    country = code[:3] if code[:3] in _countries() else None
    sectors = code_role(code).sectors if country else ()  # as dictionary codes are read
    return Actor(text="", name="", code=code, country=country, sectors=sectors, via="review")


def type_fields(event_cameo: str, truth: dict[str, Any]) -> dict[str, Any]:
    """The CAMEO fields of the reviewed type: the given code, or for a PLOVER type alone the
    coded code when it is of that type, else the type's shortest code in the table."""
    code = truth.get("cameo") or ("" if "plover" in truth else event_cameo)
    plover = truth.get("plover")
    entry = cameo_table.get(code) if code else None
    if plover and (entry is None or entry.plover != plover):
        of_type = [c for c in cameo_table.all_codes() if c.plover == plover]
        entry = min(of_type, key=lambda c: len(c.code))
    if entry is None:
        raise ValueError(f"no CAMEO code for {truth}")
    fields = entry.event_fields()
    if plover:
        fields["plover"] = plover
    return fields


def apply(event: Event, review: Review | None) -> Event | None:
    """``event`` as ``review`` says it is; None when marked wrong."""
    if review is None:
        return event
    if review.verdict == "wrong":
        return None
    truth = review.truth()
    changes: dict[str, Any] = {}
    fields = type_fields(event.cameo, truth)
    if (fields["cameo"], fields["plover"]) != (event.cameo, event.plover):
        changes.update(fields)
    if "mode" in truth and truth["mode"] != event.mode.value:
        changes["mode"] = Mode(truth["mode"])
    if "date" in truth and truth["date"] != event.event_date.start.isoformat():
        day = dt.date.fromisoformat(truth["date"])
        changes["event_date"] = TimeRef(day, day, Precision.DAY, event.event_date.text)
    sources = [a.code for a in event.all_sources()]
    targets = [a.code for a in event.all_targets()]
    if truth.get("sources", sources) != sources or truth.get("targets", targets) != targets:
        changes.update(_actors(event, truth.get("sources", sources), truth.get("targets", targets)))
    return replace(event, **changes) if changes else event


def _actors(event: Event, sources: list[str], targets: list[str]) -> dict[str, Any]:
    known = event.participants()
    src = tuple(actor_for(c, known) for c in sources)
    tgt = tuple(actor_for(c, known) for c in targets)
    if event.reciprocal and sorted(sources) == sorted(targets) and len(src) >= 2:
        both = code_order(src)
        return {"source": both[0], "target": both[1], "sources": both, "targets": both}
    return {
        "source": src[0] if src else None,
        "target": tgt[0] if tgt else None,
        "sources": src,
        "targets": tgt,
        "reciprocal": False,
    }


def added_event(review: Review, article: Article, sentence_index: int = -1) -> Event:
    """The event a reviewer added, from its review: its evidence and trigger spans, the
    reviewed type, actors and mode, dated the given date or the article's."""
    truth = review.truth()
    fields = type_fields("", truth)
    day = dt.date.fromisoformat(truth["date"]) if truth.get("date") else article.date
    precision = Precision.DAY if truth.get("date") else Precision.PUBLICATION
    src = tuple(actor_for(c, ()) for c in truth.get("sources", []))
    tgt = tuple(actor_for(c, ()) for c in truth.get("targets", []))
    return Event(
        doc_id=article.id,
        doc_date=article.date,
        sentence_index=sentence_index,
        source=src[0] if src else None,
        target=tgt[0] if tgt else None,
        sources=src,
        targets=tgt,
        event_date=TimeRef(day, day, precision),
        evidence=Span(review.evidence_text, review.evidence_start, review.evidence_end),
        trigger=Span(review.trigger_text, review.trigger_start, review.trigger_end),
        mode=Mode(truth.get("mode", "asserted")),
        confidence=1.0,
        **fields,
    )


# -- filters in Python, as store/query.py has them in SQL ---------------------------------------


def matches(query: EventQuery, event: Event) -> bool:
    """Whether ``event`` meets every filter of ``query`` (as :func:`where_clause` reads it)."""
    sources, targets = event.all_sources(), event.all_targets()
    everyone = (*sources, *targets)
    for prefix, side in ((query.source, sources), (query.target, targets), (query.actor, everyone)):
        if prefix is not None and not any(a.code.startswith(prefix) for a in side):
            return False
    if query.actor_name is not None and not any(a.name == query.actor_name for a in everyone):
        return False
    if query.country is not None and not any(a.country == query.country for a in everyone):
        return False
    start = event.event_date.start
    checks = (
        query.cameo is None or event.cameo.startswith(query.cameo),
        query.plover is None or event.plover == query.plover,
        query.quad_class is None or event.quad_class == query.quad_class,
        query.mode is None or event.mode.value == query.mode,
        query.doc_id is None or event.doc_id == query.doc_id,
        query.since is None or start >= query.since,
        query.until is None or start <= query.until,
        query.text is None or query.text.casefold() in event.evidence.text.casefold(),
        query.min_confidence is None or event.confidence >= query.min_confidence,
        query.min_relevance is None or event.relevance >= query.min_relevance,
    )
    return all(checks)


def _sort_key(query: EventQuery, item: ReviewedEvent) -> tuple[Any, ...]:
    e = item.event
    day = e.event_date.start.toordinal()
    first = -day if query.order == "newest" else day
    return (first, e.doc_id, e.sentence_index, e.evidence.start, item.event_id)


def stream(conn: Any, query: EventQuery, *, dyads: bool = False) -> Iterator[ReviewedEvent]:
    """Events matching ``query`` as reviewed, in its order and page (see the module doc)."""
    unpaged = dataclasses.replace(query, limit=None, offset=0)
    latest = review_rows.latest(conn)
    key = functools.partial(_sort_key, query)
    found = sorted(extras(conn, unpaged, latest), key=key)
    sql, params = select_sql(unpaged, "event_id, record", dyads=dyads)
    plain = (
        ReviewedEvent(event_from_dict(json.loads(record)), str(eid), None)
        for eid, record in conn.execute(sql, params)
        if eid not in latest
    )
    merged = heapq.merge(plain, found, key=key)
    end = None if query.limit is None else query.offset + query.limit
    return itertools.islice(merged, query.offset, end)


def extras(
    conn: Any, query: EventQuery, latest: dict[str, Review] | None = None
) -> list[ReviewedEvent]:
    """The reviewed and added events matching ``query`` as reviewed (page not applied)."""
    latest = review_rows.latest(conn) if latest is None else latest
    found = [r for r in _reviewed(conn, latest, query) if matches(query, r.event)]
    found.extend(r for r in _added(conn, query) if matches(query, r.event))
    return found


def _reviewed(conn: Any, latest: dict[str, Review], query: EventQuery) -> Iterator[ReviewedEvent]:
    ids = list(latest)
    if query.doc_id is not None:
        ids = [i for i in ids if latest[i].doc_id == query.doc_id]
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = conn.execute(
            f"SELECT event_id, record FROM events WHERE event_id IN ({marks})", chunk
        )
        for eid, record in rows:
            review = latest[str(eid)]
            event = apply(event_from_dict(json.loads(record)), review)
            if event is not None:
                yield ReviewedEvent(event, str(eid), review)


def added_anchor(review: Review) -> tuple[object, ...]:
    """What makes an added event one: a reviewer adding the same spans again replaces it."""
    return (
        review.reviewer,
        review.doc_id,
        review.evidence_start,
        review.evidence_end,
        review.trigger_start,
        review.trigger_end,
    )


def _added(conn: Any, query: EventQuery) -> Iterator[ReviewedEvent]:
    from .sqlite import article_from_row

    seen: set[tuple[object, ...]] = set()
    found = review_rows.added(conn, query.doc_id)
    for review in reversed(found):  # the latest per reviewer and anchor
        anchor = added_anchor(review)
        if anchor in seen:
            continue
        seen.add(anchor)
        row = conn.execute(
            "SELECT id, date, text, title, url, source, origin FROM documents WHERE id = ?",
            (review.doc_id,),
        ).fetchone()
        if row is None:
            continue
        sentence = conn.execute(
            "SELECT sentence_index FROM events WHERE doc_id = ? AND evidence_start = ? LIMIT 1",
            (review.doc_id, review.evidence_start),
        ).fetchone()
        event = added_event(review, article_from_row(row), sentence[0] if sentence else -1)
        yield ReviewedEvent(event, event_id(event), review)
