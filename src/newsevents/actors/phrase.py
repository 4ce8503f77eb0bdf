"""Resolve one actor phrase on its own: "Russian Defense Minister Andrei Belousov" → RUSGOVMIL.

For ``newsevents resolve-actor`` and for checking the actor coder against actor-level gold.
The phrase is parsed the way an article is, so the answer is exactly what the actors stage
would give it in running text: inside its ``context`` sentence when one is given (the
sentence may say who the actor is), otherwise as the subject of a short carrier sentence,
because the tagger reads a bare noun phrase less reliably than a clause.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..types import Actor, Article, Document, Mention
from .gazetteer import Gazetteer

__all__ = [
    "CARRIER",
    "ActorResolution",
    "choose_mention",
    "listed_name",
    "phrase_article",
    "resolution",
]

#: The carrier sentence for a phrase given without context: ``{}`` is the phrase.
CARRIER = "{} said on Monday."

#: How sure each way of resolving is, before accounting for what was found (see resolution()).
VIA_CONFIDENCE = {"gazetteer": 0.95, "dictionary": 0.9, "memory": 0.8, "context": 0.75}


@dataclass(frozen=True, slots=True)
class ActorResolution:
    """The coded actor of a phrase; ``via`` is None (and code empty) when nothing resolved."""

    text: str
    name: str
    code: str
    country: str | None
    sectors: tuple[str, ...]
    via: str | None
    confidence: float

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "name": self.name,
            "code": self.code,
            "country": self.country,
            "sectors": list(self.sectors),
            "via": self.via,
            "confidence": self.confidence,
        }


def phrase_article(text: str, date: dt.date, context: str | None = None) -> tuple[Article, int]:
    """The article to parse for ``text`` and the character offset of ``text`` in it.

    With a context that contains the phrase, the context is the article; a context that does
    not contain it (a country name, a topic) is put in a sentence before the carrier one.
    """
    phrase = " ".join(text.split())
    if not phrase:
        raise ValueError("empty actor phrase")
    if context:
        context = " ".join(context.split())
        at = context.find(phrase)
        if at >= 0:
            return Article(id="phrase", date=date, text=context), at
        prefix = context.rstrip(".") + ".\n\n"
    else:
        prefix = ""
    body = prefix + CARRIER.format(phrase)
    return Article(id="phrase", date=date, text=body), len(prefix)


def listed_name(text: str, gazetteer: Gazetteer) -> ActorResolution | None:
    """The resolution of a phrase that is, as a whole, a name the gazetteer lists, or None.

    A listed name ("Shining Path", "Port of Spain", "the State of Israel") is what it is listed
    as wherever it stands, so it needs no parse: the answer comes without loading the model, and
    it is the listed entry even where the tagger would split the name ("Save the Children" read
    as children). Anything else (titles, people, possessives, descriptions) is parsed.
    """
    phrase = " ".join(text.split())
    entry = gazetteer.lookup(phrase)
    if entry is None and phrase[:4].lower() == "the ":
        entry = gazetteer.lookup(phrase[4:])
    if entry is None:
        return None
    sectors = tuple(entry.sectors)
    if entry.kind == "organisation":
        code = entry.code
    else:
        code = entry.code + "".join(s for s in sectors if s not in entry.code)
    actor = Actor(
        text=phrase,
        name=entry.name,
        code=code,
        country=entry.country,
        sectors=sectors,
        start=0,
        end=len(phrase),
        via="gazetteer",
    )
    return resolution(text, actor)


def choose_mention(doc: Document, start: int, end: int) -> Mention | None:
    """The resolved mention that best covers ``[start, end)``: the phrase's head noun first."""
    inside = [t for t in doc.tokens if start <= t.idx < end]
    spanned = {t.i for t in inside}
    # The phrase's syntactic head: its first token whose head lies outside it (or a root).
    root = next((t.i for t in inside if t.head not in spanned or t.head == t.i), -1)
    best: tuple[tuple[int, int, int], Mention] | None = None
    for mention in doc.mentions:
        if mention.actor is None or mention.end <= start or mention.start >= end:
            continue
        head_inside = mention.head in spanned
        overlap = min(end, mention.end) - max(start, mention.start)
        rank = (int(mention.head == root), int(head_inside), overlap)
        # Later mentions win ties: the last noun is the head of most English noun phrases.
        if best is None or rank >= best[0]:
            best = (rank, mention)
    return best[1] if best is not None else None


def resolution(text: str, actor: Actor | None) -> ActorResolution:
    """An :class:`ActorResolution` from the chosen mention's actor, with its confidence.

    Confidence starts from how the actor was resolved (:data:`VIA_CONFIDENCE`) and drops by
    0.25 when the country is unknown and by 0.1 when a person or group has no sector.
    """
    if actor is None:
        return ActorResolution(text, "", "", None, (), None, 0.0)
    confidence = VIA_CONFIDENCE.get(actor.via, 0.5)
    if not actor.country:
        confidence -= 0.25
    if actor.via == "context" and not actor.sectors:
        confidence -= 0.1
    return ActorResolution(
        text=text,
        name=actor.name,
        code=actor.code,
        country=actor.country,
        sectors=actor.sectors,
        via=actor.via,
        confidence=round(max(confidence, 0.05), 2),
    )
