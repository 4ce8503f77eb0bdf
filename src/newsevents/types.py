"""The plain values that flow between pipeline stages.

Every stage takes a :class:`Document` and returns a new one; nothing here holds a spaCy
object, so documents can be pickled across processes, built by hand in tests and stored.
Offsets are character offsets into ``Article.text``; token indices are document-wide.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Article:
    """One dated news article as it came in, before any analysis.

    ``origin`` names where it was read from (``file.jsonl:12``) so later errors can point back.
    """

    id: str
    date: dt.date
    text: str
    title: str = ""
    url: str = ""
    source: str = ""
    origin: str = ""


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    first_token: int
    last_token: int  # exclusive


@dataclass(frozen=True, slots=True)
class Token:
    """One token of the dependency parse, reduced to plain values.

    ``head`` is the document-wide index of the syntactic head (a root points at itself).
    ``ent_type`` is the named-entity label or ``""``; ``ent_iob`` is ``"B"``, ``"I"`` or ``"O"``.
    """

    i: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    idx: int
    sentence: int
    ent_type: str = ""
    ent_iob: str = "O"
    whitespace: str = " "
    morph: str = ""

    @property
    def end(self) -> int:
        return self.idx + len(self.text)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: a coded, named actor as it appears at one place in the text.

    ``code`` is CAMEO-style (country or IGO/NGO code followed by agent codes: ``RUSMIL``);
    ``country`` is an ISO3-style country code, or the organisation code (``IGO``/``NGO``...)
    for actors without a home state; ``sectors`` are CAMEO agent codes (``GOV``, ``MIL``...).
    """

    text: str
    name: str
    code: str
    country: str | None = None
    sectors: tuple[str, ...] = ()
    start: int = -1
    end: int = -1
    via: str = "gazetteer"


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the text that refers to an actor, with its resolution (if any)."""

    sentence: int
    head: int
    first_token: int
    last_token: int  # exclusive
    start: int
    end: int
    text: str
    label: str
    actor: Actor | None = None


class Precision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    PUBLICATION = "publication"


@dataclass(frozen=True, slots=True)
class TimeRef:
    """When an event happened: an interval of dates with its precision and source text."""

    start: dt.date
    end: dt.date
    precision: Precision
    text: str = ""


@dataclass(frozen=True, slots=True)
class Place:
    """Where an event happened (not the actors' countries)."""

    name: str
    country: str | None = None
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None


class Mode(StrEnum):
    """How the text presents an event; only ``ASSERTED`` and ``REPORTED`` ones happened."""

    ASSERTED = "asserted"
    NEGATED = "negated"
    FUTURE = "future"
    HYPOTHETICAL = "hypothetical"
    REPORTED = "reported"
    CLAIMED = "claimed"
    DENIED = "denied"


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the article: its text and character offsets."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event: who did what to whom, with the evidence it was read from."""

    doc_id: str
    doc_date: dt.date
    sentence_index: int
    source: Actor | None
    target: Actor | None
    cameo: str
    cameo_name: str
    plover: str
    quad_class: int
    goldstein: float
    event_date: TimeRef
    evidence: Span
    trigger: Span
    mode: Mode = Mode.ASSERTED
    location: Place | None = None
    confidence: float = 0.5


@dataclass(frozen=True, slots=True)
class Document:
    """An article and everything the stages have found in it so far."""

    article: Article
    sentences: tuple[Sentence, ...] = ()
    tokens: tuple[Token, ...] = ()
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    stages: tuple[str, ...] = field(default=())

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def date(self) -> dt.date:
        return self.article.date

    def sentence_tokens(self, index: int) -> tuple[Token, ...]:
        sent = self.sentences[index]
        return self.tokens[sent.first_token : sent.last_token]

    def span_text(self, first_token: int, last_token: int) -> str:
        """The article text covered by tokens ``[first_token, last_token)``."""
        if first_token >= last_token:
            return ""
        return self.article.text[self.tokens[first_token].idx : self.tokens[last_token - 1].end]
