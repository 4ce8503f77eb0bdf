"""Actor memory across a corpus: who an article taught us about, used in later articles.

An article that says "Russian Defense Minister Andrei Belousov" teaches us who Belousov is; the
next article may say only "Belousov said". The actors stage resolves names through an
:class:`ActorMemory` (``via="memory"``) after the article itself and the dictionaries, and
:func:`learned_from` lists what a coded document teaches, for the store to keep
(``known_actors`` table) with its dates and evidence sentence.

Only names whose country the article itself stated (``via="context"``: a title, a demonym, an
apposition, an ``of`` phrase) are learned, people only with a role (a title: "Russian Defense
Minister Andrei Belousov"), and only names of two words or more, so a bare surname never
becomes a corpus-wide fact. A user's correction (``source="user"``) wins over
everything learned and over the shipped people table; learning never overwrites it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..types import Actor, Document

__all__ = ["LEARNED", "USER", "ActorMemory", "KnownActor", "learned_from", "memory_key"]

#: ``KnownActor.source`` of an actor learned from an article.
LEARNED = "learned"
#: ``KnownActor.source`` of an actor entered or corrected by a user.
USER = "user"
#: Entity labels whose names are learned (persons, and organisations the gazetteer lacks).
LEARNABLE_LABELS = frozenset({"PERSON", "ORG"})


@dataclass(frozen=True, slots=True)
class KnownActor:
    """A named actor the corpus (or a user) has taught us, with when and where we saw it."""

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

    @property
    def key(self) -> str:
        return memory_key(self.name)

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


def memory_key(name: str) -> str:
    """The form names are compared in: spaces collapsed, curly quotes straightened, casefolded."""
    return " ".join(name.replace("’", "'").split()).casefold()


class ActorMemory:
    """Name → :class:`KnownActor`, by full name or by a surname that only one person has.

    Mutable on purpose: a batch run loads what the store knows, then learns from each coded
    document so later articles of the same run resolve through it too. The actors stage only
    reads it.
    """

    def __init__(self, known: Iterable[KnownActor] = ()) -> None:
        self._by_key: dict[str, KnownActor] = {}
        self._surnames: dict[str, set[str]] = {}
        self.update(known)

    def __len__(self) -> int:
        return len(self._by_key)

    def update(self, known: Iterable[KnownActor]) -> None:
        """Add or refresh entries; a user's entry is never replaced by a learned one."""
        for actor in known:
            current = self._by_key.get(actor.key)
            if current is not None and current.source == USER and actor.source != USER:
                continue
            self._by_key[actor.key] = _merge(current, actor) if current else actor
            if actor.kind == "person":
                words = actor.key.split()
                if len(words) > 1:
                    self._surnames.setdefault(words[-1], set()).add(actor.key)

    def forget(self, name: str) -> None:
        key = memory_key(name)
        self._by_key.pop(key, None)
        for keys in self._surnames.values():
            keys.discard(key)

    def lookup(self, name: str) -> KnownActor | None:
        """The actor with this full name, or the only person with this surname."""
        key = memory_key(name)
        found = self._by_key.get(key)
        if found is not None:
            return found
        keys = self._surnames.get(key) if " " not in key else None
        if keys is not None and len(keys) == 1:
            return self._by_key.get(next(iter(keys)))
        return None

    def user_entry(self, name: str) -> KnownActor | None:
        """A user's entry for this name, which wins over every other source."""
        found = self.lookup(name)
        return found if found is not None and found.source == USER else None

    def learn(self, doc: Document) -> list[KnownActor]:
        """Learn what ``doc`` teaches and return it (for the caller to store)."""
        learned = learned_from(doc)
        self.update(learned)
        return learned


def _merge(old: KnownActor, new: KnownActor) -> KnownActor:
    """Seen again: widen the dates; a later sighting's role replaces an earlier one."""
    if new.source == USER:
        return replace(new, first_seen=old.first_seen, n_articles=old.n_articles)
    later = new.last_seen is not None and (old.last_seen is None or new.last_seen >= old.last_seen)
    base = new if later else old
    return replace(
        base,
        country=base.country or old.country or new.country,
        first_seen=_min(old.first_seen, new.first_seen),
        last_seen=_max(old.last_seen, new.last_seen),
        n_articles=old.n_articles + new.n_articles,
    )


def _min(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return min(d for d in (a, b) if d is not None) if (a or b) else None


def _max(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return max(d for d in (a, b) if d is not None) if (a or b) else None


def learned_from(doc: Document) -> list[KnownActor]:
    """People and organisations whose country ``doc`` itself states, one per name.

    Pure: reads the document's mentions (the actors stage must have run).
    """
    found: dict[str, KnownActor] = {}
    for mention in doc.mentions:
        actor = mention.actor
        if actor is None or actor.via != "context" or not actor.country:
            continue
        if mention.label not in LEARNABLE_LABELS or not _is_learnable_name(actor.name):
            continue
        if mention.label == "PERSON" and not actor.sectors:
            continue  # a title says who a person is; "Anderson Cooper in Cairo" does not
        key = memory_key(actor.name)
        if key in found:
            continue
        in_range = mention.sentence < len(doc.sentences)
        sentence = doc.sentences[mention.sentence] if in_range else None
        found[key] = KnownActor(
            name=actor.name,
            country=actor.country,
            sectors=actor.sectors,
            code=actor.code,
            kind="person" if mention.label == "PERSON" else "organisation",
            first_seen=doc.date,
            last_seen=doc.date,
            evidence=sentence.text if sentence is not None else mention.text,
            doc_id=doc.id,
        )
    return list(found.values())


def _is_learnable_name(name: str) -> bool:
    """A proper name of two or more capitalised words ("Andrei Belousov"), not a phrase."""
    words = name.split()
    if len(words) < 2 or len(words) > 6:
        return False
    return words[0][:1].isupper() and words[-1][:1].isupper()
