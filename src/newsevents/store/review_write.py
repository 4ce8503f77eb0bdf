"""Checking a review before it is stored, and what a corrected actor teaches the actor memory.

A review is checked against the store it goes into: the event it judges must exist (its
article, coded values and anchor come from it), an added event's spans must lie in its
article's text, and every value must name something that exists (with the nearest valid
values named, as the event filters do).
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from ..actors.memory import USER, KnownActor, memory_key
from ..errors import StoreError
from ..types import Actor, Event
from . import known_actors
from .reviewed import actor_for
from .reviews import (
    MAX_COMMENT,
    VERDICTS,
    Review,
    check_corrected,
    check_reviewer,
    coded_values,
    event_record,
)
from .vocabulary import FilterError


def prepare(conn: sqlite3.Connection, review: Review, now: str) -> tuple[Review, Event | None]:
    """The review as it will be stored, and the event it judges (None for an added one)."""
    if review.verdict not in VERDICTS:
        raise FilterError("verdict", f"unknown verdict {review.verdict!r}", VERDICTS)
    if len(review.comment) > MAX_COMMENT:
        raise FilterError("comment", f"a comment is at most {MAX_COMMENT} characters")
    corrected = check_corrected(review.corrected)
    base = replace(
        review,
        reviewer=check_reviewer(review.reviewer),
        corrected=corrected,
        created_at=now,
        status="attached",
        supersedes=None,
        review_id=None,
    )
    if review.verdict == "added":
        return _added(conn, base), None
    if review.event_id is None:
        raise FilterError("event_id", f"a review marked {review.verdict} needs an event_id")
    event = event_record(conn, review.event_id)
    if event is None:
        raise FilterError("event_id", f"no event {review.event_id!r} in the store")
    if review.verdict == "corrected" and not corrected:
        raise FilterError("verdict", "a correction needs at least one corrected value")
    if review.verdict != "corrected" and corrected:
        raise FilterError("verdict", f"a review marked {review.verdict} corrects nothing")
    stored = replace(
        base,
        doc_id=event.doc_id,
        coded=coded_values(event),
        evidence_start=event.evidence.start,
        evidence_end=event.evidence.end,
        evidence_text=event.evidence.text,
        trigger_start=event.trigger.start,
        trigger_end=event.trigger.end,
        trigger_text=event.trigger.text,
    )
    return stored, event


def _added(conn: sqlite3.Connection, review: Review) -> Review:
    if review.event_id is not None:
        raise FilterError("event_id", "an added event has no event_id; give its doc_id")
    row = conn.execute("SELECT text FROM documents WHERE id = ?", (review.doc_id,)).fetchone()
    if row is None:
        raise FilterError("doc_id", f"no document {review.doc_id!r} in the store")
    text: str = row[0]
    start, end = review.evidence_start, review.evidence_end
    if not 0 <= start < end <= len(text):
        raise FilterError(
            "evidence_start",
            f"the evidence span {start}-{end} is not inside the text (0-{len(text)})",
        )
    t_start, t_end = review.trigger_start, review.trigger_end
    if t_start < 0 and t_end < 0:
        t_start, t_end = start, end
    if not start <= t_start < t_end <= end:
        raise FilterError(
            "trigger_start", f"the trigger span {t_start}-{t_end} is not inside the evidence"
        )
    if "cameo" not in review.corrected and "plover" not in review.corrected:
        raise FilterError("cameo", "an added event needs a cameo code or a plover type")
    return replace(
        review,
        coded=None,
        evidence_text=text[start:end],
        trigger_start=t_start,
        trigger_end=t_end,
        trigger_text=text[t_start:t_end],
    )


#: Mention labels of names the memory keeps: people and organisations.
_NAMED = ("PERSON", "ORG")


def _renamed(event: Event, review: Review) -> list[tuple[Actor, str]]:
    """Named actors whose code the review changed: position by position on each side when
    the reviewer kept the number of participants (otherwise nothing can be paired)."""
    pairs: list[tuple[Actor, str]] = []
    for side, coded in (("sources", event.all_sources()), ("targets", event.all_targets())):
        given = review.corrected.get(side)
        if given is None or len(given) != len(coded):
            continue
        pairs.extend((a, c) for a, c in zip(coded, given, strict=True) if a.code != c)
    return [(a, c) for a, c in pairs if a.name and a.via not in ("gazetteer", "review")]


def remember_actors(conn: sqlite3.Connection, review: Review, event: Event) -> int:
    """Enter each renamed person or organisation in the actor memory as a user's entry with
    the reviewer's code (evidence: the review), the strongest evidence there is: learning
    never overrides it. Returns how many names were entered. Inside the caller's transaction.
    """
    entered = 0
    for actor, code in _renamed(event, review):
        typed = actor_for(code, ())
        label = conn.execute(
            "SELECT label FROM mentions WHERE doc_id = ? AND start = ? LIMIT 1",
            (review.doc_id, actor.start),
        ).fetchone()
        if label is None or label[0] not in _NAMED:
            continue  # "his forces", "Indian foreign minister": a phrase, not a name to learn
        current = known_actors.get(conn, actor.name)
        kind = "person" if label[0] == "PERSON" else "organisation"
        entry = KnownActor(
            name=current.name if current is not None else " ".join(actor.name.split()),
            country=typed.country,
            sectors=typed.sectors,
            code=code,
            kind=kind,
            evidence=f"review {review.review_id} by {review.reviewer}: {review.evidence_text}"[
                :500
            ],
            doc_id=review.doc_id,
            source=USER,
        )
        if not memory_key(entry.name):
            raise StoreError("a named actor without a name")
        known_actors.correct(conn, entry)
        entered += 1
    return entered
