"""Reviews: analysts' verdicts on coded events, stored beside the coding and never over it.

A review says an event is ``right``, ``wrong`` or ``corrected`` (with the values the reviewer
gives instead), or ``added``: an event the coder missed, anchored to the evidence the reviewer
selected. Every review is a new row (schema migration 15): changing one's mind is a newer
review of the same event, and the latest review of an event is the one read (across
reviewers: the most recent judgement wins, the older rows stay as the history).

The row keeps what it judged (``coded``: the event's type, actors, mode and date at review
time) and its anchor (evidence and trigger spans with their text), so a review outlives a
re-coding of its article: :func:`reattach` moves each review to the new event with the same
spans, writing a new row that ``supersedes`` the old one, or marks it ``orphaned`` when the
text no longer has such an event (kept and exported, never applied).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from ..codes import cameo as cameo_table
from ..errors import StoreError
from ..serialize import event_from_dict
from ..types import Event
from . import vocabulary
from .vocabulary import FilterError

Verdict = Literal["right", "wrong", "corrected", "added"]
VERDICTS: tuple[Verdict, ...] = ("right", "wrong", "corrected", "added")
Status = Literal["attached", "orphaned"]

#: The schema version that added ``reviews`` and the samples.
REVIEW_SCHEMA = 15

#: Fields a correction may give.
CORRECTABLE = ("cameo", "plover", "sources", "targets", "mode", "date")
#: An actor code as a reviewer types it: letters and digits, a country or organisation code
#: and agent codes (``RUSMIL``, ``IGOUNO``); a user's dictionaries may hold any such code.
_ACTOR_CODE = re.compile(r"[A-Z0-9]{3,24}")
_REVIEWER = re.compile(r"[^\x00-\x1f\x7f]{1,60}")
#: Most participants one side of a correction may list.
MAX_ACTORS = 20
MAX_COMMENT = 2000


@dataclass(frozen=True, slots=True, kw_only=True)
class Review:
    """One review action; ``Store.add_review`` fills in what the store knows.

    For ``right``/``wrong``/``corrected`` give ``event_id`` (the store fills ``doc_id``,
    ``coded`` and the anchor from the event); for ``added`` give ``doc_id``, the evidence span
    and optionally the trigger span (the evidence when not given) and ``corrected`` with at
    least a ``cameo`` or ``plover``. ``corrected`` holds only what the reviewer changed.
    """

    verdict: Verdict
    reviewer: str
    event_id: str | None = None
    doc_id: str = ""
    corrected: Mapping[str, Any] = field(default_factory=dict)
    comment: str = ""
    coded: Mapping[str, Any] | None = None
    evidence_start: int = -1
    evidence_end: int = -1
    evidence_text: str = ""
    trigger_start: int = -1
    trigger_end: int = -1
    trigger_text: str = ""
    status: Status = "attached"
    review_id: int | None = None
    created_at: str | None = None
    supersedes: int | None = None

    def truth(self) -> dict[str, Any]:
        """What the reviewer says the event is: the coded values with the corrections over
        them (for ``added``, the corrections alone). A corrected CAMEO code brings its own
        PLOVER type; a corrected PLOVER type keeps the coded CAMEO code only if it is of it."""
        truth = {**(self.coded or {}), **self.corrected}
        if "cameo" in self.corrected and "plover" not in self.corrected:
            truth.pop("plover", None)
        if "plover" in self.corrected and "cameo" not in self.corrected:
            entry = cameo_table.get(str(truth.get("cameo", "")))
            if entry is None or entry.plover != self.corrected["plover"]:
                truth.pop("cameo", None)
        return truth

    def to_dict(self) -> dict[str, Any]:
        """The JSON record of the review (the HTTP API's and the exports' shape)."""
        return {
            "review_id": self.review_id,
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "reviewer": self.reviewer,
            "created_at": self.created_at,
            "verdict": self.verdict,
            "coded": dict(self.coded) if self.coded is not None else None,
            "corrected": dict(self.corrected),
            "comment": self.comment,
            "evidence": {
                "start": self.evidence_start,
                "end": self.evidence_end,
                "text": self.evidence_text,
            },
            "trigger": {
                "start": self.trigger_start,
                "end": self.trigger_end,
                "text": self.trigger_text,
            },
            "status": self.status,
            "supersedes": self.supersedes,
        }


def coded_values(event: Event) -> dict[str, Any]:
    """What a review judges of an event: its type, every participant's code, mode and date."""
    return {
        "cameo": event.cameo,
        "plover": event.plover,
        "sources": [a.code for a in event.all_sources()],
        "targets": [a.code for a in event.all_targets()],
        "mode": event.mode.value,
        "date": event.event_date.start.isoformat(),
    }


def check_reviewer(name: str) -> str:
    """A reviewer's name: 1-60 printable characters, spaces collapsed at the ends."""
    wanted = name.strip()
    if not _REVIEWER.fullmatch(wanted):
        raise FilterError("reviewer", "a reviewer's name is 1-60 printable characters")
    return wanted


def cameo_code(value: object, field_name: str = "cameo") -> str:
    """An exact CAMEO code of the table (a review states a type, not a range of them)."""
    if not isinstance(value, str):
        raise FilterError(field_name, "a CAMEO code is a string of digits such as '190'")
    wanted = vocabulary.cameo_prefix(value, field_name)
    if cameo_table.get(wanted) is None:
        near = [c.code for c in cameo_table.all_codes() if c.code.startswith(wanted)]
        raise FilterError(field_name, f"{value!r} is a range of codes; give one code", near)
    return wanted


def _codes(value: object, field_name: str) -> list[str]:
    if not isinstance(value, list | tuple) or len(value) > MAX_ACTORS:
        raise FilterError(field_name, f"a list of at most {MAX_ACTORS} actor codes")
    out: list[str] = []
    for item in value:
        code = vocabulary.actor_prefix(item) if isinstance(item, str) else ""
        if not _ACTOR_CODE.fullmatch(code):
            raise FilterError(field_name, f"bad actor code {item!r} (3-24 letters or digits)")
        if code not in out:
            out.append(code)
    return out


def check_corrected(values: Mapping[str, Any]) -> dict[str, Any]:
    """The corrections normalised (codes in upper case, types as the table spells them); a
    value that names nothing raises :class:`FilterError` naming the field and the nearest
    valid values. A CAMEO code and a PLOVER type given together must agree."""
    unknown = sorted(set(values) - set(CORRECTABLE))
    if unknown:
        raise FilterError(unknown[0], f"cannot correct {unknown[0]!r}; fields: {CORRECTABLE}")
    out: dict[str, Any] = {}
    for name, value in values.items():
        if value is None:
            continue
        if name == "cameo":
            out[name] = cameo_code(value)
        elif name == "plover":
            if not isinstance(value, str):
                raise FilterError(name, "a PLOVER type is a string such as 'ASSAULT'")
            out[name] = vocabulary.plover_type(value)
        elif name == "mode":
            if not isinstance(value, str):
                raise FilterError(name, "a mode is a string such as 'asserted'")
            out[name] = vocabulary.mode(value)
        elif name == "date":
            try:
                out[name] = dt.date.fromisoformat(str(value)).isoformat()
            except ValueError:
                raise FilterError(name, f"bad date {value!r}; write YYYY-MM-DD") from None
        else:
            out[name] = _codes(value, name)
    if "cameo" in out and "plover" in out:
        implied = cameo_table.lookup(out["cameo"]).plover
        if implied and implied != out["plover"]:
            raise FilterError(
                "plover", f"CAMEO {out['cameo']} is PLOVER {implied}, not {out['plover']}"
            )
    return out


# -- reading and writing rows -------------------------------------------------------------------

_COLUMNS = (
    "review_id, event_id, doc_id, reviewer, created_at, verdict, coded, corrected, comment, "
    "evidence_start, evidence_end, evidence_text, trigger_start, trigger_end, trigger_text, "
    "status, supersedes"
)

#: Live rows: those no re-attachment has moved on (the history of moves stays in the table).
LIVE = "NOT EXISTS (SELECT 1 FROM reviews n WHERE n.supersedes = r.review_id)"


def from_row(row: tuple[Any, ...]) -> Review:
    (
        rid,
        eid,
        doc,
        who,
        at,
        verdict,
        coded,
        corrected,
        comment,
        es,
        ee,
        et,
        ts,
        te,
        tt,
        st,
        sup,
    ) = row
    return Review(
        review_id=int(rid),
        event_id=eid,
        doc_id=doc,
        reviewer=who,
        created_at=at,
        verdict=verdict,
        coded=json.loads(coded) if coded else None,
        corrected=json.loads(corrected),
        comment=comment,
        evidence_start=es,
        evidence_end=ee,
        evidence_text=et,
        trigger_start=ts,
        trigger_end=te,
        trigger_text=tt,
        status=st,
        supersedes=sup,
    )


def insert(conn: sqlite3.Connection, review: Review) -> Review:
    """Write one row (inside the caller's transaction); the review with its id."""
    cursor = conn.execute(
        f"INSERT INTO reviews ({_COLUMNS.replace('review_id, ', '')}) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            review.event_id,
            review.doc_id,
            review.reviewer,
            review.created_at,
            review.verdict,
            json.dumps(dict(review.coded), ensure_ascii=False) if review.coded else None,
            json.dumps(dict(review.corrected), ensure_ascii=False),
            review.comment,
            review.evidence_start,
            review.evidence_end,
            review.evidence_text,
            review.trigger_start,
            review.trigger_end,
            review.trigger_text,
            review.status,
            review.supersedes,
        ),
    )
    return replace(review, review_id=cursor.lastrowid)


def select(
    conn: sqlite3.Connection,
    *,
    doc_id: str | None = None,
    event_id: str | None = None,
    reviewer: str | None = None,
    include_orphaned: bool = True,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[int, list[Review]]:
    """Live reviews (history of one's own changes of mind included), oldest first, and how
    many there are without the page."""
    where, params = [LIVE], list[object]()
    for column, value in (("doc_id", doc_id), ("event_id", event_id), ("reviewer", reviewer)):
        if value is not None:
            where.append(f"r.{column} = ?")
            params.append(value)
    if not include_orphaned:
        where.append("r.status = 'attached'")
    sql = f"FROM reviews r WHERE {' AND '.join(where)}"
    total = int(conn.execute(f"SELECT count(*) {sql}", params).fetchone()[0])
    page = f"SELECT {_COLUMNS} {sql} ORDER BY r.review_id LIMIT ? OFFSET ?"
    rows = conn.execute(page, [*params, -1 if limit is None else limit, offset])
    return total, [from_row(row) for row in rows]


def latest(conn: sqlite3.Connection, event_ids: Iterable[str] | None = None) -> dict[str, Review]:
    """The latest live, attached review of each reviewed event (of ``event_ids``, or all)."""
    sql = (
        f"SELECT {_COLUMNS} FROM reviews r WHERE {LIVE} AND r.status = 'attached' "
        "AND r.event_id IS NOT NULL"
    )
    found: dict[str, Review] = {}
    if event_ids is None:
        rows: Iterable[tuple[Any, ...]] = conn.execute(sql + " ORDER BY r.review_id")
        for row in rows:
            review = from_row(row)
            found[str(review.event_id)] = review
        return found
    wanted = list(dict.fromkeys(event_ids))
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        marks = ", ".join("?" for _ in chunk)
        query = f"{sql} AND r.event_id IN ({marks}) ORDER BY r.review_id"
        for row in conn.execute(query, chunk):
            review = from_row(row)
            found[str(review.event_id)] = review
    return found


def added(conn: sqlite3.Connection, doc_id: str | None = None) -> list[Review]:
    """The live added events (the latest per reviewer and anchor), oldest first."""
    sql = f"SELECT {_COLUMNS} FROM reviews r WHERE {LIVE} AND r.verdict = 'added'"
    params: list[object] = []
    if doc_id is not None:
        sql += " AND r.doc_id = ?"
        params.append(doc_id)
    return [from_row(row) for row in conn.execute(sql + " ORDER BY r.review_id", params)]


def event_record(conn: sqlite3.Connection, event_id: str) -> Event | None:
    row = conn.execute("SELECT record FROM events WHERE event_id = ?", (event_id,)).fetchone()
    return None if row is None else event_from_dict(json.loads(row[0]))


def reattach(conn: sqlite3.Connection, doc_id: str) -> tuple[int, int]:
    """After an article's events were replaced: move each of its live reviews of events to the
    new event with the same evidence and trigger spans and text (the one with the same CAMEO
    code, then the same actors, when several share them), or orphan it. One new row per
    review (``supersedes`` the old one), so the history stays. (re-attached, orphaned)."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM reviews r WHERE {LIVE} AND r.doc_id = ? "
        "AND r.event_id IS NOT NULL AND r.status = 'attached' ORDER BY r.review_id",
        (doc_id,),
    ).fetchall()
    if not rows:
        return 0, 0
    by_anchor: dict[tuple[int, int, str, int, int, str], list[tuple[str, Event]]] = {}
    for eid, record in conn.execute(
        "SELECT event_id, record FROM events WHERE doc_id = ? ORDER BY rowid", (doc_id,)
    ):
        event = event_from_dict(json.loads(record))
        key = (*_span(event.evidence), *_span(event.trigger))
        by_anchor.setdefault(key, []).append((str(eid), event))
    moved = orphaned = 0
    for row in rows:
        review = from_row(row)
        key = (
            review.evidence_start,
            review.evidence_end,
            review.evidence_text,
            review.trigger_start,
            review.trigger_end,
            review.trigger_text,
        )
        candidates = by_anchor.get(key, [])
        if any(eid == review.event_id for eid, _ in candidates):
            continue  # the same event again: nothing moves
        if candidates:
            new_id = _closest(review, candidates)
            moved += 1
            insert(conn, replace(review, event_id=new_id, supersedes=review.review_id))
        else:
            orphaned += 1
            insert(conn, replace(review, status="orphaned", supersedes=review.review_id))
    return moved, orphaned


def _span(span: Any) -> tuple[int, int, str]:
    return int(span.start), int(span.end), str(span.text)


def _closest(review: Review, candidates: list[tuple[str, Event]]) -> str:
    coded = review.coded or {}

    def score(item: tuple[str, Event]) -> tuple[bool, bool]:
        event = item[1]
        actors = [a.code for a in event.all_sources()] == coded.get("sources") and [
            a.code for a in event.all_targets()
        ] == coded.get("targets")
        return event.cameo == coded.get("cameo"), actors

    return max(candidates, key=score)[0]


def iter_live(conn: sqlite3.Connection) -> Iterator[Review]:
    """Every live review, oldest first (exports)."""
    for row in conn.execute(f"SELECT {_COLUMNS} FROM reviews r WHERE {LIVE} ORDER BY review_id"):
        yield from_row(row)


def require(store_version: int, path: str) -> None:
    if store_version < REVIEW_SCHEMA:
        raise StoreError(
            f"{path}: the store has no reviews table (schema {store_version}); "
            "open it once without readonly to upgrade it"
        )
