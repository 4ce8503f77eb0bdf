"""Event-level gold in JSON Lines: a sentence or article and the events it states.

Our format (``docs/evaluation.md``), one object per line::

    {"id": "s1", "date": "2024-05-20", "text": "Russia attacked Ukraine.",
     "events": [{"source": "RUS", "target": "UKR", "cameo": "190", "plover": "ASSAULT"}]}

``date`` is ``YYYY-MM-DD`` or ``YYYYMMDD`` (optional); each event gives ``source`` and
``target`` actor codes (null or ``""`` for none) and a ``cameo`` code and/or a ``plover`` type,
optionally a ``mode``. An empty ``events`` list says the text states no event.

A ``plover`` field is the gold's own PLOVER annotation and is used as given; without one, the
type is the CAMEO code's in the shipped table, so PLOVER types derived from CAMEO are compared in
one convention whatever table the gold was converted with.

The JSON Lines copies of the field's validation sets (PETRARCH-2's unit tests, UniversalPetrarch's
GSR sentences) have the same shape and are read here too: their ``plover_2021`` is derived from
the CAMEO code by the 2021 conversion table, so the CAMEO code's own type is used instead (the
XML original and its copy then score alike); ``---`` in a code means no country; and a record with
an ``expected_error`` tests PETRARCH's input checks (a bad parse tree, a dateline), so it is
counted but not scored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from .gold import (
    ALL_ASPECTS,
    Aspect,
    GoldEvent,
    GoldItem,
    NotScored,
    gold_date,
    plover_of,
)
from .jsonl import json_records

__all__ = ["is_event_gold", "read_event_gold"]

#: Two digits then up to two more characters: PETRARCH's tests use codes such as ``174K``.
_CAMEO = re.compile(r"\d{2}[0-9A-Z]{0,2}")


def is_event_gold(record: dict[str, Any]) -> bool:
    return "text" in record and isinstance(record.get("events"), list)


def read_event_gold(path: Path) -> Iterator[GoldItem | NotScored | InputError]:
    """Items from a JSON Lines file; a bad line is an :class:`InputError` value, not a stop."""
    for origin, record in json_records(path):
        if isinstance(record, InputError):
            yield record
        elif not is_event_gold(record):
            yield InputError(origin, "expected an object with 'text' and a list 'events'")
        elif record.get("expected_error"):
            yield NotScored(origin, "tests an input error of PETRARCH's")
        else:
            try:
                yield gold_item(record, origin)
            except ValueError as exc:
                yield InputError(origin, str(exc))


def gold_item(record: dict[str, Any], origin: str) -> GoldItem:
    """One item from a record; raises ValueError with a one-line reason."""
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("empty 'text'")
    events = tuple(_event(e, n) for n, e in enumerate(record["events"], start=1))
    aspects = set(ALL_ASPECTS)
    if any(e.cameo is None for e in events):
        aspects -= {Aspect.ROOT, Aspect.TRIPLE}
    return GoldItem(
        id=str(record.get("id") or origin),
        date=gold_date(record.get("date")),
        text=text,
        events=events,
        origin=origin,
        aspects=frozenset(aspects),
    )


def _event(value: object, n: int) -> GoldEvent:
    if not isinstance(value, dict):
        raise ValueError(f"event {n} is not an object")
    code = _optional_str(value, "cameo", n)
    if code is not None and not _CAMEO.fullmatch(code):
        raise ValueError(f"event {n}: bad CAMEO code {code!r}")
    if "plover" in value:
        plover = _optional_str(value, "plover", n)
        plover = plover.upper() if plover else None
    elif code is not None:
        plover = plover_of(code)
    elif value.get("plover_2021") is not None:
        plover = str(value["plover_2021"]).strip().upper() or None
    else:
        raise ValueError(f"event {n} has neither 'cameo' nor 'plover'")
    if code is None and plover is None:
        raise ValueError(f"event {n} has neither a CAMEO code nor a PLOVER type")
    mode = _optional_str(value, "mode", n)
    return GoldEvent(
        source=_optional_str(value, "source", n),
        target=_optional_str(value, "target", n),
        cameo=code,
        plover=plover,
        mode=mode.lower() if mode else None,
    )


def _optional_str(record: dict[str, Any], key: str, n: int) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"event {n}: {key!r} must be a string or null")
    return value.strip() or None
