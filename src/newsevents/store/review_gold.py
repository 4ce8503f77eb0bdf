"""Reviews out as our JSON Lines event gold, and back in (``newsevents review export/import``).

One record per reviewed evidence sentence, in the format ``newsevents evaluate`` reads
(:mod:`newsevents.evaluate.event_gold`), with what a store needs to match it again::

    {"id": "<doc_id>:<evidence_start>", "date": <publication date>, "text": <sentence>,
     "doc_id": ..., "offset": <evidence_start>,
     "events": [{"source", "target", "cameo", "plover", "mode", "sources", "targets", "date",
                 "trigger": {"start", "end", "text"}, "source_span", "target_span",
                 "review": {"verdict", "reviewer", "at", "event_id", "status"}}],
     "rejected": [... the same, for events marked wrong ...]}

``events`` are the sentence's events as its reviewers say they are (right, corrected, added);
spans are relative to ``text``. Only reviewed events are listed: a sentence's unreviewed
events are neither gold nor rejected. Orphaned reviews are exported too (``status``): the
reviewer's judgement of the text stands even when the coder no longer finds that event.

Importing matches each event to the store's events by article, evidence span and trigger
span; the values the store codes now are compared with the record's, so a review reads
``right`` or ``corrected`` against the store's own coding. An event of ``events`` the store
has not coded becomes an added review; a rejected one it has not coded is reported, since
there is nothing to reject. A review identical to the reviewer's latest one of the same event
is skipped, so importing a file twice adds nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ..errors import InputError, StoreError
from ..evaluate.jsonl import json_records
from ..types import Actor, Event
from .reviewed import added_anchor, apply
from .reviews import Review, coded_values, event_record, iter_live
from .sqlite import Store
from .vocabulary import FilterError

_JUDGED = ("cameo", "plover", "sources", "targets", "mode", "date")


def _span(actor: Actor | None, offset: int, length: int) -> dict[str, Any] | None:
    if actor is None or actor.start < offset or actor.end > offset + length:
        return None
    return {"start": actor.start - offset, "end": actor.end - offset, "text": actor.text}


def _primary(actor: Actor | None, codes: list[str]) -> str | None:
    """The side's primary code: the event's own when the reviewed side still has it (a
    reciprocal event lists the same participants on both sides, so the first of the list would
    make "CHN -> CHN" of "China and India agreed"), else the side's first code."""
    if actor is not None and actor.code in codes:
        return actor.code
    return codes[0] if codes else None


def _entry(review: Review, event: Event | None) -> dict[str, Any]:
    """One gold event of a review: the reviewed values, trigger and actor spans."""
    truth = review.truth()
    shown = apply(event, review) if event is not None and review.verdict != "wrong" else event
    if shown is not None:
        truth = {**truth, "cameo": shown.cameo, "plover": shown.plover}
    offset, length = review.evidence_start, review.evidence_end - review.evidence_start
    sources, targets = truth.get("sources", []), truth.get("targets", [])
    src = shown.source if shown is not None else None
    tgt = shown.target if shown is not None else None
    return {
        "source": _primary(src, sources),
        "target": _primary(tgt, targets),
        "sources": sources,
        "targets": targets,
        "cameo": truth.get("cameo"),
        "plover": truth.get("plover") or None,
        "mode": truth.get("mode"),
        "date": truth.get("date"),
        "trigger": {
            "start": review.trigger_start - offset,
            "end": review.trigger_end - offset,
            "text": review.trigger_text,
        },
        "source_span": _span(src, offset, length),
        "target_span": _span(tgt, offset, length),
        "review": {
            "verdict": review.verdict,
            "reviewer": review.reviewer,
            "at": review.created_at,
            "event_id": review.event_id,
            "status": review.status,
            "comment": review.comment,
        },
    }


def gold_records(store: Store) -> Iterator[dict[str, Any]]:
    """The store's reviews as gold records, in article and sentence order."""
    if not store.has_reviews:
        return
    conn = store._conn
    latest: dict[object, Review] = {}
    for review in iter_live(conn):
        key: object = review.event_id if review.verdict != "added" else added_anchor(review)
        if review.status == "orphaned":
            key = ("orphaned", review.review_id)
        latest[key] = review
    dates = dict(store.select("SELECT id, date FROM documents").fetchall())
    sentences: dict[tuple[str, int], dict[str, Any]] = {}
    for review in sorted(latest.values(), key=lambda r: (r.doc_id, r.evidence_start)):
        event = None
        if review.event_id is not None and review.status == "attached":
            event = event_record(conn, review.event_id)
        record = sentences.setdefault(
            (review.doc_id, review.evidence_start),
            {
                "id": f"{review.doc_id}:{review.evidence_start}",
                "date": dates.get(review.doc_id),
                "text": review.evidence_text,
                "doc_id": review.doc_id,
                "offset": review.evidence_start,
                "events": [],
                "rejected": [],
            },
        )
        entry = _entry(review, event)
        record["rejected" if review.verdict == "wrong" else "events"].append(entry)
    yield from sentences.values()


def export_gold(store: Store, out: str | os.PathLike[str] | TextIO) -> int:
    """Write the gold records to ``out`` (a path or a stream); how many were written."""
    records = list(gold_records(store))
    if isinstance(out, str | os.PathLike):
        try:
            with open(out, "w", encoding="utf-8") as stream:
                return _write(records, stream)
        except OSError as exc:
            raise StoreError(f"cannot write {os.fspath(out)}: {exc}") from exc
    return _write(records, out)


def _write(records: list[dict[str, Any]], stream: TextIO) -> int:
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(records)


@dataclass
class ImportResult:
    """What ``review import`` did: reviews added, skipped as already there, and problems."""

    added: int = 0
    unchanged: int = 0
    problems: list[InputError] = field(default_factory=list)


def import_gold(store: Store, path: Path, reviewer: str | None = None) -> ImportResult:
    """Read a gold file written by :func:`export_gold` back as reviews (see the module doc);
    ``reviewer`` names the reviewer of every review (else each event's own)."""
    result = ImportResult()
    for origin, record in json_records(path):
        if isinstance(record, InputError):
            result.problems.append(record)
            continue
        try:
            _import_record(store, record, origin, reviewer, result)
        except (FilterError, ValueError, KeyError, TypeError) as exc:
            result.problems.append(InputError(origin, str(exc)))
    return result


def _import_record(
    store: Store, record: dict[str, Any], origin: str, reviewer: str | None, result: ImportResult
) -> None:
    doc_id, offset, text = record.get("doc_id"), record.get("offset"), record.get("text")
    if not isinstance(doc_id, str) or not isinstance(offset, int) or not isinstance(text, str):
        raise ValueError(
            "a review record needs doc_id, offset and text (review export writes them)"
        )
    article = store.document(doc_id)
    if article is None:
        raise ValueError(f"no document {doc_id!r} in the store")
    if article.text[offset : offset + len(text)] != text:
        raise ValueError(f"the text of {doc_id!r} at {offset} is not the record's text")
    for key, wrong in (("events", False), ("rejected", True)):
        for n, entry in enumerate(record.get(key) or [], start=1):
            where = f"{origin}: {key}[{n}]"
            try:
                _import_entry(store, doc_id, offset, len(text), entry, wrong, reviewer, result)
            except (FilterError, ValueError, KeyError, TypeError) as exc:
                result.problems.append(InputError(where, str(exc)))


def _import_entry(
    store: Store,
    doc_id: str,
    offset: int,
    length: int,
    entry: dict[str, Any],
    wrong: bool,
    reviewer: str | None,
    result: ImportResult,
) -> None:
    given = entry.get("review") or {}
    who = reviewer or given.get("reviewer")
    if not who:
        raise ValueError("no reviewer: the event names none; give --reviewer")
    trigger = entry.get("trigger") or {}
    t_start, t_end = offset + int(trigger["start"]), offset + int(trigger["end"])
    truth = _truth(entry)
    comment = str(given.get("comment") or "")
    row = store.select(
        "SELECT event_id FROM events WHERE doc_id = ? AND evidence_start = ? AND evidence_end = ? "
        "AND json_extract(record, '$.trigger.start') = ? "
        "AND json_extract(record, '$.trigger.end') = ? ORDER BY cameo = ? DESC, rowid LIMIT 1",
        (doc_id, offset, offset + length, t_start, t_end, truth.get("cameo")),
    ).fetchone()
    if row is not None and given.get("verdict") == "added":
        # the coder missed it: a coded event at the same trigger is another event unless it
        # has the added event's type
        match = event_record(store._conn, str(row[0]))
        if (
            match is None
            or match.cameo != truth.get("cameo", match.cameo)
            or ("plover" in truth and match.plover != truth["plover"])
        ):
            row = None
    if row is None:
        if wrong:
            raise ValueError("the store has no such event to mark wrong")
        review = Review(
            verdict="added",
            reviewer=who,
            doc_id=doc_id,
            evidence_start=offset,
            evidence_end=offset + length,
            trigger_start=t_start,
            trigger_end=t_end,
            corrected=truth,
            comment=comment,
        )
        previous = [
            r
            for r in store.reviews(doc_id=doc_id, reviewer=who)
            if r.verdict == "added" and added_anchor(r) == added_anchor(review)
        ]
        if previous and _given(previous[-1].corrected) == _given(truth):
            result.unchanged += 1
            return
        store.add_review(review)
        result.added += 1
        return
    event_id = str(row[0])
    event = event_record(store._conn, event_id)
    assert event is not None
    coded = coded_values(event)
    if wrong:
        verdict, corrected = "wrong", {}
    else:
        corrected = {k: v for k, v in truth.items() if coded.get(k) != v}
        if "cameo" in truth:
            corrected.pop("plover", None)
        verdict = "corrected" if corrected else "right"
    mine = [r for r in store.reviews(event_id=event_id, reviewer=who, include_orphaned=False)]
    if mine and mine[-1].verdict == verdict and dict(mine[-1].corrected) == corrected:
        result.unchanged += 1
        return
    store.add_review(
        Review(
            verdict=verdict,  # type: ignore[arg-type]
            reviewer=who,
            event_id=event_id,
            corrected=corrected,
            comment=comment,
        )
    )
    result.added += 1


def _given(values: Any) -> dict[str, Any]:
    """What a set of values states (an empty list of actors states nothing)."""
    return {k: v for k, v in dict(values).items() if v not in (None, [])}


def _truth(entry: dict[str, Any]) -> dict[str, Any]:
    """The reviewed values of a gold event (lists of codes from ``sources``/``targets``, else
    from ``source``/``target``)."""
    truth: dict[str, Any] = {}
    if entry.get("cameo"):
        truth["cameo"] = str(entry["cameo"])
    elif entry.get("plover"):
        truth["plover"] = str(entry["plover"]).upper()
    for side, one in (("sources", "source"), ("targets", "target")):
        codes = entry.get(side)
        if codes is None:
            codes = [entry[one]] if entry.get(one) else []
        truth[side] = [str(c).upper() for c in codes]
    if entry.get("mode"):
        truth["mode"] = str(entry["mode"]).lower()
    if entry.get("date"):
        truth["date"] = str(entry["date"])
    return {k: v for k, v in truth.items() if k in _JUDGED}
