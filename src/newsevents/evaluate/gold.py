"""Event-level gold as plain values, whatever file it was read from.

Every reader (our JSON Lines, PETRARCH's validation XML, Multi-CoPED, labelled CSV) turns its
records into the items below, so scoring never depends on a source format. Three kinds of gold
exist in the field and are kept apart because they are scored differently:

* :class:`GoldItem`: a text with the events it states (who did what to whom), scored by
  matching events;
* :class:`LabelItem`: a text with one label for its main event (a coarse class or a PLOVER
  type), scored as a classification;
* :class:`SpanItem`: a tokenised sentence with the source and target spans of its event.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from ..codes import cameo
from ..ingest import parse_date

__all__ = [
    "Aspect",
    "GoldEvent",
    "GoldItem",
    "LabelItem",
    "NotScored",
    "SpanItem",
    "gold_country",
    "gold_date",
    "plover_of",
]


class Aspect(StrEnum):
    """What of an event is compared; an item is scored only on the aspects its gold codes."""

    ROOT = "root"  # the CAMEO root ("19")
    PLOVER = "plover"  # the PLOVER type ("ASSAULT")
    DYAD = "dyad"  # (source country, target country)
    TRIPLE = "triple"  # (source country, target country, CAMEO root)


ALL_ASPECTS = frozenset(Aspect)

_COUNTRY = re.compile(r"[A-Z]{3}")


def gold_country(code: str | None) -> str | None:
    """The country part of a gold actor code: its first three letters, as dyads are compared.

    ``None``, ``""``, PETRARCH's ``---`` (no country: ``---GOV``) and its quoted new-actor text
    (``"INJURY TOLL"``, a phrase no dictionary coded) all mean no country.
    """
    if code is None:
        return None
    head = code.strip()[:3].upper()
    return head if _COUNTRY.fullmatch(head) else None


def plover_of(code: str) -> str | None:
    """The PLOVER type of a CAMEO code in the shipped table (None: no type, or unknown code)."""
    entry = cameo.get(code)
    return (entry.plover or None) if entry is not None else None


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One expected event: actor codes as the gold writes them, a CAMEO code and/or PLOVER type.

    ``cameo`` None means the gold gives no CAMEO code (its items are not scored on roots);
    ``plover`` None means no PLOVER type (CAMEO's public statements have none).
    """

    source: str | None
    target: str | None
    cameo: str | None
    plover: str | None
    mode: str | None = None

    @property
    def source_country(self) -> str | None:
        return gold_country(self.source)

    @property
    def target_country(self) -> str | None:
        return gold_country(self.target)

    @property
    def root(self) -> str | None:
        return self.cameo[:2] if self.cameo else None


@dataclass(frozen=True, slots=True)
class GoldItem:
    """One sentence or article and every event it states (``events`` empty: none)."""

    id: str
    date: dt.date | None
    text: str
    events: tuple[GoldEvent, ...]
    origin: str  # file:line, to point back at the gold
    aspects: frozenset[Aspect] = ALL_ASPECTS


@dataclass(frozen=True, slots=True)
class LabelItem:
    """A text labelled with the type of its main event (a class name or a PLOVER type)."""

    id: str
    date: dt.date | None
    text: str
    label: str
    origin: str


@dataclass(frozen=True, slots=True)
class SpanItem:
    """A tokenised sentence and the tokens of its event's source, target and mutual actors.

    ``text`` is the tokens rejoined as ordinary prose and ``offsets`` each token's character
    span in it, so the coder reads normal text and its actors map back onto the gold tokens.
    ``mutual`` actors (Multi-CoPED's reciprocal tag) stand on both sides.
    """

    id: str
    date: dt.date | None
    text: str
    tokens: tuple[str, ...]
    offsets: tuple[tuple[int, int], ...]
    source: frozenset[int]
    target: frozenset[int]
    mutual: frozenset[int]
    origin: str


@dataclass(frozen=True, slots=True)
class NotScored:
    """A well-formed gold record that cannot be scored (it tests something else), only counted."""

    origin: str
    reason: str


def gold_date(value: object) -> dt.date | None:
    """A gold date (``YYYY-MM-DD`` or ``YYYYMMDD``); missing is None, unreadable a ValueError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"date must be a string, not {type(value).__name__}")
    return parse_date(value)
