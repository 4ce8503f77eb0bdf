"""Events to and from plain records: the output contract (``docs/output.md``).

``event_to_dict`` is the one place that fixes field names for JSON Lines, the store and the API;
``event_to_row`` flattens the same record for CSV, tables and Parquet. Later versions may add
fields but never rename these.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .types import Actor, Event, Mode, Place, Precision, Span, TimeRef

#: Column order of the flat layout (CSV, Parquet, the ``table`` format).
ROW_FIELDS: tuple[str, ...] = (
    "event_id",
    "doc_id",
    "doc_date",
    "sentence_index",
    "event_start",
    "event_end",
    "event_precision",
    "event_date_text",
    "source_code",
    "source_name",
    "source_country",
    "source_sectors",
    "source_text",
    "cameo",
    "cameo_name",
    "plover",
    "quad_class",
    "goldstein",
    "target_code",
    "target_name",
    "target_country",
    "target_sectors",
    "target_text",
    "mode",
    "location_name",
    "location_country",
    "location_admin1",
    "location_latitude",
    "location_longitude",
    "trigger",
    "evidence",
    "evidence_start",
    "evidence_end",
    "confidence",
    "source_codes",
    "target_codes",
    "reciprocal",
    "speaker_code",
    "speaker_name",
    "speaker_country",
    "claim_of",
    "responds_to",
    "relevance",
)


def event_id(event: Event) -> str:
    """A stable id: the same event read from the same article always gets the same id."""
    import hashlib

    parts = (
        event.doc_id,
        str(event.sentence_index),
        str(event.trigger.start),
        event.cameo,
        event.source.code if event.source else "",
        str(event.source.start) if event.source else "",
        event.target.code if event.target else "",
        str(event.target.start) if event.target else "",
    )
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=10).hexdigest()


def actor_to_dict(actor: Actor | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {
        "text": actor.text,
        "name": actor.name,
        "code": actor.code,
        "country": actor.country,
        "sectors": list(actor.sectors),
        "start": actor.start,
        "end": actor.end,
        "via": actor.via,
    }


def actor_from_dict(data: dict[str, Any] | None) -> Actor | None:
    if data is None:
        return None
    return Actor(
        text=data["text"],
        name=data["name"],
        code=data["code"],
        country=data.get("country"),
        sectors=tuple(data.get("sectors") or ()),
        start=int(data.get("start", -1)),
        end=int(data.get("end", -1)),
        via=data.get("via", "gazetteer"),
    )


def _actors_from(data: list[dict[str, Any]] | None) -> tuple[Actor, ...]:
    return tuple(actor for actor in map(actor_from_dict, data or ()) if actor is not None)


def _codes(actors: tuple[Actor, ...]) -> str | None:
    return ";".join(a.code for a in actors) if actors else None


def place_to_dict(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {
        "name": place.name,
        "country": place.country,
        "admin1": place.admin1,
        "latitude": place.latitude,
        "longitude": place.longitude,
    }


def place_from_dict(data: dict[str, Any] | None) -> Place | None:
    if data is None:
        return None
    return Place(
        name=data["name"],
        country=data.get("country"),
        admin1=data.get("admin1"),
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
    )


def event_to_dict(event: Event) -> dict[str, Any]:
    """The JSON record of one event (the ``code --format jsonl`` line)."""
    return {
        "event_id": event_id(event),
        "doc_id": event.doc_id,
        "doc_date": event.doc_date.isoformat(),
        "sentence_index": event.sentence_index,
        "source": actor_to_dict(event.source),
        "target": actor_to_dict(event.target),
        "sources": [actor_to_dict(a) for a in event.all_sources()],
        "targets": [actor_to_dict(a) for a in event.all_targets()],
        "reciprocal": event.reciprocal,
        "cameo": event.cameo,
        "cameo_name": event.cameo_name,
        "plover": event.plover,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        "event_date": {
            "start": event.event_date.start.isoformat(),
            "end": event.event_date.end.isoformat(),
            "precision": event.event_date.precision.value,
            "text": event.event_date.text,
        },
        "location": place_to_dict(event.location),
        "mode": event.mode.value,
        "evidence": {
            "text": event.evidence.text,
            "start": event.evidence.start,
            "end": event.evidence.end,
        },
        "trigger": {
            "text": event.trigger.text,
            "start": event.trigger.start,
            "end": event.trigger.end,
        },
        "confidence": event.confidence,
        "speaker": actor_to_dict(event.speaker),
        "claim_of": event.claim_of,
        "responds_to": event.responds_to,
        "relevance": event.relevance,
    }


def event_from_dict(data: dict[str, Any]) -> Event:
    """Inverse of :func:`event_to_dict` (``event_id`` is derived, so it is ignored).

    Records written before events had participants lack ``sources``/``targets``/``reciprocal``;
    they read as events of their one source and target. Records written before attribution lack
    ``speaker``/``claim_of``/``responds_to``: no speaker, no links. Records written before
    the relevance score lack ``relevance``: 1, as for events built by hand.
    """
    when = data["event_date"]
    return Event(
        doc_id=data["doc_id"],
        doc_date=dt.date.fromisoformat(data["doc_date"]),
        sentence_index=int(data["sentence_index"]),
        source=actor_from_dict(data.get("source")),
        target=actor_from_dict(data.get("target")),
        cameo=data["cameo"],
        cameo_name=data["cameo_name"],
        plover=data["plover"],
        quad_class=int(data["quad_class"]),
        goldstein=float(data["goldstein"]),
        event_date=TimeRef(
            start=dt.date.fromisoformat(when["start"]),
            end=dt.date.fromisoformat(when["end"]),
            precision=Precision(when["precision"]),
            text=when.get("text", ""),
        ),
        location=place_from_dict(data.get("location")),
        mode=Mode(data["mode"]),
        evidence=Span(**data["evidence"]),
        trigger=Span(**data["trigger"]),
        confidence=float(data["confidence"]),
        sources=_actors_from(data.get("sources")),
        targets=_actors_from(data.get("targets")),
        reciprocal=bool(data.get("reciprocal", False)),
        speaker=actor_from_dict(data.get("speaker")),
        claim_of=data.get("claim_of"),
        responds_to=data.get("responds_to"),
        relevance=float(data.get("relevance", 1.0)),
    )


def event_to_row(event: Event) -> dict[str, Any]:
    """The flat record of one event, keys in :data:`ROW_FIELDS` order; sectors joined by ``;``.

    ``source_*``/``target_*`` are the primary dyad; ``source_codes``/``target_codes`` the codes
    of every participant on each side, joined by ``;``.
    """
    src, tgt, loc, said = event.source, event.target, event.location, event.speaker
    row: dict[str, Any] = {
        "event_id": event_id(event),
        "doc_id": event.doc_id,
        "doc_date": event.doc_date.isoformat(),
        "sentence_index": event.sentence_index,
        "event_start": event.event_date.start.isoformat(),
        "event_end": event.event_date.end.isoformat(),
        "event_precision": event.event_date.precision.value,
        "event_date_text": event.event_date.text,
        "source_code": src.code if src else None,
        "source_name": src.name if src else None,
        "source_country": src.country if src else None,
        "source_sectors": ";".join(src.sectors) if src else None,
        "source_text": src.text if src else None,
        "cameo": event.cameo,
        "cameo_name": event.cameo_name,
        "plover": event.plover,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        "target_code": tgt.code if tgt else None,
        "target_name": tgt.name if tgt else None,
        "target_country": tgt.country if tgt else None,
        "target_sectors": ";".join(tgt.sectors) if tgt else None,
        "target_text": tgt.text if tgt else None,
        "mode": event.mode.value,
        "location_name": loc.name if loc else None,
        "location_country": loc.country if loc else None,
        "location_admin1": loc.admin1 if loc else None,
        "location_latitude": loc.latitude if loc else None,
        "location_longitude": loc.longitude if loc else None,
        "trigger": event.trigger.text,
        "evidence": event.evidence.text,
        "evidence_start": event.evidence.start,
        "evidence_end": event.evidence.end,
        "confidence": event.confidence,
        "source_codes": _codes(event.all_sources()),
        "target_codes": _codes(event.all_targets()),
        "reciprocal": event.reciprocal,
        "speaker_code": said.code if said else None,
        "speaker_name": said.name if said else None,
        "speaker_country": said.country if said else None,
        "claim_of": event.claim_of,
        "responds_to": event.responds_to,
        "relevance": event.relevance,
    }
    return row
