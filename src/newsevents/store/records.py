"""Writing one Document's rows: the article, its resolved mentions, its events and their actors.

Every participant of an event gets an ``event_actors`` row (side, position in ``sources`` or
``targets``), which is what the actor filters of a query match.

Event columns come from :func:`serialize.event_to_row` and the ``record`` column from
:func:`serialize.event_to_dict`, so the store never defines a second serialisation.
"""

from __future__ import annotations

import json
import sqlite3

from ..errors import StoreError
from ..serialize import ROW_FIELDS, event_to_dict, event_to_row
from ..types import Actor, Document, Event

#: ``relevance`` is not written: the store reads it from the record (a generated column).
_WRITTEN_FIELDS = tuple(name for name in ROW_FIELDS if name != "relevance")
_EVENT_COLUMNS = (*_WRITTEN_FIELDS, "record")

# Columns are quoted because some names (``trigger``, ``end``) are SQL keywords.
_QUOTED = ", ".join('"' + column + '"' for column in _EVENT_COLUMNS)
_INSERT_EVENT = (
    f"INSERT INTO events ({_QUOTED}) VALUES ({', '.join('?' for _ in _EVENT_COLUMNS)}) "
    # Only a duplicate event_id is ignored ("keep the first"); plain INSERT OR IGNORE would also
    # silently drop rows that break a CHECK or NOT NULL constraint.
    "ON CONFLICT(event_id) DO NOTHING"
)

_INSERT_DOCUMENT = (
    "INSERT INTO documents (id, date, title, url, source, origin, text, n_events, added_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)"
)

_INSERT_MENTION = (
    'INSERT INTO mentions (doc_id, sentence, start, "end", text, label, actor_code, actor_name) '
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)

_INSERT_PARTICIPANT = (
    "INSERT INTO event_actors (event_id, side, position, code, country, name) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)

# One row per actor code. Its name is the first gazetteer name seen for the code ("Russia",
# "Kremlin"): names read from context belong to one mention ("Andrei Belousov" is one of many
# RUSGOVMIL actors), so they are not the code's name. The first country and sectors win.
_UPSERT_ACTOR = """
INSERT INTO actors (code, name, country, sectors, first_seen, last_seen, n_events)
VALUES (?, ?, ?, ?, ?, ?, 1)
ON CONFLICT(code) DO UPDATE SET
    name = CASE WHEN name = '' THEN excluded.name ELSE name END,
    country = coalesce(country, excluded.country),
    sectors = CASE WHEN sectors = '' THEN excluded.sectors ELSE sectors END,
    first_seen = min(first_seen, excluded.first_seen),
    last_seen = max(last_seen, excluded.last_seen),
    n_events = n_events + 1
"""


def _event_values(event: Event) -> tuple[object, ...]:
    row = event_to_row(event)
    record = json.dumps(event_to_dict(event), ensure_ascii=False)
    return (*(row[name] for name in _WRITTEN_FIELDS), record)


def _participant_rows(event: Event, key: str) -> list[tuple[object, ...]]:
    return [
        (key, side, position, actor.code, actor.country, actor.name)
        for side, actors in (("source", event.all_sources()), ("target", event.all_targets()))
        for position, actor in enumerate(actors)
    ]


def _actors_of(event: Event) -> list[Actor]:
    """Distinct coded actors of one event, every participant, so an actor acting on itself
    (or on both sides of a reciprocal event) counts once."""
    actors: dict[str, Actor] = {}
    for actor in event.participants():
        if actor.code and actor.code not in actors:
            actors[actor.code] = actor
    return list(actors.values())


def _code_name(actor: Actor) -> str:
    return actor.name if actor.via == "gazetteer" else ""


def insert_document(conn: sqlite3.Connection, doc: Document, added_at: str) -> int:
    """Insert a document not yet stored (the caller checked) and return how many events it added.

    ``first_seen``/``last_seen`` of an actor are publication dates: when the news first and last
    mentioned it in an event, which, unlike event dates, are always exact days.
    """
    article = doc.article
    _check_events(doc)
    conn.execute(
        _INSERT_DOCUMENT,
        (
            article.id,
            article.date.isoformat(),
            article.title,
            article.url,
            article.source,
            article.origin,
            article.text,
            added_at,
        ),
    )
    return _insert_coding(conn, doc)


def replace_coding(conn: sqlite3.Connection, doc: Document) -> tuple[int, int, set[int]]:
    """Replace a stored document's mentions and events with ``doc``'s (the article re-coded).

    The document row stays (its text, when it was added); its events, their participants and
    its mentions are deleted and ``doc``'s inserted, and the ``actors`` rows of every code the
    old or new events name are counted again from the events, so they read as if the article
    had been coded this way from the start. Returns the number of events before and after, and
    the merged events the old ones belonged to, which the caller must re-cluster
    (:func:`newsevents.store.merge.release`). Inside the caller's transaction.
    """
    _check_events(doc)
    old = conn.execute(
        "SELECT count(*), group_concat(DISTINCT merged_id) FROM events WHERE doc_id = ?", (doc.id,)
    ).fetchone()
    merged = {int(m) for m in str(old[1]).split(",")} if old[1] is not None else set()
    codes = {
        str(code)
        for (code,) in conn.execute(
            "SELECT DISTINCT a.code FROM event_actors a JOIN events e ON e.event_id = a.event_id "
            "WHERE e.doc_id = ?",
            (doc.id,),
        )
    }
    conn.execute("DELETE FROM events WHERE doc_id = ?", (doc.id,))  # participants cascade
    conn.execute("DELETE FROM mentions WHERE doc_id = ?", (doc.id,))
    added = _insert_coding(conn, doc)
    codes.update(a.code for e in doc.events for a in _actors_of(e))
    for code in sorted(codes):
        _recount_actor(conn, code)
    return int(old[0]), added, merged


# An ``actors`` row counted from the events, as inserting them one by one counts it.
_RECOUNT_ACTOR = """
UPDATE actors SET
    n_events = (SELECT count(DISTINCT event_id) FROM event_actors WHERE code = :code),
    first_seen = coalesce((SELECT min(e.doc_date) FROM events e JOIN event_actors a
                           ON a.event_id = e.event_id WHERE a.code = :code), first_seen),
    last_seen = coalesce((SELECT max(e.doc_date) FROM events e JOIN event_actors a
                          ON a.event_id = e.event_id WHERE a.code = :code), last_seen)
WHERE code = :code
"""


def _recount_actor(conn: sqlite3.Connection, code: str) -> None:
    conn.execute(_RECOUNT_ACTOR, {"code": code})
    conn.execute("DELETE FROM actors WHERE code = ? AND n_events = 0", (code,))


def _check_events(doc: Document) -> None:
    for event in doc.events:
        if event.doc_id != doc.id:
            raise StoreError(
                f"document {doc.id!r} holds an event of document {event.doc_id!r} "
                f"(sentence {event.sentence_index}); events must belong to their document"
            )


def _insert_coding(conn: sqlite3.Connection, doc: Document) -> int:
    """Insert the mentions and events of a stored document; returns how many events it added."""
    article = doc.article
    conn.executemany(
        _INSERT_MENTION,
        [
            (
                article.id,
                m.sentence,
                m.start,
                m.end,
                m.text,
                m.label,
                m.actor.code if m.actor else None,
                m.actor.name if m.actor else None,
            )
            for m in doc.mentions
        ],
    )
    added = 0
    seen = article.date.isoformat()
    for event in doc.events:
        values = _event_values(event)
        if conn.execute(_INSERT_EVENT, values).rowcount != 1:
            continue
        added += 1
        key = str(values[0])  # ROW_FIELDS starts with event_id
        conn.executemany(_INSERT_PARTICIPANT, _participant_rows(event, key))
        for actor in _actors_of(event):
            conn.execute(
                _UPSERT_ACTOR,
                (actor.code, _code_name(actor), actor.country, ";".join(actor.sectors), seen, seen),
            )
    conn.execute("UPDATE documents SET n_events = ? WHERE id = ?", (added, article.id))
    return added
