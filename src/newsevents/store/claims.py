"""Claims in the store: each claimed event with who asserts it and who denies it.

The claims stage (:mod:`newsevents.events.claims`) links events within an article: a claimed
event's ``claim_of`` names the statement claiming it (the accusation), a denial's
``responds_to`` the accusation or claimed event it answers. This module follows those links
through the ``events_claim_of`` and ``events_responds_to`` indexes, so a user asks "what is
China accused of, by whom, and does it deny it" without reading event records.

A claim is one mention: the same accusation reported by two articles is two claims.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..serialize import actor_to_dict, event_from_dict, event_to_dict
from ..types import Actor, Event, Mode
from .query import _prefix
from .vocabulary import actor_prefix

ASSERTED = "asserted"
DENIED = "denied"

# Claimed events; accusations told as made whose claimed event was not coded ("accused Moldova
# of spying": no claimed event links to it, nor, in events stored before links existed, shares
# its sentence); and denied events that answer no claim (the denial is all the article says:
# "China denied supplying weapons") unless their denial statement answers one, whose claimed
# event is then the one listed.
_CLAIMS = """
SELECT c.event_id, c.record FROM events AS c
WHERE (c.mode = 'claimed' OR (
    c.cameo >= '112' AND c.cameo < '113' AND c.mode IN ('asserted', 'reported')
    AND NOT EXISTS (
        SELECT 1 FROM events AS k WHERE k.mode = 'claimed' AND (k.claim_of = c.event_id OR (
            k.claim_of IS NULL AND k.doc_id = c.doc_id AND k.sentence_index = c.sentence_index
        ))
    )
) OR (
    c.mode = 'denied' AND c.responds_to IS NULL AND NOT EXISTS (
        SELECT 1 FROM events AS s WHERE s.event_id = c.claim_of AND s.responds_to IS NOT NULL
    )
))"""
_ORDER = " ORDER BY c.doc_date, c.doc_id, c.sentence_index, c.evidence_start, c.event_id"
_RECORD = "SELECT record FROM events WHERE event_id = ?"
_ANSWERS = (
    "SELECT event_id, record FROM events WHERE responds_to IN (?, ?) "
    "ORDER BY doc_date, doc_id, sentence_index, evidence_start, event_id"
)


@dataclass(frozen=True, slots=True)
class Claim:
    """A claimed event and its status in its article.

    ``event`` is what is claimed: mode ``claimed``; mode ``denied`` when the article gives only
    the denial; or the accusation itself when what it claims was not coded ("accused Moldova of
    spying"). ``asserted_by`` are who make the claim (the accusation's sources, else the
    claimed event's speaker) and ``assertions`` the ids of the statements making it (``()``
    when the claim is an embedded "X claimed that ..." with no event of its own, or when only a
    denial is told). ``denied_by`` and ``denials`` are the deniers and the ids of the denial
    events answering it.
    """

    event: Event
    event_id: str
    asserted_by: tuple[Actor, ...] = ()
    assertions: tuple[str, ...] = ()
    denied_by: tuple[Actor, ...] = ()
    denials: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        """``denied`` once anyone denies the claim, else ``asserted``."""
        return DENIED if self.denials else ASSERTED


def claim_to_dict(claim: Claim) -> dict[str, Any]:
    """The JSON record of a claim (the ``claims --format jsonl`` line)."""
    return {
        "event_id": claim.event_id,
        "status": claim.status,
        "asserted_by": [actor_to_dict(a) for a in claim.asserted_by],
        "assertions": list(claim.assertions),
        "denied_by": [actor_to_dict(a) for a in claim.denied_by],
        "denials": list(claim.denials),
        "event": event_to_dict(claim.event),
    }


def claims_sql(
    actor: str | None, since: dt.date | None, until: dt.date | None
) -> tuple[str, list[object]]:
    """The SELECT of claims about ``actor`` (a code prefix) published between the dates.

    A claim is about an actor that takes part in the claimed event or that its accusation
    targets ("Japan accused North Korea of firing missiles" is about North Korea); an
    accusation listed as its own claim is about its targets only, not its accuser.
    """
    sql, params = _CLAIMS, []
    if actor is not None:
        condition, values = _prefix("code", actor_prefix(actor))  # any case, as event filters
        sql += (
            f" AND (c.event_id IN (SELECT event_id FROM event_actors WHERE {condition}"
            " AND (side = 'target' OR c.mode IN ('claimed', 'denied')))"
            f" OR c.claim_of IN (SELECT event_id FROM event_actors WHERE {condition}"
            " AND side = 'target'))"
        )
        params += [*values, *values]
    if since is not None:
        sql += " AND c.doc_date >= ?"
        params.append(since.isoformat())
    if until is not None:
        sql += " AND c.doc_date <= ?"
        params.append(until.isoformat())
    return sql + _ORDER, params


def read_claims(conn: sqlite3.Connection, rows: Iterable[tuple[str, str]]) -> Iterator[Claim]:
    """Claims for ``(event_id, record)`` rows of claimed events, with their links followed."""
    for key, record in rows:
        event = event_from_dict(json.loads(record))
        if event.mode in {Mode.CLAIMED, Mode.DENIED}:
            statement_id, statement = event.claim_of, _event(conn, event.claim_of)
        else:  # an accusation whose claimed event was not coded is its own claim
            statement_id, statement = key, event
        answers = list(conn.execute(_ANSWERS, (key, statement_id or key)))
        denials = [(str(k), event_from_dict(json.loads(r))) for k, r in answers]
        if event.mode is Mode.DENIED:  # only the denial is told: it is the claim's status
            denials = [(statement_id or key, statement or event), *denials]
            statement_id = statement = None
        speaker = (event.speaker,) if event.speaker and event.mode is Mode.CLAIMED else ()
        asserters = (statement.all_sources() if statement is not None else ()) or speaker
        yield Claim(
            event=event,
            event_id=key,
            asserted_by=_distinct(asserters),
            assertions=(statement_id,) if statement is not None and statement_id else (),
            denied_by=_distinct(a for _, d in denials for a in _deniers(d)),
            denials=tuple(dict.fromkeys(k for k, _ in denials)),
        )


def _event(conn: sqlite3.Connection, key: str | None) -> Event | None:
    if key is None:
        return None
    row = conn.execute(_RECORD, (key,)).fetchone()
    return None if row is None else event_from_dict(json.loads(row[0]))


def _deniers(event: Event) -> tuple[Actor, ...]:
    """Who denies through ``event``: a denied event's speaker, else the event's sources."""
    if event.mode is Mode.DENIED and event.speaker is not None:
        return (event.speaker,)
    return event.all_sources()


def _distinct(actors: Iterable[Actor]) -> tuple[Actor, ...]:
    seen: dict[tuple[str, str], Actor] = {}
    for actor in actors:
        seen.setdefault((actor.code, actor.name), actor)
    return tuple(seen.values())
