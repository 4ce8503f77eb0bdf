"""The plain values that flow between pipeline stages.

Every stage takes a :class:`Document` and returns a new one; nothing here holds a spaCy
object, so documents can be pickled across processes, built by hand in tests and stored.
Offsets are character offsets into ``Article.text``; token indices are document-wide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from .errors import EventError, InputError
from .links import web_url

_EARLIEST = dt.date(1000, 1, 1)
_LATEST = dt.date(2999, 12, 31)


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

    def __post_init__(self) -> None:
        # Grounding ("next month") and merging (dates within 3 days) do calendar arithmetic on
        # the publication date: a date at the calendar's ends would overflow in the middle of a
        # batch, so it is refused here, where the article is made (ingest.dates has the range).
        if not _EARLIEST <= self.date <= _LATEST:
            raise InputError(
                self.origin or self.id,
                f"publication date {self.date.isoformat()} is out of range "
                f"({_EARLIEST.isoformat()} to {_LATEST.isoformat()})",
            )
        if self.url and web_url(self.url) != self.url:
            # Only http(s) links are kept, whichever reader (or caller) made the article: the
            # explorer links to it, and ``javascript:`` there would run in the reader's browser.
            object.__setattr__(self, "url", web_url(self.url))


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

    def __reduce__(self) -> tuple[type[Token], tuple[int | str, ...]]:
        # Parsed documents come back from the parser workers by the hundred thousand tokens;
        # the dataclass default looks up the field list for every token, at twice the cost.
        return (
            Token,
            (
                self.i,
                self.text,
                self.lemma,
                self.pos,
                self.tag,
                self.dep,
                self.head,
                self.idx,
                self.sentence,
                self.ent_type,
                self.ent_iob,
                self.whitespace,
                self.morph,
            ),
        )


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


#: Sectors that act for their state: a state and one of these is one party ("Putin's visit to
#: Russia"), while a state and its opposition, rebels or citizens are two ("Venezuela banned
#: opposition leader Guaido").
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})


def same_party(a: Actor, b: Actor) -> bool:
    """One actor on both sides, or an actor and the state it acts for ("Putin's visit to Russia").

    Such a pair is no dyad: an event between them would be a state acting on itself.
    """
    if 0 <= a.start == b.start or a.code == b.code:
        return True
    return (b.code == a.country and _acts_for_state(a)) or (
        a.code == b.country and _acts_for_state(b)
    )


def _acts_for_state(actor: Actor) -> bool:
    return any(sector in STATE_SECTORS for sector in actor.sectors)


def code_order(participants: Iterable[Actor]) -> tuple[Actor, ...]:
    """The participants of a mutual event in actor-code order (then text offset).

    The first two become its primary dyad, so they are the first pair in that order that is
    not one party (RUS, RUSGOV, CHN gives RUS, CHN, RUSGOV); the order never depends on which
    actor the article named first, so the same talks merge across articles.
    """
    ordered = sorted(participants, key=lambda a: (a.code, a.start))
    for i, first in enumerate(ordered):
        for j in range(i + 1, len(ordered)):
            if not same_party(first, ordered[j]):
                rest = [a for k, a in enumerate(ordered) if k not in (i, j)]
                return (first, ordered[j], *rest)
    return tuple(ordered)


@dataclass(frozen=True, slots=True)
class Statement:
    """What an article itself states about a named actor, clearly enough to learn the name.

    The actor memory learns only from these (:mod:`newsevents.actors.evidence`): ``name`` is
    the name as the article spells it ("Andrei Belousov", "Magyar Nemzet"); ``country``,
    ``sectors`` and ``code`` what the article says it is (usually the mention's actor, but not
    when a user's correction decided the actor); ``basis`` what states the country:
    ``"phrase"`` (a country word in the name's own phrase: "Russian Defense Minister Andrei
    Belousov"), ``"apposition"`` ("Andrei Belousov, Russia's defence minister") or ``"name"``
    (inside an organisation's own name: "Indonesian National Police").
    """

    name: str
    basis: str
    country: str
    sectors: tuple[str, ...] = ()
    code: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the text that refers to an actor, with its resolution (if any).

    ``stated`` is set when the article itself clearly states the country of the named person
    or organisation (see :class:`Statement`); it is what the actor memory learns from.
    """

    sentence: int
    head: int
    first_token: int
    last_token: int  # exclusive
    start: int
    end: int
    text: str
    label: str
    actor: Actor | None = None
    #: The actors a plural reference stands for ("they" after "Russia and China", "the two
    #: countries"), each with its own span; ``actor`` is the first of them. Empty otherwise.
    group: tuple[Actor, ...] = ()
    stated: Statement | None = None


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


#: One (source, target) pair of an event; either side may be missing.
Dyad = tuple[Actor | None, Actor | None]


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event: who did what to whom, with the evidence it was read from.

    ``source``/``target`` are the primary dyad; ``sources``/``targets`` every participant on
    each side, in text order with the primary one first ("Putin and Xi pledged ..." is one
    event, not one per pair). Empty means just ``source``/``target``; one actor is stored as
    empty so equal events compare equal. A ``reciprocal`` event is mutual among its
    participants ("Russia and China held talks"): ``sources == targets``, all participants
    (:func:`code_order` puts them in actor-code order, so the same talks read in either word
    order have the same primary dyad), and ``source``/``target`` are the first two; without
    lists they are ``(source, target)``. Inconsistent participants raise
    :class:`~newsevents.errors.EventError`, so a stage that replaces ``source`` without its
    ``sources`` fails loudly instead of storing two different stories.

    ``speaker`` is who the article says told it ("Belousov said ...", "according to X", the
    accuser of a claimed event, the denier of a denied one); it is no participant. The links
    are event ids (:func:`newsevents.serialize.event_id`) in the same article: ``claim_of`` on a
    claimed or denied event names the statement whose content it is (the accusation, the
    denial); ``responds_to`` on a denial names the accusation or claim it answers.

    ``relevance`` is how likely the event is a political event rather than a court, crime,
    sports or entertainment story told with event words (0-1, see
    :mod:`newsevents.events.relevance`); events built by hand default to 1.
    """

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
    sources: tuple[Actor, ...] = ()
    targets: tuple[Actor, ...] = ()
    reciprocal: bool = False
    speaker: Actor | None = None
    claim_of: str | None = None
    responds_to: str | None = None
    relevance: float = 1.0

    def __post_init__(self) -> None:
        if self.reciprocal:
            self._check_reciprocal()
            return
        for side, actors, primary in (
            ("sources", self.sources, self.source),
            ("targets", self.targets, self.target),
        ):
            if actors and actors[0] != primary:
                raise EventError(f"{self._where()}: {side}[0] is not the event's {side[:-1]}")
            if len(actors) == 1:
                object.__setattr__(self, side, ())

    def _check_reciprocal(self) -> None:
        if not self.sources and not self.targets:
            both = tuple(a for a in (self.source, self.target) if a is not None)
            object.__setattr__(self, "sources", both)
            object.__setattr__(self, "targets", both)
        if self.sources != self.targets:
            raise EventError(f"{self._where()}: a reciprocal event needs sources == targets")
        if len(self.sources) < 2 or self.sources[:2] != (self.source, self.target):
            raise EventError(
                f"{self._where()}: a reciprocal event needs two participants or more, "
                "the first two being its source and target"
            )

    def _where(self) -> str:
        return f"event in {self.doc_id!r}, sentence {self.sentence_index}"

    def all_sources(self) -> tuple[Actor, ...]:
        """Every actor on the acting side (``(source,)`` or ``()`` when there is no list)."""
        if self.sources:
            return self.sources
        return () if self.source is None else (self.source,)

    def all_targets(self) -> tuple[Actor, ...]:
        """Every actor acted upon (``(target,)`` or ``()`` when there is no list)."""
        if self.targets:
            return self.targets
        return () if self.target is None else (self.target,)

    def participants(self) -> tuple[Actor, ...]:
        """Every distinct actor of the event, sources first, each once."""
        return tuple(dict.fromkeys((*self.all_sources(), *self.all_targets())))

    def dyads(self) -> list[Dyad]:
        """The (source, target) pairs this event stands for, in ``sources`` x ``targets`` order.

        All sources times all targets, without an actor paired with itself or its own state, so
        the coder's events start with their primary dyad; a one-sided event gives one pair per
        actor with ``None`` on the other side. When every pair is such a self-pair (hand-built
        events), the primary dyad alone: never nothing.
        """
        sources, targets = self.all_sources(), self.all_targets()
        if not targets:
            return [(s, None) for s in sources] or [(self.source, self.target)]
        if not sources:
            return [(None, t) for t in targets]
        pairs: list[Dyad] = [(s, t) for s in sources for t in targets if not same_party(s, t)]
        return pairs or [(self.source, self.target)]

    def map_actors(self, change: Callable[[Actor], Actor]) -> Event:
        """This event with ``change`` applied to every actor, all sides kept consistent.

        Stages that re-code actors (roles at the event date, inferred countries) use this so
        ``source`` and ``sources[0]`` can never diverge; returns ``self`` if nothing changed.
        The ``speaker`` is left as it is: it spoke at the time of the article, not at the date
        of the event it tells.
        """
        done: dict[Actor, Actor] = {}

        def apply(actor: Actor) -> Actor:
            if actor not in done:
                done[actor] = change(actor)
            return done[actor]

        source = None if self.source is None else apply(self.source)
        target = None if self.target is None else apply(self.target)
        sources = tuple(apply(a) for a in self.sources)
        targets = tuple(apply(a) for a in self.targets)
        if all(done[a] is a for a in done):
            return self
        if self.reciprocal:  # new codes may change the code order of the participants
            sources = targets = code_order(sources)
            source, target = sources[0], sources[1]
        return replace(self, source=source, target=target, sources=sources, targets=targets)


@dataclass(frozen=True, slots=True)
class Document:
    """An article and everything the stages have found in it so far."""

    article: Article
    sentences: tuple[Sentence, ...] = ()
    tokens: tuple[Token, ...] = ()
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    stages: tuple[str, ...] = field(default=())
    #: ``(start, end)`` character spans of the article that were not parsed because no sentence
    #: in them can hold an event (see :mod:`newsevents.nlp.screen`); they hold no tokens.
    unparsed: tuple[tuple[int, int], ...] = ()

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
