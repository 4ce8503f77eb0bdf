"""The domestic-actors stage: "police", "protesters", "the army" get the country they act in.

News names a country's own actors without the country when the story is set there: "Security
forces fired on protesters in Homs", "Police arrested dozens", "the opposition boycotted the
vote". CAMEO coders read these as that country's police, opposition and army (PETRARCH by the
sentence's location, POLECAT by the event's place). A phrase that holds its own country keeps
it: the actors stage reads a demonym or a place inside it ("a Swiss court", "Darfur rebels",
"police in Kano", "the largest Protestant extremist organization in Northern Ireland") as
text evidence, ``via="context"``. An event actor that has sectors but still no country gets,
in order:

1. the country of the place where the event happened (``Event.location``, set by the places
   stage): "police arrested protesters in Cairo" act in Egypt; ``via`` :data:`EVENT_PLACE`;
2. the article's main country: the state its actors name most, if it has at least
   :data:`MIN_FOCUS_MENTIONS` mentions and at least :data:`MIN_FOCUS_SHARE` of all state
   mentions (a story that names Syria 9 times and the U.S. twice is set in Syria). Sentences
   the screen left unparsed count too, by the gazetteer's names of states in their text, so
   the main country does not depend on which sentences held events. ``via``
   :data:`MAIN_COUNTRY`.

The two ``via`` values let users tell (and filter) a country the text states from one we
inferred, and the stronger inference from the weaker; records written before they existed
say ``"inferred"`` for both (:data:`INFERRED` holds all three). An unidentified-forces source
that the events stage supplied for an attack with no named agent (``via="unattributed"``, see
:mod:`newsevents.events.unattributed`) gets its country the same way and keeps its ``via``.

A state's own actors on both sides are an ordinary dyad ("the Syrian government attacked the
rebels" is ``SYRGOV`` → ``SYRREB``), so a country is inferred whatever the other side's code
becomes. People and named organisations are never given a country this way: a person's
nationality does not follow from where a story is set. Mentions keep what the text said; only
event actors change, so the actor memory never learns an inferred country.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

from ..events.unattributed import UNATTRIBUTED
from ..types import Actor, Document, Event
from .gazetteer import Gazetteer
from .people import People
from .resolve import actor_code

__all__ = [
    "EVENT_PLACE",
    "INFERRED",
    "MAIN_COUNTRY",
    "MIN_FOCUS_MENTIONS",
    "MIN_FOCUS_SHARE",
    "DomesticCountry",
    "focus_country",
]

#: ``Actor.via`` of a country taken from the place where the actor's event happened.
EVENT_PLACE = "event_place"
#: ``Actor.via`` of a country taken from the article's main country.
MAIN_COUNTRY = "main_country"
#: Every ``via`` of an inferred country, with ``"inferred"``, which earlier versions wrote for
#: both and which stored records may still hold.
INFERRED = frozenset({EVENT_PLACE, MAIN_COUNTRY, "inferred"})

#: The main country must be named at least this often ...
MIN_FOCUS_MENTIONS = 2
#: ... and make up at least this share of the article's state mentions.
MIN_FOCUS_SHARE = 0.5
#: Sectors that never take a country from context: international and unknown actors.
STATELESS_SECTORS = frozenset({"IGO", "NGO", "IMG", "UNK", "MNC"})
#: A confidence cost for each inferred side of an event.
INFERENCE_COST = 0.05


def _is_state(code: str | None) -> bool:
    return code is not None and len(code) == 3 and code not in {"IGO", "NGO", "IMG"}


def focus_country(doc: Document) -> str | None:
    """The state the article is about, by the rule in the module docstring, or None."""
    countries = [m.actor.country for m in doc.mentions if m.actor and m.actor.via not in INFERRED]
    countries += [e.location.country for e in doc.events if e.location is not None]
    countries += list(unparsed_states(doc))
    counts = Counter(c for c in countries if c is not None and _is_state(c))
    if not counts:
        return None
    ((country, n),) = counts.most_common(1)
    if n < MIN_FOCUS_MENTIONS or n < MIN_FOCUS_SHARE * sum(counts.values()):
        return None
    return country


#: Words as the tokenizer splits them, closely enough for names: "U.S." stays one word.
_WORDS = re.compile(r"(?:[A-Za-z]\.){2,}|\w+|[^\w\s]")
#: Gazetteer spellings that name a state ("Syria", "Syrian", "Damascus", "the Kremlin").
_STATE_KINDS = frozenset({"name", "alias", "demonym", "capital", "metonym", "institution"})


def unparsed_states(
    doc: Document, gazetteer: Gazetteer | None = None, people: People | None = None
) -> Iterator[str]:
    """The state of every state or known person named in the text the screen left unparsed,
    as the mentions of parsed sentences count them ("Syria", "Damascus", "Mubarak").

    Each word that can start a name is looked up once, longest name first. "the" and "The"
    are looked up in the gazetteer only when the word after them can begin a spelling (see
    :func:`_the_starts_nothing`): it is the commonest word of any text, and trying every
    n-gram up to the longest spelling from each one was most of the scan's time.
    """
    gazetteer = gazetteer or Gazetteer.builtin()
    people = people or People.builtin()
    text = doc.article.text
    for start, end in doc.unparsed:
        words = _WORDS.findall(text, start, end)
        i = 0
        while i < len(words):
            word = words[i]
            if word == "the":
                if i + 1 == len(words) or _the_starts_nothing(gazetteer, words, i + 1):
                    i += 1  # "the" before no name: neither a spelling nor a person
                    continue
            elif not word[:1].isupper():
                i += 1  # states, capitals, demonyms and people are capitalised in news
                continue
            # "The" starts a sentence far more often than a name; a person may still follow.
            plain_the = word == "The" and _the_starts_nothing(gazetteer, words, i + 1)
            found = None if plain_the else gazetteer.match_at(words, i)
            if found is not None:
                n, entry = found
                if entry.kind in _STATE_KINDS and _is_state(entry.country):
                    yield str(entry.country)
                i += n
                continue
            n, country = _person_at(people, words, i, doc)
            if country is not None:
                yield country
            i += n


#: Words that the gazetteer's normalisation joins to the word before them ("Guinea - Bissau",
#: "Korea , Republic of", "People ' s"), which changes that word's form.
_JOINERS = frozenset({"-", ",", "'", "`"})


def _the_starts_nothing(gazetteer: Gazetteer, words: list[str], j: int) -> bool:
    """Whether no name can start at the "the" before ``words[j]``.

    The gazetteer drops one leading "the " before comparing, so "the" followed by words can
    only spell a name that begins with the next word's form: when that word is plain ASCII
    letters and digits (and not another "the"), the word after it does not join onto it, and
    no spelling begins with it, no name starts at the "the" (nor a person: a person's name
    is capitalised). Anything less plain is left to :meth:`Gazetteer.match_at`. "the" alone
    is no spelling (:func:`_lone_the_spells_nothing`).
    """
    if j >= len(words):
        return False
    word = words[j]
    if not (word.isascii() and word.isalnum()) or word.casefold() == "the":
        return False
    after = words[j + 1] if j + 1 < len(words) else ""
    if not after.isascii() or after in _JOINERS:
        return False
    return _lone_the_spells_nothing(gazetteer) and not gazetteer.may_begin(word)


@functools.lru_cache(maxsize=8)
def _lone_the_spells_nothing(gazetteer: Gazetteer) -> bool:
    return gazetteer.lookup("the") is None


def _person_at(people: People, words: list[str], i: int, doc: Document) -> tuple[int, str | None]:
    """A listed person named by up to three capitalised words from ``words[i]`` on."""
    for n in (3, 2, 1):
        name = words[i : i + n]
        if len(name) == n and all(w[:1].isupper() for w in name):
            person = people.lookup(" ".join(name))
            if person is not None:
                country = person.country_on(doc.date)
                return n, country if _is_state(country) else None
    return 1, None


class DomesticCountry:
    """Stage ``Document -> Document``: countries for event actors named by sector alone."""

    name = "domestic"
    requires: tuple[str, ...] = ("actors", "events", "places")

    def __call__(self, doc: Document) -> Document:
        stages = (*doc.stages, self.name)
        people = _people(doc)
        if not any(_needs_country(people, a) for e in doc.events for a in e.participants()):
            return replace(doc, stages=stages)
        focus = focus_country(doc)
        events = tuple(self._infer(people, event, focus) for event in doc.events)
        return replace(doc, events=events, stages=stages)

    def _infer(self, people: frozenset[int], event: Event, focus: str | None) -> Event:
        place = event.location.country if event.location is not None else None
        if _is_state(place):
            country, via = str(place), EVENT_PLACE
        elif focus is not None:
            country, via = focus, MAIN_COUNTRY
        else:
            return event
        inferred = event.map_actors(
            lambda a: _with_country(a, country, via) if _needs_country(people, a) else a
        )
        if inferred is event:
            return event
        # One cost per side with an inferred participant, however many it has.
        changed = (inferred.all_sources() != event.all_sources()) + (
            inferred.all_targets() != event.all_targets()
        )
        confidence = round(max(0.05, event.confidence - INFERENCE_COST * changed), 2)
        return replace(inferred, confidence=confidence)


def _needs_country(people: frozenset[int], actor: Actor | None) -> bool:
    if actor is None or actor.country or not actor.sectors or actor.start in people:
        return False
    return not any(s in STATELESS_SECTORS for s in actor.sectors)


def _people(doc: Document) -> frozenset[int]:
    """Start offsets of the mentions that name a person ("Colonel Ahmed Ali")."""
    return frozenset(
        m.actor.start for m in doc.mentions if m.actor is not None and m.label == "PERSON"
    )


def _with_country(actor: Actor, country: str, via: str) -> Actor:
    """``actor`` in ``country``; an unattributed source keeps saying it was not named."""
    via = actor.via if actor.via == UNATTRIBUTED else via
    return replace(actor, country=country, code=actor_code(country, actor.sectors), via=via)
