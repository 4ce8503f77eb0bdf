"""Actor memory across a corpus: who articles taught us about, used in later articles.

An article that says "Russian Defense Minister Andrei Belousov" teaches us who Belousov is; the
next article may say only "Belousov said". The actors stage resolves names through an
:class:`ActorMemory` (``via="memory"``) after the article itself and the dictionaries.

What is learned is kept as evidence, not as a verdict: each article that clearly states a
name's country (:mod:`newsevents.actors.evidence`: a country word in the name's own phrase, in
an apposition, or in an organisation's own name) gives one :class:`Sighting` of the name, with
the country and sectors it supports, the article and the evidence sentence. People are learned
only with a role ("Defense Minister"), and only names of two words or more, so a bare surname
never becomes a corpus-wide fact.

A name's entry (:class:`KnownActor`) is what its sightings support, by this rule:

* **Country: the majority.** The country most sightings give wins (a tie goes to the country
  seen most recently). ``support`` counts the articles that agree with it, ``conflicts`` those
  that give another country.
* **Confidence** is ``support / (support + conflicts + 1)``: the ``+ 1`` stands for the
  article not yet read, so one article gives 0.5, two agreeing ones 0.67, and every
  disagreeing article lowers it instead of overwriting the entry.
* **Used only when trusted**: the memory resolves names through an entry whose confidence is
  at least :data:`MIN_CONFIDENCE` (0.5), that is when the agreeing articles outnumber the
  disagreeing ones. One clear article is enough; after a conflict ("Russian" in one article,
  "Ukrainian" in another) the name is not used until another article agrees with one side.
* **Roles change, countries do not**: sectors and code are those of the latest sighting with
  the winning country, so "Defense Minister" in 2023 and "Security Council Secretary" in
  2024 is a new job, not a conflict.

A user's entry (``source="user"``, ``newsevents actors edit``) wins over everything learned and
over the shipped people table, and learning never changes it (its sightings are still kept and
counted, so ``actors show`` tells when articles disagree with the correction).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ..types import Actor, Document

__all__ = [
    "LEARNED",
    "MIN_CONFIDENCE",
    "USER",
    "ActorMemory",
    "KnownActor",
    "Sighting",
    "learned_from",
    "memory_key",
    "summarise",
]

#: ``KnownActor.source`` of an actor learned from articles.
LEARNED = "learned"
#: ``KnownActor.source`` of an actor entered or corrected by a user.
USER = "user"
#: The confidence a learned entry needs to resolve names (see the module docstring).
MIN_CONFIDENCE = 0.5
#: ``Sighting.basis`` of the evidence a store kept before sightings existed (one per name).
MIGRATED = "migrated"


def memory_key(name: str) -> str:
    """The form names are compared in: spaces collapsed, curly quotes straightened, casefolded."""
    return " ".join(name.replace("’", "'").split()).casefold()


@dataclass(frozen=True, slots=True)
class Sighting:
    """One article's clear statement of a name's country: the evidence an entry rests on.

    ``basis`` says what stated it (:class:`~newsevents.types.Statement`: ``phrase``,
    ``apposition``, ``name``; ``migrated`` for evidence kept by a store before sightings).
    """

    name: str
    country: str
    sectors: tuple[str, ...]
    code: str
    doc_id: str
    date: dt.date
    kind: str = "person"  # person | organisation
    evidence: str = ""
    basis: str = "phrase"

    @property
    def key(self) -> str:
        return memory_key(self.name)


@dataclass(frozen=True, slots=True)
class KnownActor:
    """A named actor the corpus (or a user) has taught us: what its sightings support.

    ``n_articles`` counts its sightings, ``support`` those agreeing with ``country`` and
    ``conflicts`` those giving another country; ``evidence``/``doc_id`` are the latest agreeing
    sighting's (a user's note for a user's entry).
    """

    name: str
    country: str | None
    sectors: tuple[str, ...]
    code: str
    kind: str = "person"  # person | organisation
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None
    n_articles: int = 1
    evidence: str = ""
    doc_id: str = ""
    source: str = LEARNED
    support: int = 1
    conflicts: int = 0

    @property
    def key(self) -> str:
        return memory_key(self.name)

    @property
    def confidence(self) -> float:
        """How far the articles agree: ``support / (support + conflicts + 1)``; 1 for a user's."""
        if self.source == USER:
            return 1.0
        return self.support / (self.support + self.conflicts + 1)

    @property
    def trusted(self) -> bool:
        """Whether the memory resolves names through this entry (a user's always)."""
        return self.source == USER or self.confidence >= MIN_CONFIDENCE

    def as_actor(self, text: str, start: int, end: int) -> Actor:
        return Actor(
            text=text,
            name=self.name,
            code=self.code,
            country=self.country,
            sectors=self.sectors,
            start=start,
            end=end,
            via="memory",
        )


def summarise(sightings: Sequence[Sighting]) -> KnownActor:
    """The learned entry ``sightings`` of one name support (the rule in the module docstring).

    ``sightings`` are in the order they were recorded, which breaks ties between sightings of
    the same day. Raises ``ValueError`` when there are none.
    """
    if not sightings:
        raise ValueError("no sightings to summarise")
    order = {id(s): n for n, s in enumerate(sightings)}

    def recency(s: Sighting) -> tuple[dt.date, int]:
        return s.date, order[id(s)]

    votes = Counter(s.country for s in sightings)
    latest = {c: max((s for s in sightings if s.country == c), key=recency) for c in votes}
    country = max(votes, key=lambda c: (votes[c], recency(latest[c])))
    best = latest[country]
    return KnownActor(
        name=best.name,
        country=country,
        sectors=best.sectors,
        code=best.code,
        kind=best.kind,
        first_seen=min(s.date for s in sightings),
        last_seen=max(s.date for s in sightings),
        n_articles=len(sightings),
        evidence=best.evidence,
        doc_id=best.doc_id,
        support=votes[country],
        conflicts=len(sightings) - votes[country],
    )


def with_sightings(entry: KnownActor, sightings: Sequence[Sighting]) -> KnownActor:
    """A user's entry with its sightings counted against it; its values stay the user's."""
    agree = sum(1 for s in sightings if s.country == entry.country)
    return replace(
        entry,
        first_seen=min((s.date for s in sightings), default=None),
        last_seen=max((s.date for s in sightings), default=None),
        n_articles=len(sightings),
        support=agree,
        conflicts=len(sightings) - agree,
    )


class ActorMemory:
    """Name → :class:`KnownActor`, by full name or by a surname that only one person has.

    Built from entries (a user's, or a store's snapshot: ``known``) and from sightings; a
    name with sightings gets the entry they support, unless a user's entry wins. Mutable on
    purpose: a batch run loads what the store knows, then learns from each coded document so
    later articles of the same run resolve through it too. The actors stage only reads it,
    and only trusted entries (:attr:`KnownActor.trusted`).
    """

    def __init__(self, known: Iterable[KnownActor] = (), *, sightings: Iterable[Sighting] = ()):
        self._given: dict[str, KnownActor] = {}
        self._seen: dict[str, dict[str, Sighting]] = {}  # key → doc id → sighting
        self._docs: dict[str, set[str]] = {}  # doc id → keys it gave sightings of
        self._by_key: dict[str, KnownActor] = {}
        self._surnames: dict[str, set[str]] = {}
        self.update(known)
        self.add(sightings)

    def __len__(self) -> int:
        return len(self._by_key)

    def clear(self) -> None:
        """Forget everything, users' entries too (before loading a store's again)."""
        for table in (self._given, self._seen, self._docs, self._by_key, self._surnames):
            table.clear()

    def entries(self) -> list[KnownActor]:
        """Every entry, trusted or not."""
        return list(self._by_key.values())

    def update(self, known: Iterable[KnownActor]) -> None:
        """Add or replace entries as they are; a user's entry is never replaced by a learned
        one, and a name with sightings keeps the entry they support."""
        for actor in known:
            current = self._given.get(actor.key)
            if current is not None and current.source == USER and actor.source != USER:
                continue
            self._given[actor.key] = actor
            self._refresh(actor.key)

    def add(self, sightings: Iterable[Sighting]) -> None:
        """Record sightings; a second sighting of a name from the same article replaces it."""
        touched: set[str] = set()
        for sighting in sightings:
            self._seen.setdefault(sighting.key, {})[sighting.doc_id] = sighting
            self._docs.setdefault(sighting.doc_id, set()).add(sighting.key)
            touched.add(sighting.key)
        for key in touched:
            self._refresh(key)

    def learn(self, doc: Document) -> list[Sighting]:
        """Learn what ``doc`` teaches (replacing what an earlier coding of the same article
        taught) and return it, for the caller to store."""
        learned = learned_from(doc)
        for key in self._docs.pop(doc.id, set()):
            self._seen.get(key, {}).pop(doc.id, None)
            self._refresh(key)
        self.add(learned)
        return learned

    def forget(self, name: str) -> None:
        key = memory_key(name)
        self._given.pop(key, None)
        for doc_id in self._seen.pop(key, {}):
            self._docs.get(doc_id, set()).discard(key)
        self._refresh(key)

    def entry(self, name: str) -> KnownActor | None:
        """The entry for exactly this name, trusted or not."""
        return self._by_key.get(memory_key(name))

    def sightings(self, name: str) -> list[Sighting]:
        """The sightings of exactly this name, in the order they were recorded."""
        return list(self._seen.get(memory_key(name), {}).values())

    def lookup(self, name: str) -> KnownActor | None:
        """The trusted actor with this full name, or the only person with this surname."""
        key = memory_key(name)
        found = self._by_key.get(key)
        if found is None and " " not in key:
            keys = self._surnames.get(key)
            if keys is not None and len(keys) == 1:
                found = self._by_key.get(next(iter(keys)))
        return found if found is not None and found.trusted else None

    def user_entry(self, name: str) -> KnownActor | None:
        """A user's entry for this name, which wins over every other source."""
        found = self.lookup(name)
        return found if found is not None and found.source == USER else None

    def _refresh(self, key: str) -> None:
        """Recompute the entry of ``key`` from what was given and seen."""
        given = self._given.get(key)
        seen = list(self._seen.get(key, {}).values())
        entry: KnownActor | None
        if given is not None and given.source == USER:
            entry = with_sightings(given, seen) if seen else given
        elif seen:
            entry = summarise(seen)
        else:
            entry = given
        surname = key.split()[-1] if " " in key else None
        if entry is None:
            self._by_key.pop(key, None)
            if surname is not None:
                self._surnames.get(surname, set()).discard(key)
            return
        self._by_key[key] = entry
        if surname is not None:
            if entry.kind == "person":
                self._surnames.setdefault(surname, set()).add(key)
            else:
                self._surnames.get(surname, set()).discard(key)


def learned_from(doc: Document) -> list[Sighting]:
    """The sightings ``doc`` gives: one per name whose country it clearly states.

    Pure: reads the document's mentions (the actors stage must have run; it marks the mentions
    that state a country, :attr:`~newsevents.types.Mention.stated`). A person is learned only
    with a role (a title says who a person is; "Anderson Cooper in Cairo" does not).
    """
    found: dict[str, Sighting] = {}
    for mention in doc.mentions:
        stated = mention.stated
        if stated is None or not stated.country:
            continue
        kind = "person" if mention.label == "PERSON" else "organisation"
        if kind == "person" and not stated.sectors:
            continue
        key = memory_key(stated.name)
        if key in found:
            continue
        in_range = mention.sentence < len(doc.sentences)
        sentence = doc.sentences[mention.sentence] if in_range else None
        found[key] = Sighting(
            name=stated.name,
            country=stated.country,
            sectors=stated.sectors,
            code=stated.code,
            doc_id=doc.id,
            date=doc.date,
            kind=kind,
            evidence=sentence.text if sentence is not None else mention.text,
            basis=stated.basis,
        )
    return list(found.values())
