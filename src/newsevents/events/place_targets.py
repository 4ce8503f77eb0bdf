"""Places as targets: what force, coercion, aid or yielding is done to when no party is named.

CAMEO coders read "declared a ceasefire in Tripoli" as done to Libya and "shelled Homs" as
done to Syria (:func:`~newsevents.events.selection.done_to_place` lists the codes). When the
place belongs to the source's own state ("Iraqi officials imposed a curfew in Basra"), the
force falls on the people who live there: the target is the state's civilians (``IRQCVL``), a
domestic dyad, as ICEWS codes such events, rather than no dyad at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from ..nlp.tree import DepTree
from ..types import Actor, Token
from .arguments import pobjs
from .parties import actors_of, partnered
from .selection import done_to_place

#: Prepositions that place an event.
PLACE_PREPS = frozenset({"in", "at", "near", "across", "throughout", "inside", "around"})
#: CAMEO codes done to the people of the place they happen in: aid, coercion and force.
TO_RESIDENTS = ("07", "17", "18", "19", "20")


def place_targets(
    tree: DepTree,
    heads: Iterable[Token],
    code: str,
    sources: Sequence[Actor],
    targets: list[Actor],
    actors: Mapping[int, Actor],
    *,
    each_other: bool,
) -> list[Actor]:
    """The rules' targets once places are read: the first place the trigger's own locative
    phrases name when nothing else is the target, and a place of the source's own state read
    as its residents. ``each_other``: coordinated sources act on each other ("police and
    protesters clashed in Homs"), so the place is only where."""
    if sources and not targets and done_to_place(code) and not each_other:
        targets = places_of(tree, heads, actors)[:1]
    if targets and code.startswith(TO_RESIDENTS) and not partnered(list(sources), targets):
        people = [residents(a) for a in targets]
        targets = people if partnered(list(sources), people) else targets
    return targets


def places_of(tree: DepTree, heads: Iterable[Token], actors: Mapping[int, Actor]) -> list[Actor]:
    """The places the locative phrases of ``heads`` name ("in Basra", "across Kashmir")."""
    out: list[Actor] = []
    for head in heads:
        for prep in tree.children(head.i, "prep"):
            if prep.lemma.lower() in PLACE_PREPS:
                out.extend(a for a in actors_of(tree, pobjs(tree, prep), actors) if is_place(a))
    return out


def is_place(actor: Actor) -> bool:
    """A state, or a place standing for its state ("Basra" is coded IRQ)."""
    return bool(actor.country) and actor.code == actor.country and actor.country != "IGO"


def residents(place: Actor) -> Actor:
    """The civilians of a place's state, standing where the place is named."""
    if not is_place(place):
        return place
    return replace(place, code=f"{place.country}CVL", sectors=("CVL",))
