"""The places stage: where each event happened, read from its own clause.

A place is tied to an event when the parse puts it there:

* the object of a locative preposition (:data:`LOCATIVE`) that hangs on the event's predicate
  verb, on a word of the trigger ("talks in Beijing") or on the predicate's direct object
  ("bombed targets in northern Iraq": Iraq; the "northern" modifier is not part of the name);
* a place name modifying the trigger noun directly ("the Beijing talks");
* for a visit (CAMEO ``042``), its destination ("visit to Beijing", "visited Beijing");
* for an attack with no named agent, the place of the phrase that carries it ("a car bomb in
  Kabul killed 12 people", "was killed in a bombing near Samarra"): where the bomb went off
  is where the event happened (see :mod:`newsevents.events.unattributed`).

Direction ("into", "towards"), origin ("from") and "on" ("sanctions on Russia") are not
locations and are skipped. Only the
predicate's own dependents are looked at, so a place in another clause ("said in Moscow that
troops attacked Kharkiv") never locates the wrong event. A place that *is* the
event's source or target actor ("Russia attacked Ukraine") is not its location: actors'
countries and event locations are kept apart. Two exceptions: a visit, since where a visit
happens is exactly the place visited, and a city, which CAMEO codes as its state's actor but
which is also where the event happened ("rebels shelled Benghazi": target LBY, in Benghazi).

The candidates are resolved by :func:`.resolve.resolve_place` with the countries of the
document's actors as context.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ..events.anchor import clause_verb, trigger_token
from ..events.unattributed import UNATTRIBUTED
from ..nlp.tree import DepTree
from ..nlp.words import LOCATIVE_PREPS
from ..types import Document, Event, Place, Token
from .gazetteer import PlaceGazetteer
from .resolve import PLACE_ENTITIES, is_place_token, resolve_place

__all__ = ["LOCATIVE", "PlaceLocator"]

#: Prepositions whose object is where something happened.
LOCATIVE = LOCATIVE_PREPS
#: CAMEO codes whose destination ("to X", direct object) is the event's location.
VISIT_CODES = ("042",)
#: Dependencies by which a place name modifies a trigger noun ("the Beijing talks").
MODIFIER_DEPS = frozenset({"compound", "nmod", "amod"})
NOUN_POS = frozenset({"NOUN", "PROPN"})


class PlaceLocator:
    """Stage ``Document -> Document`` that sets each event's ``location``."""

    name = "places"
    requires: tuple[str, ...] = ("nlp", "events")

    def __init__(self, gazetteer: PlaceGazetteer | None = None) -> None:
        self._gazetteer = gazetteer

    def __call__(self, doc: Document) -> Document:
        if not doc.events:
            return replace(doc, stages=(*doc.stages, self.name))
        gazetteer = self._gazetteer or PlaceGazetteer.builtin()
        tree = DepTree(doc.tokens)
        context = _context_countries(doc)
        events: list[Event] = []
        for event in doc.events:
            place = self._locate(doc, tree, event, context, gazetteer)
            events.append(event if place is None else replace(event, location=place))
        return replace(doc, events=tuple(events), stages=(*doc.stages, self.name))

    def _locate(
        self,
        doc: Document,
        tree: DepTree,
        event: Event,
        context: set[str],
        gazetteer: PlaceGazetteer,
    ) -> Place | None:
        trigger = trigger_token(doc, event)
        if trigger is None:
            return None
        visit = event.cameo.startswith(VISIT_CODES)
        excluded = _actor_tokens(doc, event, keep_target=visit)
        for tok in _candidates(tree, doc, event, trigger, visit):
            name = _name(doc, tree, tok)
            if name is None:
                continue
            place = resolve_place(name, context_countries=context, gazetteer=gazetteer)
            if place is None:
                continue
            is_object = tok.dep == "dobj" and not visit
            if ((tok.i in excluded and not _locative(tree, tok)) or is_object) and (
                place.latitude is None
            ):
                # "Russia attacked Ukraine": a state acting is not a place; but "bombed targets
                # in northern Iraq" happened in Iraq, which is also what was bombed
                continue
            return place  # a city may be both: "shelled Benghazi" targets LBY, in Benghazi
        return None


def _candidates(
    tree: DepTree, doc: Document, event: Event, trigger: Token, visit: bool
) -> Iterator[Token]:
    """Head tokens of the phrases that may name the event's place, best first."""
    predicate = clause_verb(tree, trigger.i)
    in_trigger = [
        t
        for t in doc.sentence_tokens(event.sentence_index)
        if event.trigger.start <= t.idx < event.trigger.end and clause_verb(tree, t.i) == predicate
    ]
    anchors: list[int] = list(dict.fromkeys([predicate, *(t.i for t in in_trigger)]))
    objects = [o.i for o in tree.children(predicate, "dobj") if o.i not in anchors]
    preps = LOCATIVE | {"to"} if visit else LOCATIVE
    for anchor in [*anchors, *objects]:
        for prep in tree.children(anchor, "prep"):
            if prep.lemma.lower() in preps or prep.text.lower() in preps:
                yield from tree.children(prep.i, "pobj")
    # A visit's destination; for other events the stage keeps a direct object only when it
    # is a city ("shelled Benghazi"), never a state.
    yield from tree.children(predicate, "dobj")
    for head in _unattributed_heads(doc, event):  # "a car bomb in Kabul killed ..."
        for prep in tree.children(head, "prep"):
            if prep.lemma.lower() in LOCATIVE:
                yield from tree.children(prep.i, "pobj")
    for t in in_trigger:
        if t.pos in NOUN_POS:
            for mod in tree.children(t.i, *MODIFIER_DEPS):
                if mod.ent_type in PLACE_ENTITIES:
                    yield mod


def _locative(tree: DepTree, tok: Token) -> bool:
    """Whether ``tok`` is the object of a preposition that says where ("in", "near")."""
    head = tree.head(tok.i)
    return tok.dep == "pobj" and head is not None and head.lemma.lower() in LOCATIVE


def _unattributed_heads(doc: Document, event: Event) -> list[int]:
    """Head tokens of the event's unattributed sources: the last word of each one's phrase."""
    ends = {a.end for a in event.all_sources() if a.via == UNATTRIBUTED}
    return [t.i for t in doc.sentence_tokens(event.sentence_index) if t.end in ends]


def _name(doc: Document, tree: DepTree, tok: Token) -> str | None:
    """The place name headed by ``tok``: its entity span, or the token with its compound
    proper-noun modifiers ("New York"); None if the parser does not take it for a place."""
    if not is_place_token(tok):
        return None
    if tok.ent_type:
        first = tok.i
        while first > 0 and doc.tokens[first].ent_iob == "I":
            first -= 1
        last = tok.i + 1
        while last < len(doc.tokens) and doc.tokens[last].ent_iob == "I":
            last += 1
        return doc.span_text(first, last)
    parts = [c for c in tree.children(tok.i, "compound") if c.pos == "PROPN" and c.i < tok.i]
    first = min([tok.i, *(c.i for c in parts)])
    return doc.span_text(first, tok.i + 1)


def _actor_tokens(doc: Document, event: Event, *, keep_target: bool) -> set[int]:
    """Indices of the tokens inside the spans of the event's participants (every source, and
    every target unless a visit's target may be its place)."""
    spans = event.participants() if not keep_target else event.all_sources()
    out: set[int] = set()
    for actor in spans:
        if actor.start < 0:
            continue
        for t in doc.sentence_tokens(event.sentence_index):
            if actor.start <= t.idx < actor.end:
                out.add(t.i)
    return out


def _context_countries(doc: Document) -> set[str]:
    """The countries of the document's actors (mentions and events)."""
    found = {m.actor.country for m in doc.mentions if m.actor is not None}
    for e in doc.events:
        found.update(a.country for a in e.participants())
    return {c for c in found if c is not None and len(c) == 3}
